// Bucketed aggregation of several double columns of one chunk over a time range, for the query
// engine's aggregate pushdown: the times are decoded once, the rows in [from, to) are cut into
// bucket segments once (arithmetic positions on regular series, a search otherwise), and each
// column is decoded and reduced segment by segment with two-lane accumulators. Columns must be
// free of NULLs (every row has a value).
//
// Output at `out`, B = bucketCount cells of 8 bytes per array: rows (f64), first time (i64), last
// time (i64), then per column c: sum, min, max, value at the first row, value at the last row,
// NaN seen (1 or 0) — all f64. Empty buckets: rows 0, sum 0, min +Infinity, max -Infinity, nan 0.
// Min and max skip NaN; sum includes it.
//
// `wants` says which of these the caller reads beyond rows, times, sums and NaN flags: WANT_MIN_MAX
// and WANT_EDGES. Without WANT_MIN_MAX, min and max are unspecified (integer-valued ALP vectors are
// then summed without forming their running codes, see sumIntegerVector); without WANT_EDGES, so are
// the values at the first and last rows.

import { CODEC_ALP } from './codec-ids';
import { decodeVector, skipVector } from './codecs/alp';
import { decodeIntegerVector, integerVectorEnd, SUM_RECORD, sumIntegerVector } from './codecs/alp-integers';
import { decodeFloat64Column } from './codecs/float64';
import { decodeInt64Column } from './codecs/int64';
import { BLOCK } from './codecs/pfor';
import { fail } from './error';
import { regularStart, regularStep } from './regular-times';

/** Segments the range pass keeps in static memory (more: allocated per call). */
const SEGMENTS = 128;
const segmentList = memory.data(SEGMENTS * 12);

/** Arrays per column in the output. */
const PER_COLUMN = 6;

/** `wants` bits: min and max are read. */
export const WANT_MIN_MAX: i32 = 1;
/** `wants` bits: the values at each bucket's first and last row are read. */
export const WANT_EDGES: i32 = 2;

export function floorDiv(a: i64, b: i64): i64 {
  // One division: the remainder from the quotient (a % b would be a second one).
  const q = a / b;
  return a - q * b != 0 && a < 0 ? q - 1 : q;
}

/** First index in [lo, hi) with times[index] >= t (hi when none). */
function lowerBound(times: usize, lo: i32, hi: i32, t: i64): i32 {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (load<i64>(times + ((<usize>mid) << 3)) < t) a = mid + 1;
    else b = mid;
  }
  return a;
}

/**
 * Aggregates rows with from <= time < to of `columnCount` double columns into buckets
 * [firstBucket, firstBucket + bucketCount) of `width` ns from `origin` (rows in other buckets are
 * ignored). `columns` holds per column two u32: payload address and payload length. Returns 1, or
 * 0 when a payload is corrupt or the times are not sorted (see lastErrorAddress).
 */
