// Time-bucket accumulation shared by the aggregate kernels. Rows arrive sorted by time, so the
// bucket boundary is walked forward: one comparison per row, and a division only when a row jumps
// over more than one bucket. The current bucket's accumulators live in locals/globals and are merged
// into the output arrays when the bucket changes, so several chunks can feed one result.
//
// Output: `bucketCount` entries per array, arrays in this order: count, sum, sum of squares, min,
// max, first, last (f64), first time, last time (i64). Min and max skip NaN; sums include it.

import { BLOCK } from './codecs/pfor';

export const OUT_COUNT = 0;
export const OUT_SUM = 1;
export const OUT_SUM_SQUARES = 2;
export const OUT_MIN = 3;
export const OUT_MAX = 4;
export const OUT_FIRST = 5;
export const OUT_LAST = 6;
export const OUT_FIRST_TIME = 7;
export const OUT_LAST_TIME = 8;

let bucketCount: i32 = 0;
let origin: i64 = 0;
let width: i64 = 1;
let firstBucket: i64 = 0;
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

// Start of each output array, fixed by beginBuckets, so a bucket's entries cost one add each.
let outCount: usize = 0;
let outSum: usize = 0;
let outSumSquares: usize = 0;
let outMin: usize = 0;
let outMax: usize = 0;
let outFirst: usize = 0;
let outLast: usize = 0;
let outFirstTime: usize = 0;
let outLastTime: usize = 0;

function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return a % b != 0 && a < 0 ? q - 1 : q;
}

/** Starts a pass over rows for buckets [firstBucket, firstBucket + count) of `width` ns from `origin`. */
export function beginBuckets(output: usize, buckets: i32, bucketOrigin: i64, bucketWidth: i64, fromBucket: i64): void {
  bucketCount = buckets;
  const size = (<usize>buckets) << 3;
  outCount = output + <usize>OUT_COUNT * size;
  outSum = output + <usize>OUT_SUM * size;
  outSumSquares = output + <usize>OUT_SUM_SQUARES * size;
  outMin = output + <usize>OUT_MIN * size;
  outMax = output + <usize>OUT_MAX * size;
  outFirst = output + <usize>OUT_FIRST * size;
  outLast = output + <usize>OUT_LAST * size;
  outFirstTime = output + <usize>OUT_FIRST_TIME * size;
  outLastTime = output + <usize>OUT_LAST_TIME * size;
  origin = bucketOrigin;
  width = bucketWidth;
  firstBucket = fromBucket;
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
 * First index in [from, n) whose time is >= boundary (times[from] < boundary). A short linear scan
 * first (predictable branches, and most buckets hold few rows), then a galloping search.
 */
function findBoundary(times: usize, from: i32, n: i32, boundary: i64): i32 {
  if (from + 17 <= n) {
    // The next 16 times compared at once, their results narrowed to one bit each: the first set
    // bit is the first time at or past the boundary (as the scan finds it, sorted or not), without
    // a branch per row that mispredicts where bucket sizes vary.
    const b = i64x2.splat(boundary);
    const at = times + ((<usize>(from + 1)) << 3);
    const m0 = v128.shuffle<i32>(i64x2.ge_s(v128.load(at), b), i64x2.ge_s(v128.load(at, 16), b), 0, 2, 4, 6);
    const m1 = v128.shuffle<i32>(i64x2.ge_s(v128.load(at, 32), b), i64x2.ge_s(v128.load(at, 48), b), 0, 2, 4, 6);
    const m2 = v128.shuffle<i32>(i64x2.ge_s(v128.load(at, 64), b), i64x2.ge_s(v128.load(at, 80), b), 0, 2, 4, 6);
    const m3 = v128.shuffle<i32>(i64x2.ge_s(v128.load(at, 96), b), i64x2.ge_s(v128.load(at, 112), b), 0, 2, 4, 6);
    const mask = i8x16.bitmask(i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3)));
    if (mask != 0) return from + 1 + <i32>ctz(mask);
    from += 16;
  }
  const scanEnd = min(n, from + 32);
  let i = from + 1;
  for (; i < scanEnd; i++) if (load<i64>(times + ((<usize>i) << 3)) >= boundary) return i;
  if (i == n) return n;
  let low = i - 1;
  let step = 32;
  while (low + step < n && load<i64>(times + ((<usize>(low + step)) << 3)) < boundary) {
    low += step;
    step <<= 1;
  }
  let high = min(low + step, n);
  // Invariant: times[low] < boundary, and high == n or times[high] >= boundary.
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (load<i64>(times + ((<usize>mid) << 3)) < boundary) low = mid;
    else high = mid;
  }
  return high;
}

