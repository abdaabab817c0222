// M4 downsampling (Jugel et al., VLDB 2014): for each pixel column of a time range keep the first,
// last, minimum and maximum points, which is all a line chart of that width can show. Pixel p
// covers [t0 + ceil(p * span / W), t0 + ceil((p + 1) * span / W)), i.e. floor((t - t0) * W / span),
// computed without overflow as p*q + ceil(p*r/W) where span = q*W + r. Rows are sorted, so the
// boundary is walked forward and a pixel index is only recomputed when a row leaves its pixel.
//
// Output arrays of `pixels` entries: count, first, last, min, max (f64), then first, last, min and
// max times (i64). Min/max skip NaN values, are NaN while a pixel has no other value, and keep the
// earliest time among equal values; results merge
// with what the arrays already hold, so several chunks can feed one picture.

const M4_COUNT = 0;
const M4_FIRST = 1;
const M4_LAST = 2;
const M4_MIN = 3;
const M4_MAX = 4;
const M4_FIRST_TIME = 5;
const M4_LAST_TIME = 6;
const M4_MIN_TIME = 7;
const M4_MAX_TIME = 8;

let out: usize = 0;
let pixels: i32 = 0;

function at(array: i32, pixel: i32): usize {
  return out + ((<usize>array * <usize>pixels + <usize>pixel) << 3);
}

/** Start of pixel p: t0 + p*q + ceil(p*r / W). */
function boundary(t0: i64, q: i64, r: i64, w: i64, p: i64): i64 {
  return t0 + p * q + (p * r + w - 1) / w;
}

/** Adds rows [0, n) of sorted `times`/`values` (`validity` one byte per row, or 0) to the M4 arrays. */
export function m4(times: usize, values: usize, validity: usize, n: i32, t0: i64, t1: i64, width: i32, output: usize): void {
  if (t1 <= t0 || width <= 0) return;
  out = output;
  pixels = width;
  const w = <i64>width;
  const span = t1 - t0;
  const q = span / w;
  const r = span % w;
  let pixel: i32 = -1;
  let next = t0;
  for (let i = 0; i < n; i++) {
    const t = load<i64>(times + ((<usize>i) << 3));
    if (t < t0) continue;
    if (t >= t1) break;
    if (validity != 0 && load<u8>(validity + <usize>i) == 0) continue;
    if (t >= next) {
      // Estimate in floating point, then correct with exact integer boundaries.
      let p = <i64>((<f64>(t - t0) * <f64>w) / <f64>span);
      if (p < 0) p = 0;
      if (p >= w) p = w - 1;
      while (p > 0 && boundary(t0, q, r, w, p) > t) p--;
      while (p + 1 < w && boundary(t0, q, r, w, p + 1) <= t) p++;
      pixel = <i32>p;
      next = p + 1 < w ? boundary(t0, q, r, w, p + 1) : t1;
    }
    const v = load<f64>(values + ((<usize>i) << 3));
    const c = load<f64>(at(M4_COUNT, pixel));
    store<f64>(at(M4_COUNT, pixel), c + 1);
    if (c == 0 || t < load<i64>(at(M4_FIRST_TIME, pixel))) {
      store<f64>(at(M4_FIRST, pixel), v);
      store<i64>(at(M4_FIRST_TIME, pixel), t);
    }
    if (c == 0 || t >= load<i64>(at(M4_LAST_TIME, pixel))) {
      store<f64>(at(M4_LAST, pixel), v);
      store<i64>(at(M4_LAST_TIME, pixel), t);
    }
    // biome-ignore lint/suspicious/noGlobalIsNan: AssemblyScript's isNaN is the f64 builtin
    if (!isNaN(v)) {
      // NaN in the output means "no value yet", so the first value is taken whatever it is
      // (an infinity included); ties keep the earliest time, also across chunks.
      const lo = load<f64>(at(M4_MIN, pixel));
      // biome-ignore lint/suspicious/noGlobalIsNan: AssemblyScript's isNaN is the f64 builtin
      if (isNaN(lo) || v < lo || (v == lo && t < load<i64>(at(M4_MIN_TIME, pixel)))) {
        store<f64>(at(M4_MIN, pixel), v);
        store<i64>(at(M4_MIN_TIME, pixel), t);
      }
      const hi = load<f64>(at(M4_MAX, pixel));
      // biome-ignore lint/suspicious/noGlobalIsNan: AssemblyScript's isNaN is the f64 builtin
      if (isNaN(hi) || v > hi || (v == hi && t < load<i64>(at(M4_MAX_TIME, pixel)))) {
        store<f64>(at(M4_MAX, pixel), v);
        store<i64>(at(M4_MAX_TIME, pixel), t);
      }
    }
  }
}
