import { type ColumnSource, parquetWriteBuffer, type SchemaElement } from 'hyparquet-writer';
import type { ColumnarColumn, ColumnarResult } from '../sql/result/columnar.ts';

/** The Parquet schema element and data of one result column. */
function parquetColumn(column: ColumnarColumn, rows: number): { element: SchemaElement; data: unknown[] } {
  const present = (row: number): boolean => column.kind === 'text' || column.valid === undefined || column.valid[row] === 1;
  const base = { name: column.name, repetition_type: 'OPTIONAL' as const };
  const data: unknown[] = new Array(rows);
  switch (column.kind) {
    case 'number': {
      for (let i = 0; i < rows; i++) data[i] = present(i) ? column.data[i] : null;
      if (column.type === 'integer') return { element: { ...base, type: 'INT32' }, data };
      if (column.type === 'date') return { element: { ...base, type: 'INT32', converted_type: 'DATE' }, data };
      return { element: { ...base, type: 'DOUBLE' }, data };
    }
    case 'bigint': {
      for (let i = 0; i < rows; i++) data[i] = present(i) ? column.data[i] : null;
      if (column.type === 'timestamp') {
        // Nanoseconds, as stored: Parquet's TIMESTAMP(NANOS) keeps every digit Timestream has.
        return { element: { ...base, type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' } }, data };
      }
      return { element: { ...base, type: 'INT64' }, data };
    }
    case 'boolean':
      for (let i = 0; i < rows; i++) data[i] = present(i) ? column.data[i] === 1 : null;
      return { element: { ...base, type: 'BOOLEAN' }, data };
    case 'text':
      for (let i = 0; i < rows; i++) data[i] = column.data[i] ?? null;
      return { element: { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' }, data };
  }
}

/**
 * A result as a Parquet file (hyparquet-writer, snappy): doubles as DOUBLE, bigints as INT64, timestamps as
 * INT64 TIMESTAMP(NANOS, UTC), booleans as BOOLEAN, everything else as UTF-8 strings; every column nullable.
 */
export function resultToParquet(result: ColumnarResult): Blob {
  const columns = result.columns.map((c) => parquetColumn(c, result.rowCount));
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.map((c) => c.element)];
  const columnData: ColumnSource[] = columns.map((c) => ({ name: c.element.name, data: c.data as ColumnSource['data'] }));
  const buffer = parquetWriteBuffer({ columnData, schema, createdBy: 'tidemark' });
  return new Blob([buffer], { type: 'application/vnd.apache.parquet' });
}