/** Results of `reduceWide`. */
let wideSum: f64 = 0;
let wideSquares: f64 = 0;
let wideLow: f64 = Infinity;
let wideHigh: f64 = -Infinity;

/**
 * Sum, sum of squares, min and max of values[from, to) (to - from >= 4) into the wide* globals:
 * four f64 lanes hide the add latency; pmin/pmax keep the accumulator when the value is NaN, so
 * NaN never wins.
 */
function reduceWide(values: usize, from: i32, to: i32): void {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let q0 = f64x2.splat(0);
  let q1 = f64x2.splat(0);
  let lo0 = f64x2.splat(Infinity);
  let lo1 = f64x2.splat(Infinity);
  let hi0 = f64x2.splat(-Infinity);
  let hi1 = f64x2.splat(-Infinity);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const p = values + ((<usize>i) << 3);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    s0 = f64x2.add(s0, a);
    s1 = f64x2.add(s1, b);
    q0 = f64x2.add(q0, f64x2.mul(a, a));
    q1 = f64x2.add(q1, f64x2.mul(b, b));
    lo0 = f64x2.pmin(lo0, a);
    lo1 = f64x2.pmin(lo1, b);
    hi0 = f64x2.pmax(hi0, a);
    hi1 = f64x2.pmax(hi1, b);
  }
  const s2 = f64x2.add(s0, s1);
  const q2 = f64x2.add(q0, q1);
  const lo2 = f64x2.pmin(lo0, lo1);
  const hi2 = f64x2.pmax(hi0, hi1);
  let s = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
  let q = f64x2.extract_lane(q2, 0) + f64x2.extract_lane(q2, 1);
  let lo = f64x2.extract_lane(lo2, 0);
  let hi = f64x2.extract_lane(hi2, 0);
  const lo3 = f64x2.extract_lane(lo2, 1);
  const hi3 = f64x2.extract_lane(hi2, 1);
  if (lo3 < lo) lo = lo3;
  if (hi3 > hi) hi = hi3;
  for (; i < to; i++) {
    const v = load<f64>(values + ((<usize>i) << 3));
    s += v;
    q += v * v;
    lo = select<f64>(v, lo, v < lo);
    hi = select<f64>(v, hi, v > hi);
  }
  wideSum = s;
  wideSquares = q;
  wideLow = lo;
  wideHigh = hi;
}

/** Where `pairs` stopped: the bucket then open (empty) and its end. */
let pairsBucket: i64 = 0;
let pairsBoundary: i64 = 0;

/**
 * From row i, which opens the empty bucket `cur` (ending at `boundary`), takes neighbouring
 * buckets two at a time while each holds exactly `r` rows (a regular series: 12 five-minute rows
 * per hour, or one hourly row): bucket k in lane 0 and k + 1 in lane 1, so the rows reduce in
 * order per lane (sums exactly as the sequential reference), and both merge into the output with
 * one set of two-lane operations, as the one-bucket merge would do them one at a time. Four time
 * comparisons per pair check the bucket boundaries. Returns the first row not taken; the bucket
 * then open (empty) and its end are left in pairsBucket and pairsBoundary.
 */
function pairs(times: usize, values: usize, i: i32, n: i32, r: i32, cur: i64, boundary: i64, step: i64, t0: i64): i32 {
  if (r == 1) return pairsOf<u8>(times, values, i, n, 1, cur, boundary, step, t0);
  if (r == 2) return pairsOf<u16>(times, values, i, n, 2, cur, boundary, step, t0);
  return pairsOf<u32>(times, values, i, n, r, cur, boundary, step, t0);
}

/**
 * `pairs` compiled once per row-count kind (`Rows`: u8 one row per bucket, u16 two, u32 any other
 * r): the constant r folds the other kinds' code away, and each kind calls its own `quadsOf`.
 */
