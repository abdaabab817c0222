export type {
  BooleanStats,
  ChunkColumnInput,
  ChunkHeader,
  ChunkInput,
  ColumnHeader,
  ColumnType,
  DecodedChunk,
  DecodedColumn,
  DecodeOptions,
  LoadedChunk,
  NumericStats,
  SharedTimes,
} from './chunk/index.ts';
export {
  CODEC,
  CODEC_NAMES,
  decodeChunk,
  encodeChunk,
  FORMAT_VERSION,
  loadChunk,
  readChunkHeader,
  sharedTimes,
} from './chunk/index.ts';
export type { KernelExports } from './exports.ts';
export { EXPECTED_KERNEL_ABI_VERSION, KERNEL_FUNCTION_NAMES } from './exports.ts';
export type { KernelInfo } from './kernel.ts';
export { computeBuildId, instantiateKernel, Kernel } from './kernel.ts';
export { loadKernelFromBytes } from './load-bytes.ts';
export { loadKernelFromUrl } from './load-url.ts';
export type {
  BucketAggregates,
  BucketSpec,
  ChunkRangeAggregates,
  DoubleColumnTarget,
  DoublePredicate,
  DoubleRowsReader,
  FilteredRows,
  M4Result,
  M4Spec,
  RangeBatchResult,
  RangeJob,
  RangeMemo,
  RangeTarget,
  RangeWants,
  ResidentChunkStats,
  ValueComparison,
  ValueFilter,
} from './query/index.ts';
export {
  aggregateChunkBuckets,
  aggregateChunkRange,
  aggregateChunkRanges,
  bucketSpecFor,
  chunkMayPass,
  createBucketAggregates,
  createM4Result,
  DEFAULT_RESIDENT_CHUNK_BYTES,
  decodeDoubleColumnInto,
  filterChunkRows,
  filterDoubles,
  M4Accumulator,
  m4Chunk,
  m4ChunkBlocks,
  m4Values,
  mergeM4Piece,
  RANGE_FIELD,
  RANGE_WANTS_ALL,
  ResidentChunks,
  residentChunks,
  valuePasses,
  withDecodedDouble,
} from './query/index.ts';
