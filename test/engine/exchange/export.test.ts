import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { exportQuery, exportTable, type ImportMapping, toColumnarResult } from '../../../src/engine/index.ts';
import { fillSource, memoryDb, tableRows } from './fixture.ts';

const dialect = { delimiter: ',', quote: '"', escape: '', header: true, decimalComma: false } as const;

/** The mapping that reads a table's CSV export back into a table (what a user maps in the preview). */
function reimportMapping(table: 'single' | 'multi', target: string): ImportMapping {
  const base = {
    format: 'csv' as const,
    dialect,
    timeColumn: 'time',
    timeFormat: { kind: 'iso8601' as const },
    timeZone: 'UTC',
    measureNameColumn: 'measure_name',
    target: { database: 'back', table: target },
  };
  if (table === 'multi') {
    return {
      ...base,
      dimensions: [{ column: 'device', name: 'device' }],
      measures: [
        { column: 'temperature', name: 'temperature', type: 'DOUBLE' },
        { column: 'count', name: 'count', type: 'BIGINT' },
        { column: 'ok', name: 'ok', type: 'BOOLEAN' },
        { column: 'note', name: 'note', type: 'VARCHAR' },
        { column: 'at', name: 'at', type: 'TIMESTAMP' },
      ],
      multiMeasure: true,
    };
  }
  return {
    ...base,
    dimensions: [
      { column: 'host', name: 'host' },
      { column: 'region', name: 'region' },
    ],
    measures: [
      { column: 'measure_value::double', name: 'measure_value::double', type: 'DOUBLE' },
      { column: 'measure_value::bigint', name: 'measure_value::bigint', type: 'BIGINT' },
      { column: 'measure_value::boolean', name: 'measure_value::boolean', type: 'BOOLEAN' },
      { column: 'measure_value::varchar', name: 'measure_value::varchar', type: 'VARCHAR' },
      { column: 'measure_value::timestamp', name: 'measure_value::timestamp', type: 'TIMESTAMP' },
    ],
    multiMeasure: false,
  };
}

describe('export as CSV, then import', () => {
  for (const table of ['single', 'multi'] as const) {
    it(`gives identical rows for the ${table}-measure table (exact times, values, NULLs, quoting)`, async () => {
      const db = await memoryDb(`export-${table}`);
      await fillSource(db);
      const { blob, rows } = await exportTable(db, 'src', table, 'csv');
      expect(rows).toBe(table === 'multi' ? 30 : 400);
      const result = await db.importFile(blob, { mapping: reimportMapping(table, table), fileName: `${table}.csv` });
      expect(result).toMatchObject({ rowsRejected: 0, aborted: false, createdTable: true });
      expect(await tableRows(db, 'back', table)).toEqual(await tableRows(db, 'src', table));
      await db.close();
    });
  }

  for (const table of ['single', 'multi'] as const) {
    it(`re-imports the ${table}-measure table's CSV with the proposed mapping, unedited, to identical rows`, async () => {
      const db = await memoryDb(`export-proposed-${table}`);
      await fillSource(db);
      const { blob } = await exportTable(db, 'src', table, 'csv');
      const result = await db.importFile(blob, { database: 'again', table, fileName: `src.${table}.csv` });
      expect(result.mapping).toMatchObject({ measureNameColumn: 'measure_name', multiMeasure: table === 'multi', timeColumn: 'time' });
      expect(result.rowsRejected).toBe(0);
      expect(await tableRows(db, 'again', table)).toEqual(await tableRows(db, 'src', table));
      await db.close();
    });
  }

  it('writes a table series by series with the same text as a query export of SELECT *', async () => {
    const db = await memoryDb('export-streamed');
    await fillSource(db);
    for (const table of ['single', 'multi']) {
      const streamed = (await exportTable(db, 'src', table, 'csv')).blob;
      const queried = (await exportQuery(db, `SELECT * FROM "src"."${table}"`, 'csv')).blob;
      const [header, ...lines] = (await streamed.text()).trimEnd().split('\r\n');
      const [queryHeader, ...queryLines] = (await queried.text()).trimEnd().split('\r\n');
      expect(header).toBe(queryHeader);
      expect(lines.length).toBeGreaterThan(0);
      expect([...lines].sort()).toEqual([...queryLines].sort());
    }
    await db.close();
  });

  it('writes timestamps with nine digits, NULL as an empty field, and quotes what needs it', async () => {
    const db = await memoryDb('export-text');
    await fillSource(db);
    const { blob } = await exportQuery(
      db,
      `SELECT time, note, count FROM "src"."multi" WHERE measure_name = 'reading' ORDER BY time LIMIT 2`,
      'csv',
    );
    const lines = (await blob.text()).split('\r\n');
    expect(lines[0]).toBe('time,note,count');
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.123456796,,$/);
    expect(lines[2]).toMatch(/\.123456796,note 1,1$/);
    await db.close();
  });
});

