// The engine's public face: the Database facade, the data model, and the scan API types the
// query engine builds on.
export { Database, type DeleteRecordsInput, type OpenDatabaseOptions, openDatabase, type ScanInput, type TimeRangeInput } from './api.ts';
export { type DatabaseQueryOptions, defaultIntervalMs } from './database-query.ts';
export * from './exchange/index.ts';
export { type ImportFileOptions, type ImportFileResult, type ImportFileSource, importFile } from './import-file.ts';
export * from './ingest/index.ts';
export * from './model/index.ts';
export { GAP_FACTOR, gridFor, MAX_PIXELS, pixelOf, pixelStart } from './pixels/index.ts';
export * from './samples/index.ts';
export type { ExpandedSql, MacroContext, MacroName, MacroUse } from './sql/macros.ts';
export { durationLiteral, expandMacros, hasMacros } from './sql/macros.ts';
export type { ColumnarColumn, ColumnarResult } from './sql/result/columnar.ts';
export { toColumnarResult } from './sql/result/columnar.ts';
export type { QueryPhases, QueryResult, QueryStatistics, ResultColumn } from './sql/result/query-result.ts';
export type { TimestreamColumnInfo, TimestreamDatum, TimestreamQueryResponse, TimestreamType } from './sql/result/timestream-format.ts';
export { toTimestreamResponse } from './sql/result/timestream-format.ts';
export type { QueryOptions, QueryProgress } from './sql/run-sql.ts';
export type { CommittedWrite } from './storage/engine.ts';
export type {
  ChunkHeader,
  ChunkHeaderEntry,
  ColumnHeader,
  ColumnValues,
  RetentionReport,
  ScanColumn,
  ScanRequest,
  ScanResult,
  ScanStats,
  SeriesBatch,
  SeriesColumn,
  SeriesColumns,
  SeriesFilter,
  SeriesInfo,
  StorageStats,
  TableStats,
  TierStats,
  TimeRange,
  WriteColumn,
  WriteColumnsBatchRequest,
  WriteColumnsRequest,
} from './storage/index.ts';
export { batchBuffers, StorageEngine } from './storage/index.ts';
