/**
 * The ingest layer: streaming parsers from files to columnar batches, format and dialect detection, and
 * mapping inference. Pure TypeScript that runs in a Web Worker and in Node. The Node file adapter lives in
 * `./node-file-source.ts` and is deliberately not exported here (it imports `node:fs`).
 *
 * The flow of an import:
 * 1. `proposeImport(file)` reads the first 256 KiB: format, gzip, dialect, a proposed `ImportMapping`,
 *    raw and parsed previews, and a `shapeKey` to remember the user's edits by.
 * 2. `checkImportMapping(mapping)` lists what is wrong with an edited mapping, field by field.
 * 3. `importRows(file, mapping, (r) => db.writeColumns(r), { onProgress, signal })` streams, parses and
 *    writes batch by batch, and merges the rows the database refused into the rejections. Underneath:
 *    `streamImport` (slices → columnar batches for `onBatch`) and `writeBatch` (a batch → per-series writes,
 *    rejected records mapped back to source lines).
 * 4. `formatRejectionsCsv(result.rejections, result.rowsRejected)` is the downloadable report.
 */
export { ACCESS_LOG_FIELDS, ACCESS_LOG_TIME_PATTERN, AccessLogParser, accessLogMapping } from './access-log-parser.ts';
export { BatchBuilder, type BatchShape, DEFAULT_BATCH_ROWS } from './batch-builder.ts';
export { mappingFromBatchLoadJson } from './batch-load-json.ts';
export {
  type BatchWritePlan,
  type BatchWriteResult,
  planBatchWrites,
  type SeriesWrite,
  type WriteRejection,
  writeBatch,
} from './batch-writes.ts';
export { type ByteSlices, DEFAULT_SLICE_BYTES, type ImportSource, openByteSlices } from './byte-source.ts';
export { checkImportMapping, type MappingProblem } from './check-mapping.ts';
export { CANDIDATE_DELIMITERS, hasHeader, sniffCsvDialect } from './csv-dialect.ts';
export { CsvParser, defaultColumnName } from './csv-parser.ts';
export { readCsvRows } from './csv-scanner.ts';
export { type DetectedFormat, detectFormat } from './detect-format.ts';
export { type DetectedTime, detectTimeFormat, TIME_PATTERNS } from './detect-time.ts';
export { fileShapeKey } from './file-shape.ts';
export type { FormatParser, ParserOutput } from './format-parser.ts';
export { gunzipIfNeeded, isGzip } from './gzip.ts';
export { type ImportResult, importRows } from './import-rows.ts';
export {
  type ColumnProfile,
  type InferredMapping,
  inferImportMapping,
  safeAttributeName,
  type TableSample,
  tableNameOf,
} from './infer-mapping.ts';
export { JsonArrayParser } from './json-array-parser.ts';
export { flattenObject, JsonRecordMapper, type JsonValue, valueAtPath } from './json-record-mapper.ts';
export { LineProtocolParser } from './line-protocol-parser.ts';
export { NdjsonParser } from './ndjson-parser.ts';
export { parseBigintBytes, parseBooleanText, parseDoubleBytes, parseSmallIntegerBytes } from './number-bytes.ts';
export {
  createFormatParser,
  DEFAULT_CSV_DIALECT,
  DEFAULT_MULTI_MEASURE_NAME,
  shapeOfMapping,
  UNLOAD_CSV_DIALECT,
} from './parser-factory.ts';
export { PROMETHEUS_VALUE_COLUMN, PrometheusParser } from './prometheus-parser.ts';
export { type ImportProposal, type PreviewTable, type ProposeImportOptions, previewParsed, proposeImport } from './propose-import.ts';
export { readHead, type SourceHead } from './read-head.ts';
export { formatRejectionsCsv, formatRejectionsText, REJECTION_REPORT_COLUMNS } from './rejection-report.ts';
export { RejectionSink } from './rejection-sink.ts';
export { type BatchStreamer, DEFAULT_MAX_RECORD_BYTES, type StreamImportOptions, streamImport } from './stream-import.ts';
export {
  compileTimePattern,
  createFlexibleTimeParser,
  createTimeParser,
  daysFromCivil,
  epochUnitByDigits,
  MAX_TIME_MS,
  MIN_TIME_MS,
  parseTimeText,
  type TimeParser,
} from './time-parse.ts';
export { createLocalToUtc, type LocalToUtc } from './time-zone.ts';
export {
  type BatchLoadCsvConfiguration,
  type BatchLoadDataModel,
  type BatchLoadMixedMeasureMapping,
  type BatchLoadMultiMeasureAttributeMapping,
  dialectOfBatchLoad,
  mappingFromBatchLoad,
} from './timestream-batch-load.ts';
export { dialectOfUnload, mappingForUnload, partitionDimensionsOfPath, type UnloadCsvOptions } from './timestream-unload.ts';
export type {
  ColumnarBatch,
  ConstantDimension,
  CsvDialect,
  DictionaryColumn,
  DimensionMapping,
  EpochUnit,
  ImportFormat,
  ImportMapping,
  ImportProgress,
  ImportSummary,
  IngestValueType,
  MeasureColumn,
  MeasureMapping,
  MeasureValues,
  Rejection,
  TimeFormat,
} from './types.ts';
