import { beforeAll, describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../../../src/engine/model/types.ts';
import type { QueryResult } from '../../../../src/engine/sql/result/query-result.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { StorageEngine } from '../../../../src/engine/storage/engine.ts';
import { chunkCodecFor } from '../../../../src/engine/storage/kernel-codec.ts';
import { MemoryDurability } from '../../../../src/engine/storage/memory-durability.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { loadKernelFromFile } from '../../../../src/kernel/node.ts';
import { rowsOf } from '../../../helpers/result-rows.ts';
import { random } from '../../../helpers/seeded-random.ts';

// The aggregate pushdown (storage answers per series and bucket from chunk headers, the kernel's
// fused pass, or decoded points) must give what the plain scan + hash aggregate gives. The data
// is built to reach every path: small chunks (header answers), chunks spanning buckets (kernel),
// range edges, out-of-order writes (overlapping chunks), upserts shadowing magnetic points,
// deletes, NULL attributes, both tiers. (The storage refuses NaN and Infinity, so they never reach a chunk.)

const NOW_MS = Date.UTC(2024, 0, 1, 3, 0, 0);
const HOUR = 3_600_000;
const START_MS = NOW_MS - 3 * HOUR;
const NOW = BigInt(NOW_MS) * 1_000_000n;
let catalog: StorageSqlCatalog;
let storage: StorageEngine;

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

beforeAll(async () => {
  const kernel = await loadKernelFromFile();
  const engine = await StorageEngine.open({
    codec: chunkCodecFor(kernel),
    durability: new MemoryDurability(),
    clock: () => NOW_MS,
    chunkPoints: 24,
    partitionNs: 3_600_000_000_000n,
  });
  await engine.createDatabase('tdb');
  const options = { memoryStoreRetentionHours: 1, enableMagneticStoreWrites: true, magneticStoreRetentionDays: 30 };
  await engine.createTable('tdb', 'single', options);
  await engine.createTable('tdb', 'multi', options);
  const rand = random(7);
  // Single-measure DOUBLE series through the columnar path: 3 hours at 10 s, gaps, negative values in one.
  for (const host of ['h0', 'h1', 'h2']) {
    for (const measure of ['cpu', 'mem']) {
      const times: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < 1080; i++) {
        if (rand() < 0.05) continue;
        times.push(START_MS + i * 10_000);
        const v = Math.round(rand() * 1000) / 10;
        values.push(host === 'h2' && measure === 'mem' && i % 97 === 0 ? -v : v);
      }
      const r = await engine.writeColumns({
        database: 'tdb',
        table: 'single',
        dimensions: { hostname: host, region: host === 'h0' ? 'east' : 'west' },
        measureName: measure,
        times: Float64Array.from(times),
        type: 'DOUBLE',
        values: Float64Array.from(values),
      });
      expect(r.RejectedRecords).toEqual([]);
    }
  }
  // h3: records arriving out of order (overlapping chunks), a bigint measure and a host without region.
  const records: WriteRecord[] = [];
  for (let i = 0; i < 600; i++) {
    const t = START_MS + Math.floor(rand() * 1080) * 10_000 + 5_000;
    records.push({
      Dimensions: [{ Name: 'hostname', Value: 'h3' }],
      MeasureName: 'cpu',
      MeasureValue: String(Math.round(rand() * 1000) / 10),
      MeasureValueType: 'DOUBLE',
      Time: String(t),
    });
    if (i % 3 === 0)
      records.push({
        Dimensions: [{ Name: 'hostname', Value: 'h3' }],
        MeasureName: 'errors',
        MeasureValue: String(i),
        MeasureValueType: 'BIGINT',
        Time: String(t),
      });
  }
  const unique = new Map(records.map((r) => [`${r.MeasureName}${r.Time}`, r]));
  let response = await engine.writeRecords({ DatabaseName: 'tdb', TableName: 'single', Records: [...unique.values()] });
  expect(response.RejectedRecords).toEqual([]);
  // Upserts with a higher version: in the magnetic tier (shadowed by a RAM point) and in memory.
  const upserts: WriteRecord[] = [];
  for (const offset of [5, 6, 7, 400, 1000, 1001]) {
    upserts.push({
      Dimensions: [
        { Name: 'hostname', Value: 'h1' },
        { Name: 'region', Value: 'west' },
      ],
      MeasureName: 'cpu',
      MeasureValue: String(500 + offset),
      MeasureValueType: 'DOUBLE',
      Time: String(START_MS + offset * 10_000),
      Version: 2,
    });
  }
  response = await engine.writeRecords({ DatabaseName: 'tdb', TableName: 'single', Records: upserts });
  expect(response.RejectedRecords).toEqual([]);
  // Deletes: a range inside the magnetic tier and one inside memory.
  await engine.deleteRecords({
    database: 'tdb',
    table: 'single',
    timeRange: { from: BigInt(START_MS + 20 * 60_000) * 1_000_000n, to: BigInt(START_MS + 27 * 60_000) * 1_000_000n },
    dimensions: { hostname: 'h0' },
  });
  await engine.deleteRecords({
    database: 'tdb',
    table: 'single',
    timeRange: { from: BigInt(NOW_MS - 20 * 60_000) * 1_000_000n, to: BigInt(NOW_MS - 13 * 60_000 - 5_000) * 1_000_000n },
    dimensions: { hostname: 'h1' },
    measureName: 'mem',
  });
  // MULTI: two DOUBLE attributes with NULLs (a missing attribute) and a BIGINT one.
  for (const host of ['m0', 'm1']) {
    const n = 1080;
    const user = new Float64Array(n);
    const system = new Float64Array(n);
    const systemValid = new Uint8Array(n);
    const count = new BigInt64Array(n);
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      times[i] = START_MS + i * 10_000;
      user[i] = Math.round(rand() * 1000) / 10;
      system[i] = Math.round(rand() * 100) / 10;
      systemValid[i] = host === 'm1' && i % 5 === 0 ? 0 : 1;
      count[i] = BigInt(i);
    }
    const r = await engine.writeColumns({
      database: 'tdb',
      table: 'multi',
      dimensions: { hostname: host },
      measureName: 'cpu',
      times,
      columns: [
        { name: 'usage_user', type: 'DOUBLE', values: user },
        { name: 'usage_system', type: 'DOUBLE', values: system, validity: systemValid },
        { name: 'n', type: 'BIGINT', values: count },
      ],
    });
    expect(r.RejectedRecords).toEqual([]);
  }
  catalog = new StorageSqlCatalog(engine);
  storage = engine;
});

