// Time-bucket accumulation shared by the aggregate kernels (the public face of this folder). Rows
// arrive sorted by time, so the bucket boundary is walked forward: one comparison per row, and a
// division only when a row jumps over more than one bucket. The current bucket's accumulators live
// in locals/globals and are merged into the output arrays when the bucket changes, so several chunks
// can feed one result.
//
// layout.ts: the grid and the output arrays (their order is documented there); open-bucket.ts: the
// open bucket and the entry points; pairs.ts, quads.ts: two and four regular buckets per step;
// boundaries.ts: bucket edges on irregular times; reduce.ts: wide runs of rows; steps.ts: arithmetic
// times written out.

export { OUT_COUNT, OUT_FIRST, OUT_FIRST_TIME, OUT_LAST, OUT_LAST_TIME, OUT_MAX, OUT_MIN, OUT_SUM, OUT_SUM_SQUARES } from './layout';
export { accumulate, accumulateOne, accumulateRegular, beginBuckets, endBuckets } from './open-bucket';
