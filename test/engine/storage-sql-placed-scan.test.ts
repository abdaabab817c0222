import { beforeAll, describe, expect, it } from 'vitest';
import { toTimestreamResponse } from '../../src/engine/sql/result/timestream-format.ts';
import { runSql } from '../../src/engine/sql/run-sql.ts';
import { BigIntVector, DictionaryVector } from '../../src/engine/sql/vector/index.ts';
import { type ChunkCodec, chunkCodecFor, MemoryDurability, StorageEngine } from '../../src/engine/storage/index.ts';
import { StorageSqlCatalog } from '../../src/engine/storage-sql-catalog.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';

// A raw window over many series is read into one buffer (see placeRangeRows) and the SQL scan hands the
// series on as one batch of views over it. Every query must answer as it does when nothing is placed (a
// codec without rangeRowCount), whatever runs above the scan.

const NOW_MS = Date.UTC(2024, 0, 2);
const NOW = BigInt(NOW_MS) * 1_000_000n;
const POINTS = 3000;
const STEP_MS = 10_000;
const START_MS = NOW_MS - POINTS * STEP_MS;

let placed: StorageSqlCatalog;
let unplaced: StorageSqlCatalog;

async function open(codec: ChunkCodec): Promise<StorageSqlCatalog> {
  const engine = await StorageEngine.open({ codec, durability: new MemoryDurability(), clock: () => NOW_MS, chunkPoints: 512 });
  await engine.createDatabase('dbx');
  await engine.createTable('dbx', 'cpu', { memoryStoreRetentionHours: 48 });
  const times = Float64Array.from({ length: POINTS }, (_, i) => START_MS + i * STEP_MS);
  for (let h = 0; h < 6; h++)
    for (const m of ['usage_user', 'usage_system']) {
      const values = Float64Array.from({ length: POINTS }, (_, i) =>
        Math.round(50 + 40 * Math.sin(i / (7 + h)) + (m === 'usage_user' ? 1 : -1) * h),
      );
      await engine.writeColumns({ database: 'dbx', table: 'cpu', dimensions: { hostname: `host_${h}` }, measureName: m, times, values });
    }
  // One MULTI series among them (other columns: NULL for the single-measure series, not placed with them).
  await engine.writeColumns({
    database: 'dbx',
    table: 'cpu',
    dimensions: { hostname: 'host_m' },
    measureName: 'cpu',
    times,
    columns: [{ name: 'usage_idle', type: 'DOUBLE', values: Float64Array.from({ length: POINTS }, (_, i) => i % 100) }],
  });
  return new StorageSqlCatalog(engine);
}

beforeAll(async () => {
  const kernel = await loadKernelFromFile();
  const codec = chunkCodecFor(kernel);
  placed = await open(codec);
  const { rangeRowCount: _, ...withoutPlacement } = codec;
  unplaced = await open(withoutPlacement);
});

const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
// Rows 600 .. 899 of every series: inside one chunk (rows 512 .. 1023).
const FROM = stamp(START_MS + 600 * STEP_MS);
const TO = stamp(START_MS + 900 * STEP_MS);
const WINDOW = `time >= '${FROM}' AND time < '${TO}'`;

async function answers(catalog: StorageSqlCatalog, sql: string) {
  // The first read of each chunk learns that its times are evenly spaced; the second is placed.
  await runSql(catalog, sql, { now: NOW });
  const result = await runSql(catalog, sql, { now: NOW });
  return { result, rows: toTimestreamResponse(result).Rows };
}

describe('SQL over a raw window read into one buffer', () => {
  it.each([
    `SELECT * FROM dbx.cpu WHERE ${WINDOW}`,
    // The last 600 rows (a chunk's, then the 440 the head holds) and the last 20 minutes (the head's alone).
    `SELECT * FROM dbx.cpu WHERE time >= '${stamp(START_MS + 2400 * STEP_MS)}'`,
    'SELECT hostname, time, measure_value::double FROM dbx.cpu WHERE time >= ago(20m) ORDER BY hostname, time',
    `SELECT hostname, measure_name, time, measure_value::double FROM dbx.cpu WHERE ${WINDOW} AND measure_name = 'usage_user'`,
    `SELECT hostname, time, measure_value::double * 2 AS twice FROM dbx.cpu WHERE ${WINDOW} AND hostname IN ('host_1', 'host_4')`,
    `SELECT * FROM dbx.cpu WHERE ${WINDOW} ORDER BY time DESC, hostname, measure_name LIMIT 25`,
    `SELECT hostname, count(*) AS n, sum(measure_value::double) AS s FROM dbx.cpu WHERE ${WINDOW} GROUP BY hostname ORDER BY hostname`,
    `SELECT time, usage_idle FROM dbx.cpu WHERE ${WINDOW} AND measure_name = 'cpu'`,
    `SELECT * FROM dbx.cpu WHERE ${WINDOW} AND measure_value::double > 60`,
    `SELECT a.time, a.measure_value::double - b.measure_value::double AS d FROM dbx.cpu a JOIN dbx.cpu b ON a.time = b.time AND a.hostname = b.hostname
     WHERE a.measure_name = 'usage_user' AND b.measure_name = 'usage_system' AND a.${WINDOW.replace('AND time', 'AND a.time')} AND b.${WINDOW.replace('AND time', 'AND b.time')}`,
  ])('answers as the unplaced read: %s', async (sql) => {
    const got = await answers(placed, sql);
    const want = await answers(unplaced, sql);
    expect(got.rows.length).toBeGreaterThan(0);
    expect(got.rows).toEqual(want.rows);
    // The same chunks considered, pruned, decoded and bytes read.
    expect(got.result.statistics.scan).toEqual(want.result.statistics.scan);
  });

  it('hands the series on as views over one buffer', async () => {
    const { result } = await answers(placed, `SELECT time, measure_value::double FROM dbx.cpu WHERE ${WINDOW} AND measure_name <> 'cpu'`);
    expect(result.rowCount).toBe(12 * 300);
    const times = result.vectors[0];
    expect(times).toBeInstanceOf(BigIntVector);
    const data = (times as BigIntVector).data;
    // The times of all twelve series, then their values: one view each, nothing copied.
    expect(data.byteLength).toBe(12 * 300 * 8);
    expect(data.buffer.byteLength).toBe(2 * 12 * 300 * 8);
  });

  it('codes the dimension and measure_name columns with one array of codes, a series per code', async () => {
    const sql = `SELECT hostname, measure_name, time FROM dbx.cpu WHERE ${WINDOW} AND measure_name IN ('usage_user', 'usage_system')`;
    const { result, rows } = await answers(placed, sql);
    const [hostname, measure] = result.vectors as DictionaryVector[];
    expect(hostname).toBeInstanceOf(DictionaryVector);
    expect(measure).toBeInstanceOf(DictionaryVector);
    // One code per row for both columns, not one per row per column.
    expect(measure?.codes).toBe(hostname?.codes);
    expect(hostname?.dictionary.length).toBe(12);
    expect(new Set(hostname?.dictionary)).toEqual(new Set(['host_0', 'host_1', 'host_2', 'host_3', 'host_4', 'host_5']));
    expect(new Set(rows.map((r) => JSON.stringify(r.Data.slice(0, 2)))).size).toBe(12);
  });
});
