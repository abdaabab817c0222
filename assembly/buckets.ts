// Time-bucket accumulation shared by the aggregate kernels. Rows arrive sorted by time, so the
// bucket boundary is walked forward: one comparison per row, and a division only when a row jumps
// over more than one bucket. The current bucket's accumulators live in locals/globals and are merged
// into the output arrays when the bucket changes, so several chunks can feed one result.
//
// Output: `bucketCount` entries per array, arrays in this order: count, sum, sum of squares, min,
// max, first, last (f64), first time, last time (i64). Min and max skip NaN; sums include it.

export const OUT_COUNT = 0;
export const OUT_SUM = 1;
export const OUT_SUM_SQUARES = 2;
export const OUT_MIN = 3;
export const OUT_MAX = 4;
export const OUT_FIRST = 5;
export const OUT_LAST = 6;
export const OUT_FIRST_TIME = 7;
export const OUT_LAST_TIME = 8;

let out: usize = 0;
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

function slot(array: i32, bucket: i64): usize {
  return out + ((<usize>array * <usize>bucketCount + <usize>bucket) << 3);
}

function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return a % b != 0 && a < 0 ? q - 1 : q;
}

/** Starts a pass over rows for buckets [firstBucket, firstBucket + count) of `width` ns from `origin`. */
export function beginBuckets(output: usize, buckets: i32, bucketOrigin: i64, bucketWidth: i64, fromBucket: i64): void {
  out = output;
  bucketCount = buckets;
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
  const b = current;
  const previous = load<f64>(slot(OUT_COUNT, b));
  store<f64>(slot(OUT_COUNT, b), previous + count);
  store<f64>(slot(OUT_SUM, b), load<f64>(slot(OUT_SUM, b)) + sum);
  store<f64>(slot(OUT_SUM_SQUARES, b), load<f64>(slot(OUT_SUM_SQUARES, b)) + sumSquares);
  if (low < load<f64>(slot(OUT_MIN, b))) store<f64>(slot(OUT_MIN, b), low);
  if (high > load<f64>(slot(OUT_MAX, b))) store<f64>(slot(OUT_MAX, b), high);
  if (previous == 0 || firstTime < load<i64>(slot(OUT_FIRST_TIME, b))) {
    store<f64>(slot(OUT_FIRST, b), first);
    store<i64>(slot(OUT_FIRST_TIME, b), firstTime);
  }
  if (previous == 0 || lastTime >= load<i64>(slot(OUT_LAST_TIME, b))) {
    store<f64>(slot(OUT_LAST, b), last);
    store<i64>(slot(OUT_LAST_TIME, b), lastTime);
  }
  count = 0;
}

/** Moves to the bucket holding `t` (>= nextBoundary). */
function advance(t: i64): void {
  flush();
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

/** Accumulates rows [0, n) of sorted `times` and their `values`. Returns false once past the last bucket. */
export function accumulate(times: usize, values: usize, n: i32): bool {
  if (done) return false;
  let c = count;
  let s = sum;
  let sq = sumSquares;
  let lo = low;
  let hi = high;
  for (let i = 0; i < n; i++) {
    const t = load<i64>(times + ((<usize>i) << 3));
    if (t >= nextBoundary) {
      count = c;
      sum = s;
      sumSquares = sq;
      low = lo;
      high = hi;
      advance(t);
      if (done) return false;
      c = 0;
      s = 0;
      sq = 0;
      lo = Infinity;
      hi = -Infinity;
    }
    if (current < 0) continue;
    const v = load<f64>(values + ((<usize>i) << 3));
    if (c == 0) {
      first = v;
      firstTime = t;
    }
    last = v;
    lastTime = t;
    c += 1;
    s += v;
    sq += v * v;
    // Not Math.min/max: f64.min propagates NaN, and min/max must skip it.
    // biome-ignore lint/complexity/useMathMinMax: NaN must not win
    lo = v < lo ? v : lo;
    // biome-ignore lint/complexity/useMathMinMax: NaN must not win
    hi = v > hi ? v : hi;
  }
  count = c;
  sum = s;
  sumSquares = sq;
  low = lo;
  high = hi;
  return true;
}

/** As `accumulate` for one row (used where rows carry a validity bit). */
export function accumulateOne(t: i64, v: f64): bool {
  if (done) return false;
  if (t >= nextBoundary) {
    advance(t);
    if (done) return false;
    low = Infinity;
    high = -Infinity;
    sum = 0;
    sumSquares = 0;
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