export function aggregateChunkRange(
  timePayload: usize,
  timeLength: usize,
  rows: i32,
  from: i64,
  to: i64,
  columns: usize,
  columnCount: i32,
  origin: i64,
  width: i64,
  firstBucket: i64,
  bucketCount: i32,
  out: usize,
  wants: i32,
): i32 {
  const B = <usize>bucketCount;
  const size = B << 3;
  // Empty buckets first, so every cell is defined whatever the rows.
  memory.fill(out, 0, size * 3 + size * PER_COLUMN * <usize>columnCount);
  for (let c = 0; c < columnCount; c++) {
    const base = out + size * 3 + size * PER_COLUMN * <usize>c;
    for (let b: usize = 0; b < B; b++) {
      store<f64>(base + size + (b << 3), Infinity);
      store<f64>(base + size * 2 + (b << 3), -Infinity);
    }
  }
  if (rows <= 0 || bucketCount <= 0 || width <= 0) return 1;
  // Per segment: bucket index, first row, end row.
  const pieces = min(rows, bucketCount) + 1;
  const segments = pieces <= SEGMENTS ? segmentList : heap.alloc(<usize>pieces * 12);
  let ok = 1;
  let count = 0;
  let times: usize = 0;
  const step = regularStep(timePayload, timeLength, rows);
  if (step > 0) {
    // Evenly spaced (and so sorted) times: rows from arithmetic, nothing decoded.
    count = cutRegular(regularStart, step, rows, from, to, origin, width, firstBucket, bucketCount, segments, out, size);
  } else {
    times = heap.alloc(((<usize>rows) << 3) + 16);
    ok = decodeInt64Column(timePayload, timeLength, rows, times);
    if (ok) {
      for (let i = 1; i < rows; i++) {
        if (load<i64>(times + ((<usize>i) << 3)) < load<i64>(times + ((<usize>(i - 1)) << 3))) {
          ok = <i32>fail(timePayload);
          break;
        }
      }
    }
    if (ok) count = cutSegments(times, rows, from, to, origin, width, firstBucket, bucketCount, segments, out, size);
  }
  if (ok && count > 0) {
    let values: usize = 0;
    // Rows outside the segments are never looked at: ALP columns step over the vectors before the
    // first and stop after the vector of the last, reducing each vector as it is decoded.
    for (let c = 0; c < columnCount; c++) {
      const payload = <usize>load<u32>(columns + ((<usize>c) << 3));
      const length = <usize>load<u32>(columns + ((<usize>c) << 3) + 4);
      const base = out + size * 3 + size * PER_COLUMN * <usize>c;
      if (length > 0 && load<u8>(payload) == CODEC_ALP) {
        ok = aggregateAlpRange(payload + 1, payload + length, rows, segments, count, base, size, wants);
        if (!ok) break;
        continue;
      }
      if (values == 0) values = heap.alloc(((<usize>rows) << 3) + 16);
      ok = decodeFloat64Column(payload, length, rows, values);
      if (!ok) break;
      reduceSegments(values, segments, count, base, size);
    }
    if (values != 0) heap.free(values);
  }
  if (segments != segmentList) heap.free(segments);
  if (times != 0) heap.free(times);
  return ok;
}

/**
 * Records segment number `count`: rows [i, j) of bucket b, whose first and last times are `first` and
 * `last`. A bucket meets one segment per chunk (rows are sorted), so its times are its rows' ends; its
 * row count adds to what the bucket holds.
 */
function putSegment(out: usize, size: usize, segments: usize, count: i32, b: i32, i: i32, j: i32, first: i64, last: i64): void {
  const at = (<usize>b) << 3;
  store<f64>(out + at, load<f64>(out + at) + <f64>(j - i));
  store<i64>(out + size + at, first);
  store<i64>(out + size * 2 + at, last);
  const s = segments + <usize>count * 12;
  store<i32>(s, b);
  store<i32>(s, i, 4);
  store<i32>(s, j, 8);
}

/**
 * Cuts the rows in [from, to) into runs of one bucket each, writes each bucket's rows and time
 * range, and returns how many segments there are. On a regular series the end of a bucket's rows
 * is computed from the row step and checked with two loads; otherwise it is searched.
 */
function cutSegments(
  times: usize,
  rows: i32,
  from: i64,
  to: i64,
  origin: i64,
  width: i64,
  firstBucket: i64,
  bucketCount: i32,
  segments: usize,
  out: usize,
  size: usize,
): i32 {
  const lo = lowerBound(times, 0, rows, from);
  const hi = lowerBound(times, lo, rows, to);
  if (lo >= hi) return 0;
  const t0 = load<i64>(times + ((<usize>lo) << 3));
  const tn = load<i64>(times + ((<usize>(hi - 1)) << 3));
  // Row step when the rows are evenly spaced (0: unknown).
  const step: i64 = hi - lo > 1 && (tn - t0) % <i64>(hi - 1 - lo) == 0 ? (tn - t0) / <i64>(hi - 1 - lo) : 0;
  let count = 0;
  let i = lo;
  while (i < hi) {
    const t = load<i64>(times + ((<usize>i) << 3));
    const k = floorDiv(t - origin, width);
    const b = k - firstBucket;
    // The bucket's end time, or the range's end when the bucket reaches past it (the caller clamps
    // `to` to just past the chunk's last time, so `to - width` cannot wrap).
    const start = origin + k * width;
    const end = start > to - width ? to : start + width;
    let j: i32;
    if (end >= to) {
      j = hi;
    } else if (step > 0) {
      // Rows at t, t + step, ...: the first at or past `end` is ceil((end - t) / step) rows on.
      const guess = <i64>i + (end - t + step - 1) / step;
      j = guess >= <i64>hi ? hi : <i32>guess;
      if (!(load<i64>(times + ((<usize>(j - 1)) << 3)) < end && (j == hi || load<i64>(times + ((<usize>j) << 3)) >= end))) {
        j = lowerBound(times, i + 1, hi, end);
      }
    } else {
      j = lowerBound(times, i + 1, hi, end);
    }
    if (b >= <i64>bucketCount) break;
    if (b >= 0) {
      putSegment(out, size, segments, count, <i32>b, i, j, t, load<i64>(times + ((<usize>(j - 1)) << 3)));
      count++;
    }
    i = j;
  }
  return count;
}

