/**
 * The shapes the ingest layer speaks: what an import reads (a mapping), what it emits (columnar
 * batches), and what it could not read (rejections). They are plain data, so they cross the worker
 * boundary as they are, and the UI can show and edit a mapping.
 */

import type { BatchWritePlan } from './batch-writes.ts';

/** A Timestream scalar value type (the same literals as the data model's `ScalarMeasureType`). */
export type IngestValueType = 'DOUBLE' | 'BIGINT' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMP';

/** The text formats the importer reads (each may also arrive gzip-compressed). */
export type ImportFormat =
  | 'csv'
  | 'ndjson'
  | 'json-array'
  | 'influx-line-protocol'
  | 'prometheus'
  | 'timestream-batch-load'
  | 'timestream-unload'
  /** Apache/NGINX Common or Combined Log Format. */
  | 'access-log';

/** The unit of a numeric epoch time. */
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

/**
 * How a time text is written.
 * - `iso8601`: `2024-01-02T03:04:05.123456789Z`, a space instead of `T`, an optional zone (`Z`, `+01:00`, `+0100`).
 * - `epoch`: an integer (or decimal) count of `unit` since 1970-01-01 UTC.
 * - `pattern`: a fixed layout made of `yyyy MM dd HH mm ss` and optionally `SSS…` (fraction), `a` is not supported;
 *   literal characters must match exactly, e.g. `yyyy-MM-dd HH:mm:ss` or `MM/dd/yyyy HH:mm`.
 */
export type TimeFormat =
  | { readonly kind: 'iso8601' }
  | { readonly kind: 'epoch'; readonly unit: EpochUnit }
  | { readonly kind: 'pattern'; readonly pattern: string };

/** The layout of a delimited text file. */
export interface CsvDialect {
  /** One byte: `,` `;` tab `|` (or any ASCII character). */
  readonly delimiter: string;
  /** The quote character, or '' for none. */
  readonly quote: string;
  /**
   * The character that escapes the next one inside a field ('' when quotes are escaped by doubling them,
   * as RFC 4180 does; `\` for Timestream UNLOAD output).
   */
  readonly escape: string;
  /** Whether the first record names the columns. */
  readonly header: boolean;
  /** Whether numbers are written with a decimal comma (`3,14`), which only makes sense with a non-comma delimiter. */
  readonly decimalComma: boolean;
  /** A field text that means "no value" (besides the empty field), as Timestream's batch load `NullValue`. */
  readonly nullValue?: string;
  /** Trim spaces and tabs around unquoted fields (Timestream batch load `TrimWhiteSpace`). */
  readonly trimWhitespace?: boolean;
}

/** One column that becomes a measure (a single-measure name, or an attribute of a multi-measure record). */
export interface MeasureMapping {
  /** The source column (a CSV header, a JSON key, a field key). */
  readonly column: string;
  /** The measure name or multi-measure attribute name it is written as. */
  readonly name: string;
  readonly type: IngestValueType;
}

/** One column that becomes a dimension. */
export interface DimensionMapping {
  readonly column: string;
  /** The dimension name it is written as. */
  readonly name: string;
}

/** A dimension every row gets, when the file has no column to tell series apart (Timestream needs one). */
export interface ConstantDimension {
  readonly name: string;
  readonly value: string;
}

/**
 * How the rows of a file become Timestream records. A proposal from `inferImportMapping`, edited by the
 * user, then given to the parser. For schema-less formats (line protocol, Prometheus, NDJSON objects) the
 * dimension and measure lists may be empty: the parser then takes tags/labels as dimensions and fields/samples
 * as measures as it meets them.
 */
export interface ImportMapping {
  readonly format: ImportFormat;
  /** For csv, timestream-batch-load and timestream-unload. */
  readonly dialect?: CsvDialect;
  /** Column names to use when the file has no header (or to rename its header), in file order. */
  readonly columnNames?: readonly string[];
  /** The column that holds the time (ignored by line protocol and Prometheus, which have a time slot). */
  readonly timeColumn: string;
  readonly timeFormat: TimeFormat;
  /** IANA time zone for times written without one ('UTC' by default). */
  readonly timeZone: string;
  readonly dimensions: readonly DimensionMapping[];
  readonly constantDimensions?: readonly ConstantDimension[];
  readonly measures: readonly MeasureMapping[];
  /** One MULTI record per row (true) or one single-measure record per measure column (false). */
  readonly multiMeasure: boolean;
  /** The measure_name of the MULTI records (multiMeasure), or of the only measure when there is one. */
  readonly measureNameForSingle?: string;
  /**
   * The time (ISO 8601) of records that carry none: line protocol lines without a timestamp, Prometheus
   * samples of a scrape (the scrape time). Without it such records are rejected.
   */
  readonly defaultTime?: string;
  /** A column whose value is each row's measure_name (Timestream batch load `MeasureNameColumn`). */
  readonly measureNameColumn?: string;
  readonly target: { readonly database: string; readonly table: string };
}