type Cell = string | number | bigint | boolean | null;

const sortKey = (row: Cell[]) => JSON.stringify(row.map((c) => (typeof c === 'number' ? 0 : typeof c === 'bigint' ? String(c) : c)));

function expectSame(pushed: Cell[][], plain: Cell[][], sql: string): void {
  expect(pushed.length, sql).toBe(plain.length);
  const a = [...pushed].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
  const b = [...plain].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
  a.forEach((row, i) => {
    const other = b[i]!;
    row.forEach((cell, j) => {
      const expected = other[j];
      if (typeof cell === 'number' && typeof expected === 'number') {
        if (Number.isNaN(expected)) expect(cell, sql).toBeNaN();
        else
          expect(Math.abs(cell - expected), `${sql} row ${i} col ${j}: ${cell} vs ${expected}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(expected)),
          );
      } else expect(cell, `${sql} row ${i} col ${j}`).toEqual(expected);
    });
  });
}

async function compare(sql: string, mustPush = true): Promise<{ pushed: QueryResult; rows: number }> {
  const plan = rowsOf<Cell>(await runSql(catalog, `EXPLAIN ${sql}`, { now: NOW })).join('\n');
  expect(plan.includes('pushed into storage'), `${sql}\n${plan}`).toBe(mustPush);
  const pushed = await runSql(catalog, sql, { now: NOW });
  const plain = await runSql(catalog, sql, { now: NOW, pushdown: false });
  expectSame(rowsOf<Cell>(pushed), rowsOf<Cell>(plain), sql);
  return { pushed, rows: plain.rowCount };
}

async function explain(sql: string): Promise<string> {
  const result = await runSql(catalog, `EXPLAIN ANALYZE ${sql}`, { now: NOW });
  return rowsOf<Cell>(result)
    .map((r) => r[0])
    .join('\n');
}

const S = 'tdb.single';
const M = 'tdb.multi';
const AGGS =
  'count(*), count(measure_value::double), sum(measure_value::double), avg(measure_value::double), min(measure_value::double), max(measure_value::double), min(time), max(time), max_by(measure_value::double, time), min_by(measure_value::double, time)';
const MULTI_AGGS =
  'count(*), count(usage_system), sum(usage_user), avg(usage_system), min(usage_system), max(usage_user), max(time), count(time), max_by(usage_system, time), min_by(usage_system, time), max_by(usage_user, time)';
const bounds = (fromMs: number, toMs: number) => `time >= '${iso(fromMs)}' AND time < '${iso(toMs)}'`;

describe('aggregate pushdown gives what the plain aggregate gives', () => {
  const widths = ['1s', '7s', '10s', '1m', '5m', '1h', '1d'];
  const ranges = [
    '',
    `WHERE ${bounds(START_MS, NOW_MS)}`,
    `WHERE ${bounds(START_MS + 123_457, NOW_MS - 61_003)}`,
    `WHERE time BETWEEN '${iso(START_MS + 3_333)}' AND '${iso(START_MS + 2 * HOUR)}'`,
    `WHERE time > ago(37m)`,
    `WHERE ${bounds(NOW_MS + HOUR, NOW_MS + 2 * HOUR)}`,
    `WHERE time >= '${iso(START_MS + 20 * 60_000)}' AND time < '${iso(START_MS + 27 * 60_000)}'`,
  ];
  it.each(widths)('GROUP BY bin(time, %s), hostname over every range', async (width) => {
    for (const where of ranges) {
      await compare(`SELECT bin(time, ${width}) AS b, hostname, ${AGGS} FROM ${S} ${where} GROUP BY 1, 2 ORDER BY 1, 2`);
      await compare(`SELECT bin(time, ${width}), hostname, ${MULTI_AGGS} FROM ${M} ${where} GROUP BY 1, 2`);
    }
  });

  it('dimension and measure filters, measure_name keys, NULL dimensions', async () => {
    for (const where of [
      `WHERE measure_name = 'cpu'`,
      `WHERE measure_name IN ('mem', 'errors') AND hostname IN ('h1', 'h2', 'h3')`,
      `WHERE region = 'west' AND ${bounds(START_MS + 600_000, NOW_MS - 600_000)}`,
      `WHERE hostname = 'nope'`,
      `WHERE measure_name = 'cpu' AND measure_name = 'mem'`,
    ]) {
      await compare(`SELECT region, measure_name, ${AGGS} FROM ${S} ${where} GROUP BY region, measure_name`);
      await compare(`SELECT bin(time, 15m), measure_name, region, ${AGGS} FROM ${S} ${where} GROUP BY 1, 2, 3`);
      await compare(`SELECT ${AGGS} FROM ${S} ${where}`);
    }
  });

  it('CASE WHEN measure_name = ... THEN value END (the TSBS form) and lastpoint max(time)', async () => {
    const cases = ['cpu', 'mem', 'errors', 'absent']
      .map(
        (m) =>
          `max(CASE WHEN measure_name = '${m}' THEN measure_value::double END), avg(CASE WHEN '${m}' = measure_name THEN measure_value::double ELSE NULL END), count(CASE WHEN measure_name = '${m}' THEN measure_value::double END)`,
      )
      .join(', ');
    await compare(
      `SELECT bin(time, 1m) AS minute, ${cases} FROM ${S} WHERE hostname IN ('h1', 'h3') AND ${bounds(START_MS + 1_000, START_MS + 7_000_000)} GROUP BY 1 ORDER BY 1`,
    );
    await compare(`SELECT bin(time, 1h), hostname, ${cases} FROM ${S} GROUP BY 1, 2 ORDER BY 1, 2`);
    await compare(`SELECT hostname, measure_name, max(time) AS t, min(time), count(time) FROM ${S} GROUP BY hostname, measure_name`);
    // The value at the last / first row, NULL when that row belongs to another measure (ties across series: the first series).
    await compare(
      `SELECT bin(time, 10m), max_by(CASE WHEN measure_name = 'cpu' THEN measure_value::double END, time), min_by(CASE WHEN measure_name = 'mem' THEN measure_value::double END, time), max_by(measure_value::double, time) FROM ${S} GROUP BY 1`,
    );
    await compare(
      `SELECT hostname, max_by(measure_value::double, time), min_by(measure_value::double, time) FROM ${S} WHERE measure_name = 'cpu' GROUP BY 1`,
    );
  });

  it('is used where it applies, and EXPLAIN ANALYZE says how chunks were answered', async () => {
    const text = await explain(`SELECT bin(time, 1h), hostname, max(measure_value::double) FROM ${S} GROUP BY 1, 2`);
    expect(text).toContain('pushed into storage');
    const headers = Number(/(\d+) answered from headers/.exec(text)?.[1]);
    const kernel = Number(/(\d+) aggregated in the kernel/.exec(text)?.[1]);
    const decoded = Number(/(\d+) decoded/.exec(text)?.[1]);
    expect(headers).toBeGreaterThan(0);
    expect(decoded).toBeGreaterThan(0);
    const wide = await explain(`SELECT bin(time, 1m), max(measure_value::double) FROM ${S} WHERE hostname = 'h0' GROUP BY 1`);
    expect(Number(/(\d+) aggregated in the kernel/.exec(wide)?.[1]) + kernel).toBeGreaterThan(0);
    const { pushed } = await compare(`SELECT hostname, measure_name, max(time) FROM ${S} GROUP BY 1, 2`);
    expect(pushed.statistics.scan.chunksAnsweredFromHeaders).toBeGreaterThan(0);
    // Rows scanned counts the points the pushed aggregate covered: every point of the table.
    const all = await runSql(catalog, `SELECT count(*) FROM ${S}`, { now: NOW, pushdown: false });
    expect(BigInt(pushed.statistics.scan.rowsProduced)).toBe(all.vectors[0]!.get(0));
  });

  it('agrees when the same chunks are read with other column lists in turn (what a chunk keeps for the kernel pass)', async () => {
    let inKernel = 0;
    for (const aggs of [
      'avg(usage_user), max(usage_system)',
      'max(usage_system), avg(usage_user)',
      'sum(usage_system)',
      'min(usage_user), count(usage_system), sum(usage_user)',
      'avg(usage_user), max(usage_system)',
    ]) {
      for (const width of ['1m', '1h']) {
        const { pushed } = await compare(`SELECT bin(time, ${width}), hostname, ${aggs} FROM ${M} GROUP BY 1, 2`);
        inKernel += pushed.statistics.scan.chunksAggregatedInKernel ?? 0;
      }
    }
    expect(inKernel).toBeGreaterThan(0);
  });

  it('is not used where it would be wrong, and those queries still agree', async () => {
    for (const sql of [
      `SELECT bin(time, 1m), max(measure_value::double) FROM ${S} WHERE measure_value::double > 50 GROUP BY 1`,
      `SELECT hostname, count(DISTINCT measure_value::double) FROM ${S} GROUP BY 1`,
      `SELECT bin(time, 1m), sum(measure_value::bigint) FROM ${S} GROUP BY 1`,
      `SELECT date_trunc('hour', time), count(*) FROM ${S} GROUP BY 1`,
      `SELECT hostname, max(measure_value::double) FROM ${S} WHERE hostname LIKE 'h%' GROUP BY 1`,
    ]) {
      expect(await explain(sql), sql).not.toContain('pushed into storage');
      await compare(sql, false);
    }
  });

  it('a global aggregate over nothing gives one row', async () => {
    const { pushed } = await compare(
      `SELECT count(*), sum(measure_value::double), max(time) FROM ${S} WHERE ${bounds(NOW_MS + HOUR, NOW_MS + 2 * HOUR)}`,
    );
    expect(rowsOf<Cell>(pushed)).toEqual([[0n, null, null]]);
  });
});

describe('cancelling a pushed aggregate', () => {
  it('stops the storage between series once aborted, and the query ends with ABORTED', async () => {
    const request = { database: 'tdb', table: 'single', bucketWidth: 60_000_000_000n, columns: ['measure_value::double'] };
    const full = await storage.aggregateScan(request);
    expect(full.series?.length).toBeGreaterThan(0);
    const controller = new AbortController();
    controller.abort();
    const stopped = await storage.aggregateScan({ ...request, signal: controller.signal });
    expect(stopped.series).toEqual([]);
    const error = await runSql(catalog, `SELECT bin(time, 1m), max(measure_value::double) FROM ${S} GROUP BY 1`, {
      now: NOW,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('ABORTED');
  });
});

describe('the hash aggregate groups keys alike whether a batch holds them as constants or per row', () => {
  it('merges a series batch (constant hostname) with VALUES rows (varying hostname) into one group', async () => {
    const result = await runSql(
      catalog,
      `SELECT hostname, count(*) FROM (SELECT hostname FROM ${S} WHERE hostname = 'h0' AND measure_name = 'cpu' AND time < '${iso(START_MS + 60_000)}'
        UNION ALL SELECT * FROM (VALUES ('h0'), ('h9')) AS v(hostname)) GROUP BY 1 ORDER BY 1`,
      { now: NOW },
    );
    const rows = rowsOf<Cell>(result);
    expect(rows.map((r) => r[0])).toEqual(['h0', 'h9']);
    expect(rows[1]).toEqual(['h9', 1n]);
  });
});