/** The first of `rows` rows at start + i * step (step > 0, no wrap) whose time is >= t. */
function regularRow(start: i64, step: i64, rows: i32, t: i64): i32 {
  if (t <= start) return 0;
  // t - start > 0 may exceed i64 only when t is past every row.
  const last = start + step * <i64>(rows - 1);
  if (t > last) return rows;
  return <i32>((t - start - 1) / step + 1);
}

/**
 * `cutSegments` for rows at start + i * step: every bucket end is a row number, computed. With
 * step <= width no bucket between the first and the last is empty, so each next segment is the next
 * bucket, and its end row ceil((end - start) / step) follows from the previous one's by adding
 * width / step and width % step: no division per bucket (three were most of the cut's time).
 */
function cutRegular(
  start: i64,
  step: i64,
  rows: i32,
  from: i64,
  to: i64,
  origin: i64,
  width: i64,
  firstBucket: i64,
  bucketCount: i32,
  segments: usize,
  out: usize,
  size: usize,
): i32 {
  const lo = regularRow(start, step, rows, from);
  const hi = regularRow(start, step, rows, to);
  let count = 0;
  let i = lo;
  if (i >= hi) return 0;
  const dense = step <= width;
  const widthRows = width / step;
  const widthRest = width - widthRows * step;
  // Row i's bucket; each next one is the following bucket when dense.
  let k = floorDiv(start + <i64>i * step - origin, width);
  // end - start - 1 = quotient * step + rest for the bucket before (quotient -1: none yet).
  let quotient: i64 = -1;
  let rest: i64 = 0;
  while (i < hi) {
    const t = start + <i64>i * step;
    if (!dense) k = floorDiv(t - origin, width);
    const b = k - firstBucket;
    const bucketStart = origin + k * width;
    const end = bucketStart > to - width ? to : bucketStart + width;
    let j: i32;
    if (end >= to) {
      j = hi;
    } else if (dense) {
      // The first row at or past end: ceil((end - start) / step) = (end - start - 1) / step + 1
      // (end > t >= start), past the last row when at least rows.
      if (quotient < 0) {
        quotient = (end - start - 1) / step;
        rest = end - start - 1 - quotient * step;
      } else {
        quotient += widthRows;
        rest += widthRest;
        if (rest >= step) {
          rest -= step;
          quotient++;
        }
      }
      j = quotient + 1 >= <i64>hi ? hi : <i32>(quotient + 1);
    } else {
      j = min(hi, regularRow(start, step, rows, end));
    }
    if (b >= <i64>bucketCount) break;
    if (b >= 0) {
      putSegment(out, size, segments, count, <i32>b, i, j, t, start + <i64>(j - 1) * step);
      count++;
    }
    i = j;
    k++;
  }
  return count;
}

/** Reduces each segment of `values` into its bucket's sum, min, max, edge values and NaN flag. */
function reduceSegments(values: usize, segments: usize, count: i32, base: usize, size: usize): void {
  for (let g = 0; g < count; g++) {
    const s = segments + <usize>g * 12;
    const at = (<usize>load<i32>(s)) << 3;
    const i = load<i32>(s, 4);
    const j = load<i32>(s, 8);
    reducePiece(values + ((<usize>i) << 3), j - i, base + at, size);
    store<f64>(base + size * 3 + at, load<f64>(values + ((<usize>i) << 3)));
    store<f64>(base + size * 4 + at, load<f64>(values + ((<usize>(j - 1)) << 3)));
  }
}

