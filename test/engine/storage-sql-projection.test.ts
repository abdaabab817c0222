import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WriteRecord } from '../../src/engine/model/types.ts';
import { toTimestreamResponse } from '../../src/engine/sql/result/timestream-format.ts';
import { runSql } from '../../src/engine/sql/run-sql.ts';
import type { StorageEngine } from '../../src/engine/storage/index.ts';
import { StorageSqlCatalog } from '../../src/engine/storage-sql-catalog.ts';
import { random } from '../helpers/seeded-random.ts';
import { codec, kernelMemoryEngine } from './storage/helpers.ts';

// The SQL scan reads only the value columns a query uses (projection pushdown). Over a table that mixes
// MULTI records (five attributes of four types, with NULLs) and single-measure series of two types, every
// query must answer as it does when every column is read (pushdown: false), and decode fewer bytes when it
// names fewer columns. A series holding none of the columns read still has its rows.

const NOW_MS = Date.UTC(2024, 0, 1, 6, 0, 0);
const NOW = BigInt(NOW_MS) * 1_000_000n;
const POINTS = 900;
const STEP_MS = 10_000;
const START_MS = NOW_MS - POINTS * STEP_MS;
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
let engine: StorageEngine;
let catalog: StorageSqlCatalog;

/** An engine holding the table, and its SQL catalog. */
async function load(): Promise<{ engine: StorageEngine; catalog: StorageSqlCatalog }> {
  const engine = await kernelMemoryEngine({ clock: () => NOW_MS, chunkPoints: 128 });
  await engine.createDatabase('pdb');
  await engine.createTable('pdb', 'cpu', { memoryStoreRetentionHours: 24 });
  const next = random(7);
  const records: WriteRecord[] = [];
  for (let h = 0; h < 4; h++)
    for (let i = 0; i < POINTS; i++) {
      const time = String(START_MS + i * STEP_MS);
      const dimensions = [{ Name: 'hostname', Value: `host_${h}` }];
      const attributes = [
        { Name: 'usage_user', Value: String(Math.round(next() * 1000) / 10), Type: 'DOUBLE' as const },
        { Name: 'usage_system', Value: String(Math.round(next() * 1000) / 10), Type: 'DOUBLE' as const },
        { Name: 'usage_idle', Value: String(Math.round(next() * 1000) / 10), Type: 'DOUBLE' as const },
        { Name: 'state', Value: next() < 0.5 ? 'ok' : 'busy', Type: 'VARCHAR' as const },
        { Name: 'procs', Value: String(Math.floor(next() * 500)), Type: 'BIGINT' as const },
      ].filter((a) => a.Name === 'usage_user' || next() > 0.1);
      records.push({ Dimensions: dimensions, MeasureName: 'cpu', MeasureValueType: 'MULTI', MeasureValues: attributes, Time: time });
      if (i % 3 === 0) {
        records.push({
          Dimensions: dimensions,
          MeasureName: 'temp',
          MeasureValue: String(40 + (i % 17)),
          MeasureValueType: 'DOUBLE',
          Time: time,
        });
        records.push({
          Dimensions: dimensions,
          MeasureName: 'mode',
          MeasureValue: i % 2 ? 'a' : 'b',
          MeasureValueType: 'VARCHAR',
          Time: time,
        });
      }
    }
  const response = await engine.writeRecords({ DatabaseName: 'pdb', TableName: 'cpu', Records: records });
  expect(response.RejectedRecords).toEqual([]);
  return { engine, catalog: new StorageSqlCatalog(engine) };
}

beforeAll(async () => {
  ({ engine, catalog } = await load());
});

const LAST_HOUR = `time >= '${iso(NOW_MS - 3_600_000)}'`;

const QUERIES: readonly string[] = [
  'SELECT * FROM pdb.cpu',
  'SELECT hostname, measure_name, time FROM pdb.cpu',
  'SELECT measure_name, count(*) AS n FROM pdb.cpu GROUP BY measure_name',
  `SELECT time, usage_user FROM pdb.cpu WHERE ${LAST_HOUR} AND hostname = 'host_1'`,
  `SELECT hostname, time, usage_system FROM pdb.cpu WHERE ${LAST_HOUR}`,
  'SELECT hostname, time, state, procs FROM pdb.cpu WHERE usage_user > 90',
  "SELECT hostname, time, measure_value::varchar FROM pdb.cpu WHERE measure_name = 'mode' AND time > ago(30m)",
  'SELECT hostname, avg(measure_value::double) AS t FROM pdb.cpu GROUP BY hostname',
  `SELECT hostname, time, avg(usage_user) OVER (PARTITION BY hostname ORDER BY time ROWS 29 PRECEDING) AS m FROM pdb.cpu WHERE ${LAST_HOUR}`,
  `SELECT c.hostname, c.time, c.usage_idle, t.measure_value::double AS temp FROM pdb.cpu c JOIN pdb.cpu t
     ON c.hostname = t.hostname AND c.time = t.time WHERE c.measure_name = 'cpu' AND t.measure_name = 'temp' AND c.usage_user > 80`,
  `WITH latest AS (SELECT hostname, max(time) AS t FROM pdb.cpu WHERE measure_name = 'cpu' GROUP BY hostname)
     SELECT c.hostname, c.time, c.usage_user FROM pdb.cpu c JOIN latest l ON c.hostname = l.hostname AND c.time = l.t`,
  "SELECT hostname, time FROM pdb.cpu WHERE measure_name = 'cpu' AND usage_idle IS NULL",
  'SELECT count(*) AS n FROM pdb.cpu WHERE EXISTS (SELECT 1 FROM pdb.cpu i WHERE i.procs > 498)',
];

