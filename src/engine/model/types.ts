/** The value types a single measure (or one attribute of a MULTI record) can have, as in Timestream. */
export type ScalarMeasureType = 'DOUBLE' | 'BIGINT' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMP';

/** `MeasureValueType` of a record: a scalar type, or MULTI for several named values in one row. */
export type MeasureValueType = ScalarMeasureType | 'MULTI';

/** The unit `Time` is counted in, since the Unix epoch (UTC). */
export type TimeUnit = 'MILLISECONDS' | 'SECONDS' | 'MICROSECONDS' | 'NANOSECONDS';

/** A dimension of a record. `DimensionValueType` is accepted for compatibility and must be VARCHAR. */
export interface Dimension {
  readonly Name: string;
  readonly Value: string;
  readonly DimensionValueType?: 'VARCHAR';
}

/** One attribute of a MULTI record. */
export interface MeasureValue {
  readonly Name: string;
  readonly Value: string;
  readonly Type: ScalarMeasureType;
}

/**
 * A record in Timestream's WriteRecords shape. Every field is optional here because
 * `CommonAttributes` may supply it; the merged record must be complete.
 */
export interface WriteRecord {
  readonly Dimensions?: readonly Dimension[];
  readonly MeasureName?: string;
  readonly MeasureValue?: string;
  readonly MeasureValueType?: MeasureValueType;
  readonly MeasureValues?: readonly MeasureValue[];
  /** Elapsed `TimeUnit`s since the epoch, as a string (Timestream), or a number or bigint. */
  readonly Time?: string | number | bigint;
  readonly TimeUnit?: TimeUnit;
  /** Record version (>= 1, default 1): a higher version replaces a different value at the same time. */
  readonly Version?: number | bigint;
}

/** Timestream's WriteRecords request, without its 100-record cap. */
export interface WriteRecordsRequest {
  readonly DatabaseName: string;
  readonly TableName: string;
  readonly CommonAttributes?: WriteRecord;
  readonly Records: readonly WriteRecord[];
}

/** A record that was not written, and why. */
export interface RejectedRecord {
  /** Index of the record in the request's `Records`. */
  readonly RecordIndex: number;
  /** Why, naming the field (worded as Timestream words it where Timestream has a wording). */
  readonly Reason: string;
  /** The version already stored, when the record conflicts with an existing value. */
  readonly ExistingVersion?: number;
}

/** Timestream's WriteRecords response. */
export interface WriteRecordsResponse {
  readonly RecordsIngested: { readonly Total: number; readonly MemoryStore: number; readonly MagneticStore: number };
  readonly RejectedRecords: readonly RejectedRecord[];
}

/** Per-table retention and late-write settings. */
export interface TableOptions {
  /** Hours data stays in the memory tier, 1-8766 (default 6). */
  readonly memoryStoreRetentionHours: number;
  /** Days data stays in the magnetic tier before it is deleted, 1-73000 (default 73000). */
  readonly magneticStoreRetentionDays: number;
  /** Accept writes older than the memory retention into the magnetic tier (default false). */
  readonly enableMagneticStoreWrites: boolean;
}

/** The column types the storage keeps, as the chunk codec names them. */
export type ColumnType = 'double' | 'bigint' | 'varchar' | 'boolean' | 'timestamp';

/** A table as `describeTable` reports it. */
export interface TableDescription {
  readonly databaseName: string;
  readonly tableName: string;
  readonly options: TableOptions;
  /** Creation time, ms since the epoch (from the injected clock). */
  readonly createdAt: number;
  /** Dimension names seen in writes, sorted. */
  readonly dimensions: readonly string[];
  /** Every measure name with its bound type, sorted by name. */
  readonly measures: readonly { readonly name: string; readonly type: MeasureValueType }[];
  /** Attributes of MULTI records with their bound types, sorted by name. */
  readonly multiMeasureAttributes: readonly { readonly name: string; readonly type: ScalarMeasureType }[];
  /** Number of series (dimension set + measure name). */
  readonly series: number;
}

/** Maps a Timestream scalar type to the storage column type. */
export function columnTypeOf(type: ScalarMeasureType): ColumnType {
  switch (type) {
    case 'DOUBLE':
      return 'double';
    case 'BIGINT':
      return 'bigint';
    case 'VARCHAR':
      return 'varchar';
    case 'BOOLEAN':
      return 'boolean';
    case 'TIMESTAMP':
      return 'timestamp';
  }
}

/** Maps a storage column type back to the Timestream scalar type. */
export function measureTypeOf(type: ColumnType): ScalarMeasureType {
  switch (type) {
    case 'double':
      return 'DOUBLE';
    case 'bigint':
      return 'BIGINT';
    case 'varchar':
      return 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'timestamp':
      return 'TIMESTAMP';
  }
}