describe('export as Parquet', () => {
  it('writes a table series by series in row groups: hyparquet reads back the same rows, types and NULLs as SELECT *', async () => {
    const db = await memoryDb('export-parquet-table');
    await fillSource(db);
    for (const table of ['single', 'multi']) {
      const expected = toColumnarResult(await db.query(`SELECT * FROM "src"."${table}"`));
      const { blob, rows: count } = await exportTable(db, 'src', table, 'parquet');
      expect(count).toBe(expected.rowCount);
      const file = await blob.arrayBuffer();
      const metadata = parquetMetadata(file);
      expect(metadata.schema.slice(1).map((e) => e.name)).toEqual(expected.columns.map((c) => c.name));
      expect(metadata.schema.find((e) => e.name === 'time')!.logical_type).toEqual({
        type: 'TIMESTAMP',
        isAdjustedToUTC: true,
        unit: 'NANOS',
      });
      const read = await parquetReadObjects({ file, parsers: { timestampFromNanoseconds: (ns: bigint) => ns } });
      const key = (values: unknown[]) => JSON.stringify(values, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
      const got = read.map((row) => key(expected.columns.map((c) => row[c.name] ?? null))).sort();
      const want: string[] = [];
      for (let r = 0; r < expected.rowCount; r++) {
        want.push(
          key(
            expected.columns.map((c) => {
              if (c.kind === 'text') return c.data[r] ?? null;
              if (c.valid && c.valid[r] === 0) return null;
              return c.kind === 'boolean' ? c.data[r] === 1 : c.data[r];
            }),
          ),
        );
      }
      expect(got).toEqual(want.sort());
    }
    await db.close();
  });

  it('reads back with hyparquet: same rows, nanosecond timestamps, typed columns, NULLs', async () => {
    const db = await memoryDb('export-parquet');
    await fillSource(db);
    for (const table of ['single', 'multi']) {
      const sql = `SELECT * FROM "src"."${table}" ORDER BY time`;
      const expected = toColumnarResult(await db.query(sql));
      const { blob } = await exportQuery(db, sql, 'parquet');
      const file = await blob.arrayBuffer();
      const metadata = parquetMetadata(file);
      const time = metadata.schema.find((e) => e.name === 'time')!;
      expect(time.logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' });
      const rows = await parquetReadObjects({ file, parsers: { timestampFromNanoseconds: (ns: bigint) => ns } });
      expect(rows.length).toBe(expected.rowCount);
      for (const column of expected.columns) {
        for (let r = 0; r < expected.rowCount; r++) {
          const got = rows[r]![column.name];
          let want: unknown;
          if (column.kind === 'text') want = column.data[r];
          else if (column.valid && column.valid[r] === 0) want = null;
          else if (column.kind === 'boolean') want = column.data[r] === 1;
          else want = column.data[r];
          if (got !== want) expect({ column: column.name, row: r, got }).toEqual({ column: column.name, row: r, got: want });
        }
      }
    }
    await db.close();
  });
});
