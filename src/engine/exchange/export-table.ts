import type { Database } from '../api.ts';
import { toColumnarResult } from '../sql/result/columnar.ts';
import { resultToCsv } from './result-csv.ts';
import { resultToParquet } from './result-parquet.ts';
import { tableToCsv } from './table-csv.ts';
import { tableToParquet } from './table-parquet.ts';

export type ExportFormat = 'csv' | 'parquet';

/** Runs a query and returns its result as a CSV or Parquet file. */
export async function exportQuery(
  db: Database,
  sql: string,
  format: ExportFormat,
  signal?: AbortSignal,
): Promise<{ blob: Blob; rows: number }> {
  const result = toColumnarResult(await db.query(sql, signal ? { signal } : {}));
  return { blob: format === 'csv' ? resultToCsv(result) : resultToParquet(result), rows: result.rowCount };
}

/**
 * A whole table as CSV or Parquet, in the flat shape `SELECT *` gives (dimensions, measure_name, time, values).
 * Both are written series by series, a few decoded at a time (rows grouped by series, each in time order), so
 * a large table is never decoded whole; a query export (`exportQuery`) is in the query's order.
 */
export function exportTable(
  db: Database,
  database: string,
  table: string,
  format: ExportFormat,
  signal?: AbortSignal,
): Promise<{ blob: Blob; rows: number }> {
  return format === 'csv' ? tableToCsv(db, database, table, signal) : tableToParquet(db, database, table, signal);
}
