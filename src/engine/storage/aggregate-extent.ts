import { floorDiv } from './aggregate-buckets.ts';
import { lowerBound } from './chunk-ops.ts';
import type { ChunkHeader } from './codec.ts';
import { MAX, MIN, overlaps } from './scan.ts';
import type { MemChunk, Series } from './series.ts';

// Where a series' data lies in an aggregate scan's range, and which of its pieces stand alone.

/**
 * The parts of one series in [from, to), found in one walk of its chunk lists: the head's rows
 * there, the bounds and point count of everything there, where its sealed chunks in range lie and
 * whether its pieces are known to be pairwise disjoint (then every piece stands alone and the
 * callers walk the lists no more to tell).
 */
export interface SeriesExtent {
  /** The head's rows in range are start .. end - 1 (end 0: none), their times headLow .. headHigh. */
  readonly headStart: number;
  readonly headEnd: number;
  readonly headLow: bigint;
  readonly headHigh: bigint;
  /** Everything in range (head, magnetic and sealed chunks): how many pieces, their first and last time (clamped to the range), their points. */
  readonly pieces: number;
  readonly low: bigint;
  readonly high: bigint;
  readonly points: number;
  /** The sealed chunks in range all lie at indexes sealedFirst .. sealedEnd - 1 (chunks out of range may lie between). */
  readonly sealedFirst: number;
  readonly sealedEnd: number;
  /** Magnetic chunks in range. */
  readonly magnetic: number;
  /**
   * True: the pieces in range meet pairwise nowhere (each stands alone). False: unknown (some may
   * overlap, or magnetic chunks are in range): ask standsAlone piece by piece.
   */
  readonly disjoint: boolean;
}

/**
 * The series' extent in [from, to), counting chunks considered and pruned into `counts`: no list of
 * the pieces is built (a scan of many series would make several small arrays per series for it).
 * Sealed chunks are kept sorted by timeMin; the disjointness test relies on nothing but what it
 * sees: each chunk in range must start after every earlier one in range ends, the head after all.
 */
export function seriesExtent(s: Series, from: bigint, to: bigint, counts: { considered: number; pruned: number }): SeriesExtent {
  let pieces = 0;
  let low = MAX;
  let high = MIN;
  let points = 0;
  let magnetic = 0;
  const sealed = s.sealed;
  counts.considered += s.magnetic.length + sealed.length;
  for (const r of s.magnetic) {
    const h = r.header;
    if (!overlaps(h, from, to)) {
      counts.pruned++;
      continue;
    }
    magnetic++;
    if (h.timeMin < low) low = h.timeMin;
    if (h.timeMax > high) high = h.timeMax;
    points += h.count;
  }
  pieces = magnetic;
  let disjoint = magnetic === 0;
  let sealedFirst = 0;
  let sealedEnd = 0;
  // The latest end of the sealed chunks in range so far (MIN: none yet).
  let reach = MIN;
  for (let i = 0; i < sealed.length; i++) {
    const h = (sealed[i] as { readonly header: ChunkHeader }).header;
    const min = h.timeMin;
    const max = h.timeMax;
    if (max < from || min >= to) {
      counts.pruned++;
      continue;
    }
    if (sealedEnd === 0) sealedFirst = i;
    sealedEnd = i + 1;
    // A chunk starting at or before an earlier one's end may overlap it (or the list is out of order): unknown.
    if (max < min || (reach !== MIN && min <= reach)) disjoint = false;
    if (max > reach) reach = max;
    pieces++;
    if (min < low) low = min;
    if (max > high) high = max;
    points += h.count;
  }
  let headStart = 0;
  let headEnd = 0;
  let headLow = 0n;
  let headHigh = 0n;
  const head = s.head;
  const n = head.length;
  if (n > 0) {
    const times = head.times;
    const first = times[0] as bigint;
    const last = times[n - 1] as bigint;
    // Most heads lie wholly inside or outside the range: no search.
    if (last >= from && first < to) {
      if (first >= from && last < to) {
        headEnd = n;
        headLow = first;
        headHigh = last;
      } else {
        headStart = first >= from ? 0 : lowerBound(times, from, n);
        headEnd = last < to ? n : lowerBound(times, to, n);
        if (headStart < headEnd) {
          headLow = times[headStart] as bigint;
          headHigh = times[headEnd - 1] as bigint;
        } else headEnd = 0;
      }
    }
  }
  if (headEnd > 0) {
    pieces++;
    if (headLow < low) low = headLow;
    if (headHigh > high) high = headHigh;
    points += headEnd - headStart;
    if (reach !== MIN && headLow <= reach) disjoint = false;
  }
  if (low < from) low = from;
  if (high >= to) high = lastBefore(to);
  return { headStart, headEnd, headLow, headHigh, pieces, low, high, points, sealedFirst, sealedEnd, magnetic, disjoint };
}

