// Chunk header pre-aggregates of a column already in kernel memory (the copy the encoder reads), so sealing a
// chunk does not walk the values again in JavaScript. The results are bit for bit those of
// src/kernel/chunk/stats.ts (the reference, property-tested against these).

/** Largest |value| and count for which the integral fast path's partial sums are all exact: 2^31 * 2^21 = 2^52. */
const INTEGRAL_LIMIT: f64 = 2147483648.0;
const INTEGRAL_MAX_COUNT: i32 = 1 << 21;
const NEGATIVE_ZERO: i64 = i64.MIN_VALUE;

/**
 * min, max and sum of n doubles at src, written to out as three f64. The rule (stats.ts doubleStats): the sum
 * runs left to right; min and max start at the first non-NaN value and take a value only on a strict compare,
 * so NaN is skipped and of -0 and 0 the first seen is kept (both NaN when every value is NaN).
 *
 * When every value is an integer of magnitude <= 2^31 (no NaN, no infinity) and n <= 2^21, every partial sum
 * is an integer below 2^52, so each addition is exact and any order gives the left-to-right sum; with no -0
 * either, equal values have equal bits, so min and max do not depend on which one is kept. That case is
 * summed and compared in SIMD lanes (metrics such as counters and percentages are mostly integral); any other
 * column takes the sequential loop.
 */
export function statsF64(src: usize, n: i32, out: usize): void {
  if (n >= 4 && n <= INTEGRAL_MAX_COUNT && statsIntegral(src, n, out)) return;
  let sum: f64 = 0;
  let i = 0;
  while (i < n && F64.isNaN(load<f64>(src + ((<usize>i) << 3)))) {
    sum += load<f64>(src + ((<usize>i) << 3));
    i++;
  }
  let lo: f64 = i < n ? load<f64>(src + ((<usize>i) << 3)) : NaN;
  let hi: f64 = lo;
  for (; i < n; i++) {
    const v = load<f64>(src + ((<usize>i) << 3));
    sum += v;
    lo = select<f64>(v, lo, v < lo);
    hi = select<f64>(v, hi, v > hi);
  }
  store<f64>(out, lo);
  store<f64>(out, hi, 8);
  store<f64>(out, sum, 16);
}

/** The SIMD pass for integral columns; false (nothing written) when a value breaks the conditions. */
function statsIntegral(src: usize, n: i32, out: usize): bool {
  let sum0 = f64x2.splat(0);
  let sum1 = f64x2.splat(0);
  let lo0 = f64x2.splat(Infinity);
  let lo1 = lo0;
  let hi0 = f64x2.splat(-Infinity);
  let hi1 = hi0;
  const limit = f64x2.splat(INTEGRAL_LIMIT);
  const negativeZero = i64x2.splat(NEGATIVE_ZERO);
  let ok = i64x2.splat(-1);
  let negZero = i64x2.splat(0);
  const end4 = n & ~3;
  for (let i = 0; i < end4; i += 4) {
    const p = src + ((<usize>i) << 3);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    sum0 = f64x2.add(sum0, a);
    sum1 = f64x2.add(sum1, b);
    lo0 = v128.bitselect(a, lo0, f64x2.lt(a, lo0));
    lo1 = v128.bitselect(b, lo1, f64x2.lt(b, lo1));
    hi0 = v128.bitselect(a, hi0, f64x2.gt(a, hi0));
    hi1 = v128.bitselect(b, hi1, f64x2.gt(b, hi1));
    // trunc(v) == v fails for NaN; |v| <= limit fails for NaN and the infinities.
    ok = v128.and(ok, v128.and(f64x2.eq(f64x2.trunc(a), a), f64x2.le(f64x2.abs(a), limit)));
    ok = v128.and(ok, v128.and(f64x2.eq(f64x2.trunc(b), b), f64x2.le(f64x2.abs(b), limit)));
    negZero = v128.or(negZero, v128.or(i64x2.eq(a, negativeZero), i64x2.eq(b, negativeZero)));
  }
  if (!i64x2.all_true(ok) || v128.any_true(negZero)) return false;
  const sums = f64x2.add(sum0, sum1);
  let sum = f64x2.extract_lane(sums, 0) + f64x2.extract_lane(sums, 1);
  const los = f64x2.min(lo0, lo1);
  const his = f64x2.max(hi0, hi1);
  let lo = min(f64x2.extract_lane(los, 0), f64x2.extract_lane(los, 1));
  let hi = max(f64x2.extract_lane(his, 0), f64x2.extract_lane(his, 1));
  for (let i = end4; i < n; i++) {
    const v = load<f64>(src + ((<usize>i) << 3));
    if (v != Math.trunc(v) || Math.abs(v) > INTEGRAL_LIMIT || reinterpret<i64>(v) == NEGATIVE_ZERO) return false;
    sum += v;
    lo = min(lo, v);
    hi = max(hi, v);
  }
  store<f64>(out, lo);
  store<f64>(out, hi, 8);
  store<f64>(out, sum, 16);
  return true;
}

/**
 * min, max and the exact sum of n i64 values at src (n >= 1), written to out as i64 min, i64 max, then the
 * sum as a 128-bit two's complement integer: u64 low word, i64 high word.
 */
export function statsI64(src: usize, n: i32, out: usize): void {
  let lo = load<i64>(src);
  let hi = lo;
  let sumLo: u64 = 0;
  let sumHi: i64 = 0;
  for (let i = 0; i < n; i++) {
    const v = load<i64>(src + ((<usize>i) << 3));
    lo = select<i64>(v, lo, v < lo);
    hi = select<i64>(v, hi, v > hi);
    const next = sumLo + <u64>v;
    // The carry out of the low word, and the sign extension of v into the high word.
    sumHi += <i64>(next < sumLo) + (v >> 63);
    sumLo = next;
  }
  store<i64>(out, lo);
  store<i64>(out, hi, 8);
  store<u64>(out, sumLo, 16);
  store<i64>(out, sumHi, 24);
}
