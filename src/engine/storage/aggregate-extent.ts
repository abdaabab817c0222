import { floorDiv } from './aggregate-buckets.ts';
import type { ChunkHeader } from './codec.ts';
import { headRangeOf, MAX, MIN, overlaps } from './scan.ts';
import type { Series } from './series.ts';

// Where a series' data lies in an aggregate scan's range, and which of its pieces stand alone.

/** The parts of one series in [from, to): the head's rows there, and the bounds and point count of all of them. */
export interface SeriesExtent {
  readonly head: ReturnType<typeof headRangeOf>;
  /** Everything in range (head, magnetic and sealed chunks): how many pieces, their first and last time (clamped to the range), their points. */
  readonly pieces: number;
  readonly low: bigint;
  readonly high: bigint;
  readonly points: number;
}

/**
 * The series' extent in [from, to), counting chunks considered and pruned into `counts`: no list of
 * the pieces is built (a scan of many series would make several small arrays per series for it).
 */
export function seriesExtent(s: Series, from: bigint, to: bigint, counts: { considered: number; pruned: number }): SeriesExtent {
  const head = headRangeOf(s, from, to);
  let pieces = 0;
  let low = MAX;
  let high = MIN;
  let points = 0;
  if (head) {
    pieces++;
    low = head.bounds[0];
    high = head.bounds[1];
    points = head.end - head.start;
  }
  counts.considered += s.magnetic.length + s.sealed.length;
  for (const r of s.magnetic) {
    const h = r.header;
    if (!overlaps(h, from, to)) {
      counts.pruned++;
      continue;
    }
    pieces++;
    if (h.timeMin < low) low = h.timeMin;
    if (h.timeMax > high) high = h.timeMax;
    points += h.count;
  }
  for (const c of s.sealed) {
    const h = c.header;
    if (!overlaps(h, from, to)) {
      counts.pruned++;
      continue;
    }
    pieces++;
    if (h.timeMin < low) low = h.timeMin;
    if (h.timeMax > high) high = h.timeMax;
    points += h.count;
  }
  if (low < from) low = from;
  if (high >= to) high = to - 1n;
  return { head, pieces, low, high, points };
}

/**
 * Whether [low, high] meets exactly one of the series' pieces in [from, to) (the one it is taken
 * from): then that piece's own rows are the series' rows there, and it needs no merge.
 */
export function standsAlone(s: Series, extent: SeriesExtent, from: bigint, to: bigint, low: bigint, high: bigint): boolean {
  if (extent.pieces === 1) return true;
  let count = 0;
  const head = extent.head;
  if (head && head.bounds[1] >= low && head.bounds[0] <= high) count++;
  for (const r of s.magnetic) {
    const h = r.header;
    if (overlaps(h, from, to) && h.timeMax >= low && h.timeMin <= high) count++;
  }
  for (const c of s.sealed) {
    const h = c.header;
    if (overlaps(h, from, to) && h.timeMax >= low && h.timeMin <= high) count++;
  }
  return count === 1;
}

/** Whether a chunk can be answered from its header alone: wholly inside the range and inside one bucket (of `width`; null: one bucket). */
export function headerAnswers(width: bigint | null, h: ChunkHeader, from: bigint, to: bigint): boolean {
  return h.timeMin >= from && h.timeMax < to && (width === null || floorDiv(h.timeMin, width) === floorDiv(h.timeMax, width));
}
