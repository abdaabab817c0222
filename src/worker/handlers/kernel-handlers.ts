import type { Kernel } from '../../kernel/index.ts';
import type { MethodHandlers } from '../dispatcher.ts';

/** A deterministic test signal: a slow sine with a small sawtooth, exact in float64 sums' range. */
function testSignal(i: number): number {
  return Math.round(1000 * Math.sin(i / 500)) / 8 + (i % 7);
}

export function kernelHandlers(kernel: Kernel): MethodHandlers {
  return {
    'kernel.info': () => kernel.info(),
    'kernel.sumFloat64': ({ values }) => ({ sum: kernel.sumFloat64(values), count: values.length }),
    'kernel.selfTest': async ({ count }, context) => {
      const values = new Float64Array(count);
      let javascriptSum = 0;
      for (let i = 0; i < count; i++) {
        const v = testSignal(i);
        values[i] = v;
        javascriptSum += v;
        if ((i & 0xfffff) === 0xfffff) await context.checkpoint();
      }
      const started = performance.now();
      const kernelSum = kernel.sumFloat64(values);
      const kernelMs = performance.now() - started;
      return { kernelSum, javascriptSum, values, kernelMs };
    },
  };
}
