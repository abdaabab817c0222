import { beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src/engine/sql/result/query-result.ts';
import { runSql } from '../../src/engine/sql/run-sql.ts';
import { BigIntVector } from '../../src/engine/sql/vector/index.ts';
import { StorageSqlCatalog } from '../../src/engine/storage-sql-catalog.ts';
import { kernelMemoryEngine } from './storage/helpers.ts';

// A join back onto exact (series, time) points answered as a semi-join (high-cpu's) has its probe scan's point
// lookups read into one buffer (see placePointRows), handed on as one batch of views over it. Every query must
// answer as the plain operators do (pushdown off: no runtime filter, no point lookups), and the same with the
// lookups unbatched (a join that is no semi-join).

const NOW_MS = Date.UTC(2024, 0, 2);
const NOW = BigInt(NOW_MS) * 1_000_000n;
const POINTS = 3000;
const STEP_MS = 10_000;
const START_MS = NOW_MS - POINTS * STEP_MS;
const HOSTS = 6;

let catalog: StorageSqlCatalog;

beforeAll(async () => {
  const engine = await kernelMemoryEngine({
    clock: () => NOW_MS,
    chunkPoints: 512,
  });
  await engine.createDatabase('dbx');
  await engine.createTable('dbx', 'cpu', { memoryStoreRetentionHours: 48 });
  const times = Float64Array.from({ length: POINTS }, (_, i) => START_MS + i * STEP_MS);
  for (let h = 0; h < HOSTS; h++)
    for (const m of ['usage_user', 'usage_system', 'usage_idle']) {
      const values = Float64Array.from({ length: POINTS }, (_, i) => Math.round(50 + 45 * Math.sin(i / (7 + h) + m.length)));
      await engine.writeColumns({ database: 'dbx', table: 'cpu', dimensions: { hostname: `host_${h}` }, measureName: m, times, values });
    }
  catalog = new StorageSqlCatalog(engine);
});

const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function highCpu(fromRow: number, toRow: number, extra = ''): string {
  const range = (a: string) => `${a}time >= '${stamp(START_MS + fromRow * STEP_MS)}' AND ${a}time < '${stamp(START_MS + toRow * STEP_MS)}'`;
  return `SELECT c.hostname, c.time, c.measure_name, c.measure_value::double FROM dbx.cpu c JOIN (SELECT hostname, time FROM dbx.cpu
    WHERE measure_name = 'usage_user' AND measure_value::double > 90.0 AND ${range('')}${extra}) h
    ON c.hostname = h.hostname AND c.time = h.time WHERE ${range('c.')}`;
}

function sortedRows(result: QueryResult): string[] {
  const rows: string[] = [];
  for (let r = 0; r < result.rowCount; r++) rows.push(result.vectors.map((v) => String(v.get(r))).join('|'));
  return rows.sort();
}

async function explain(sql: string): Promise<string> {
  const result = await runSql(catalog, `EXPLAIN ANALYZE ${sql}`, { now: NOW });
  return Array.from({ length: result.rowCount }, (_, i) => result.vectors[0]?.get(i)).join('\n');
}

describe('SQL semi-joins over point lookups read into one buffer', () => {
  it.each([
    // Inside one chunk; across chunks; into the head (rows 2560 on) and the head alone.
    [600, 900],
    [100, 2000],
    [2000, 3000],
    [2700, 3000],
  ])('rows %i .. %i answer as the plain join, as one batch of views', async (fromRow, toRow) => {
    const sql = highCpu(fromRow, toRow);
    // The first read of each chunk checks its times; the second reads it as checked.
    await runSql(catalog, sql, { now: NOW });
    const got = await runSql(catalog, sql, { now: NOW });
    const plain = await runSql(catalog, sql, { now: NOW, pushdown: false });
    expect(got.rowCount).toBeGreaterThan(0);
    expect(sortedRows(got)).toEqual(sortedRows(plain));
    const text = await explain(sql);
    expect(text).toContain('semi-join');
    const probe = text.split('\n').find((l) => l.includes('runtime filter from the join build side'));
    expect(probe).toContain('batches: 1,');
    // Every probe row is a build row's point in each of its host's three series: the buffer holds exactly the
    // answer's times then its values, and the answer's times view it (nothing copied after the scan).
    const times = got.vectors[1];
    expect(times).toBeInstanceOf(BigIntVector);
    const data = (times as BigIntVector).data;
    expect(data.byteOffset).toBe(0);
    expect(data.length).toBe(got.rowCount);
    expect(data.buffer.byteLength).toBe(2 * got.rowCount * 8);
  });

  it('answers the same with some hosts only, or with points the build side repeats (no semi-join: unbatched)', async () => {
    const some = highCpu(100, 2000, ` AND hostname IN ('host_1', 'host_4')`);
    expect(sortedRows(await runSql(catalog, some, { now: NOW }))).toEqual(
      sortedRows(await runSql(catalog, some, { now: NOW, pushdown: false })),
    );
    // Two measures over 80 at one (host, time): the point twice on the build side, so no semi-join.
    const twice = `SELECT c.hostname, c.time, c.measure_name FROM dbx.cpu c JOIN (SELECT hostname, time FROM dbx.cpu
      WHERE measure_value::double > 80.0 AND time >= '${stamp(START_MS + 100 * STEP_MS)}') h ON c.hostname = h.hostname AND c.time = h.time`;
    const got = await runSql(catalog, twice, { now: NOW });
    expect(sortedRows(got)).toEqual(sortedRows(await runSql(catalog, twice, { now: NOW, pushdown: false })));
    const text = await explain(twice);
    expect(text).not.toContain('semi-join');
    expect(text).toContain('runtime filter from the join build side');
    const probe = text.split('\n').find((l) => l.includes('runtime filter from the join build side'));
    expect(probe).not.toContain('batches: 1,');
  });
});
