import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seriesExtent, standsAlone } from '../../../src/engine/storage/aggregate-extent.ts';
import type { ChunkHeader } from '../../../src/engine/storage/codec.ts';
import { headRangeOf } from '../../../src/engine/storage/scan.ts';
import { fakeSeries, type Span } from './fake-series.ts';

// seriesExtent walks a series' chunk lists once and says whether its pieces in range are pairwise
// disjoint, so the aggregate scan asks standsAlone piece by piece only when they may overlap. Checked
// against a recomputation from the chunk headers and the head: the bounds, points and pieces in range,
// where the sealed chunks in range lie, and for every piece whether it stands alone (it meets no
// other piece in range), over random lists with overlaps, gaps, chunks out of order and empty ones.

/** Chunks mostly in time order with gaps, sometimes overlapping, out of order or empty (timeMax < timeMin). */
const spans = fc.array(
  fc.record({ start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: -1, max: 25 }), count: fc.integer({ min: 0, max: 9 }) }),
  { maxLength: 6 },
);

function layout(raw: readonly { start: number; length: number; count: number }[], sorted: boolean): Span[] {
  const list = raw.map((r) => ({ min: r.start, max: r.start + r.length, count: r.count }));
  if (sorted) list.sort((a, b) => a.min - b.min);
  return list;
}

const meets = (a: readonly [bigint, bigint], b: readonly [bigint, bigint]) => a[1] >= b[0] && a[0] <= b[1];

describe('seriesExtent', () => {
  it('matches a recomputation from the headers, and standsAlone the brute-force definition', () => {
    fc.assert(
      fc.property(
        spans,
        fc.boolean(),
        spans,
        fc.array(fc.integer({ min: 0, max: 90 }), { maxLength: 8 }),
        fc.integer({ min: -5, max: 95 }),
        fc.integer({ min: 0, max: 100 }),
        (rawSealed, sorted, rawMagnetic, rawHead, fromN, lengthN) => {
          const sealed = layout(rawSealed, sorted);
          const magnetic = layout(rawMagnetic.slice(0, rawMagnetic.length % 3), true);
          // A head holds each time once (a write at a held time replaces its row), in order.
          const head = [...new Set(rawHead)].sort((a, b) => a - b);
          const s = fakeSeries(sealed, magnetic, head);
          const from = BigInt(fromN);
          const to = BigInt(fromN + lengthN);
          const counts = { considered: 0, pruned: 0 };
          const extent = seriesExtent(s, from, to, counts);

          // The recomputation: every piece in range with its bounds (the head's clamped to its rows in range).
          const inRange = (h: ChunkHeader) => h.timeMax >= from && h.timeMin < to;
          const pieces: [bigint, bigint][] = [];
          let points = 0;
          let pruned = 0;
          const sealedIn: number[] = [];
          for (const r of s.magnetic) {
            if (!inRange(r.header)) pruned++;
            else {
              pieces.push([r.header.timeMin, r.header.timeMax]);
              points += r.header.count;
            }
          }
          s.sealed.forEach((c, i) => {
            if (!inRange(c.header)) pruned++;
            else {
              pieces.push([c.header.timeMin, c.header.timeMax]);
              points += c.header.count;
              sealedIn.push(i);
            }
          });
          const headRange = headRangeOf(s, from, to);
          if (headRange) {
            pieces.push(headRange.bounds);
            points += headRange.end - headRange.start;
          }
          expect(counts).toEqual({ considered: sealed.length + magnetic.length, pruned });
          expect(extent.pieces).toBe(pieces.length);
          expect(extent.points).toBe(points);
          expect(extent.magnetic).toBe(s.magnetic.filter((r) => inRange(r.header)).length);
          if (headRange) {
            expect([extent.headStart, extent.headEnd, extent.headLow, extent.headHigh]).toEqual([
              headRange.start,
              headRange.end,
              ...headRange.bounds,
            ]);
          } else expect(extent.headEnd).toBe(0);
          if (pieces.length > 0) {
            // BigInts: no Math.min / Math.max.
            let [low, high] = pieces[0]!;
            for (const [a, b] of pieces) {
              if (a < low) low = a;
              if (b > high) high = b;
            }
            if (low < from) low = from;
            if (high >= to) high = to - 1n;
            expect([extent.low, extent.high]).toEqual([low, high]);
          }
          for (const i of sealedIn) expect(i >= extent.sealedFirst && i < extent.sealedEnd).toBe(true);
          // Claimed disjoint: no two pieces meet, and each piece meets itself.
          if (extent.disjoint) {
            expect(extent.magnetic).toBe(0);
            for (let a = 0; a < pieces.length; a++) {
              expect(meets(pieces[a]!, pieces[a]!)).toBe(true);
              for (let b = a + 1; b < pieces.length; b++) expect(meets(pieces[a]!, pieces[b]!)).toBe(false);
            }
          }
          // Every piece: alone exactly when it meets no other (a lone piece always).
          for (const p of pieces) {
            const alone = pieces.length === 1 || pieces.filter((q) => meets(p, q)).length === 1;
            expect(standsAlone(s, extent, from, to, p[0], p[1])).toBe(alone);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('knows the usual layout (sorted, gaps, the head after) disjoint', () => {
    const s = fakeSeries(
      [
        { min: 0, max: 9, count: 10 },
        { min: 10, max: 19, count: 10 },
        { min: 25, max: 30, count: 3 },
      ],
      [],
      [31, 32, 40],
    );
    const extent = seriesExtent(s, 5n, 35n, { considered: 0, pruned: 0 });
    expect(extent).toMatchObject({ disjoint: true, pieces: 4, points: 25, sealedFirst: 0, sealedEnd: 3, headStart: 0, headEnd: 2 });
    expect([extent.low, extent.high]).toEqual([5n, 32n]);
    // The head starting where the last chunk ends overlaps it.
    const touching = fakeSeries([{ min: 0, max: 9, count: 10 }], [], [9, 12]);
    expect(seriesExtent(touching, 0n, 20n, { considered: 0, pruned: 0 }).disjoint).toBe(false);
  });
});
