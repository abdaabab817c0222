import type { SqlType } from '../types/sql-type.ts';
import { valueToText } from '../values/cast.ts';
import type { SqlValue, TimeSeries } from '../values/sql-value.ts';
import { formatTimestamp } from '../values/time-text.ts';
import type { QueryResult } from './query-result.ts';

/** Timestream's description of a column's type, as its Query API returns it. */
export type TimestreamType =
  | { readonly ScalarType: string }
  | { readonly ArrayColumnInfo: { readonly Type: TimestreamType } }
  | { readonly RowColumnInfo: readonly TimestreamColumnInfo[] }
  | { readonly TimeSeriesMeasureValueColumnInfo: { readonly Type: TimestreamType } };

export interface TimestreamColumnInfo {
  readonly Name?: string;
  readonly Type: TimestreamType;
}

/** One value as Timestream's Query API returns it: every scalar as text. */
export type TimestreamDatum =
  | { readonly ScalarValue: string }
  | { readonly NullValue: true }
  | { readonly ArrayValue: readonly TimestreamDatum[] }
  | { readonly RowValue: { readonly Data: readonly TimestreamDatum[] } }
  | { readonly TimeSeriesValue: readonly { readonly Time: string; readonly Value: TimestreamDatum }[] };

export interface TimestreamQueryResponse {
  readonly ColumnInfo: readonly TimestreamColumnInfo[];
  readonly Rows: readonly { readonly Data: readonly TimestreamDatum[] }[];
}

const SCALAR_NAMES: Record<string, string> = {
  unknown: 'UNKNOWN',
  boolean: 'BOOLEAN',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  varchar: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  time: 'TIME',
  'interval day to second': 'INTERVAL_DAY_TO_SECOND',
  'interval year to month': 'INTERVAL_YEAR_TO_MONTH',
};

export function timestreamType(type: SqlType): TimestreamType {
  switch (type.kind) {
    case 'array':
      return { ArrayColumnInfo: { Type: timestreamType(type.element) } };
    case 'row':
      return { RowColumnInfo: type.fields.map((f) => ({ ...(f.name ? { Name: f.name } : {}), Type: timestreamType(f.type) })) };
    case 'timeseries':
      return { TimeSeriesMeasureValueColumnInfo: { Type: timestreamType(type.value) } };
    case 'map':
    case 'function':
      return { ScalarType: 'VARCHAR' };
    default:
      return { ScalarType: SCALAR_NAMES[type.kind] ?? 'UNKNOWN' };
  }
}

export function timestreamDatum(value: SqlValue, type: SqlType): TimestreamDatum {
  if (value === null) return { NullValue: true };
  switch (type.kind) {
    case 'array':
      return { ArrayValue: (value as readonly SqlValue[]).map((v) => timestreamDatum(v, type.element)) };
    case 'row':
      return {
        RowValue: { Data: (value as readonly SqlValue[]).map((v, i) => timestreamDatum(v, type.fields[i]?.type ?? { kind: 'unknown' })) },
      };
    case 'timeseries': {
      const series = value as TimeSeries;
      return {
        TimeSeriesValue: series.times.map((t, i) => ({
          Time: formatTimestamp(t),
          Value: timestreamDatum(series.values[i] ?? null, type.value),
        })),
      };
    }
    default:
      return { ScalarValue: valueToText(value, type) };
  }
}

/** A result in the exact shape of Timestream's Query response (ColumnInfo and Rows of Data). */
export function toTimestreamResponse(result: QueryResult): TimestreamQueryResponse {
  const rows = [];
  for (let r = 0; r < result.rowCount; r++) {
    rows.push({ Data: result.columns.map((c, i) => timestreamDatum(result.vectors[i]!.get(r), c.type)) });
  }
  return { ColumnInfo: result.columns.map((c) => ({ Name: c.name, Type: timestreamType(c.type) })), Rows: rows };
}
