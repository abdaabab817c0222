// The open bucket (its accumulators and position on the grid) and every step that writes it: the
// entry points (`beginBuckets`, `accumulate` on sorted times, `accumulateRegular` on arithmetic
// times, `accumulateOne`, `endBuckets`) and the merge of a closed bucket into the output. They stay
// in one file because an imported global cannot be assigned from another module.

import { findBoundary, floorDiv } from './boundaries';
import {
  bucketCount,
  firstBucket,
  origin,
  outCount,
  outFirst,
  outFirstTime,
  outLast,
  outLastTime,
  outMax,
  outMin,
  outSum,
  outSumSquares,
  setLayout,
  width,
} from './layout';
import { pairs, pairsBoundary, pairsBucket } from './pairs';
import { reduceWide, wideHigh, wideLow, wideSquares, wideSum } from './reduce';
import { writeSteps } from './steps';

/** Index of the current bucket relative to `firstBucket`; -1 before the range. */
let current: i64 = -1;
let nextBoundary: i64 = 0;
let done = false;

let count: f64 = 0;
let sum: f64 = 0;
let sumSquares: f64 = 0;
let low: f64 = Infinity;
let high: f64 = -Infinity;
let first: f64 = 0;
let last: f64 = 0;
let firstTime: i64 = 0;
let lastTime: i64 = 0;

/** Starts a pass over rows for buckets [firstBucket, firstBucket + count) of `width` ns from `origin`. */
export function beginBuckets(output: usize, buckets: i32, bucketOrigin: i64, bucketWidth: i64, fromBucket: i64): void {
  setLayout(output, buckets, bucketOrigin, bucketWidth, fromBucket);
  current = -1;
  nextBoundary = origin + firstBucket * width;
  done = buckets <= 0;
  count = 0;
  sum = 0;
  sumSquares = 0;
  low = Infinity;
  high = -Infinity;
}

function flush(): void {
  if (count == 0) return;
  const offset = (<usize>current) << 3;
  const previous = load<f64>(outCount + offset);
  if (previous == 0) {
    // The usual case (one chunk per bucket): nothing to merge with.
    store<f64>(outCount + offset, count);
    store<f64>(outSum + offset, sum);
    store<f64>(outSumSquares + offset, sumSquares);
    store<f64>(outMin + offset, low);
    store<f64>(outMax + offset, high);
    store<f64>(outFirst + offset, first);
    store<f64>(outLast + offset, last);
    store<i64>(outFirstTime + offset, firstTime);
    store<i64>(outLastTime + offset, lastTime);
    count = 0;
    return;
  }
  store<f64>(outCount + offset, previous + count);
  store<f64>(outSum + offset, load<f64>(outSum + offset) + sum);
  store<f64>(outSumSquares + offset, load<f64>(outSumSquares + offset) + sumSquares);
  if (low < load<f64>(outMin + offset)) store<f64>(outMin + offset, low);
  if (high > load<f64>(outMax + offset)) store<f64>(outMax + offset, high);
  if (firstTime < load<i64>(outFirstTime + offset)) {
    store<f64>(outFirst + offset, first);
    store<i64>(outFirstTime + offset, firstTime);
  }
  if (lastTime >= load<i64>(outLastTime + offset)) {
    store<f64>(outLast + offset, last);
    store<i64>(outLastTime + offset, lastTime);
  }
  count = 0;
}

/** Moves to the bucket holding `t` (>= nextBoundary). */
function advance(t: i64): void {
  flush();
  sum = 0;
  sumSquares = 0;
  low = Infinity;
  high = -Infinity;
  if (t < nextBoundary + width && current >= 0) {
    current++;
    nextBoundary += width;
  } else {
    const absolute = floorDiv(t - origin, width);
    current = absolute - firstBucket;
    nextBoundary = origin + (absolute + 1) * width;
  }
  if (current >= <i64>bucketCount) done = true;
}

/**
 * Accumulates rows [0, n) of sorted `times` and their `values`: each bucket's rows are found on
 * the times (first where the previous bucket's row count predicts, which is right for regular
 * series, else by a short scan and a galloping search), then reduced without looking at times
 * again. The open bucket lives in locals for the whole call, so a bucket of one row costs a few
 * compares and the stores of its results. Returns false once past the last bucket.
 */
