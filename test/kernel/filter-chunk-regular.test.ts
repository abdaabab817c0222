import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk, filterChunkRows, rangeRowCount, readChunkHeader } from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

// An unfiltered range read of a chunk whose times are evenly spaced finds its rows and writes their times by
// arithmetic once the chunk has been checked (its first read decodes them). Every read, first or later, must
// give exactly the rows in [from, to) that the decoded chunk holds: any start (negative too), steps up to
// 2^40 ns (the high half carries), or up to 2^50 ns from a start near 0 (rows past 2^53 ns from the first, where
// the row is worked out in BigInts rather than doubles), windows cutting the chunk, covering it or missing it.
const regular = fc
  .record({
    start: fc.oneof(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 2n ** 62n - 2n ** 52n, max: 2n ** 62n })),
    step: fc.oneof(fc.constant(10_000_000_000n), fc.bigInt({ min: 1n, max: 2n ** 40n }), fc.bigInt({ min: 2n ** 40n, max: 2n ** 50n })),
    n: fc.integer({ min: 1, max: 2500 }),
    uneven: fc.boolean(),
  })
  .map((r) => (r.step > 2n ** 40n ? { ...r, start: r.start % 10n ** 15n } : r));

describe('filterChunkRows over evenly spaced times', () => {
  it('gives the decoded rows in range on every read of the chunk', async () => {
    const k = await kernel();
    await fc.assert(
      fc.property(
        regular,
        fc.array(fc.tuple(fc.integer({ min: -3, max: 2600 }), fc.integer({ min: -3, max: 2600 }), fc.bigInt({ min: -2n, max: 2n })), {
          minLength: 2,
          maxLength: 6,
        }),
        ({ start, step, n, uneven }, windows) => {
          // `uneven` moves one time so the chunk is not evenly spaced: the reads then always decode.
          const times = BigInt64Array.from({ length: n }, (_, i) => start + BigInt(i) * step + (uneven && n > 2 && i === n - 1 ? 1n : 0n));
          const y = Float64Array.from({ length: n }, (_, i) => i * 0.5 - 3);
          const c = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 7n - 11n);
          const bytes = encodeChunk(k, {
            times,
            columns: [
              { name: 'y', type: 'double', values: y },
              { name: 'c', type: 'bigint', values: c },
            ],
          });
          const full = decodeChunk(k, bytes);
          const at = (row: number, nudge: bigint) =>
            row < 0
              ? (full.times[0] as bigint) - step * BigInt(-row) + nudge
              : row >= n
                ? (full.times[n - 1] as bigint) + step * BigInt(row - n + 1) + nudge
                : (full.times[row] as bigint) + nudge;
          for (const [a, b, nudge] of windows) {
            const from = at(Math.min(a, b), nudge);
            const to = at(Math.max(a, b), -nudge);
            const got = filterChunkRows(k, bytes, from, to, [], ['y', 'c']);
            const rows: number[] = [];
            for (let i = 0; i < n; i++) if ((full.times[i] as bigint) >= from && (full.times[i] as bigint) < to) rows.push(i);
            expect([...got.times]).toEqual(rows.map((i) => full.times[i]));
            expect([...(got.columns[0]?.values ?? [])]).toEqual(rows.map((i) => y[i]));
            expect([...(got.columns[1]?.values ?? [])]).toEqual(rows.map((i) => c[i]));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('rangeRowCount', () => {
  it('answers for the columns asked each time, whichever were asked of the chunk before', async () => {
    const k = await kernel();
    const n = 500;
    const times = BigInt64Array.from({ length: n }, (_, i) => 1_000_000n + BigInt(i) * 10n);
    const bytes = encodeChunk(k, {
      times,
      columns: [
        { name: 'y', type: 'double', values: Float64Array.from({ length: n }, (_, i) => i / 4) },
        { name: 'c', type: 'bigint', values: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)) },
        { name: 'z', type: 'double', values: new Float64Array(n), validity: Uint8Array.from({ length: n }, (_, i) => (i === 7 ? 0 : 1)) },
        { name: 's', type: 'varchar', values: Array.from({ length: n }, (_, i) => `v${i % 3}`) },
      ],
    });
    const header = readChunkHeader(bytes);
    const from = times[100] as bigint;
    const to = (times[130] as bigint) + 5n;
    // Not read yet: its times' spacing is not known.
    expect(rangeRowCount(bytes, header, from, to, ['y'])).toBe(-1);
    filterChunkRows(k, bytes, from, to, [], ['y']);
    // 8-byte columns without NULLs are placeable; one with a NULL, a varchar or a missing one is not, in any order.
    const asks: [string[], number][] = [
      [['y'], 31],
      [['y', 'c'], 31],
      [['y', 'z'], -1],
      [['c'], 31],
      [['s'], -1],
      [['c', 'y'], 31],
      [['w'], -1],
      [['y'], 31],
      [[], 31],
      [['z'], -1],
    ];
    for (const [columns, rows] of asks) {
      expect(rangeRowCount(bytes, header, from, to, columns), columns.join()).toBe(rows);
      // The same names again, in a new array.
      expect(rangeRowCount(bytes, header, from, to, [...columns]), columns.join()).toBe(rows);
    }
  });
});
