import { TidemarkError } from '../../errors/index.ts';
import type { Database } from '../api.ts';
import { formatTimestamp } from '../sql/values/time-text.ts';
import type { ScanColumn, SeriesBatch } from '../storage/scan-types.ts';
import { tableSchema } from '../storage-sql-catalog.ts';
import { csvField } from './result-csv.ts';

/** Series read per scan: what is decoded at once, whatever the table's size. */
const SERIES_PER_SCAN = 32;

function scanCell(column: ScanColumn | undefined, row: number): string {
  if (column === undefined || (column.validity !== undefined && column.validity[row] === 0)) return '';
  switch (column.type) {
    case 'double': {
      const v = column.values[row] as number;
      return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    }
    case 'bigint':
      return String(column.values[row]);
    case 'timestamp':
      return formatTimestamp(column.values[row] as bigint);
    case 'boolean':
      return column.values[row] === 1 ? 'true' : 'false';
    case 'varchar': {
      const v = column.values[row];
      return v === null || v === undefined ? '' : csvField(v);
    }
  }
}

/**
 * A whole table as CSV, in the columns `SELECT *` gives (dimensions, measure_name, time, measure_value::<type>
 * columns, MULTI attributes) and the same text as a query export, but read a few series at a time and written
 * series by series (each in time order), so a table of any size never sits decoded in memory at once: only
 * the file's text does, as Blob parts.
 */
export async function tableToCsv(
  db: Database,
  database: string,
  table: string,
  signal?: AbortSignal,
): Promise<{ blob: Blob; rows: number }> {
  const schema = tableSchema(await db.describeTable(database, table));
  const names = schema.columns.map((c) => c.name);
  const parts: string[] = [`${names.map(csvField).join(',')}\r\n`];
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
  let rows = 0;
  const write = (batch: SeriesBatch): void => {
    const byName = new Map(batch.columns.map((c) => [c.name, c]));
    const lines: string[] = [];
    for (let row = 0; row < batch.times.length; row++) {
      const cells = schema.columns.map((c) => {
        if (c.role === 'DIMENSION') {
          const value = batch.series.dimensions[c.name];
          return value === undefined ? '' : csvField(value);
        }
        if (c.role === 'MEASURE_NAME') return csvField(batch.series.measureName);
        if (c.role === 'TIMESTAMP') return formatTimestamp(batch.times[row] as bigint);
        return scanCell(byName.get(c.name), row);
      });
      lines.push(cells.join(','));
    }
    if (lines.length > 0) parts.push(`${lines.join('\r\n')}\r\n`);
    rows += lines.length;
  };
  for (let at = 0; at < ids.length; at += SERIES_PER_SCAN) {
    if (signal?.aborted) throw new TidemarkError('ABORTED', 'The export was cancelled.');
    const scan = await db.scan({ database, table, seriesFilter: { seriesIds: ids.slice(at, at + SERIES_PER_SCAN) } });
    for (const batch of scan.batches) write(batch);
  }
  return { blob: new Blob(parts, { type: 'text/csv' }), rows };
}
