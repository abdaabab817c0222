export type {
  BackupSummary,
  ColumnarColumn,
  ColumnarResult,
  CsvDialect,
  DimensionMapping,
  EpochUnit,
  ImportFormat,
  ImportMapping,
  ImportProgress,
  ImportProposal,
  IngestValueType,
  MappingProblem,
  MeasureMapping,
  PreviewTable,
  Rejection,
  RestoreSummary,
  StorageStats,
  TableDescription,
  TableOptions,
  TableStats,
  TierStats,
  TimeFormat,
} from '../engine/index.ts';
export { TidemarkError } from '../errors/index.ts';
export type { KernelInfo } from '../kernel/index.ts';
export type {
  DemoStatus,
  LiveUpdate,
  ProgressEvent,
  SampleInfo,
  SampleInstallResult,
  SubscribeRequest,
  WorkerMethods,
  WorkerReadyInfo,
} from '../worker/protocol.ts';
export type { WorkerFile, WorkerImportResult } from '../worker/protocol-import-storage.ts';
export { startEngine } from './create-worker.ts';
export { type RunImportOptions, runImport } from './import-runner.ts';
export type { CallOptions, WorkerLike } from './tidemark-client.ts';
export { TidemarkClient } from './tidemark-client.ts';
