import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateChunkRanges, encodeChunk, type Kernel, type RangeBatchResult, type RangeJob } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { rangeTestChunk } from './helpers.ts';

// A batch's partials go into a buffer an earlier answer handed back (RangeBatchResult.release) when one
// fits: whatever that buffer held, the partials come out as in a fresh one, and a buffer not handed back
// (or handed back twice) is never given to two answers.

let kernel: Kernel;
beforeAll(async () => {
  kernel = await loadKernelFromFile();
});

const SEC = 1_000_000_000n;
const spec = { origin: 0n, width: 60n * SEC, firstBucket: 0n, bucketCount: 5 };
/** Two targets (one bucket apart), so the copy of each lands at its own offset. */
const targets = [
  { bytes: 1 << 10, buckets: 5, slots: [0, 1] },
  { bytes: 1 << 10, buckets: 5, slots: [0, 1] },
];

const chunkOf = (seed: number) => rangeTestChunk(kernel, seed);

const chunk = () => chunkOf(7);
let bytes: Uint8Array | null = null;

function run(minMax: boolean): RangeBatchResult {
  bytes ??= chunk();
  const jobs: RangeJob[] = [0, 1].map((target) => ({
    bytes: bytes as Uint8Array,
    columns: ['u', 'v'],
    slots: [0, 1],
    target,
    targetBucket: 0,
    spec,
    from: (17n + BigInt(target) * 60n) * SEC,
    to: 280n * SEC,
  }));
  return aggregateChunkRanges(kernel, targets, jobs, 2, { minMax, edges: true });
}

/** Each target's partials' bytes (with edges; without min / max when not wanted): what a reader may read. */
function partials(result: RangeBatchResult, minMax: boolean): number[][] {
  const length = (3 * 5 + (minMax ? 6 : 4) * 10) * 8 + 3 * 10;
  return result.offsets.map((at) => Array.from(new Uint8Array(result.buffer, at, length)));
}

describe('the buffers of the batched range pass', () => {
  for (const minMax of [true, false])
    it(`reuses a buffer handed back, whatever it holds, with the partials a fresh one gets (minMax ${minMax})`, () => {
      const first = run(minMax);
      const fresh = partials(first, minMax);
      expect(fresh[0]?.some((x) => x !== 0)).toBe(true);
      first.release();
      new Uint8Array(first.buffer).fill(0xee);
      const second = run(minMax);
      expect(second.buffer).toBe(first.buffer);
      expect(partials(second, minMax)).toEqual(fresh);
      second.release();
    });

  it('never gives a buffer not handed back, or handed back twice, to two answers', () => {
    const a = run(false);
    const b = run(false);
    expect(b.buffer).not.toBe(a.buffer);
    a.release();
    a.release();
    const c = run(false);
    const d = run(false);
    expect(c.buffer).toBe(a.buffer);
    expect(d.buffer).not.toBe(a.buffer);
    expect(d.buffer).not.toBe(b.buffer);
    for (const r of [b, c, d]) r.release();
  });
});

describe('the slot lists of the batched range pass', () => {
  it('gives each target its own list of the columns it has (a chunk lacking one is NULL at its edges), shared only by equal arrays', () => {
    const encode = (from: number, names: string[]) =>
      encodeChunk(kernel, {
        times: BigInt64Array.from({ length: 60 }, (_, i) => BigInt(from + i) * SEC),
        columns: names.map((name) => ({ name, type: 'double' as const, values: Float64Array.from({ length: 60 }, (_, i) => i + 1) })),
      });
    const both = encode(30, ['u', 'v']);
    const uOnly = encode(0, ['u']);
    const two = { origin: 0n, width: 60n * SEC, firstBucket: 0n, bucketCount: 2 };
    const job = (bytes: Uint8Array, columns: string[], target: number): RangeJob => ({
      bytes,
      columns,
      slots: columns.map((c) => (c === 'u' ? 0 : 1)),
      target,
      targetBucket: 0,
      spec: two,
      from: 0n,
      to: 120n * SEC,
    });
    const onlyU = [0];
    const uAndV = [0, 1];
    const firstValid = (slotsOf: (number[] | readonly number[])[]) => {
      const targets = slotsOf.map((slots) => ({ bytes: 512, buckets: 2, slots }));
      // The last target: v's first value in bucket 0 is at 30 s (chunk `both`), then chunk `uOnly` (no v) starts it at 0 s.
      const last = targets.length - 1;
      const jobs = [job(both, ['u', 'v'], last), job(uOnly, ['u'], last)];
      const { buffer, offsets } = aggregateChunkRanges(kernel, targets, jobs, 2, { minMax: true, edges: true });
      // BucketPartialArrays' layout for 2 buckets of 2 columns with edges: the flags after 3 * 2 + 6 * 4 doubles.
      const flags = new Uint8Array(buffer, (offsets[last] as number) + (3 * 2 + 6 * 4) * 8 + 4, 4);
      return Array.from(flags);
    };
    // Bucket 0: u valid at its first row, v NULL (the row at 0 s has none); bucket 1 (60..89 s, chunk `both`): both valid.
    const expected = [1, 0, 1, 1];
    expect(firstValid([uAndV])).toEqual(expected);
    expect(firstValid([onlyU, uAndV])).toEqual(expected);
    expect(firstValid([uAndV, uAndV])).toEqual(expected);
  });
});
