import {
  BucketPartialArrays,
  copyTime,
  firstAtOrAfter,
  firstAtOrAfterOffset,
  type PartialsRegion,
  timeLess,
  timeOffset,
  timeWords,
} from '../model/bucket-partials.ts';
import type { SeriesPlan } from './aggregate-chunks.ts';
import type { ChunkColumn } from './codec.ts';
import { MAX } from './scan.ts';
import type { ScanColumn } from './scan-types.ts';
import type { Series } from './series.ts';

/** floor(a / b) for bigints (BigInt division truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  // Times after 1970 and positive widths (the usual case): truncation is the floor, one division.
  if (a >= 0n && b > 0n) return a / b;
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * The 32-bit words of a range pass's times (see timeWords), kept for the next chunk: the kernel hands
 * out the same view of its memory for every pass until that memory grows.
 */
let lastTimes: BigInt64Array | null = null;
let lastWords: Int32Array = new Int32Array(0);
function wordsOf(times: BigInt64Array): Int32Array {
  if (times !== lastTimes) {
    lastWords = timeWords(times);
    lastTimes = times;
  }
  return lastWords;
}

/** Dense per-bucket accumulators of one series. */
export class Buckets extends BucketPartialArrays {
  /** Whether the last addRows moved its bucket's first / last row (the caller then sets the edge values). */
  newFirst = false;
  newLast = false;

  constructor(
    readonly width: bigint | null,
    readonly columns: number,
    readonly firstBucket: bigint,
    readonly bucketCount: number,
    edges: boolean,
    region?: PartialsRegion,
    minMax = true,
  ) {
    super(bucketCount, columns, edges, region, minMax);
  }

  /** Bucket number of time t. */
  numberOf(t: bigint): bigint {
    return this.width === null ? 0n : floorDiv(t, this.width);
  }

  /** End (exclusive) of bucket number k. */
  endOf(k: bigint): bigint {
    return this.width === null ? MAX : (k + 1n) * this.width;
  }

  /** Adds rows to bucket number k; returns its index. */
  addRows(k: bigint, rows: number, timeMin: bigint, timeMax: bigint): number {
    const b = Number(k - this.firstBucket);
    this.rows[b]! += rows;
    this.newFirst = timeMin < this.timeMin[b]!;
    this.newLast = timeMax > this.timeMax[b]!;
    if (this.newFirst) this.timeMin[b] = timeMin;
    if (this.newLast) this.timeMax[b] = timeMax;
    return b;
  }

  /**
   * As addRows, the first and last rows' times read as the i64s at indexes first and last of `words` (see
   * timeWords), compared and copied as 32-bit words: reading them as BigInts allocates per read.
   */
  addRowsAt(k: bigint, rows: number, words: Int32Array, first: number, last: number): number {
    return this.addRowsToIndex(Number(k - this.firstBucket), rows, words, first, last);
  }

  /** addRowsAt by the bucket's index (its number minus firstBucket). */
  addRowsToIndex(b: number, rows: number, words: Int32Array, first: number, last: number): number {
    const f64 = this.f64;
    f64[this.rowsAt + b] = (f64[this.rowsAt + b] as number) + rows;
    const own = this.words;
    this.newFirst = timeLess(words, first, own, this.timeMinAt + b);
    this.newLast = timeLess(own, this.timeMaxAt + b, words, last);
    if (this.newFirst) copyTime(words, first, own, this.timeMinAt + b);
    if (this.newLast) copyTime(words, last, own, this.timeMaxAt + b);
    return b;
  }

  /** After addRows: the value (null: undefined) at the new first / last row of bucket b for a requested column. */
  setEdges(b: number, slot: number, first: number | undefined, last: number | undefined): void {
    if (!this.edges) return;
    const i = b * this.columns + slot;
    if (this.newFirst) {
      this.first[i] = first ?? 0;
      this.firstValid[i] = first === undefined ? 0 : 1;
    }
    if (this.newLast) {
      this.last[i] = last ?? 0;
      this.lastValid[i] = last === undefined ? 0 : 1;
    }
  }

