import { expect } from 'vitest';
import { aggregateChunkRange, type Kernel, RANGE_FIELD, type RangeWants } from '../../src/kernel/index.ts';

const SEC = 1_000_000_000n;

/**
 * Aggregates rows lo .. hi - 1 of a chunk of one double column `v` whose row i is at time i s into
 * buckets of `rowsPerBucket` rows from origin `origin` s, and checks every bucket's rows, sum and
 * (with edges) first and last value against the sequential reference over `values`, exactly (the
 * range pass's tests of its integer sum paths).
 */
export function checkRangeSums(
  k: Kernel,
  bytes: Uint8Array,
  values: Float64Array,
  lo: number,
  hi: number,
  rowsPerBucket: number,
  origin: number,
  wants: RangeWants,
  what: string,
): void {
  const per = BigInt(rowsPerBucket);
  const firstBucket = BigInt(Math.floor((lo - origin) / rowsPerBucket));
  const lastBucket = BigInt(Math.floor((hi - 1 - origin) / rowsPerBucket));
  const bucketCount = Number(lastBucket - firstBucket) + 1;
  const spec = { origin: BigInt(origin) * SEC, width: per * SEC, firstBucket, bucketCount };
  const r = aggregateChunkRange(k, bytes, ['v'], spec, BigInt(lo) * SEC, BigInt(hi) * SEC, false, wants);
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const start = origin + Number((firstBucket + BigInt(bucket)) * per);
    const from = Math.max(lo, start);
    const to = Math.min(hi, start + rowsPerBucket);
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i] as number;
    const cell = (f: number) => r.cells[3 * bucketCount + f * bucketCount + bucket];
    const where = `${what}: rows ${from}..${to} (range ${lo}..${hi}, ${rowsPerBucket} a bucket from ${origin})`;
    expect(r.cells[bucket], where).toBe(Math.max(0, to - from));
    expect(cell(RANGE_FIELD.sum), `sum ${where}`).toBe(sum);
    if (wants.edges && to > from) {
      expect(cell(RANGE_FIELD.first), `first ${where}`).toBe(values[from]);
      expect(cell(RANGE_FIELD.last), `last ${where}`).toBe(values[to - 1]);
    }
  }
}
