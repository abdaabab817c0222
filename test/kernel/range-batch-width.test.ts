import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateChunkRanges, encodeChunk, type Kernel, type RangeJob, type RangeTarget } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';

// A job in buckets of a width (the kernel derives its first bucket, count and place in the target) gives the
// partials the same job with its buckets worked out by the caller gives, bit for bit: windows cutting the
// chunk anywhere, widths dividing it or not, times before and after the epoch, targets starting earlier.

let kernel: Kernel;
beforeAll(async () => {
  kernel = await loadKernelFromFile();
});

const SEC = 1_000_000_000n;
const wants = { minMax: true, edges: true };

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

function chunk(start: bigint, step: bigint, n: number, seed: number): Uint8Array {
  const times = BigInt64Array.from({ length: n }, (_, i) => start + BigInt(i) * step + BigInt((i * seed) % 3));
  const u = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 7 + seed) * 1e5) / 100);
  return encodeChunk(kernel, { times, columns: [{ name: 'u', type: 'double', values: u }] });
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('the batched range pass with jobs of a bucket width', () => {
  it('gives the partials of jobs with their buckets given', () => {
    const rand = random(5);
    for (let round = 0; round < 60; round++) {
      const start = BigInt(Math.floor((rand() - 0.5) * 1e6)) * SEC;
      const step = BigInt(1 + Math.floor(rand() * 20)) * SEC;
      const n = 50 + Math.floor(rand() * 400);
      const bytes = chunk(start, step, n, round);
      const end = start + BigInt(n) * step + 3n;
      const width = BigInt(1 + Math.floor(rand() * 600)) * SEC + BigInt(Math.floor(rand() * 3));
      const from = start - step + BigInt(Math.floor(rand() * Number((end - start) / SEC))) * SEC;
      const to = from + BigInt(1 + Math.floor(rand() * Number((end - start) / SEC))) * SEC;
      const low = from > start ? from : start;
      const high = to < end ? to : end;
      if (high <= low) continue;
      // The target starts up to three buckets before the chunk's first in range, and reaches past its last.
      const first = floorDiv(low, width);
      const count = Number(floorDiv(high - 1n, width) - first) + 1;
      const lead = Math.floor(rand() * 4);
      const buckets = lead + count + 2;
      const target: RangeTarget = { bytes: 9 * 8 * buckets + 3 * buckets + 8, buckets, slots: [0], firstBucket: first - BigInt(lead) };
      const base = { bytes, columns: ['u'], slots: [0], target: 0, from, to };
      const given: RangeJob = { ...base, spec: { origin: 0n, width, firstBucket: first, bucketCount: count }, targetBucket: lead };
      const derived: RangeJob = { ...base, spec: null, width, maxBuckets: Number(floorDiv(end, width) - floorDiv(start, width)) + 1 };
      const read = (job: RangeJob) => {
        const { buffer, offsets } = aggregateChunkRanges(kernel, [target], [job], 1, wants);
        return Array.from(new Uint8Array(buffer, offsets[0], (3 * buckets + 6 * buckets) * 8 + 3 * buckets));
      };
      expect(read(derived), `round ${round}`).toEqual(read(given));
    }
  });

  it('needs its target to know its first bucket', () => {
    const job: RangeJob = {
      bytes: chunk(0n, SEC, 100, 1),
      columns: ['u'],
      slots: [0],
      target: 0,
      from: 0n,
      to: 100n * SEC,
      spec: null,
      width: 10n * SEC,
      maxBuckets: 11,
    };
    expect(() => aggregateChunkRanges(kernel, [{ bytes: 1 << 12, buckets: 11, slots: [0] }], [job], 1, wants)).toThrow(/first bucket/);
  });
});
