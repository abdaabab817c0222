// The four-bucket step on arithmetic times: buckets k .. k + 3 reduced as `pairs` reduces two
// pairs and merged into the output together while all four are fresh or all taken.

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

/** Where `quadsOf` stopped: the bucket then open (empty), its end and its first time. */
export let quadsBucket: i64 = 0;
export let quadsBoundary: i64 = 0;
export let quadsTime: i64 = 0;

/**
 * As `pairs` on arithmetic times (`Rows`: u8 one row per bucket, u16 two, u32 r rows, r < 32):
 * four buckets per step, k and k + 1 in one pair of lanes, k + 2 and k + 3 in another, each
 * reduced as `pairs` reduces its pair (same operations, same order, so the same bits) and merged
 * into the output the same way, while the four are all fresh or all taken (else it stops, and
 * `pairs` merges lane by lane). Hourly and half-hourly series in 1-hour buckets spend most of
 * their time here: a step of four halves the loop's fixed work per bucket (its checks, the fresh
 * test, the constants the JIT rebuilds). Returns the first row not taken and leaves the bucket
 * then open in quadsBucket, quadsBoundary and its first time in quadsTime.
 */
export function quadsOf<Rows>(values: usize, i: i32, n: i32, rowCount: i32, cur: i64, boundary: i64, step: i64, t0: i64): i32 {
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
  quadsBucket = cur;
  quadsBoundary = boundary;
  quadsTime = t;
  return i;
}