  /**
   * Adds the kernel range pass's n buckets (ChunkRangeAggregates' layout: `cells`, `times`, from
   * index `offset`) at bucket index b0: its column k feeds slot slots[k]; the other slots in `all` are NULL at every
   * row of this chunk. Does what addRows / setEdges / add do per bucket and column, in one loop.
   */
  addRanged(
    b0: number,
    n: number,
    cells: Float64Array,
    times: BigInt64Array,
    offset: number,
    slots: readonly number[],
    all: readonly number[],
    minMax: boolean,
  ): void {
    const columns = this.columns;
    const edges = this.edges;
    // Times compared and copied as 32-bit words: reading them as BigInts would allocate per read.
    const words = wordsOf(times);
    const own = this.words;
    // The arrays once (they are getters, made on first use: see BucketPartialArrays).
    const { rows: ownRows, first: ownFirst, firstValid, last: ownLast, lastValid, count, sum, min: ownMin, max: ownMax, nan } = this;
    const minAt = this.timeMinAt;
    const maxAt = this.timeMaxAt;
    for (let b = 0; b < n; b++) {
      const rows = cells[offset + b] as number;
      if (rows === 0) continue;
      const at = b0 + b;
      let newFirst = true;
      let newLast = true;
      const first = offset + n + b;
      const last = offset + 2 * n + b;
      if (ownRows[at] === 0) {
        copyTime(words, first, own, minAt + at);
        copyTime(words, last, own, maxAt + at);
      } else {
        newFirst = timeLess(words, first, own, minAt + at);
        newLast = timeLess(own, maxAt + at, words, last);
        if (newFirst) copyTime(words, first, own, minAt + at);
        if (newLast) copyTime(words, last, own, maxAt + at);
      }
      ownRows[at]! += rows;
      if (edges && slots.length < all.length) {
        // Columns this chunk lacks are NULL at every row, the edges included.
        for (const slot of all) {
          const i = at * columns + slot;
          if (newFirst) firstValid[i] = 0;
          if (newLast) lastValid[i] = 0;
        }
      }
      for (let k = 0; k < slots.length; k++) {
        const o = offset + 3 * n + k * 6 * n + b;
        const i = at * columns + (slots[k] as number);
        if (edges) {
          if (newFirst) {
            ownFirst[i] = cells[o + 3 * n] as number;
            firstValid[i] = 1;
          }
          if (newLast) {
            ownLast[i] = cells[o + 4 * n] as number;
            lastValid[i] = 1;
          }
        }
        count[i]! += rows;
        sum[i]! += cells[o] as number;
        // Without min/max asked for, the pass left those cells unspecified (and so they stay here).
        if (minMax) {
          const min = cells[o + n] as number;
          const max = cells[o + 2 * n] as number;
          if (min < (ownMin[i] as number)) ownMin[i] = min;
          if (max > (ownMax[i] as number)) ownMax[i] = max;
        }
        if (cells[o + 5 * n] === 1) nan[i] = 1;
      }
    }
  }

  add(b: number, slot: number, count: number, sum: number, min: number, max: number, nan: boolean): void {
    if (count === 0) return;
    const i = b * this.columns + slot;
    // Through the block (no view of each array made for it).
    const f64 = this.f64;
    f64[this.countAt + i] = (f64[this.countAt + i] as number) + count;
    f64[this.sumAt + i] = (f64[this.sumAt + i] as number) + sum;
    if (this.minMax) {
      if (min < (f64[this.minAt + i] as number)) f64[this.minAt + i] = min;
      if (max > (f64[this.maxAt + i] as number)) f64[this.maxAt + i] = max;
    }
    if (nan) this.u8[this.nanAt + i] = 1;
  }
}

/**
 * Adds sorted points (one row per time) bucket by bucket: a binary search per bucket, a tight loop per column.
 * Rows `start` .. `end` - 1 of the arrays (default: all), so a caller need not make views of a part.
 */
