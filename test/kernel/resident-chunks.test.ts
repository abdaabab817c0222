import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateChunkRange, aggregateChunkRanges, encodeChunk, type Kernel, residentChunks } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { ResidentChunks } from '../../src/kernel/query/resident-chunks.ts';

// Chunks kept in the kernel's memory between queries: the same bytes object gives the same address
// and the kernel holds its bytes followed by zeroed slack; the budget bounds what is held, least
// recently read first out, but never a chunk the current batch already placed.

let kernel: Kernel;
beforeAll(async () => {
  kernel = await loadKernelFromFile();
});

const chunk = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);
/** Bytes a chunk of `size` takes: itself, 16 bytes of slack, rounded up to 16. */
const taken = (size: number) => (size + 16 + 15) & ~15;

describe('resident chunks', () => {
  it('places a chunk once, with zeroed slack, and finds it again', () => {
    const residents = new ResidentChunks(kernel, 1 << 20);
    const a = chunk(1000, 1);
    // Garbage where the slack will go: the cache must zero it.
    const probe = kernel.alloc(4096);
    kernel.bytes().fill(0xee, probe, probe + 4096);
    kernel.free(probe);
    residents.beginBatch();
    const at = residents.address(a);
    expect(at).toBeGreaterThan(0);
    expect(at % 16).toBe(0);
    const memory = kernel.bytes();
    expect(memory.slice(at, at + 1000)).toEqual(a);
    expect([...memory.slice(at + 1000, at + 1016)]).toEqual(new Array(16).fill(0));
    residents.beginBatch();
    expect(residents.address(a)).toBe(at);
    // Equal bytes in another object are another chunk.
    expect(residents.address(chunk(1000, 1))).not.toBe(at);
    expect(residents.stats()).toEqual({ bytes: 2 * taken(1000), chunks: 2, budget: 1 << 20 });
    residents.clear();
    expect(residents.stats().bytes).toBe(0);
  });

  it('evicts the least recently read chunks of earlier batches to stay within its budget', () => {
    const residents = new ResidentChunks(kernel, 3 * taken(1000));
    const [a, b, c, d] = [1, 2, 3, 4].map((seed) => chunk(1000, seed)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    residents.beginBatch();
    const atA = residents.address(a);
    residents.address(b);
    residents.address(c);
    residents.beginBatch();
    // a read again: b is now the least recently read, and goes for d.
    expect(residents.address(a)).toBe(atA);
    expect(residents.address(d)).toBeGreaterThan(0);
    expect(residents.stats().chunks).toBe(3);
    residents.beginBatch();
    expect(residents.address(a)).toBe(atA);
    // b comes back as a new placement, evicting c (the least recently read now).
    const before = residents.stats().bytes;
    residents.address(b);
    expect(residents.stats().bytes).toBe(before);
    const memory = kernel.bytes();
    expect(memory.slice(atA, atA + 1000)).toEqual(a);
    residents.clear();
  });

  it('never evicts what the current batch placed: a chunk that does not fit beside them is left to the caller', () => {
    const residents = new ResidentChunks(kernel, 2 * taken(1000));
    const [a, b, c] = [1, 2, 3].map((seed) => chunk(1000, seed)) as [Uint8Array, Uint8Array, Uint8Array];
    residents.beginBatch();
    const atA = residents.address(a);
    const atB = residents.address(b);
    expect(residents.address(c)).toBe(0);
    // Both addresses still hold their chunks.
    const memory = kernel.bytes();
    expect(memory.slice(atA, atA + 1000)).toEqual(a);
    expect(memory.slice(atB, atB + 1000)).toEqual(b);
    // Larger than the whole budget: never placed.
    residents.beginBatch();
    expect(residents.address(chunk(5000, 9))).toBe(0);
    expect(residents.stats().chunks).toBe(2);
    residents.clear();
  });

  it('shrinks to a new budget and rejects one that is not a byte count', () => {
    const residents = new ResidentChunks(kernel, 1 << 20);
    residents.beginBatch();
    for (let i = 0; i < 5; i++) residents.address(chunk(1000, i));
    residents.setBudget(2 * taken(1000));
    expect(residents.stats()).toEqual({ bytes: 2 * taken(1000), chunks: 2, budget: 2 * taken(1000) });
    residents.setBudget(0);
    expect(residents.stats().chunks).toBe(0);
    expect(() => residents.setBudget(-1)).toThrow(/non-negative integer/);
    expect(() => residents.setBudget(1.5)).toThrow(/non-negative integer/);
  });

  it('checks a chunk on its resident copy the first time, and keeps no copy of one that fails', () => {
    const SEC = 1_000_000_000n;
    const times = BigInt64Array.from({ length: 300 }, (_, i) => BigInt(i) * SEC);
    const values = Float64Array.from({ length: 300 }, (_, i) => Math.round(Math.sin(i / 9) * 1000) / 10);
    const good = encodeChunk(kernel, { times, columns: [{ name: 'v', type: 'double', values }] });
    const spec = { origin: 0n, width: 60n * SEC, firstBucket: 0n, bucketCount: 5 };
    const residents = residentChunks(kernel);
    const before = residents.stats().chunks;
    const a = aggregateChunkRange(kernel, good, ['v'], spec, 0n, 300n * SEC);
    expect(residents.stats().chunks).toBe(before + 1);
    // A body damaged behind its header's checksum: refused by the batch and the one-chunk pass, every time, and never kept.
    const damaged = good.slice();
    damaged[damaged.length - 3]! ^= 0xff;
    const job = { bytes: damaged, columns: ['v'], slots: [0], target: 0, targetBucket: 0, spec, from: 0n, to: 300n * SEC };
    const target = { bytes: 1 << 16, buckets: 5, slots: [0] };
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => aggregateChunkRanges(kernel, [target], [job], 1, { minMax: true, edges: false })).toThrow(
        expect.objectContaining({ code: 'CORRUPT_CHUNK' }),
      );
      expect(() => aggregateChunkRange(kernel, damaged, ['v'], spec, 0n, 300n * SEC)).toThrow(
        expect.objectContaining({ code: 'CORRUPT_CHUNK' }),
      );
      expect(residents.stats().chunks).toBe(before + 1);
    }
    // The good chunk still reads the same from its copy.
    const again = aggregateChunkRange(kernel, good, ['v'], spec, 0n, 300n * SEC);
    expect(Array.from(again.cells.subarray(again.offset, again.offset + a.cells.length))).toEqual(
      Array.from(a.cells.subarray(a.offset, a.offset + a.cells.length)),
    );
  });
});
