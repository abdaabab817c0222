import { readdirSync, readFileSync } from 'node:fs';
import { TidemarkError } from '../../src/errors/index.ts';
import { encodeChunk, type Kernel } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';

let shared: Promise<Kernel> | undefined;

/** One kernel per test file (instantiation is cheap, but memory growth is not worth repeating). */
export function kernel(): Promise<Kernel> {
  shared ??= loadKernelFromFile();
  return shared;
}

/** The shared data folder beside the repository (../shared from the repo root). */
export const SHARED_DATA = new URL('../../../shared/data/', import.meta.url);

/** A NAB series: `timestamp,value` rows with naive local times read as UTC. */
export interface Series {
  readonly name: string;
  readonly times: BigInt64Array;
  readonly values: Float64Array;
}

export function loadNab(): Series[] {
  const root = new URL('nab/', SHARED_DATA);
  const out: Series[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(new URL(`${dir.name}/`, root))
      .filter((f) => f.endsWith('.csv'))
      .sort()) {
      const lines = readFileSync(new URL(`${dir.name}/${file}`, root), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      const times = new BigInt64Array(lines.length);
      const values = new Float64Array(lines.length);
      lines.forEach((line, i) => {
        const [stamp, value] = line.split(',');
        times[i] = BigInt(Date.parse(`${(stamp as string).replace(' ', 'T')}Z`)) * 1_000_000n;
        values[i] = Number(value);
      });
      out.push({ name: `nab/${file.replace(/\.csv$/, '')}`, times, values });
    }
  }
  return out;
}

/** ALP sample vectors: 1,024 decimal numbers per file, no times. */
export function loadAlpSamples(): { name: string; values: Float64Array }[] {
  const root = new URL('alp-samples/', SHARED_DATA);
  return readdirSync(root)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => {
      const lines = readFileSync(new URL(file, root), 'utf8').trim().split('\n');
      return { name: `alp/${file.replace(/\.csv$/, '')}`, values: Float64Array.from(lines, Number) };
    });
}

/** Bit patterns of doubles, so -0 and NaN payloads compare exactly. */
export function bitsOf(values: Float64Array): BigUint64Array {
  return new BigUint64Array(values.buffer, values.byteOffset, values.length);
}

/** Runs `fn` and returns the TidemarkError it throws (or fails the test). */
export function catchTidemark(fn: () => unknown): TidemarkError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TidemarkError) return error;
    throw error;
  }
  throw new Error('expected a TidemarkError, nothing was thrown');
}

/** A 300-row chunk of two double columns u and v at 1 s steps, varied by `seed` (the range batch tests' data). */
export function rangeTestChunk(kernel: Kernel, seed: number): Uint8Array {
  const times = BigInt64Array.from({ length: 300 }, (_, i) => BigInt(i) * 1_000_000_000n);
  const u = Float64Array.from({ length: 300 }, (_, i) => Math.round(Math.sin(i / 9 + seed) * 1000) / 10);
  const v = Float64Array.from({ length: 300 }, (_, i) => ((i * 7 + seed) % 23) - 5);
  return encodeChunk(kernel, {
    times,
    columns: [
      { name: 'u', type: 'double', values: u },
      { name: 'v', type: 'double', values: v },
    ],
  });
}