export function addPoints(
  buckets: Buckets,
  times: BigInt64Array,
  columns: readonly (ChunkColumn | ScanColumn | undefined)[],
  slots: readonly number[],
  start = 0,
  end = times.length,
): void {
  if (end <= start) return;
  const words = timeWords(times);
  const edges = buckets.edges;
  const minMax = buckets.minMax;
  const width = buckets.width;
  // Buckets walked in doubles: each row's time as its offset from the first row's bucket start, exact while the
  // rows span less than 2^52 ns (52 days), so a bucket and its end come without BigInt arithmetic (which
  // allocates: a few BigInts per bucket of a head cost more than summing its rows).
  const k0 = buckets.numberOf(times[start] as bigint);
  const origin = width === null ? 0n : k0 * width;
  const originHigh = Number(BigInt.asIntN(32, origin >> 32n));
  const originLow = Number(BigInt.asUintN(32, origin));
  const w = width === null ? 0 : Number(width);
  const lastOffset = timeOffset(words, end - 1, originHigh, originLow);
  const inDoubles = width !== null && width <= 2n ** 52n && lastOffset < 2 ** 52;
  const b0 = Number(k0 - buckets.firstBucket);
  const last = inDoubles ? 0n : (times[end - 1] as bigint);
  let i = start;
  while (i < end) {
    let b: number;
    let j: number;
    if (inDoubles) {
      const offset = timeOffset(words, i, originHigh, originLow);
      let m = Math.floor(offset / w);
      // Exact for offsets below 2^52, checked all the same.
      if (m * w > offset) m--;
      else if ((m + 1) * w <= offset) m++;
      const bucketEnd = (m + 1) * w;
      // Most runs end inside the bucket (a head, a chunk within one bucket): no search.
      j = lastOffset < bucketEnd ? end : firstAtOrAfterOffset(words, i + 1, end - 1, originHigh, originLow, bucketEnd);
      b = buckets.addRowsToIndex(b0 + m, j - i, words, i, j - 1);
    } else {
      const k = buckets.numberOf(times[i] as bigint);
      const bucketEnd = buckets.endOf(k);
      j = bucketEnd === MAX || last < bucketEnd ? end : firstAtOrAfter(words, i + 1, end - 1, bucketEnd);
      b = buckets.addRowsAt(k, j - i, words, i, j - 1);
    }
    for (let c = 0; c < slots.length; c++) {
      const column = columns[c];
      if (column?.type !== 'double') {
        if (edges) buckets.setEdges(b, slots[c] as number, undefined, undefined);
        continue;
      }
      const values = column.values;
      const valid = column.validity;
      if (edges) {
        const at = (r: number) => (valid && valid[r] === 0 ? undefined : (values[r] as number));
        buckets.setEdges(b, slots[c] as number, at(i), at(j - 1));
      }
      if (valid || minMax) sumRun(values, valid ?? null, i, j);
      else sumOnly(values, i, j);
      buckets.add(b, slots[c] as number, RUN[0] as number, RUN[1] as number, RUN[2] as number, RUN[3] as number, RUN[4] === 1);
    }
    i = j;
  }
}

/**
 * What the loops below leave of a run of values: its count, sum, min, max (NaN skipped) and 1 when a NaN was seen.
 * The values are summed in row order, one addition after another, as every other path sums a series' rows.
 */
const RUN = new Float64Array(5);

/** Values i .. j - 1, all present, when min and max are not wanted (the buckets' are then unspecified, and so is nan). */
function sumOnly(values: Float64Array, i: number, j: number): void {
  let sum = 0;
  for (let r = i; r < j; r++) sum += values[r] as number;
  RUN[0] = j - i;
  RUN[1] = sum;
  RUN[2] = Number.POSITIVE_INFINITY;
  RUN[3] = Number.NEGATIVE_INFINITY;
  RUN[4] = 0;
}

/** The present values (valid null, or valid[r] not 0) of i .. j - 1. */
function sumRun(values: Float64Array, valid: Uint8Array | null, i: number, j: number): void {
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nan = 0;
  for (let r = i; r < j; r++) {
    if (valid !== null && valid[r] === 0) continue;
    const x = values[r] as number;
    count++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (Number.isNaN(x)) nan = 1;
  }
  RUN[0] = count;
  RUN[1] = sum;
  RUN[2] = min;
  RUN[3] = max;
  RUN[4] = nan;
}

/** The head's rows start .. end - 1 of the plan's columns, aggregated from its buffers in place, wanted column k into slot slots[k]. */
export function addHead(buckets: Buckets, s: Series, start: number, end: number, plan: SeriesPlan, slots: readonly number[]): void {
  // The head's own arrays, rows start .. end - 1 of them (no views made of the part).
  const columns = plan.wanted.map((w) => {
    const c = s.head.columns[s.columnIndex(w.name)];
    if (c?.type !== 'double') return undefined;
    const values = c.data as Float64Array;
    return c.validity
      ? { name: c.name, type: 'double' as const, values, validity: c.validity }
      : { name: c.name, type: 'double' as const, values };
  });
  addPoints(buckets, s.head.times, columns, slots, start, end);
}
