// The bucket grid of the pass under way and where its output arrays start: set once per pass by
// `beginBuckets` (through `setLayout`), then only read, by every step that merges into the output.
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

export let bucketCount: i32 = 0;
export let origin: i64 = 0;
export let width: i64 = 1;
export let firstBucket: i64 = 0;

// Start of each output array, fixed by beginBuckets, so a bucket's entries cost one add each.
export let outCount: usize = 0;
export let outSum: usize = 0;
export let outSumSquares: usize = 0;
export let outMin: usize = 0;
export let outMax: usize = 0;
export let outFirst: usize = 0;
export let outLast: usize = 0;
export let outFirstTime: usize = 0;
export let outLastTime: usize = 0;

/** Sets the grid and the output arrays' starts for `beginBuckets`. */
export function setLayout(output: usize, buckets: i32, bucketOrigin: i64, bucketWidth: i64, fromBucket: i64): void {
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
}
