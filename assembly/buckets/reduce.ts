// The per-row reduction of wide runs of rows (sum, sum of squares, min, max in four f64 lanes),
// its results left in globals for the caller.

/** Results of `reduceWide`. */
export let wideSum: f64 = 0;
export let wideSquares: f64 = 0;
export let wideLow: f64 = Infinity;
export let wideHigh: f64 = -Infinity;

/**
 * Sum, sum of squares, min and max of values[from, to) (to - from >= 4) into the wide* globals:
 * four f64 lanes hide the add latency; pmin/pmax keep the accumulator when the value is NaN, so
 * NaN never wins.
 */
export function reduceWide(values: usize, from: i32, to: i32): void {
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
