export type {
  AggregateScanRequest,
  AggregateScanResult,
  AggregateScanStats,
  SeriesAggregate,
} from './aggregate-scan.ts';
export type { ChunkCodec, ChunkColumn, ChunkColumnInput, ChunkHeader, ColumnHeader, DecodedChunk } from './codec.ts';
export type {
  Durability,
  MagneticChunkRecord,
  MagneticIndexRecord,
  MemTierChange,
  MemTierChunkRecord,
  PersistedState,
} from './durability.ts';
export { type DeleteRecordsRequest, StorageEngine, type StorageEngineOptions } from './engine.ts';
export { IdbDurability, type IdbDurabilityOptions, type LockManagerLike, storageError } from './idb-durability.ts';
export { idbName } from './idb-schema.ts';
export { chunkCodecFor } from './kernel-codec.ts';
export { MemoryDurability } from './memory-durability.ts';
export type { RetentionReport } from './retention.ts';
export type {
  ChunkHeaderEntry,
  ScanColumn,
  ScanRequest,
  ScanResult,
  ScanStats,
  SeriesBatch,
  SeriesFilter,
  TimeRange,
} from './scan-types.ts';
export type { SeriesColumn, SeriesInfo } from './series.ts';
export type { StorageStats, TableStats, TierStats } from './stats.ts';
export type { ColumnValues, WriteColumn, WriteColumnsRequest } from './write-columns.ts';
export { batchBuffers, type SeriesColumns, type WriteColumnsBatchRequest } from './write-columns-batch.ts';