export function accumulate(times: usize, values: usize, n: i32): bool {
  if (done) return false;
  let cur = current;
  let boundary = nextBoundary;
  let cnt = count;
  let s = sum;
  let q = sumSquares;
  let lo = low;
  let hi = high;
  let fst = first;
  let lst = last;
  let ft = firstTime;
  let lt = lastTime;
  const w = width;
  const buckets = <i64>bucketCount;
  const oCount = outCount;
  const oSum = outSum;
  const oSumSquares = outSumSquares;
  const oMin = outMin;
  const oMax = outMax;
  const oFirst = outFirst;
  const oLast = outLast;
  const oFirstTime = outFirstTime;
  const oLastTime = outLastTime;
  let stride = 1;
  let i = 0;
  while (i < n) {
    const t = load<i64>(times + ((<usize>i) << 3));
    if (t >= boundary) {
      if (cnt != 0) {
        // Merge the bucket into the output (as `flush`, with everything in locals).
        const offset = (<usize>cur) << 3;
        const previous = load<f64>(oCount + offset);
        if (previous == 0) {
          store<f64>(oCount + offset, cnt);
          store<f64>(oSum + offset, s);
          store<f64>(oSumSquares + offset, q);
          store<f64>(oMin + offset, lo);
          store<f64>(oMax + offset, hi);
          store<f64>(oFirst + offset, fst);
          store<f64>(oLast + offset, lst);
          store<i64>(oFirstTime + offset, ft);
          store<i64>(oLastTime + offset, lt);
        } else {
          store<f64>(oCount + offset, previous + cnt);
          store<f64>(oSum + offset, load<f64>(oSum + offset) + s);
          store<f64>(oSumSquares + offset, load<f64>(oSumSquares + offset) + q);
          if (lo < load<f64>(oMin + offset)) store<f64>(oMin + offset, lo);
          if (hi > load<f64>(oMax + offset)) store<f64>(oMax + offset, hi);
          if (ft < load<i64>(oFirstTime + offset)) {
            store<f64>(oFirst + offset, fst);
            store<i64>(oFirstTime + offset, ft);
          }
          if (lt >= load<i64>(oLastTime + offset)) {
            store<f64>(oLast + offset, lst);
            store<i64>(oLastTime + offset, lt);
          }
        }
        cnt = 0;
        s = 0;
        q = 0;
        lo = Infinity;
        hi = -Infinity;
      }
      if (t < boundary + w && cur >= 0) {
        cur++;
        boundary += w;
      } else {
        const absolute = floorDiv(t - origin, w);
        cur = absolute - firstBucket;
        boundary = origin + (absolute + 1) * w;
      }
      if (cur >= buckets) {
        done = true;
        break;
      }
    }
    // The bucket's end: where the last bucket's row count says, when the times agree.
    let end = i + stride;
    let predicted = true;
    if (end < n) {
      if (!(load<i64>(times + ((<usize>(end - 1)) << 3)) < boundary && load<i64>(times + ((<usize>end) << 3)) >= boundary)) {
        end = findBoundary(times, i, n, boundary);
        predicted = false;
      }
    } else if (load<i64>(times + ((<usize>(n - 1)) << 3)) < boundary) {
      end = n;
    } else {
      end = findBoundary(times, i, n, boundary);
      predicted = false;
    }
    stride = end - i;
    // Pairs only where the last bucket's row count held again (a regular stretch): where bucket
    // sizes vary, the attempt would fail on its first checks, every bucket.
    if (predicted && stride < 32 && cnt == 0 && cur >= 0 && i + 2 * stride < n && cur + 1 < buckets) {
      // Buckets of equal row counts (a regular series): two at a time, see `pairs`.
      const next = pairs(times, values, i, n, stride, cur, boundary, 0, 0);
      if (next != i) {
        i = next;
        cur = pairsBucket;
        boundary = pairsBoundary;
        if (cur >= buckets) {
          done = true;
          break;
        }
        continue;
      }
    }
    if (cur >= 0 && stride == 1) {
      // One row (sparse buckets): no loop.
      const v = load<f64>(values + ((<usize>i) << 3));
      if (cnt == 0) {
        fst = v;
        ft = t;
      }
      lst = v;
      lt = t;
      cnt += 1;
      s += v;
      q += v * v;
      lo = select<f64>(v, lo, v < lo);
      hi = select<f64>(v, hi, v > hi);
    } else if (cur >= 0) {
      if (cnt == 0) {
        fst = load<f64>(values + ((<usize>i) << 3));
        ft = t;
      }
      lst = load<f64>(values + ((<usize>(end - 1)) << 3));
      lt = load<i64>(times + ((<usize>(end - 1)) << 3));
      cnt += <f64>stride;
      if (stride < 8) {
        for (let k = i; k < end; k++) {
          const v = load<f64>(values + ((<usize>k) << 3));
          s += v;
          q += v * v;
          lo = select<f64>(v, lo, v < lo);
          hi = select<f64>(v, hi, v > hi);
        }
      } else if (stride < 32) {
        // Medium buckets (a 5-minute series in 1-hour buckets): one set of two-lane accumulators,
        // inline, so the setup and the final merge stay small.
        // The first four rows seed two sets of accumulators (no splats, two shorter add chains).
        const at = values + ((<usize>i) << 3);
        const a = v128.load(at);
        const b = v128.load(at, 16);
        let s2 = a;
        let s3 = b;
        let q2 = f64x2.mul(a, a);
        let q3 = f64x2.mul(b, b);
        let lo2 = f64x2.pmin(f64x2.splat(Infinity), a);
        let lo3 = f64x2.pmin(f64x2.splat(Infinity), b);
        let hi2 = f64x2.pmax(f64x2.splat(-Infinity), a);
        let hi3 = f64x2.pmax(f64x2.splat(-Infinity), b);
        let k = i + 4;
        for (; k + 4 <= end; k += 4) {
          const p = values + ((<usize>k) << 3);
          const v = v128.load(p);
          const u = v128.load(p, 16);
          s2 = f64x2.add(s2, v);
          s3 = f64x2.add(s3, u);
          q2 = f64x2.add(q2, f64x2.mul(v, v));
          q3 = f64x2.add(q3, f64x2.mul(u, u));
          lo2 = f64x2.pmin(lo2, v);
          lo3 = f64x2.pmin(lo3, u);
          hi2 = f64x2.pmax(hi2, v);
          hi3 = f64x2.pmax(hi3, u);
        }
        if (k + 2 <= end) {
          const v = v128.load(values + ((<usize>k) << 3));
          s2 = f64x2.add(s2, v);
          q2 = f64x2.add(q2, f64x2.mul(v, v));
          lo2 = f64x2.pmin(lo2, v);
          hi2 = f64x2.pmax(hi2, v);
          k += 2;
        }
        s2 = f64x2.add(s2, s3);
        q2 = f64x2.add(q2, q3);
        lo2 = f64x2.pmin(lo2, lo3);
        hi2 = f64x2.pmax(hi2, hi3);
        s += f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
        q += f64x2.extract_lane(q2, 0) + f64x2.extract_lane(q2, 1);
        lo = select<f64>(f64x2.extract_lane(lo2, 0), lo, f64x2.extract_lane(lo2, 0) < lo);
        lo = select<f64>(f64x2.extract_lane(lo2, 1), lo, f64x2.extract_lane(lo2, 1) < lo);
        hi = select<f64>(f64x2.extract_lane(hi2, 0), hi, f64x2.extract_lane(hi2, 0) > hi);
        hi = select<f64>(f64x2.extract_lane(hi2, 1), hi, f64x2.extract_lane(hi2, 1) > hi);
        if (k < end) {
          const v = load<f64>(values + ((<usize>k) << 3));
          s += v;
          q += v * v;
          lo = select<f64>(v, lo, v < lo);
          hi = select<f64>(v, hi, v > hi);
        }
      } else {
        reduceWide(values, i, end);
        s += wideSum;
        q += wideSquares;
        if (wideLow < lo) lo = wideLow;
        if (wideHigh > hi) hi = wideHigh;
      }
    }
    i = end;
  }
  current = cur;
  nextBoundary = boundary;
  count = cnt;
  sum = s;
  sumSquares = q;
  low = lo;
  high = hi;
  first = fst;
  last = lst;
  firstTime = ft;
  lastTime = lt;
  return !done;
}

