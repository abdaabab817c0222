import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateChunkRanges, type Kernel, type RangeJob, type RangeMemo } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { DEFAULT_RESIDENT_CHUNK_BYTES, residentChunks } from '../../src/kernel/query/resident-chunks.ts';
import { rangeTestChunk } from './helpers.ts';

// A job's memo (what the batched range pass learned about its chunk and column list, kept by the caller
// across queries) gives the same partials as looking the chunk up, and is trusted only for the bytes and
// the column list it was filled for.

let kernel: Kernel;
beforeAll(async () => {
  kernel = await loadKernelFromFile();
});

const SEC = 1_000_000_000n;
const spec = { origin: 0n, width: 60n * SEC, firstBucket: 0n, bucketCount: 5 };
const target = { bytes: 1 << 12, buckets: 5, slots: [0, 1] };
const wants = { minMax: true, edges: true };

const chunkOf = (seed: number) => rangeTestChunk(kernel, seed);

const emptyMemo = (): RangeMemo => ({ bytes: null, columns: null, entry: null, layout: null });

function run(bytes: Uint8Array, columns: readonly string[], memo?: RangeMemo, on: Kernel = kernel): number[] {
  const job: RangeJob = {
    bytes,
    columns,
    slots: columns.map((c) => (c === 'u' ? 0 : 1)),
    target: 0,
    targetBucket: 0,
    spec,
    from: 17n * SEC,
    to: 280n * SEC,
    ...(memo ? { memo } : {}),
  };
  const { buffer, offsets } = aggregateChunkRanges(on, [target], [job], 2, wants);
  // The partials' bytes only: the rest of the target's bytes (the padding after the flags too) is never written.
  return Array.from(new Uint8Array(buffer, offsets[0], (3 * 5 + 6 * 10) * 8 + 3 * 10));
}

describe('the batched range pass with a memo', () => {
  it('gives the partials a lookup gives, the first time (filling it) and after', () => {
    const a = chunkOf(1);
    const both = ['u', 'v'];
    const plain = run(a, both);
    const memo = emptyMemo();
    expect(run(a, both, memo)).toEqual(plain);
    expect(memo.bytes).toBe(a);
    expect(memo.columns).toBe(both);
    expect(memo.layout).not.toBeNull();
    expect(run(a, both, memo)).toEqual(plain);
  });

  it('is not trusted for other bytes or another column list', () => {
    const a = chunkOf(1);
    const b = chunkOf(2);
    const both = ['u', 'v'];
    const memo = emptyMemo();
    run(a, both, memo);
    // Chunk b with a's memo: b's own partials, and the memo now b's.
    expect(run(b, both, memo)).toEqual(run(b, both));
    expect(memo.bytes).toBe(b);
    // Another list (even with the same names in another order): its own layout.
    const vOnly = ['v'];
    expect(run(b, vOnly, memo)).toEqual(run(b, vOnly));
    expect(memo.columns).toBe(vOnly);
    const swapped = ['v', 'u'];
    expect(run(b, swapped, memo)).toEqual(run(b, swapped));
    expect(run(b, swapped, memo)).toEqual(run(b, both));
  });

  it('is left empty by a job with no row in range, which is skipped as before', () => {
    const a = chunkOf(3);
    const memo = emptyMemo();
    const job: RangeJob = {
      bytes: a,
      columns: ['u'],
      slots: [0],
      target: 0,
      targetBucket: 0,
      spec,
      from: 400n * SEC,
      to: 500n * SEC,
      memo,
    };
    const { buffer, offsets } = aggregateChunkRanges(kernel, [target], [job], 2, wants);
    const rows = new Float64Array(buffer, offsets[0], 5);
    expect(Array.from(rows)).toEqual([0, 0, 0, 0, 0]);
    expect(memo.layout).toBeNull();
  });

  it('keeps the resident copy of the chunk, trusted only while it is resident, for its bytes and its kernel', async () => {
    const a = chunkOf(4);
    const b = chunkOf(5);
    const both = ['u', 'v'];
    const plainA = run(a, both);
    const plainB = run(b, both);
    const memo = emptyMemo();
    expect(run(a, both, memo)).toEqual(plainA);
    const kept = memo.resident;
    expect(kept?.live).toBe(true);
    expect(run(a, both, memo)).toEqual(plainA);
    expect(memo.resident).toBe(kept);
    // Evicted: its address may hold another chunk; the pass copies (or places it again).
    const residents = residentChunks(kernel);
    residents.setBudget(0);
    expect(kept?.live).toBe(false);
    expect(run(b, both)).toEqual(plainB);
    expect(run(a, both, memo)).toEqual(plainA);
    expect(memo.resident).toBeNull();
    residents.setBudget(DEFAULT_RESIDENT_CHUNK_BYTES);
    // Placed again (b first, so a's old address now holds b), then read through the memo.
    expect(run(b, both)).toEqual(plainB);
    expect(run(a, both, memo)).toEqual(plainA);
    expect(memo.resident?.live).toBe(true);
    // Another chunk with a's memo: never a's copy.
    expect(run(b, both, memo)).toEqual(plainB);
    // Another kernel with the memo: never the first kernel's address.
    const other = await loadKernelFromFile();
    expect(run(a, both, memo, other)).toEqual(plainA);
    expect(memo.resident?.owner).toBe(residentChunks(other));
    expect(run(a, both, memo)).toEqual(plainA);
  });
});
