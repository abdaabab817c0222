// The rows behind test/kernel/fixtures/chunk-v2-m4.bin, a chunk sealed by the format-2 kernel (before
// the M4 block index of format 3): 5,000 regular times, a decimal series (ALP), a binary-noise series
// with NaNs, and a decimal ramp with nulls, so M4 over an old chunk takes the whole-chunk path.
import type { ChunkInput } from '../../src/kernel/index.ts';

export const FORMAT_V2_M4_ROWS = 5000;

export function formatV2M4Input(): ChunkInput {
  const n = FORMAT_V2_M4_ROWS;
  const times = BigInt64Array.from({ length: n }, (_, i) => 1_700_000_000_000_000_000n + BigInt(i) * 10_000_000n);
  return {
    times,
    columns: [
      { name: 'dec', type: 'double', values: Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 300) * 1e4) / 100) },
      {
        name: 'noise',
        type: 'double',
        values: Float64Array.from({ length: n }, (_, i) => (i % 97 === 5 ? Number.NaN : Math.sin(i * 1.7) * Math.PI)),
      },
      {
        name: 'ramp',
        type: 'double',
        values: Float64Array.from({ length: n }, (_, i) => i * 0.25 - 300),
        validity: Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : 1)),
      },
    ],
  };
}
