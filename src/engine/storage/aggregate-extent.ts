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
  const b = building.start();
  const sealed = s.sealed;
  counts.considered += s.magnetic.length + sealed.length;
  for (const r of s.magnetic) {
    const h = r.header;
    if (!overlaps(h, from, to)) counts.pruned++;
    else b.magneticChunk(h.timeMin, h.timeMax, h.count);
  }
  for (let i = 0; i < sealed.length; i++) {
    const h = (sealed[i] as { readonly header: ChunkHeader }).header;
    if (h.timeMax < from || h.timeMin >= to) counts.pruned++;
    else b.sealedChunk(i, h.timeMin, h.timeMax, h.count);
  }
  const n = s.head.length;
  if (n > 0) b.head(s, n, s.head.times[0] as bigint, s.head.times[n - 1] as bigint, from, to);
  return b.finish(from, to, null);
}

/**
 * Works out one series' extent (seriesExtent and kept extents share it): start, then its magnetic chunks in
 * range, its sealed chunks in range in their list's order, its head, and finish.
 */
export class ExtentBuilder {
  private pieces = 0;
  private low = MAX;
  private high = MIN;
  private points = 0;
  private sealedFirst = 0;
  private sealedEnd = 0;
  private magnetic = 0;
  private disjoint = true;
  /** The latest end of the sealed chunks in range so far (MIN: none yet). */
  private reach = MIN;
  private headStart = 0;
  private headEnd = 0;
  private headLow = 0n;
  private headHigh = 0n;

  start(): this {
    this.pieces = 0;
    this.low = MAX;
    this.high = MIN;
    this.points = 0;
    this.sealedFirst = 0;
    this.sealedEnd = 0;
    this.magnetic = 0;
    this.disjoint = true;
    this.reach = MIN;
    this.headStart = 0;
    this.headEnd = 0;
    this.headLow = 0n;
    this.headHigh = 0n;
    return this;
  }

  /** A magnetic chunk in range (all come before the sealed ones): disjointness is then unknown. */
  magneticChunk(min: bigint, max: bigint, count: number): void {
    this.magnetic++;
    this.disjoint = false;
    this.piece(min, max, count);
  }

  /** The index-th chunk of the sealed list, in range. */
  sealedChunk(index: number, min: bigint, max: bigint, count: number): void {
    if (this.sealedEnd === 0) this.sealedFirst = index;
    this.sealedEnd = index + 1;
    // A chunk starting at or before an earlier one's end may overlap it (or the list is out of order): unknown.
    const reach = this.reach;
    if (max < min || (reach !== MIN && min <= reach)) this.disjoint = false;
    if (max > reach) this.reach = max;
    this.piece(min, max, count);
  }

  /** The series' head of n > 0 rows, from `first` to `last`: its rows in range (the head's times are read only when the range cuts it). */
  head(s: Series, n: number, first: bigint, last: bigint, from: bigint, to: bigint): void {
    // Most heads lie wholly inside or outside the range: no search.
    if (last < from || first >= to) return;
    let start = 0;
    let end = n;
    let low = first;
    let high = last;
    if (first < from || last >= to) {
      const times = s.head.times;
      start = first >= from ? 0 : lowerBound(times, from, n);
      end = last < to ? n : lowerBound(times, to, n);
      if (start >= end) return;
      low = times[start] as bigint;
      high = times[end - 1] as bigint;
    }
    this.headStart = start;
    this.headEnd = end;
    this.headLow = low;
    this.headHigh = high;
    if (this.reach !== MIN && low <= this.reach) this.disjoint = false;
    this.piece(low, high, end - start);
  }

  /** The extent, its bounds clamped to the range: `reuse` itself when it is the same (so series alike share one). */
  finish(from: bigint, to: bigint, reuse: SeriesExtent | null): SeriesExtent {
    const { pieces, points, sealedFirst, sealedEnd, magnetic, disjoint, headStart, headEnd, headLow, headHigh } = this;
    const low = this.low < from ? from : this.low;
    const high = this.high >= to ? lastBefore(to) : this.high;
    if (
      reuse !== null &&
      reuse.pieces === pieces &&
      reuse.low === low &&
      reuse.high === high &&
      reuse.points === points &&
      reuse.sealedFirst === sealedFirst &&
      reuse.sealedEnd === sealedEnd &&
      reuse.magnetic === magnetic &&
      reuse.disjoint === disjoint &&
      reuse.headStart === headStart &&
      reuse.headEnd === headEnd &&
      reuse.headLow === headLow &&
      reuse.headHigh === headHigh
    )
      return reuse;
    return { headStart, headEnd, headLow, headHigh, pieces, low, high, points, sealedFirst, sealedEnd, magnetic, disjoint };
  }

  private piece(min: bigint, max: bigint, count: number): void {
    this.pieces++;
    if (min < this.low) this.low = min;
    if (max > this.high) this.high = max;
    this.points += count;
  }
}

/** seriesExtent's builder (one at a time: nothing between start and finish yields). */
const building = new ExtentBuilder();

/** The last range end met and the time before it: a scan's series share it (a BigInt difference allocates). */
let endMet = 0n;
let beforeEnd = -1n;

/** to - 1n, the same BigInt for every series of a scan (kept extents share it too, so their extents compare equal). */
export function lastBefore(to: bigint): bigint {
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