/** The last range end met and the time before it: a scan's series share it (a BigInt difference allocates). */
let endMet = 0n;
let beforeEnd = -1n;

function lastBefore(to: bigint): bigint {
  if (to !== endMet) {
    endMet = to;
    beforeEnd = to - 1n;
  }
  return beforeEnd;
}

/** Series with at most this many chunks have their headers read ahead (a longer list's own walk overlaps its misses). */
const PREFETCH_CHUNKS = 4;
/** What the last read-ahead summed (kept so the reads are not optimised away). */
let prefetched = 0;

/**
 * Reads what seriesExtent (and the scan's plan lookup and answer) reads for every series, level by level: the
 * series, then their chunk lists, heads, kept plans and infos, then the chunks' headers and their times and
 * the heads' ends. After another program (or a large scan) ran, all of it
 * is out of the caches; seriesExtent's walk, series by series, waits for each miss in turn (each load
 * needs the one before it), while these loops' loads are independent from one series to the next, so
 * the processor has many misses in flight at once. Returns a sum of what it read (unused).
 */
export function prefetchExtents(series: readonly Series[]): number {
  const n = series.length;
  let x = 0;
  for (let i = 0; i < n; i++) {
    const s = series[i] as Series;
    x += s.sealed.length + s.magnetic.length + s.head.length;
  }
  for (let i = 0; i < n; i++) {
    const s = series[i] as Series;
    const sealed = s.sealed;
    if (sealed.length <= PREFETCH_CHUNKS) for (let j = 0; j < sealed.length; j++) x += (sealed[j] as MemChunk).header.count;
    x += s.head.times.length + s.columns.length + (s.aggregatePlan === null ? 0 : s.aggregatePlan.columnCount);
    // Its info (kept on the series), which the scan's answer and the query engine's grouping read.
    x += s.toInfo().measureName.length;
  }
  for (let i = 0; i < n; i++) {
    const s = series[i] as Series;
    // The head's first and last times (seriesExtent reads both).
    const times = s.head.times;
    const m = s.head.length;
    if (m > 0 && (times[m - 1] as bigint) < (times[0] as bigint)) x++;
    const sealed = s.sealed;
    if (sealed.length > PREFETCH_CHUNKS) continue;
    for (let j = 0; j < sealed.length; j++) {
      const h = (sealed[j] as MemChunk).header;
      if (h.timeMax < h.timeMin) x++;
    }
  }
  prefetched = x;
  return prefetched;
}

/**
 * Whether [low, high] meets exactly one of the series' pieces in [from, to) (the one it is taken
 * from): then that piece's own rows are the series' rows there, and it needs no merge.
 */
export function standsAlone(s: Series, extent: SeriesExtent, from: bigint, to: bigint, low: bigint, high: bigint): boolean {
  if (extent.pieces === 1 || extent.disjoint) return true;
  let count = 0;
  if (extent.headEnd > 0 && extent.headHigh >= low && extent.headLow <= high) count++;
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