/**
 * The ALP path of the range pass, fused: each vector holding rows of a segment is decoded into a
 * buffer that stays in L1 and reduced at once (a segment across vectors is reduced piece by
 * piece); vectors before the first segment are stepped over, those after the last never read.
 * Integer-valued vectors (see ./codecs/alp-integers.ts) are decoded to i32 codes and reduced in
 * i32 lanes (`reduceIntegerPiece`); the others as doubles. Returns 1, or 0 when a vector is corrupt.
 */
function aggregateAlpRange(src: usize, end: usize, rows: i32, segments: usize, count: i32, base: usize, size: usize, wants: i32): i32 {
  const firstUsed = load<i32>(segments, 4);
  const used = load<i32>(segments + <usize>(count - 1) * 12, 8);
  // Below 2^22 rows a bucket's integer sum stays below 2^53 (see reduceIntegerPiece).
  const small = rows < 1 << 22;
  const sums = small && (wants & WANT_MIN_MAX) == 0;
  const edges = (wants & WANT_EDGES) != 0;
  let p = src;
  let g = 0;
  for (let start = 0; start < used; start += BLOCK) {
    const m = min(BLOCK, rows - start);
    const stop = start + m;
    if (stop <= firstUsed) {
      p = skipVector(p, end, m);
      if (p == 0) return 0;
      continue;
    }
    if (sums) {
      const next = sumAlpVector(p, end, m, start, segments, g, count, base, size, edges);
      if (next >= 0) {
        p = integerVectorEnd;
        g = next;
        continue;
      }
    }
    const integers = small && decodeIntegerVector(p, end, m, integerVector, used - start);
    if (integers) {
      p = integerVectorEnd;
    } else {
      p = decodeVector(p, end, m, vector);
      if (p == 0) return 0;
    }
    while (g < count) {
      const s = segments + <usize>g * 12;
      const at = (<usize>load<i32>(s)) << 3;
      const i = load<i32>(s, 4);
      const j = load<i32>(s, 8);
      if (i >= stop) break;
      const a = max(i, start);
      const b = min(j, stop);
      if (integers) {
        reduceIntegerPiece(integerVector + ((<usize>(a - start)) << 2), b - a, base + at, size);
        if (i >= start) store<f64>(base + size * 3 + at, <f64>load<i32>(integerVector + ((<usize>(i - start)) << 2)));
        if (j > stop) break; // the segment goes on in the next vector
        store<f64>(base + size * 4 + at, <f64>load<i32>(integerVector + ((<usize>(j - 1 - start)) << 2)));
      } else {
        reducePiece(vector + ((<usize>(a - start)) << 3), b - a, base + at, size);
        if (i >= start) store<f64>(base + size * 3 + at, load<f64>(vector + ((<usize>(i - start)) << 3)));
        if (j > stop) break;
        store<f64>(base + size * 4 + at, load<f64>(vector + ((<usize>(j - 1 - start)) << 3)));
      }
      g++;
    }
  }
  return 1;
}

/** Most segment pieces sumAlpVector takes in one vector (more, as with buckets of a few rows: the decoding path). */
const SUM_PIECES = 128;

/**
 * The range pass's sum-only path for one ALP vector (rows start .. start + m - 1): when it is an
 * integer-valued vector with narrow deltas (see sumIntegerVector), adds each segment piece in it
 * (segments g onwards) to its bucket's sum, and the edge values when `edges`, and returns the
 * first segment not finished in it (the vector's end in integerVectorEnd). Returns -1, having
 * changed nothing, when the vector is not such a vector or holds more than SUM_PIECES pieces.
 *
 * Exactness as in reduceIntegerPiece: a piece's sum F(b) - F(a) is the exact integer sum of its
 * codes, |sum| < 2^31 * 2^10, and the bucket's cell adds it as a double, exactly below 2^53.
 */
