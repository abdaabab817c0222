import { TidemarkError } from '../../errors/index.ts';
import type { MethodHandlers } from '../dispatcher.ts';

const MAX_SPIN_STEPS = 100_000;

/** Busy-waits for a slice: stands in for a slice of CPU-bound work (decoding a chunk, say). */
function busySlice(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

export const diagnosticsHandlers: MethodHandlers = {
  'diagnostics.fail': ({ code, message }) => {
    throw new TidemarkError(code, message);
  },
  'diagnostics.spin': async ({ steps, sliceMs }, context) => {
    if (!Number.isInteger(steps) || steps < 0 || steps > MAX_SPIN_STEPS) {
      throw new TidemarkError('INVALID_ARGUMENT', `steps must be an integer from 0 to ${MAX_SPIN_STEPS}, got ${steps}.`);
    }
    for (let step = 0; step < steps; step++) {
      await context.checkpoint();
      busySlice(sliceMs);
      context.progress({ done: step + 1, total: steps, message: `slice ${step + 1} of ${steps}` });
    }
    return { completedSteps: steps };
  },
};
