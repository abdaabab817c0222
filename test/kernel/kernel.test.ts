import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TidemarkError } from '../../src/errors/index.ts';
import { KERNEL_FUNCTION_NAMES, loadKernelFromBytes } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';

const wasmUrl = new URL('../../build/kernel.wasm', import.meta.url);

describe('kernel loader', () => {
  it('loads from the file and reports its build', async () => {
    const kernel = await loadKernelFromFile();
    const info = kernel.info();
    const bytes = await readFile(wasmUrl);
    expect(info.wasmBytes).toBe(bytes.byteLength);
    expect(info.buildId).toMatch(/^[0-9a-f]{12}$/);
    expect(info.abiVersion).toBe(7);
  });

  it('declares exactly the functions the wasm exports', async () => {
    const module = await WebAssembly.compile(await readFile(wasmUrl));
    const exported = WebAssembly.Module.exports(module)
      .filter((e) => e.kind === 'function')
      .map((e) => e.name)
      .sort();
    expect(exported).toEqual([...KERNEL_FUNCTION_NAMES].sort());
  });

  it('rejects bytes that are not wasm with a typed error', async () => {
    const error = await loadKernelFromBytes(new Uint8Array([1, 2, 3, 4])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TidemarkError);
    expect((error as TidemarkError).code).toBe('KERNEL_LOAD');
  });

  it('reports a missing file with the paths it tried', async () => {
    const error = await loadKernelFromFile('/nonexistent/kernel.wasm').catch((e: unknown) => e);
    expect((error as TidemarkError).code).toBe('KERNEL_LOAD');
    expect((error as TidemarkError).message).toContain('/nonexistent/kernel.wasm');
  });
});

describe('sumF64', () => {
  it('sums empty, short and tail-length arrays exactly', async () => {
    const kernel = await loadKernelFromFile();
    expect(kernel.sumFloat64(new Float64Array())).toBe(0);
    expect(kernel.sumFloat64(new Float64Array([1.5, 2.5, 3]))).toBe(7);
    for (let n = 1; n <= 9; n++) {
      const values = Float64Array.from({ length: n }, (_, i) => i + 1);
      expect(kernel.sumFloat64(values)).toBe((n * (n + 1)) / 2);
    }
  });

  it('keeps working across memory growth (views are rebuilt)', async () => {
    const kernel = await loadKernelFromFile();
    const before = kernel.info().memoryBytes;
    const n = 4_000_000; // 32 MB: forces the memory to grow many pages
    const values = Float64Array.from({ length: n }, (_, i) => i + 1);
    expect(kernel.sumFloat64(values)).toBe((n * (n + 1)) / 2);
    expect(kernel.info().memoryBytes).toBeGreaterThan(before);
    // A second, differently sized call after growth must still see the right bytes.
    expect(kernel.sumFloat64(new Float64Array([0.25, 0.5]))).toBe(0.75);
  });

  it('propagates NaN and infinities like a plain loop', async () => {
    const kernel = await loadKernelFromFile();
    expect(kernel.sumFloat64(new Float64Array([1, Number.NaN, 2]))).toBeNaN();
    expect(kernel.sumFloat64(new Float64Array([1, Number.POSITIVE_INFINITY]))).toBe(Number.POSITIVE_INFINITY);
  });
});
