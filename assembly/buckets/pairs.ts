// The two-bucket step: neighbouring buckets of equal row counts (a regular series) reduced and
// merged into the output two at a time, one bucket per lane; on arithmetic times it hands the
// stretches where four buckets are all fresh or all taken to `quadsOf`.

import {
  bucketCount,
  outCount,
  outFirst,
  outFirstTime,
  outLast,
  outLastTime,
  outMax,
  outMin,
  outSum,
  outSumSquares,
  width,
} from './layout';
import { quadsBoundary, quadsBucket, quadsOf, quadsTime } from './quads';

/** Where `pairs` stopped: the bucket then open (empty) and its end. */
export let pairsBucket: i64 = 0;
export let pairsBoundary: i64 = 0;

/**
 * From row i, which opens the empty bucket `cur` (ending at `boundary`), takes neighbouring
 * buckets two at a time while each holds exactly `r` rows (a regular series: 12 five-minute rows
 * per hour, or one hourly row): bucket k in lane 0 and k + 1 in lane 1, so the rows reduce in
 * order per lane (sums exactly as the sequential reference), and both merge into the output with
 * one set of two-lane operations, as the one-bucket merge would do them one at a time. Four time
 * comparisons per pair check the bucket boundaries. Returns the first row not taken; the bucket
 * then open (empty) and its end are left in pairsBucket and pairsBoundary.
 */
export function pairs(times: usize, values: usize, i: i32, n: i32, r: i32, cur: i64, boundary: i64, step: i64, t0: i64): i32 {
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
        cur = quadsBucket;
        boundary = quadsBoundary;
        firstTimes = i64x2.add(i64x2.splat(quadsTime), i64x2(0, <i64>r * step));
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