/**
 * As `accumulate` for n <= BLOCK rows whose times are t0 + j * step (step > 0, not wrapping: a
 * regular stretch of a time payload, see time-pieces.ts). When the bucket width is a multiple of
 * the step, every whole bucket holds width / step rows: those are taken two at a time (`pairs`)
 * or one at a time (wide buckets) with their edges and first and last times computed, never
 * searched or loaded. Rows of the bucket already open, of a bucket entered part-way (after a gap)
 * and after the last whole bucket go through `accumulate` on their times written out.
 */
export function accumulateRegular(values: usize, n: i32, t0: i64, step: i64): bool {
  if (done) return false;
  const w = width;
  if (w % step != 0 || w / step > <i64>n) return accumulate(writeSteps(t0, step, n), values, n);
  const r = <i32>(w / step);
  // Rows before the open bucket's end (a gap wider than i64 wraps negative: all of them).
  let i = 0;
  if (t0 < nextBoundary) {
    const gap = nextBoundary - t0;
    i = gap < 0 ? n : <i32>min<i64>(<i64>n, (gap - 1) / step + 1);
    foldOpen(values, 0, i, t0, step);
    if (i == n) return true;
  }
  let t = t0 + <i64>i * step;
  // Row i opens a bucket: close the open one and move there (empty).
  advance(t);
  if (done) return false;
  if (current < 0) return accumulate(writeSteps(t, step, n - i), values + ((<usize>i) << 3), n - i);
  if (t - (nextBoundary - w) >= step) {
    // After a gap row i can fall past its bucket's first step: the rows up to the bucket's end
    // join it, and the next bucket starts on the step grid.
    const k = <i32>min<i64>(<i64>(n - i), (nextBoundary - t - 1) / step + 1);
    foldOpen(values, i, i + k, t, step);
    i += k;
    if (i == n) return true;
    t = t0 + <i64>i * step;
    advance(t);
    if (done) return false;
  }
  if (r < 32) {
    i = pairs(0, values, i, n, r, current, nextBoundary, step, t);
    current = pairsBucket;
    nextBoundary = pairsBoundary;
  } else {
    const buckets = <i64>bucketCount;
    const lastOffset = <i64>(r - 1) * step;
    // A row stays after the last bucket taken, as in `pairs`.
    while (i + r < n && current < buckets) {
      reduceWide(values, i, i + r);
      count = <f64>r;
      sum = wideSum;
      sumSquares = wideSquares;
      low = wideLow;
      high = wideHigh;
      first = load<f64>(values + ((<usize>i) << 3));
      last = load<f64>(values + ((<usize>(i + r - 1)) << 3));
      firstTime = t;
      lastTime = firstTime + lastOffset;
      flush();
      current++;
      nextBoundary += w;
      i += r;
      t += <i64>r * step;
    }
    sum = 0;
    sumSquares = 0;
    low = Infinity;
    high = -Infinity;
  }
  if (current >= <i64>bucketCount) {
    done = true;
    return false;
  }
  // The rest starts bucket `current` on the grid: its rows, then the next bucket's (whole
  // buckets hold r rows), left open for the following rows.
  t = t0 + <i64>i * step;
  const k = min(n - i, r);
  foldOpen(values, i, i + k, t, step);
  i += k;
  if (i < n) {
    t = t0 + <i64>i * step;
    advance(t);
    if (done) return false;
    foldOpen(values, i, n, t, step);
  }
  return true;
}

