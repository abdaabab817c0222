import { ByteWriter, type ColumnSource, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { TidemarkError } from '../../errors/index.ts';
import type { Database } from '../api.ts';
import { measureTypeOf } from '../model/types.ts';
import type { ScanColumn } from '../storage/scan-types.ts';
import { tableSchema } from '../storage-sql-catalog.ts';

/** Series read per scan, and rows per Parquet row group: bounds what is decoded and buffered at once. */
const SERIES_PER_SCAN = 32;
const ROWS_PER_GROUP = 65_536;

const TIMESTAMP_NANOS = { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' } as const;

function element(name: string, type: string): SchemaElement {
  const base = { name, repetition_type: 'OPTIONAL' as const };
  switch (type) {
    case 'DOUBLE':
      return { ...base, type: 'DOUBLE' };
    case 'BIGINT':
      return { ...base, type: 'INT64' };
    case 'TIMESTAMP':
      return { ...base, type: 'INT64', logical_type: TIMESTAMP_NANOS };
    case 'BOOLEAN':
      return { ...base, type: 'BOOLEAN' };
    default:
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

function scanValue(column: ScanColumn | undefined, row: number): unknown {
  if (column === undefined || (column.validity !== undefined && column.validity[row] === 0)) return null;
  if (column.type === 'boolean') return column.values[row] === 1;
  return column.values[row] ?? null;
}

/**
 * A whole table as Parquet, in the columns `SELECT *` gives (the same types as a query export: UTF-8 text,
 * DOUBLE, INT64, INT64 TIMESTAMP(NANOS, UTC), BOOLEAN), read a few series at a time and written as row groups
 * of up to 65,536 rows, series by series (each in time order); only the compressed file is held whole.
 */
export async function tableToParquet(
  db: Database,
  database: string,
  table: string,
  signal?: AbortSignal,
): Promise<{ blob: Blob; rows: number }> {
  const description = await db.describeTable(database, table);
  const columns = tableSchema(description).columns;
  const attributeTypes = new Map(description.multiMeasureAttributes.map((a) => [a.name, a.type as string]));
  const typeOf = (name: string, role: string): string => {
    if (role === 'DIMENSION' || role === 'MEASURE_NAME') return 'VARCHAR';
    if (role === 'TIMESTAMP') return 'TIMESTAMP';
    if (role === 'MEASURE_VALUE') return measureTypeOf(name.slice('measure_value::'.length) as Parameters<typeof measureTypeOf>[0]);
    return attributeTypes.get(name) ?? 'VARCHAR';
  };
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c) => element(c.name, typeOf(c.name, c.role))),
  ];
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema, createdBy: 'tidemark' });
  let buffered: unknown[][] = columns.map(() => []);
  let rows = 0;
  const flush = async (): Promise<void> => {
    const count = buffered[0]?.length ?? 0;
    if (count === 0) return;
    const columnData: ColumnSource[] = columns.map((c, i) => ({ name: c.name, data: buffered[i] as ColumnSource['data'] }));
    await parquet.write({ columnData, rowGroupSize: count });
    rows += count;
    buffered = columns.map(() => []);
  };

  const ids: number[] = [];
  // The `where` test sees every series and keeps none: a listing with nothing decoded.
  await db.scan({
    database,
    table,
    seriesFilter: {
      where: (s) => {
        ids.push(s.id);
        return false;
      },
    },
  });
  for (let at = 0; at < ids.length; at += SERIES_PER_SCAN) {
    if (signal?.aborted) throw new TidemarkError('ABORTED', 'The export was cancelled.');
    const scan = await db.scan({ database, table, seriesFilter: { seriesIds: ids.slice(at, at + SERIES_PER_SCAN) } });
    for (const batch of scan.batches) {
      const byName = new Map(batch.columns.map((c) => [c.name, c]));
      columns.forEach((c, i) => {
        const out = buffered[i]!;
        const n = batch.times.length;
        if (c.role === 'DIMENSION' || c.role === 'MEASURE_NAME') {
          const value = c.role === 'MEASURE_NAME' ? batch.series.measureName : (batch.series.dimensions[c.name] ?? null);
          for (let r = 0; r < n; r++) out.push(value);
        } else if (c.role === 'TIMESTAMP') {
          for (let r = 0; r < n; r++) out.push(batch.times[r]);
        } else {
          const column = byName.get(c.name);
          for (let r = 0; r < n; r++) out.push(scanValue(column, r));
        }
      });
      if ((buffered[0]?.length ?? 0) >= ROWS_PER_GROUP) await flush();
    }
  }
  await flush();
  await parquet.finish();
  return { blob: new Blob([writer.getBuffer()], { type: 'application/vnd.apache.parquet' }), rows };
}
