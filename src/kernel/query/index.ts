export type { BucketAggregates, BucketSpec } from './buckets.ts';
export { aggregateChunkBuckets, bucketSpecFor, createBucketAggregates } from './buckets.ts';
export type { DoubleColumnTarget } from './column.ts';
export { decodeDoubleColumnInto } from './column.ts';
export type { DoublePredicate } from './filter.ts';
export { filterDoubles } from './filter.ts';
export type { M4Result, M4Spec } from './m4.ts';
export { createM4Result, m4Chunk, m4Values } from './m4.ts';
export { M4Accumulator } from './m4-accumulator.ts';