function sumAlpVector(
  p: usize,
  end: usize,
  m: i32,
  start: i32,
  segments: usize,
  g: i32,
  count: i32,
  base: usize,
  size: usize,
  edges: bool,
): i32 {
  const stop = start + m;
  let n = 0;
  for (let h = g; h < count; h++) {
    const s = segments + <usize>h * 12;
    const i = load<i32>(s, 4);
    const j = load<i32>(s, 8);
    if (i >= stop) break;
    if (n == SUM_PIECES * 2) return -1;
    store<i32>(sumPoints + ((<usize>n) << 2), max(i, start) - start);
    store<i32>(sumPoints + ((<usize>(n + 1)) << 2), min(j, stop) - start);
    n += 2;
    if (j > stop) break;
  }
  if (!sumIntegerVector(p, end, m, sumPoints, n, sumRecords, integerVector)) return -1;
  let r: usize = sumRecords;
  while (g < count) {
    const s = segments + <usize>g * 12;
    const at = (<usize>load<i32>(s)) << 3;
    const i = load<i32>(s, 4);
    const j = load<i32>(s, 8);
    if (i >= stop) break;
    // Records: F, P, delta at the piece's start (r), then at its end (r + SUM_RECORD).
    const sum = load<i64>(r + SUM_RECORD) - load<i64>(r);
    store<f64>(base + at, load<f64>(base + at) + <f64>sum);
    if (edges) {
      if (i >= start) store<f64>(base + size * 3 + at, <f64>(load<i64>(r, 8) + load<i64>(r, 16)));
      if (j <= stop) store<f64>(base + size * 4 + at, <f64>load<i64>(r + SUM_RECORD, 8));
    }
    r += 2 * SUM_RECORD;
    if (j > stop) break; // the segment goes on in the next vector
    g++;
  }
  return g;
}

/** One integer-valued vector's i32 codes (the fused ALP path's buffer for those). */
const integerVector = memory.data(BLOCK * 4 + 16);

/**
 * Merges `n` >= 1 integer values (i32 at `values`) into one bucket's sum, min and max (at `cell`,
 * arrays `size` bytes apart), reduced in i32 lanes, eight values a step.
 *
 * Exactness: with M = max |v| over the piece, every partial sum, in any order and grouping, is an
 * integer of magnitude <= M * n. When M * n < 2^31 the i32 lane sums never wrap, so the piece's
 * sum S is exact (else it is summed again in i64, exact as |S| < 2^31 * 2^10). The bucket's cell
 * then adds S as a double. Doubles hold every integer below 2^53 in magnitude, so a double
 * addition of two integers whose result stays below 2^53 is exact: the cell ends as the exact sum
 * of the bucket's values, and so does the sequential reference v0 + v1 + ... (each of its partial
 * sums is such an integer): the two are equal bit for bit. The caller takes this path only for
 * chunks under 2^22 rows, so a bucket's total stays below 2^31 * 2^22 = 2^53. Min and max are
 * exact by construction, and integers are never NaN.
 */
