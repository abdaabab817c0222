import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk, sharedTimes } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';

const kernel = await loadKernelFromFile();
const T0 = 1_767_000_000_000_000_000n;

const column = (n: number, seed: number) => ({
  name: 'v',
  type: 'double' as const,
  values: Float64Array.from({ length: n }, (_, i) => ((i * 31 + seed * 7) % 97) / 4),
});

describe('encodeChunk with SharedTimes', () => {
  it('seals the same bytes as without, encoding each sorted slice of the shared times once', () => {
    // Regular times (long enough for the M4 block index's step) and uneven ones.
    const regular = BigInt64Array.from({ length: 9000 }, (_, i) => T0 + BigInt(i) * 10_000_000_000n);
    const uneven = BigInt64Array.from({ length: 9000 }, (_, i) => T0 + BigInt(i * i) * 1_000n);
    for (const times of [regular, uneven]) {
      const shared = sharedTimes(times);
      const slices: [number, number][] = [
        [0, 8192],
        [8192, 9000],
        [0, 8192],
        [100, 2100],
        [8192, 9000],
      ];
      for (const [s, [from, to]] of slices.entries()) {
        const input = { times: times.subarray(from, to), columns: [column(to - from, s)] };
        const plain = encodeChunk(kernel, input);
        expect(encodeChunk(kernel, { ...input, sharedTimes: shared }), `slice ${from}-${to}`).toEqual(plain);
        expect(decodeChunk(kernel, plain).times).toEqual(input.times);
      }
      // One payload per distinct slice.
      expect(shared.payloads.size).toBe(3);
    }
  });

  it('ignores times that are not a view of the shared buffer, and keeps no unsorted slice', () => {
    const times = BigInt64Array.of(T0 + 5n, T0 + 1n, T0 + 3n, T0 + 2n);
    const shared = sharedTimes(times);
    const input = { times, columns: [column(4, 1)] };
    const bytes = encodeChunk(kernel, { ...input, sharedTimes: shared });
    expect(bytes).toEqual(encodeChunk(kernel, input));
    expect(shared.payloads.size).toBe(0);
    expect(decodeChunk(kernel, bytes).times).toEqual(BigInt64Array.of(T0 + 1n, T0 + 2n, T0 + 3n, T0 + 5n));
    // Equal contents in another buffer are not the same slice: encoded on their own, not from the cache.
    const sorted = BigInt64Array.of(T0, T0 + 1n, T0 + 2n);
    const own = sharedTimes(sorted);
    encodeChunk(kernel, { times: sorted, columns: [column(3, 2)], sharedTimes: own });
    expect(own.payloads.size).toBe(1);
    const copy = sorted.slice();
    expect(encodeChunk(kernel, { times: copy, columns: [column(3, 2)], sharedTimes: own })).toEqual(
      encodeChunk(kernel, { times: copy, columns: [column(3, 2)] }),
    );
    expect(own.payloads.size).toBe(1);
  });

  it('agrees with plain encoding on random sorted and unsorted slices (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 300 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
        (raw, sort, cuts) => {
          const list = sort ? [...raw].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : raw;
          const times = BigInt64Array.from(list, (d) => T0 + d);
          const shared = sharedTimes(times);
          for (const [a, b] of cuts) {
            const from = a % times.length;
            const to = from + 1 + (b % (times.length - from));
            const input = { times: times.subarray(from, to), columns: [column(to - from, a)] };
            expect(encodeChunk(kernel, { ...input, sharedTimes: shared })).toEqual(encodeChunk(kernel, input));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