function pairsOf<Rows>(times: usize, values: usize, i: i32, n: i32, rowCount: i32, cur: i64, boundary: i64, step: i64, t0: i64): i32 {
  const r = sizeof<Rows>() == 1 ? 1 : sizeof<Rows>() == 2 ? 2 : rowCount;
  const oCount = outCount;
  const oSum = outSum;
  const oSumSquares = outSumSquares;
  const oMin = outMin;
  const oMax = outMax;
  const oFirst = outFirst;
  const oLast = outLast;
  const oFirstTime = outFirstTime;
  const oLastTime = outLastTime;
  const w = width;
  const buckets = <i64>bucketCount;
  const rows = f64x2.splat(<f64>r);
  const span = (<usize>r) << 3;
  // Arithmetic times (step > 0): the pair's first and last times, computed.
  let firstTimes = i64x2(t0, t0 + <i64>r * step);
  const pairStep = i64x2.splat(<i64>(2 * r) * step);
  const lastOffset = i64x2.splat(<i64>(r - 1) * step);
  // A row always stays after the pair, in the bucket left open: a following piece of arithmetic
  // times whose first time repeats the last one (a duplicate) then still lands in the right bucket.
  // Constants hoisted out of the loop, and the checks as separate branches rather than && chains:
  // the JIT otherwise rebuilds the splats and materialises each comparison on every pair.
  const infinity = f64x2.splat(Infinity);
  const minusInfinity = f64x2.splat(-Infinity);
  const zero = f64x2.splat(0);
  const pairRows = 2 * r;
  while (true) {
    if (step > 0) {
      // Arithmetic times: four buckets per step while they are all fresh or all taken; a pair
      // here otherwise (mixed buckets), then four per step again.
      const next = quadsOf<Rows>(values, i, n, r, cur, boundary, step, i64x2.extract_lane(firstTimes, 0));
      if (next != i) {
        i = next;
        cur = pairsBucket;
        boundary = pairsBoundary;
        firstTimes = i64x2.add(i64x2.splat(pairsTime), i64x2(0, <i64>r * step));
      }
    }
    if (i + pairRows >= n) break;
    if (cur + 1 >= buckets) break;
    const at = times + ((<usize>i) << 3);
    const next = boundary + w;
    if (step == 0) {
      // Rows i .. i+r-1 in bucket `cur`, i+r .. i+2r-1 in the next one, and row i+2r beyond it.
      if (load<i64>(at + span - 8) >= boundary) break;
      if (load<i64>(at + span) < boundary) break;
      if (load<i64>(at + span + span - 8) >= next) break;
      if (load<i64>(at + span + span) < next) break;
    }
    const v = values + ((<usize>i) << 3);
    let firstValues: v128;
    let x: v128;
    let s: v128;
    let q: v128;
    let lo: v128;
    let hi: v128;
    if (r == 1) {
      // One row per bucket (an hourly series in 1-hour buckets): the pair is two adjacent rows.
      x = v128.load(v);
      firstValues = x;
      s = x;
      q = f64x2.mul(x, x);
      lo = f64x2.pmin(infinity, x);
      hi = f64x2.pmax(minusInfinity, x);
    } else if (r == 2) {
      // Two rows per bucket (a half-hourly series in 1-hour buckets): the firsts and the lasts
      // of the pair are one shuffle each of two loads.
      const a = v128.load(v);
      const b = v128.load(v, 16);
      firstValues = v128.shuffle<f64>(a, b, 0, 2);
      x = v128.shuffle<f64>(a, b, 1, 3);
      s = f64x2.add(firstValues, x);
      q = f64x2.add(f64x2.mul(firstValues, firstValues), f64x2.mul(x, x));
      lo = f64x2.pmin(f64x2.pmin(infinity, firstValues), x);
      hi = f64x2.pmax(f64x2.pmax(minusInfinity, firstValues), x);
    } else {
      // Each bucket reduces its own rows two at a time (contiguous loads, and two add chains of
      // r / 2 instead of one of r), then one shuffle-add folds bucket k's lanes into lane 0 and
      // bucket k + 1's into lane 1. Sums are reordered within a bucket, as the wider paths do.
      firstValues = v128.load64_lane(v + span, v128.load64_zero(v), 1);
      const w2 = v + span;
      let a = v128.load(v);
      let b = v128.load(w2);
      let sa = a;
      let sb = b;
      let qa = f64x2.mul(a, a);
      let qb = f64x2.mul(b, b);
      let la = f64x2.pmin(infinity, a);
      let lb = f64x2.pmin(infinity, b);
      let ha = f64x2.pmax(minusInfinity, a);
      let hb = f64x2.pmax(minusInfinity, b);
      const even = span & ~(<usize>15);
      for (let k: usize = 16; k < even; k += 16) {
        a = v128.load(v + k);
        b = v128.load(w2 + k);
        sa = f64x2.add(sa, a);
        sb = f64x2.add(sb, b);
        qa = f64x2.add(qa, f64x2.mul(a, a));
        qb = f64x2.add(qb, f64x2.mul(b, b));
        la = f64x2.pmin(la, a);
        lb = f64x2.pmin(lb, b);
        ha = f64x2.pmax(ha, a);
        hb = f64x2.pmax(hb, b);
      }
      s = f64x2.add(v128.shuffle<f64>(sa, sb, 0, 2), v128.shuffle<f64>(sa, sb, 1, 3));
      q = f64x2.add(v128.shuffle<f64>(qa, qb, 0, 2), v128.shuffle<f64>(qa, qb, 1, 3));
      lo = f64x2.pmin(v128.shuffle<f64>(la, lb, 0, 2), v128.shuffle<f64>(la, lb, 1, 3));
      hi = f64x2.pmax(v128.shuffle<f64>(ha, hb, 0, 2), v128.shuffle<f64>(ha, hb, 1, 3));
      if (even < span) {
        // An odd row count: each bucket's last row, gathered into the two lanes.
        x = v128.load64_lane(v + span + even, v128.load64_zero(v + even), 1);
        s = f64x2.add(s, x);
        q = f64x2.add(q, f64x2.mul(x, x));
        lo = f64x2.pmin(lo, x);
        hi = f64x2.pmax(hi, x);
      } else {
        x = v128.load64_lane(v + span + span - 8, v128.load64_zero(v + span - 8), 1);
      }
    }
    let lastTimes: v128;
    if (step == 0) {
      firstTimes = r == 1 ? v128.load(at) : v128.load64_lane(at + span, v128.load64_zero(at), 1);
      lastTimes = r == 1 ? firstTimes : v128.load64_lane(at + span + span - 8, v128.load64_zero(at + span - 8), 1);
    } else {
      lastTimes = i64x2.add(firstTimes, lastOffset);
    }
    // Both buckets merge into the output at once, as `flush` would one at a time: a bucket no
    // earlier pass touched (count 0) takes the pair's side as is. Both lanes fresh (one pass over a
    // result, the usual query) or both taken (a second chunk over the same buckets) skip the
    // per-lane selects of the mixed case.
    const offset = (<usize>cur) << 3;
    const count = v128.load(oCount + offset);
    const fresh = f64x2.eq(count, zero);
    v128.store(oCount + offset, f64x2.add(count, rows));
    if (i64x2.all_true(fresh)) {
      v128.store(oSum + offset, s);
      v128.store(oSumSquares + offset, q);
      v128.store(oMin + offset, lo);
      v128.store(oMax + offset, hi);
      v128.store(oFirst + offset, firstValues);
      v128.store(oFirstTime + offset, firstTimes);
      v128.store(oLast + offset, x);
      v128.store(oLastTime + offset, lastTimes);
    } else {
      // pmin/pmax keep the stored side unless the new one is strictly beyond it, as the merge does.
      if (v128.any_true(fresh)) {
        v128.store(oSum + offset, v128.bitselect(s, f64x2.add(v128.load(oSum + offset), s), fresh));
        v128.store(oSumSquares + offset, v128.bitselect(q, f64x2.add(v128.load(oSumSquares + offset), q), fresh));
        v128.store(oMin + offset, v128.bitselect(lo, f64x2.pmin(v128.load(oMin + offset), lo), fresh));
        v128.store(oMax + offset, v128.bitselect(hi, f64x2.pmax(v128.load(oMax + offset), hi), fresh));
      } else {
        v128.store(oSum + offset, f64x2.add(v128.load(oSum + offset), s));
        v128.store(oSumSquares + offset, f64x2.add(v128.load(oSumSquares + offset), q));
        v128.store(oMin + offset, f64x2.pmin(v128.load(oMin + offset), lo));
        v128.store(oMax + offset, f64x2.pmax(v128.load(oMax + offset), hi));
      }
      // Rows merged in time order (later chunks) keep the stored firsts: that common case skips
      // their selects. (The lasts stay branch-free: whether a later time wins can vary bucket to
      // bucket, and a mispredicted branch costs more than the selects.)
      const storedFirstTimes = v128.load(oFirstTime + offset);
      const takeFirst = v128.or(fresh, i64x2.lt_s(firstTimes, storedFirstTimes));
      if (v128.any_true(takeFirst)) {
        v128.store(oFirst + offset, v128.bitselect(firstValues, v128.load(oFirst + offset), takeFirst));
        v128.store(oFirstTime + offset, v128.bitselect(firstTimes, storedFirstTimes, takeFirst));
      }
      const storedLastTimes = v128.load(oLastTime + offset);
      const takeLast = v128.or(fresh, i64x2.ge_s(lastTimes, storedLastTimes));
      v128.store(oLast + offset, v128.bitselect(x, v128.load(oLast + offset), takeLast));
      v128.store(oLastTime + offset, v128.bitselect(lastTimes, storedLastTimes, takeLast));
    }
    i += 2 * r;
    firstTimes = i64x2.add(firstTimes, pairStep);
    if (step > 0 || load<i64>(at + span + span) < next + w) {
      // Row i opens the bucket after the pair: keep going.
      cur += 2;
      boundary = next + w;
    } else {
      // A gap: the main loop finds row i's bucket.
      cur += 1;
      boundary = next;
      break;
    }
  }
  pairsBucket = cur;
  pairsBoundary = boundary;
  return i;
}