/** A string column stored as ids into a dictionary; -1 means the row has no value. */
export interface DictionaryColumn {
  readonly name: string;
  readonly ids: Int32Array;
  readonly dictionary: readonly string[];
}

/** The typed storage of a measure column, by its value type. */
export type MeasureValues =
  | { readonly type: 'DOUBLE'; readonly values: Float64Array }
  | { readonly type: 'BIGINT'; readonly values: BigInt64Array }
  | { readonly type: 'TIMESTAMP'; readonly values: BigInt64Array }
  | { readonly type: 'BOOLEAN'; readonly values: Uint8Array }
  | { readonly type: 'VARCHAR'; readonly values: readonly (string | null)[] };

/** One measure column of a batch; `present[i]` is 0 where row i has no value (an empty or missing field). */
export type MeasureColumn = MeasureValues & { readonly name: string; readonly present: Uint8Array };

/**
 * A batch of parsed rows, column by column, ready for a columnar write:
 * `writeColumns({ database, table, dimensions, measureName | measureNames, multiMeasure, times, measures })`.
 * Arrays are exactly `rowCount` long (views trimmed to the rows), so they can be transferred.
 */
export interface ColumnarBatch {
  readonly rowCount: number;
  /** Nanoseconds since the epoch, UTC. */
  readonly times: BigInt64Array;
  /** The 1-based line each row starts on in its source, for error reports after the write. */
  readonly lines: Float64Array;
  readonly dimensions: readonly DictionaryColumn[];
  /**
   * A measure_name per row (line protocol measurement, Prometheus metric, batch-load MeasureNameColumn).
   * The measure_name of a record is, in order: `measureNames[row]`, else `measureName`, else (single-measure)
   * the measure column's name.
   */
  readonly measureNames?: DictionaryColumn;
  /** The one measure_name for every row, when there is no per-row name. */
  readonly measureName?: string;
  /** True: each row is one MULTI record of all its present measures. False: each present measure is its own record. */
  readonly multiMeasure: boolean;
  readonly measures: readonly MeasureColumn[];
  /**
   * The batch already split into per-series writes for `target` (a parse worker does it, off the writing
   * thread); writeBatch takes it instead of splitting the batch again.
   */
  readonly planned?: { readonly target: ImportMapping['target']; readonly plan: BatchWritePlan };
}

/** A line (or one field of it) that could not be imported. */
export interface Rejection {
  readonly file: string;
  /** 1-based line of the problem (where the bad field is; a quoted field may start on a later line than its record). */
  readonly line: number;
  /** 1-based character position in that line where the problem is (1 when it concerns the whole line). */
  readonly column: number;
  /** The field's name (CSV header, key) when the problem is in one field. */
  readonly field?: string;
  readonly reason: string;
  /** The record's text (cut to 1,000 characters). */
  readonly raw: string;
}

/** Progress of a running import, reported after each slice. */
export interface ImportProgress {
  /** Bytes read from the source (compressed bytes for a gzip file). */
  readonly bytesRead: number;
  /** The source's size in bytes when known (a Blob, a string, a file), else undefined. */
  readonly totalBytes: number | undefined;
  readonly rowsEmitted: number;
  readonly rowsRejected: number;
  readonly elapsedMs: number;
  readonly rowsPerSecond: number;
  readonly bytesPerSecond: number;
  /** Estimated time left from the byte rate, when the size is known and a rate measured; else undefined. */
  readonly etaMs: number | undefined;
}

/** What an import did: exactly what was emitted, and what was not. */
export interface ImportSummary {
  readonly file: string;
  readonly rowsEmitted: number;
  readonly batchesEmitted: number;
  /** Every rejected line is counted, but only the first `maxRejectionsKept` are listed. */
  readonly rowsRejected: number;
  readonly rejections: readonly Rejection[];
  readonly bytesRead: number;
  /** The last source line whose row was emitted in a batch (0 when none). */
  readonly lastEmittedLine: number;
  /** True when the signal stopped the import; nothing after `lastEmittedLine` was emitted. */
  readonly aborted: boolean;
  readonly elapsedMs: number;
}