function reduceIntegerPiece(values: usize, n: i32, cell: usize, size: usize): void {
  let s0 = i32x4.splat(0);
  let s1 = i32x4.splat(0);
  let lo0 = i32x4.splat(i32.MAX_VALUE);
  let lo1 = i32x4.splat(i32.MAX_VALUE);
  let hi0 = i32x4.splat(i32.MIN_VALUE);
  let hi1 = i32x4.splat(i32.MIN_VALUE);
  let r = 0;
  for (; r + 8 <= n; r += 8) {
    const p = values + ((<usize>r) << 2);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    s0 = i32x4.add(s0, a);
    s1 = i32x4.add(s1, b);
    lo0 = i32x4.min_s(lo0, a);
    lo1 = i32x4.min_s(lo1, b);
    hi0 = i32x4.max_s(hi0, a);
    hi1 = i32x4.max_s(hi1, b);
  }
  if (r + 4 <= n) {
    const a = v128.load(values + ((<usize>r) << 2));
    s0 = i32x4.add(s0, a);
    lo0 = i32x4.min_s(lo0, a);
    hi0 = i32x4.max_s(hi0, a);
    r += 4;
  }
  s0 = i32x4.add(s0, s1);
  lo0 = i32x4.min_s(lo0, lo1);
  hi0 = i32x4.max_s(hi0, hi1);
  // Lane order does not matter: the sum is exact (or redone) whatever the grouping.
  let sum = i32x4.extract_lane(s0, 0) + i32x4.extract_lane(s0, 1) + i32x4.extract_lane(s0, 2) + i32x4.extract_lane(s0, 3);
  let lo = min(min(i32x4.extract_lane(lo0, 0), i32x4.extract_lane(lo0, 1)), min(i32x4.extract_lane(lo0, 2), i32x4.extract_lane(lo0, 3)));
  let hi = max(max(i32x4.extract_lane(hi0, 0), i32x4.extract_lane(hi0, 1)), max(i32x4.extract_lane(hi0, 2), i32x4.extract_lane(hi0, 3)));
  for (; r < n; r++) {
    const x = load<i32>(values + ((<usize>r) << 2));
    sum += x;
    lo = min(lo, x);
    hi = max(hi, x);
  }
  const magnitude = max(abs(<i64>lo), abs(<i64>hi));
  let exact: i64 = <i64>sum;
  if (magnitude * <i64>n >= (<i64>1) << 31) {
    // The i32 lanes may have wrapped: sum again in i64.
    exact = 0;
    for (let q = 0; q < n; q++) exact += <i64>load<i32>(values + ((<usize>q) << 2));
  }
  store<f64>(cell, load<f64>(cell) + <f64>exact);
  const low = <f64>lo;
  const high = <f64>hi;
  if (low < load<f64>(cell + size)) store<f64>(cell + size, low);
  if (high > load<f64>(cell + size * 2)) store<f64>(cell + size * 2, high);
}

/** One decoded vector (the fused ALP path's buffer). */
const vector = memory.data(BLOCK * 8 + 16);

// sumAlpVector's positions (i32) and records (SUM_RECORD = 24 bytes each), two per piece, in the
// vector buffer, which that path leaves unused (static memory is tight).
const sumPoints = vector;
const sumRecords = vector + SUM_PIECES * 8;

/**
 * Merges `n` values at `values` into one bucket's sum, min, max and NaN flag (at `cell`, arrays
 * `size` bytes apart): two lanes, four values a step.
 */
function reducePiece(values: usize, n: i32, cell: usize, size: usize): void {
  let sum2 = f64x2.splat(0);
  let sumB = f64x2.splat(0);
  let min2 = f64x2.splat(Infinity);
  let minB = f64x2.splat(Infinity);
  let max2 = f64x2.splat(-Infinity);
  let maxB = f64x2.splat(-Infinity);
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const p = values + ((<usize>r) << 3);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    sum2 = f64x2.add(sum2, a);
    sumB = f64x2.add(sumB, b);
    // pmin(m, x) = x < m ? x : m: a NaN never replaces the running value.
    min2 = f64x2.pmin(min2, a);
    minB = f64x2.pmin(minB, b);
    max2 = f64x2.pmax(max2, a);
    maxB = f64x2.pmax(maxB, b);
  }
  sum2 = f64x2.add(sum2, sumB);
  min2 = f64x2.pmin(min2, minB);
  max2 = f64x2.pmax(max2, maxB);
  let sum = f64x2.extract_lane(sum2, 0) + f64x2.extract_lane(sum2, 1);
  let lo = f64x2.extract_lane(min2, 0);
  const lo1 = f64x2.extract_lane(min2, 1);
  if (lo1 < lo) lo = lo1;
  let hi = f64x2.extract_lane(max2, 0);
  const hi1 = f64x2.extract_lane(max2, 1);
  if (hi1 > hi) hi = hi1;
  for (; r < n; r++) {
    const x = load<f64>(values + ((<usize>r) << 3));
    sum += x;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  store<f64>(cell, load<f64>(cell) + sum);
  if (lo < load<f64>(cell + size)) store<f64>(cell + size, lo);
  if (hi > load<f64>(cell + size * 2)) store<f64>(cell + size * 2, hi);
  // A NaN sum comes from a NaN or from +Infinity meeting -Infinity: look only then.
  if (Number.isNaN(sum)) {
    for (let q = 0; q < n; q++) {
      if (Number.isNaN(load<f64>(values + ((<usize>q) << 3)))) {
        store<f64>(cell + size * 5, 1);
        break;
      }
    }
  }
}
