import { beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import type { StorageEngine } from '../../../../src/engine/storage/engine.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { rowsOf } from '../../../helpers/result-rows.ts';
import { kernelMemoryEngine } from '../../storage/helpers.ts';

// How a pushed-down aggregate assembles its rows from the series' buckets: groups far apart in time
// (more query buckets than a dense index would hold), the grouping kept from one query for the next
// (the same series in the same order, other keys, other series), and the row order (bin, then the keys,
// NULLs last) the Sort above relies on. Values are small integers, so both paths' sums are exact and
// the rows must match cell for cell, in order.

const NOW_MS = Date.UTC(2024, 0, 1, 3, 0, 0);
const DAY = 86_400_000;
const NOW = BigInt(NOW_MS) * 1_000_000n;
let catalog: StorageSqlCatalog;

beforeAll(async () => {
  const engine = await kernelMemoryEngine({
    clock: () => NOW_MS,
    chunkPoints: 64,
    partitionNs: 3_600_000_000_000n,
  });
  await engine.createDatabase('tdb');
  await engine.createTable('tdb', 'far', { memoryStoreRetentionHours: 24 * 40, magneticStoreRetentionDays: 60 });
  // Hosts 25 days apart ('a' early, 'b' and 'c' late, in the same buckets), one series without a hostname
  // (a NULL key), each with points 10 ms apart over a little more than a second.
  const series: { dimensions: Record<string, string>; startMs: number }[] = [
    { dimensions: { hostname: 'c' }, startMs: NOW_MS - 2_000 },
    { dimensions: { hostname: 'a' }, startMs: NOW_MS - 25 * DAY },
    { dimensions: { region: 'r' }, startMs: NOW_MS - 2_500 },
    { dimensions: { hostname: 'b' }, startMs: NOW_MS - 2_000 },
    { dimensions: { hostname: 'b2', region: 'r' }, startMs: NOW_MS - 12 * DAY },
  ];
  for (const [k, { dimensions, startMs }] of series.entries()) {
    const times = Float64Array.from({ length: 130 }, (_, i) => startMs + i * 10);
    const values = Float64Array.from({ length: 130 }, (_, i) => ((i * 7 + k * 3) % 50) - 10);
    const r = await engine.writeColumns({ database: 'tdb', table: 'far', dimensions, measureName: 'cpu', times, type: 'DOUBLE', values });
    expect(r.RejectedRecords).toEqual([]);
  }
  // A MULTI table whose series gain an attribute between two queries (their dimensions objects are made anew then).
  await engine.createTable('tdb', 'multi', { memoryStoreRetentionHours: 24, magneticStoreRetentionDays: 60 });
  for (const host of ['m2', 'm1', 'm3']) await writeMulti(engine, host, ['u']);
  multiEngine = engine;
  catalog = new StorageSqlCatalog(engine);
});

let multiEngine: StorageEngine;

async function writeMulti(engine: StorageEngine, host: string, attributes: readonly string[]): Promise<void> {
  const times = Float64Array.from({ length: 100 }, (_, i) => NOW_MS - 3_600_000 + i * 1_000 + attributes.length);
  const columns = attributes.map((name, a) => ({
    name,
    type: 'DOUBLE' as const,
    values: Float64Array.from({ length: 100 }, (_, i) => (i * (a + 3) + host.length) % 17),
  }));
  const r = await engine.writeColumns({
    database: 'tdb',
    table: 'multi',
    dimensions: { hostname: host },
    measureName: 'm',
    times,
    columns,
  });
  expect(r.RejectedRecords).toEqual([]);
}

type Cell = string | number | bigint | boolean | null;

/** The pushed-down answer equals the plain aggregate's, row for row in order. */
async function sameInOrder(sql: string): Promise<Cell[][]> {
  const plan = rowsOf<Cell>(await runSql(catalog, `EXPLAIN ${sql}`, { now: NOW })).join('\n');
  expect(plan.includes('pushed into storage'), `${sql}\n${plan}`).toBe(true);
  const pushed = rowsOf<Cell>(await runSql(catalog, sql, { now: NOW }));
  const plain = rowsOf<Cell>(await runSql(catalog, sql, { now: NOW, pushdown: false }));
  expect(pushed, sql).toEqual(plain);
  return pushed;
}

const F = 'tdb.far';

describe('pushed aggregate assembly', () => {
  it('groups far apart in time: more query buckets than an int holds, rows in bucket then key order', async () => {
    // 1 ms buckets over 25 days: about 2.2e9 query buckets, a few hundred rows.
    const rows = await sameInOrder(
      `SELECT bin(time, 1ms) AS t, hostname, count(*), sum(measure_value::double), avg(measure_value::double), min(measure_value::double), max(measure_value::double) FROM ${F} GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rows.length).toBe(5 * 130);
    const first = rows[0] as Cell[];
    expect(first[0]).toBe(BigInt(NOW_MS - 25 * DAY) * 1_000_000n);
    expect(first[1]).toBe('a');
    // 'b' and 'c' share their buckets: 'b' first; the NULL hostname's rows come after in theirs.
    const late = rows.filter((r) => r[0] === BigInt(NOW_MS - 2_000) * 1_000_000n).map((r) => r[1]);
    expect(late).toEqual(['b', 'c', null]);
  });

  it('without ORDER BY the rows still come in bucket then key order (what the Sort above skips)', async () => {
    const sql = `SELECT bin(time, 1ms), hostname, sum(measure_value::double) FROM ${F} GROUP BY 1, 2`;
    const ordered = await runSql(catalog, `${sql} ORDER BY 1, 2`, { now: NOW, pushdown: false });
    expect(rowsOf<Cell>(await runSql(catalog, sql, { now: NOW }))).toEqual(rowsOf<Cell>(ordered));
  });

  it('keeps the grouping only while the same series and keys come again', async () => {
    const queries = [
      `SELECT bin(time, 1s) AS t, hostname, avg(measure_value::double), count(*) FROM ${F} GROUP BY 1, 2 ORDER BY 1, 2`,
      // Again: the kept grouping.
      `SELECT bin(time, 1s) AS t, hostname, avg(measure_value::double), count(*) FROM ${F} GROUP BY 1, 2 ORDER BY 1, 2`,
      // The same series, other keys: region groups b2 with the hostname-less series.
      `SELECT bin(time, 1s) AS t, region, sum(measure_value::double) FROM ${F} GROUP BY 1, 2 ORDER BY 1, 2`,
      // The keys the other way round.
      `SELECT hostname, bin(time, 1s) AS t, max(measure_value::double) FROM ${F} GROUP BY 1, 2 ORDER BY 2, 1`,
      // Two keys.
      `SELECT bin(time, 1s) AS t, hostname, region, min(measure_value::double) FROM ${F} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      // Fewer series.
      `SELECT bin(time, 1s) AS t, hostname, avg(measure_value::double) FROM ${F} WHERE hostname IN ('c', 'a') GROUP BY 1, 2 ORDER BY 1, 2`,
      // All of them again.
      `SELECT bin(time, 1s) AS t, hostname, avg(measure_value::double), count(*) FROM ${F} GROUP BY 1, 2 ORDER BY 1, 2`,
      `SELECT hostname, sum(measure_value::double) FROM ${F} GROUP BY 1 ORDER BY 1`,
      `SELECT region, hostname, count(*) FROM ${F} GROUP BY 1, 2 ORDER BY 1, 2`,
    ];
    for (const sql of queries) await sameInOrder(sql);
    const regions = await sameInOrder(`SELECT region, count(*) FROM ${F} GROUP BY 1 ORDER BY 1`);
    expect(regions).toEqual([
      ['r', 260n],
      [null, 390n],
    ]);
  });

  it('knows the same series again after they gained an attribute (new dimensions objects, the same keys)', async () => {
    const sql = `SELECT bin(time, 10m) AS t, hostname, avg(u), count(*) FROM tdb.multi GROUP BY 1, 2 ORDER BY 1, 2`;
    const before = await sameInOrder(sql);
    for (const host of ['m2', 'm1', 'm3']) await writeMulti(multiEngine, host, ['u', 'v']);
    const after = await sameInOrder(sql);
    expect(after.length).toBe(before.length);
    expect(after.map((r) => r[1])).toEqual(before.map((r) => r[1]));
    await sameInOrder(`SELECT bin(time, 10m) AS t, hostname, avg(v), sum(u) FROM tdb.multi GROUP BY 1, 2 ORDER BY 1, 2`);
  });
});