/**
 * Adds rows [from, to) (from < to), whose times are t, t + step, ..., to the open bucket, which
 * holds them all (nothing when the bucket is before the range).
 */
function foldOpen(values: usize, from: i32, to: i32, t: i64, step: i64): void {
  if (current < 0) return;
  if (count == 0) {
    first = load<f64>(values + ((<usize>from) << 3));
    firstTime = t;
  }
  last = load<f64>(values + ((<usize>(to - 1)) << 3));
  lastTime = t + <i64>(to - 1 - from) * step;
  count += <f64>(to - from);
  if (to - from >= 4) {
    reduceWide(values, from, to);
    sum += wideSum;
    sumSquares += wideSquares;
    if (wideLow < low) low = wideLow;
    if (wideHigh > high) high = wideHigh;
    return;
  }
  let s = sum;
  let q = sumSquares;
  let lo = low;
  let hi = high;
  for (let k = from; k < to; k++) {
    const v = load<f64>(values + ((<usize>k) << 3));
    s += v;
    q += v * v;
    lo = select<f64>(v, lo, v < lo);
    hi = select<f64>(v, hi, v > hi);
  }
  sum = s;
  sumSquares = q;
  low = lo;
  high = hi;
}

/** As `accumulate` for one row (used where rows carry a validity bit). */
export function accumulateOne(t: i64, v: f64): bool {
  if (done) return false;
  if (t >= nextBoundary) {
    advance(t);
    if (done) return false;
  }
  if (current < 0) return true;
  if (count == 0) {
    first = v;
    firstTime = t;
  }
  last = v;
  lastTime = t;
  count += 1;
  sum += v;
  sumSquares += v * v;
  if (v < low) low = v;
  if (v > high) high = v;
  return true;
}

/** Merges the last open bucket into the output. */
export function endBuckets(): void {
  if (current >= 0 && current < <i64>bucketCount) flush();
  count = 0;
}
