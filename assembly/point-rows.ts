// Point lookups in decoded times: the rows of a chunk at the times a join's build side asked for (a join back
// onto the table reads a few hundred points of a chunk's thousands of rows). Every decision compares i64 times
// exactly; doubles only guess where to look.

/** First index i in [lo, hi) of the ascending i64 values at `values` with values[i] >= t (hi when none). */
export function lowerBound(values: usize, lo: i32, hi: i32, t: i64): i32 {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<i64>(values + ((<usize>mid) << 3)) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Writes to `out` (ascending i32 row indexes) the rows r in [start, end) of the ascending i64 `times` whose time
 * is one of the `count` ascending `points`; returns how many. Rows that share a time all match. After a miss,
 * the next point's row is guessed from the rows' mean step (exact for evenly spaced times, the usual case),
 * galloped to from the guess and bisected: a lookup costs a few loads, not a walk over the rows between points.
 */
export function pointRows(times: usize, start: i32, end: i32, points: usize, count: i32, out: usize): i32 {
  if (start >= end || count <= 0) return 0;
  let k = 0;
  let r = start;
  // Points before the first row match nothing.
  let p = lowerBound(points, 0, count, load<i64>(times + ((<usize>start) << 3)));
  const lastTime = load<i64>(times + ((<usize>(end - 1)) << 3));
  while (r < end && p < count) {
    const t = load<i64>(times + ((<usize>r) << 3));
    const q = load<i64>(points + ((<usize>p) << 3));
    if (t > q) {
      p++;
      continue;
    }
    if (t == q) {
      store<i32>(out + ((<usize>k) << 2), r);
      k++;
      r++;
      continue;
    }
    // Row r is before point q: find the first row at or past it. Past the last row, no later point matches.
    if (q > lastTime) break;
    let a = r; // times[a] < q
    let b = end - 1; // times[b] >= q
    // The share of the way from row r to the last row; clamped, so a wrapped difference only guesses badly.
    let share = <f64>(q - t) / <f64>(lastTime - t);
    if (!(share >= 0)) share = 0;
    if (share > 1) share = 1;
    let g = r + <i32>Math.round(share * <f64>(end - 1 - r));
    if (g <= r) g = r + 1;
    if (g > b) g = b;
    let step = 1;
    if (load<i64>(times + ((<usize>g) << 3)) < q) {
      a = g;
      while (a + step < b && load<i64>(times + ((<usize>(a + step)) << 3)) < q) {
        a += step;
        step <<= 1;
      }
      if (a + step < b) b = a + step;
    } else {
      b = g;
      while (b - step > a && load<i64>(times + ((<usize>(b - step)) << 3)) >= q) {
        b -= step;
        step <<= 1;
      }
      if (b - step > a) a = b - step;
    }
    r = lowerBound(times, a + 1, b, q);
  }
  return k;
}