/** Records the column names every call of the codec's `method` is given (argument `at`), and calls it. */
function spyColumns(method: 'decodeColumns' | 'filterRows' | 'rangeRowCount', at: number, asked: string[]) {
  const methods = codec as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = methods[method] as (...args: unknown[]) => unknown;
  return vi.spyOn(methods, method).mockImplementation((...args: unknown[]) => {
    asked.push(...(args[at] as readonly string[]));
    return original(...args);
  });
}

function rowsOf(result: Awaited<ReturnType<typeof runSql>>): string[] {
  return toTimestreamResponse(result)
    .Rows.map((r) => JSON.stringify(r))
    .sort();
}

describe('SQL over storage reading only the columns a query uses', () => {
  it.each(QUERIES)('%s', async (sql) => {
    const pruned = await runSql(catalog, sql, { now: NOW });
    const whole = await runSql(catalog, sql, { now: NOW, pushdown: false });
    expect(rowsOf(pruned)).toEqual(rowsOf(whole));
  });

  it.each([
    `SELECT hostname, time, usage_system FROM pdb.cpu WHERE ${LAST_HOUR}`,
    'SELECT hostname, time, usage_system FROM pdb.cpu',
    'SELECT hostname, time, usage_system FROM pdb.cpu WHERE usage_system > 50',
  ])('decodes only the attribute a query names: %s', async (sql) => {
    // A fresh engine: nothing decoded before sits in its decode cache.
    const { catalog } = await load();
    const explained = await runSql(catalog, `EXPLAIN ${sql}`, { now: NOW });
    expect(String(explained.vectors[0]?.get(explained.rowCount - 1))).toMatch(/Scan pdb.cpu, columns: 3 of 10/);
    const asked: string[] = [];
    const spies = [
      vi.spyOn(codec, 'decode').mockImplementation(() => {
        throw new Error('a whole chunk was decoded');
      }),
      spyColumns('decodeColumns', 1, asked),
      spyColumns('filterRows', 4, asked),
      spyColumns('rangeRowCount', 4, asked),
    ];
    try {
      await runSql(catalog, sql, { now: NOW });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // Every chunk of the MULTI series was read for usage_system alone (the single-measure series hold none of it).
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set(['usage_system']));
  });

  it.each([
    ['a window', `WHERE ${LAST_HOUR}`],
    ['whole chunks', ''],
    ['a value filter', 'WHERE usage_user > 50'],
  ])('reports fewer bytes decoded for one attribute than for all (%s)', async (_, where) => {
    const one = (await runSql(catalog, `SELECT hostname, time, usage_system FROM pdb.cpu ${where}`, { now: NOW })).statistics.scan;
    const every = (await runSql(catalog, `SELECT * FROM pdb.cpu ${where}`, { now: NOW })).statistics.scan;
    expect(one.chunksDecoded).toBe(every.chunksDecoded);
    expect(one.bytesDecoded).toBeGreaterThan(0);
    // The header and the times are read either way: about half here (two attributes of five with the filter).
    expect(one.bytesDecoded).toBeLessThan(every.bytesDecoded * 0.8);
  });

  it('keeps the series holding none of the columns read when the scan asks for every series', async () => {
    const base = { database: 'pdb', table: 'cpu', columns: ['usage_user'] };
    const skipping = await engine.scan(base);
    const every = await engine.scan({ ...base, everySeries: true });
    const names = (r: typeof every) => [...new Set(r.batches.map((b) => b.series.measureName))].sort();
    expect(names(skipping)).toEqual(['cpu']);
    expect(names(every)).toEqual(['cpu', 'mode', 'temp']);
    for (const b of every.batches) if (b.series.measureName !== 'cpu') expect([b.times.length > 0, b.columns]).toEqual([true, []]);
  });
});