/** Where `quadsOf` stopped: the first time of the bucket then open. */
let pairsTime: i64 = 0;

/**
 * As `pairs` on arithmetic times (`Rows`: u8 one row per bucket, u16 two, u32 r rows, r < 32):
 * four buckets per step, k and k + 1 in one pair of lanes, k + 2 and k + 3 in another, each
 * reduced as `pairs` reduces its pair (same operations, same order, so the same bits) and merged
 * into the output the same way, while the four are all fresh or all taken (else it stops, and
 * `pairs` merges lane by lane). Hourly and half-hourly series in 1-hour buckets spend most of
 * their time here: a step of four halves the loop's fixed work per bucket (its checks, the fresh
 * test, the constants the JIT rebuilds). Returns the first row not taken and leaves the bucket
 * then open in pairsBucket, pairsBoundary and its first time in pairsTime.
 */
function quadsOf<Rows>(values: usize, i: i32, n: i32, rowCount: i32, cur: i64, boundary: i64, step: i64, t0: i64): i32 {
  const r = sizeof<Rows>() == 1 ? 1 : sizeof<Rows>() == 2 ? 2 : rowCount;
  const span = (<usize>r) << 3;
  const even = span & ~(<usize>15);
  const oCount = outCount;
  const oSum = outSum;
  const oSumSquares = outSumSquares;
  const oMin = outMin;
  const oMax = outMax;
  const oFirst = outFirst;
  const oLast = outLast;
  const oFirstTime = outFirstTime;
  const oLastTime = outLastTime;
  const buckets = <i64>bucketCount;
  const rows = f64x2.splat(<f64>r);
  const infinity = f64x2.splat(Infinity);
  const minusInfinity = f64x2.splat(-Infinity);
  const zero = f64x2.splat(0);
  // First times of buckets k, k + 1; those of k + 2, k + 3 are `half` later.
  let firstTimes = i64x2(t0, t0 + <i64>r * step);
  const half = i64x2.splat(<i64>(2 * r) * step);
  const quadStep = i64x2.splat(<i64>(4 * r) * step);
  const lastOffset = i64x2.splat(<i64>(r - 1) * step);
  const quadWidth = width << 2;
  let t = t0;
  const quadTime = <i64>(4 * r) * step;
  // A row always stays after the four buckets, as in `pairs`.
  while (i + 4 * r < n && cur + 4 <= buckets) {
    const offset = (<usize>cur) << 3;
    const c0 = v128.load(oCount + offset);
    const c1 = v128.load(oCount + offset, 16);
    const fresh0 = f64x2.eq(c0, zero);
    const fresh1 = f64x2.eq(c1, zero);
    const freshBits = i64x2.bitmask(fresh0) | (i64x2.bitmask(fresh1) << 2);
    // Some buckets taken before and some not (where a chunk's buckets meet an earlier chunk's):
    // `pairs` merges those lane by lane. (No call here: the JIT would then keep every vector of
    // the loop in memory across it.)
    if (freshBits != 0 && freshBits != 15) break;
    const v = values + ((<usize>i) << 3);
    let f0: v128;
    let f1: v128;
    let l0: v128;
    let l1: v128;
    let s0: v128;
    let s1: v128;
    let q0: v128;
    let q1: v128;
    let lo0: v128;
    let lo1: v128;
    let hi0: v128;
    let hi1: v128;
    if (r == 1) {
      f0 = v128.load(v);
      f1 = v128.load(v, 16);
      l0 = f0;
      l1 = f1;
      s0 = f0;
      s1 = f1;
      q0 = f64x2.mul(f0, f0);
      q1 = f64x2.mul(f1, f1);
      lo0 = f64x2.pmin(infinity, f0);
      lo1 = f64x2.pmin(infinity, f1);
      hi0 = f64x2.pmax(minusInfinity, f0);
      hi1 = f64x2.pmax(minusInfinity, f1);
    } else if (r == 2) {
      const a = v128.load(v);
      const b = v128.load(v, 16);
      const c = v128.load(v, 32);
      const d = v128.load(v, 48);
      f0 = v128.shuffle<f64>(a, b, 0, 2);
      l0 = v128.shuffle<f64>(a, b, 1, 3);
      f1 = v128.shuffle<f64>(c, d, 0, 2);
      l1 = v128.shuffle<f64>(c, d, 1, 3);
      s0 = f64x2.add(f0, l0);
      s1 = f64x2.add(f1, l1);
      q0 = f64x2.add(f64x2.mul(f0, f0), f64x2.mul(l0, l0));
      q1 = f64x2.add(f64x2.mul(f1, f1), f64x2.mul(l1, l1));
      lo0 = f64x2.pmin(f64x2.pmin(infinity, f0), l0);
      lo1 = f64x2.pmin(f64x2.pmin(infinity, f1), l1);
      hi0 = f64x2.pmax(f64x2.pmax(minusInfinity, f0), l0);
      hi1 = f64x2.pmax(f64x2.pmax(minusInfinity, f1), l1);
    } else {
      // Two pairs reduced as `pairs` reduces one (the same operations in the same order).
      {
        const v0 = v;
        const v1 = v0 + span;
        let a = v128.load(v0);
        let b = v128.load(v1);
        let sa = a;
        let sb = b;
        let qa = f64x2.mul(a, a);
        let qb = f64x2.mul(b, b);
        let la = f64x2.pmin(infinity, a);
        let lb = f64x2.pmin(infinity, b);
        let ha = f64x2.pmax(minusInfinity, a);
        let hb = f64x2.pmax(minusInfinity, b);
        for (let k: usize = 16; k < even; k += 16) {
          a = v128.load(v0 + k);
          b = v128.load(v1 + k);
          sa = f64x2.add(sa, a);
          sb = f64x2.add(sb, b);
          qa = f64x2.add(qa, f64x2.mul(a, a));
          qb = f64x2.add(qb, f64x2.mul(b, b));
          la = f64x2.pmin(la, a);
          lb = f64x2.pmin(lb, b);
          ha = f64x2.pmax(ha, a);
          hb = f64x2.pmax(hb, b);
        }
        f0 = v128.load64_lane(v1, v128.load64_zero(v0), 1);
        s0 = f64x2.add(v128.shuffle<f64>(sa, sb, 0, 2), v128.shuffle<f64>(sa, sb, 1, 3));
        q0 = f64x2.add(v128.shuffle<f64>(qa, qb, 0, 2), v128.shuffle<f64>(qa, qb, 1, 3));
        lo0 = f64x2.pmin(v128.shuffle<f64>(la, lb, 0, 2), v128.shuffle<f64>(la, lb, 1, 3));
        hi0 = f64x2.pmax(v128.shuffle<f64>(ha, hb, 0, 2), v128.shuffle<f64>(ha, hb, 1, 3));
        if (even < span) {
          const x = v128.load64_lane(v1 + even, v128.load64_zero(v0 + even), 1);
          s0 = f64x2.add(s0, x);
          q0 = f64x2.add(q0, f64x2.mul(x, x));
          lo0 = f64x2.pmin(lo0, x);
          hi0 = f64x2.pmax(hi0, x);
          l0 = x;
        } else {
          l0 = v128.load64_lane(v1 + span - 8, v128.load64_zero(v0 + span - 8), 1);
        }
      }
      {
        const v0 = v + span + span;
        const v1 = v0 + span;
        let a = v128.load(v0);
        let b = v128.load(v1);
        let sa = a;
        let sb = b;
        let qa = f64x2.mul(a, a);
        let qb = f64x2.mul(b, b);
        let la = f64x2.pmin(infinity, a);
        let lb = f64x2.pmin(infinity, b);
        let ha = f64x2.pmax(minusInfinity, a);
        let hb = f64x2.pmax(minusInfinity, b);
        for (let k: usize = 16; k < even; k += 16) {
          a = v128.load(v0 + k);
          b = v128.load(v1 + k);
          sa = f64x2.add(sa, a);
          sb = f64x2.add(sb, b);
          qa = f64x2.add(qa, f64x2.mul(a, a));
          qb = f64x2.add(qb, f64x2.mul(b, b));
          la = f64x2.pmin(la, a);
          lb = f64x2.pmin(lb, b);
          ha = f64x2.pmax(ha, a);
          hb = f64x2.pmax(hb, b);
        }
        f1 = v128.load64_lane(v1, v128.load64_zero(v0), 1);
        s1 = f64x2.add(v128.shuffle<f64>(sa, sb, 0, 2), v128.shuffle<f64>(sa, sb, 1, 3));
        q1 = f64x2.add(v128.shuffle<f64>(qa, qb, 0, 2), v128.shuffle<f64>(qa, qb, 1, 3));
        lo1 = f64x2.pmin(v128.shuffle<f64>(la, lb, 0, 2), v128.shuffle<f64>(la, lb, 1, 3));
        hi1 = f64x2.pmax(v128.shuffle<f64>(ha, hb, 0, 2), v128.shuffle<f64>(ha, hb, 1, 3));
        if (even < span) {
          const x = v128.load64_lane(v1 + even, v128.load64_zero(v0 + even), 1);
          s1 = f64x2.add(s1, x);
          q1 = f64x2.add(q1, f64x2.mul(x, x));
          lo1 = f64x2.pmin(lo1, x);
          hi1 = f64x2.pmax(hi1, x);
          l1 = x;
        } else {
          l1 = v128.load64_lane(v1 + span - 8, v128.load64_zero(v0 + span - 8), 1);
        }
      }
    }
    const ft0 = firstTimes;
    const ft1 = i64x2.add(firstTimes, half);
    const lt0 = r == 1 ? ft0 : i64x2.add(ft0, lastOffset);
    const lt1 = r == 1 ? ft1 : i64x2.add(ft1, lastOffset);
    v128.store(oCount + offset, f64x2.add(c0, rows));
    v128.store(oCount + offset, f64x2.add(c1, rows), 16);
    if (freshBits == 0) {
      // Every bucket taken before (a second chunk over the same buckets): merged as `pairs` does.
      v128.store(oSum + offset, f64x2.add(v128.load(oSum + offset), s0));
      v128.store(oSum + offset, f64x2.add(v128.load(oSum + offset, 16), s1), 16);
      v128.store(oSumSquares + offset, f64x2.add(v128.load(oSumSquares + offset), q0));
      v128.store(oSumSquares + offset, f64x2.add(v128.load(oSumSquares + offset, 16), q1), 16);
      if (r <= 2) {
        // pmin/pmax keep the first strict extreme of a sequence, so folding the stored extreme
        // and then the rows in order gives the bits of folding the rows (from the infinities)
        // and then merging: two operations fewer per pair.
        const storedLow0 = f64x2.pmin(v128.load(oMin + offset), f0);
        const storedLow1 = f64x2.pmin(v128.load(oMin + offset, 16), f1);
        const storedHigh0 = f64x2.pmax(v128.load(oMax + offset), f0);
        const storedHigh1 = f64x2.pmax(v128.load(oMax + offset, 16), f1);
        v128.store(oMin + offset, r == 1 ? storedLow0 : f64x2.pmin(storedLow0, l0));
        v128.store(oMin + offset, r == 1 ? storedLow1 : f64x2.pmin(storedLow1, l1), 16);
        v128.store(oMax + offset, r == 1 ? storedHigh0 : f64x2.pmax(storedHigh0, l0));
        v128.store(oMax + offset, r == 1 ? storedHigh1 : f64x2.pmax(storedHigh1, l1), 16);
      } else {
        v128.store(oMin + offset, f64x2.pmin(v128.load(oMin + offset), lo0));
        v128.store(oMin + offset, f64x2.pmin(v128.load(oMin + offset, 16), lo1), 16);
        v128.store(oMax + offset, f64x2.pmax(v128.load(oMax + offset), hi0));
        v128.store(oMax + offset, f64x2.pmax(v128.load(oMax + offset, 16), hi1), 16);
      }
      const sf0 = v128.load(oFirstTime + offset);
      const sf1 = v128.load(oFirstTime + offset, 16);
      const takeFirst0 = i64x2.lt_s(ft0, sf0);
      const takeFirst1 = i64x2.lt_s(ft1, sf1);
      if (v128.any_true(v128.or(takeFirst0, takeFirst1))) {
        v128.store(oFirst + offset, v128.bitselect(f0, v128.load(oFirst + offset), takeFirst0));
        v128.store(oFirst + offset, v128.bitselect(f1, v128.load(oFirst + offset, 16), takeFirst1), 16);
        v128.store(oFirstTime + offset, v128.bitselect(ft0, sf0, takeFirst0));
        v128.store(oFirstTime + offset, v128.bitselect(ft1, sf1, takeFirst1), 16);
      }
      const sl0 = v128.load(oLastTime + offset);
      const sl1 = v128.load(oLastTime + offset, 16);
      // A stored last stays only when its time is strictly later (a tie goes to the later chunk).
      const keepLast0 = i64x2.gt_s(sl0, lt0);
      const keepLast1 = i64x2.gt_s(sl1, lt1);
      if (!v128.any_true(v128.or(keepLast0, keepLast1))) {
        // Rows merged in time order (later chunks): every last is taken.
        v128.store(oLast + offset, l0);
        v128.store(oLast + offset, l1, 16);
        v128.store(oLastTime + offset, lt0);
        v128.store(oLastTime + offset, lt1, 16);
      } else {
        v128.store(oLast + offset, v128.bitselect(v128.load(oLast + offset), l0, keepLast0));
        v128.store(oLast + offset, v128.bitselect(v128.load(oLast + offset, 16), l1, keepLast1), 16);
        v128.store(oLastTime + offset, v128.bitselect(sl0, lt0, keepLast0));
        v128.store(oLastTime + offset, v128.bitselect(sl1, lt1, keepLast1), 16);
      }
    } else {
      // No bucket taken before (one pass over a result, the usual query).
      v128.store(oSum + offset, s0);
      v128.store(oSum + offset, s1, 16);
      v128.store(oSumSquares + offset, q0);
      v128.store(oSumSquares + offset, q1, 16);
      v128.store(oMin + offset, lo0);
      v128.store(oMin + offset, lo1, 16);
      v128.store(oMax + offset, hi0);
      v128.store(oMax + offset, hi1, 16);
      v128.store(oFirst + offset, f0);
      v128.store(oFirst + offset, f1, 16);
      v128.store(oFirstTime + offset, ft0);
      v128.store(oFirstTime + offset, ft1, 16);
      v128.store(oLast + offset, l0);
      v128.store(oLast + offset, l1, 16);
      v128.store(oLastTime + offset, lt0);
      v128.store(oLastTime + offset, lt1, 16);
    }
    i += 4 * r;
    cur += 4;
    boundary += quadWidth;
    t += quadTime;
    firstTimes = i64x2.add(firstTimes, quadStep);
  }
  pairsBucket = cur;
  pairsBoundary = boundary;
  pairsTime = t;
  return i;
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

/** Times written out for the rows `accumulateRegular` leaves to `accumulate` (at most BLOCK). */
const regularTimes = memory.data(BLOCK * 8);

/** Writes t0, t0 + step, ... (n <= BLOCK times) into `regularTimes`. */
function writeSteps(t0: i64, step: i64, n: i32): usize {
  let pair = i64x2(t0, t0 + step);
  const stride = i64x2.splat(step * 2);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    v128.store(regularTimes + ((<usize>j) << 3), pair);
    pair = i64x2.add(pair, stride);
  }
  if (j < n) store<i64>(regularTimes + ((<usize>j) << 3), t0 + <i64>j * step);
  return regularTimes;
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
