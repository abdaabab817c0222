import { beforeAll, describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../../../src/engine/model/types.ts';
import type { QueryResult } from '../../../../src/engine/sql/result/query-result.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { kernelMemoryEngine } from '../../storage/helpers.ts';

// Joins over the storage: WHERE conjuncts pushed through inner joins into each side's scan, the
// runtime filter the build side gives the probe scan, the vectorised probe (constant series keys,
// one varying key), and small series batches coalesced. Each query must give the same rows with
// runSql({ pushdown: false }), which runs none of the runtime filters or pushdowns.

const NOW_MS = Date.UTC(2024, 0, 1, 5, 0, 0);
const NOW = BigInt(NOW_MS) * 1_000_000n;
const START_MS = NOW_MS - 5 * 3_600_000;
const T = 'jdb.cpu';
let catalog: StorageSqlCatalog;
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

beforeAll(async () => {
  const engine = await kernelMemoryEngine({
    clock: () => NOW_MS,
    chunkPoints: 32,
  });
  await engine.createDatabase('jdb');
  await engine.createTable('jdb', 'cpu', { memoryStoreRetentionHours: 1, enableMagneticStoreWrites: true });
  const records: WriteRecord[] = [];
  let seed = 11;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (const host of ['a', 'b', 'c', 'd']) {
    // Hosts end at different times, so a lastpoint's times differ per series; 'd' has one point.
    // 'a' and 'b' have more points than a scan coalesces, so their batches keep constant keys (the merge probe).
    const points = host === 'd' ? 1 : host === 'c' ? 300 : 1500;
    for (let i = 0; i < points; i++) {
      for (const measure of ['user', 'system']) {
        if (host === 'b' && measure === 'system' && i % 7 === 0) continue;
        records.push({
          Dimensions: [{ Name: 'hostname', Value: host }, ...(host === 'c' ? [] : [{ Name: 'rack', Value: host === 'a' ? 'r1' : 'r2' }])],
          MeasureName: measure,
          MeasureValue: String(Math.round(next() * 1000) / 10),
          MeasureValueType: 'DOUBLE',
          Time: String(START_MS + i * 10_000),
        });
      }
    }
  }
  const response = await engine.writeRecords({ DatabaseName: 'jdb', TableName: 'cpu', Records: records });
  expect(response.RejectedRecords).toEqual([]);
  catalog = new StorageSqlCatalog(engine);
});

type Cell = string | number | bigint | boolean | null;
function sortedRows(result: QueryResult): string[] {
  const rows: string[] = [];
  for (let r = 0; r < result.rowCount; r++) {
    rows.push(
      JSON.stringify(
        result.vectors.map((v) => v.get(r) as Cell),
        (_, v) => (typeof v === 'bigint' ? `${v}n` : v),
      ),
    );
  }
  return rows.sort();
}

async function compare(sql: string): Promise<QueryResult> {
  const fast = await runSql(catalog, sql, { now: NOW });
  const plain = await runSql(catalog, sql, { now: NOW, pushdown: false });
  expect(sortedRows(fast), sql).toEqual(sortedRows(plain));
  return fast;
}

async function explain(sql: string): Promise<string> {
  const result = await runSql(catalog, `EXPLAIN ANALYZE ${sql}`, { now: NOW });
  return Array.from({ length: result.rowCount }, (_, i) => result.vectors[0]!.get(i)).join('\n');
}

const LASTPOINT = `WITH latest AS (SELECT hostname, measure_name, max(time) AS t FROM ${T} GROUP BY hostname, measure_name)
  SELECT c.hostname, c.measure_name, c.time, c.measure_value::double FROM ${T} c JOIN latest l
  ON c.hostname = l.hostname AND c.measure_name = l.measure_name AND c.time = l.t`;

function highCpu(from: number, to: number, hosts = ''): string {
  return `SELECT c.hostname, c.time, c.measure_name, c.measure_value::double FROM ${T} c JOIN (SELECT hostname, time FROM ${T}
    WHERE measure_name = 'user' AND measure_value::double > 90.0 AND time >= '${iso(from)}' AND time < '${iso(to)}'${hosts}) h
    ON c.hostname = h.hostname AND c.time = h.time WHERE c.time >= '${iso(from)}' AND c.time < '${iso(to)}'`;
}

describe('joins over the storage with runtime filters and pushdown through joins', () => {
  it('lastpoint: one row per series at its own last time, from each series last row (or the probe scan filtered by the build side)', async () => {
    const result = await compare(LASTPOINT);
    expect(result.rowCount).toBe(8);
    expect(await explain(LASTPOINT)).toContain("answered from each series' last row");
    // Reading l.t through an expression: the join runs, its probe scan filtered by the build side.
    const joined = LASTPOINT.replace('max(time) AS t', 'max(time) + 0s AS t');
    expect((await compare(joined)).rowCount).toBe(8);
    const text = await explain(joined);
    expect(text).toContain('runtime filter from the join build side');
  });

  it('high-cpu: the WHERE time range reaches the probe scan through the join', async () => {
    for (const [from, to] of [
      [START_MS, NOW_MS],
      [START_MS + 1_234_567, START_MS + 3_000_000],
      [NOW_MS + 1_000, NOW_MS + 2_000],
    ] as const) {
      await compare(highCpu(from, to));
      await compare(highCpu(from, to, ` AND hostname IN ('b', 'c')`));
    }
    const text = await explain(highCpu(START_MS + 1_234_567, START_MS + 3_000_000));
    const probeScan = text.split('\n').find((l) => l.includes('runtime filter'));
    expect(probeScan).toContain(`time: [${iso(START_MS + 1_234_567)}`);
  });

  it('a join back onto distinct (series, time) points is a semi-join; duplicate points, other build columns or keys fall back', async () => {
    const within = `time >= '${iso(START_MS + 600_000)}' AND time < '${iso(START_MS + 9_000_000)}'`;
    const semi = highCpu(START_MS + 600_000, START_MS + 9_000_000);
    expect((await compare(semi)).rowCount).toBeGreaterThan(0);
    expect(await explain(semi)).toContain('semi-join');
    // The build side's columns are the probe row's own keys.
    const echoed = `SELECT c.hostname, c.measure_name, c.time, h.time, h.hostname, c.measure_value::double FROM ${T} c JOIN (SELECT hostname, time FROM ${T}
      WHERE measure_name = 'user' AND measure_value::double > 70.0 AND ${within}) h ON c.hostname = h.hostname AND c.time = h.time`;
    expect((await compare(echoed)).rowCount).toBeGreaterThan(0);
    expect(await explain(echoed)).toContain('semi-join');
    // Three keys (measure_name too), and a dimension some series lack (host c has no rack: NULL never matches).
    const three = `SELECT c.hostname, c.time, c.measure_value::double FROM ${T} c JOIN (SELECT hostname, measure_name, time FROM ${T}
      WHERE measure_value::double > 60.0 AND ${within}) h ON c.measure_name = h.measure_name AND c.hostname = h.hostname AND c.time = h.time`;
    expect((await compare(three)).rowCount).toBeGreaterThan(0);
    expect(await explain(three)).toContain('semi-join');
    const rack = `SELECT c.hostname, c.rack, c.time FROM ${T} c JOIN (SELECT rack, time FROM ${T}
      WHERE hostname = 'a' AND measure_name = 'system' AND ${within}) h ON c.rack = h.rack AND c.time = h.time`;
    expect((await compare(rack)).rowCount).toBeGreaterThan(0);
    // NULL build times (and NULL build hosts) match nothing.
    const nulls = `SELECT c.hostname, c.time, c.measure_name FROM ${T} c JOIN (SELECT if(measure_value::double > 40.0, hostname) AS hostname,
      if(measure_value::double < 80.0, time) AS time FROM ${T} WHERE measure_name = 'user' AND ${within}) h ON c.hostname = h.hostname AND c.time = h.time`;
    expect((await compare(nulls)).rowCount).toBeGreaterThan(0);
    expect(await explain(nulls)).toContain('semi-join');
    // Both measures over 50 at one (host, time): that point twice on the build side, so each probe row twice.
    const twice = `SELECT c.hostname, c.time, c.measure_name FROM ${T} c JOIN (SELECT hostname, time FROM ${T}
      WHERE measure_value::double > 50.0 AND ${within}) h ON c.hostname = h.hostname AND c.time = h.time`;
    const doubled = await compare(twice);
    expect(await explain(twice)).not.toContain('semi-join');
    const plain = await runSql(catalog, twice, { now: NOW, pushdown: false });
    expect(doubled.rowCount).toBe(plain.rowCount);
    // A build column that is no key (h.m), and a key through an expression: the hash join.
    const extra = `SELECT c.hostname, c.time, h.m FROM ${T} c JOIN (SELECT hostname, time, measure_name AS m FROM ${T}
      WHERE measure_name = 'user' AND measure_value::double > 70.0 AND ${within}) h ON c.hostname = h.hostname AND c.time = h.time`;
    await compare(extra);
    expect(await explain(extra)).not.toContain('semi-join');
    const shifted = `SELECT c.hostname, c.time FROM ${T} c JOIN (SELECT hostname, time FROM ${T}
      WHERE measure_name = 'user' AND measure_value::double > 70.0 AND ${within}) h ON c.hostname = h.hostname AND c.time = h.time + 10s`;
    expect((await compare(shifted)).rowCount).toBeGreaterThan(0);
    expect(await explain(shifted)).not.toContain('semi-join');
  });

  it("a semi-join whose build side comes in any order: each key's points are sorted when they are not already", async () => {
    const within = `time >= '${iso(START_MS + 600_000)}' AND time < '${iso(START_MS + 9_000_000)}'`;
    // Each host's rows in one run, newest first; then every host's rows interleaved in many runs (by value).
    for (const order of ['time DESC', 'measure_value::double', 'hostname, time']) {
      const sql = `SELECT c.hostname, c.time, c.measure_name, c.measure_value::double FROM ${T} c JOIN (SELECT hostname, time FROM ${T}
        WHERE measure_name = 'user' AND measure_value::double > 60.0 AND ${within} ORDER BY ${order}) h
        ON c.hostname = h.hostname AND c.time = h.time`;
      expect((await compare(sql)).rowCount, order).toBeGreaterThan(100);
      expect(await explain(sql)).toContain('semi-join');
    }
  });

  it('comma joins, joins on dimensions only, NULL dimension keys, outer joins (no runtime filter)', async () => {
    await compare(`SELECT a.hostname, a.time, b.measure_value::double FROM ${T} a, ${T} b
      WHERE a.hostname = b.hostname AND a.time = b.time AND a.measure_name = 'user' AND b.measure_name = 'system' AND a.time < '${iso(START_MS + 600_000)}'`);
    await compare(
      `SELECT a.rack, count(*) FROM ${T} a JOIN (SELECT DISTINCT rack FROM ${T} WHERE hostname = 'a') r ON a.rack = r.rack GROUP BY 1`,
    );
    await compare(
      `SELECT a.hostname, a.time FROM ${T} a JOIN (SELECT rack, max(time) AS t FROM ${T} GROUP BY rack) r ON a.rack = r.rack AND a.time = r.t`,
    );
    const left = `SELECT a.hostname, a.measure_name, a.time, l.t FROM ${T} a LEFT JOIN (SELECT hostname, measure_name, max(time) AS t FROM ${T} WHERE hostname = 'b' GROUP BY 1, 2) l
      ON a.hostname = l.hostname AND a.measure_name = l.measure_name AND a.time = l.t WHERE a.time >= '${iso(NOW_MS - 120_000)}'`;
    await compare(left);
    expect(await explain(left)).not.toContain('runtime filter');
    await compare(
      `SELECT a.hostname, a.time FROM ${T} a RIGHT JOIN (SELECT hostname, min(time) AS t FROM ${T} GROUP BY 1) r ON a.hostname = r.hostname AND a.time = r.t AND a.measure_name = 'user'`,
    );
  });

  it('a build side with no rows gives no rows (and an empty probe range)', async () => {
    const sql = `SELECT c.hostname FROM ${T} c JOIN (SELECT hostname, time FROM ${T} WHERE measure_value::double > 1000) h ON c.hostname = h.hostname AND c.time = h.time`;
    const result = await compare(sql);
    expect(result.rowCount).toBe(0);
  });
});

describe('vectorised comparisons and AND/OR keep SQL semantics', () => {
  it('compares a column with a constant either way round, with NULLs', async () => {
    const values = `(VALUES (1.5, true), (NULL, false), (-2.0, NULL), (90.0, true), (91.25, NULL)) AS v(x, b)`;
    const rows = async (sql: string) => sortedRows(await runSql(catalog, sql, { now: NOW }));
    expect(await rows(`SELECT x > 90.0, 90.0 < x, x <= 1.5, x = 90.0, x <> 90.0 FROM ${values}`)).toEqual(
      [
        [false, false, true, false, true],
        [null, null, null, null, null],
        [false, false, true, false, true],
        [false, false, false, true, false],
        [true, true, false, false, true],
      ]
        .map((r) => JSON.stringify(r))
        .sort(),
    );
    expect(await rows(`SELECT (x > 0.0) AND b, (x > 0.0) OR b, b AND NULL, b OR NULL FROM ${values}`)).toEqual(
      [
        [true, true, null, true],
        [false, null, false, null],
        [false, null, null, null],
        [true, true, null, true],
        [null, true, null, null],
      ]
        .map((r) => JSON.stringify(r))
        .sort(),
    );
  });
});

describe('a Filter skips the conjuncts the scans enforce exactly', () => {
  it('gives the same rows as evaluating every conjunct, over scans and inner joins', async () => {
    const from = iso(START_MS + 1_234_567);
    const to = iso(START_MS + 2_345_678);
    for (const sql of [
      `SELECT hostname, time, measure_value::double FROM ${T} WHERE time >= '${from}' AND time < '${to}' AND hostname IN ('a', 'c')`,
      `SELECT hostname, time FROM ${T} WHERE measure_name = 'user' AND time BETWEEN '${from}' AND '${to}' AND measure_value::double > 50.0`,
      `SELECT hostname FROM ${T} WHERE rack = 'r2' AND time > '${from}'`,
      `SELECT hostname FROM ${T} WHERE time = '${iso(START_MS + 30_000)}'`,
      `SELECT hostname FROM ${T} WHERE hostname = 'a' AND hostname = 'b'`,
      `SELECT a.hostname, a.time FROM ${T} a JOIN ${T} b ON a.hostname = b.hostname AND a.time = b.time
        WHERE a.measure_name = 'user' AND b.measure_name = 'system' AND a.time < '${from}' AND b.measure_value::double < 30.0`,
      `SELECT hostname, time FROM ${T} WHERE time >= '${from}' OR hostname = 'd'`,
    ]) {
      await compare(sql);
    }
    const text = await explain(
      `SELECT hostname FROM ${T} WHERE measure_name = 'user' AND time < '${from}' AND measure_value::double > 50.0`,
    );
    // The value comparison too: the storage filters rows by it (late materialisation).
    expect(text).toContain('3 conjuncts enforced by the scan');
    expect(text).toContain('measure_value::double > 50 (late materialised)');
    // A comparison of two value columns is not a value filter: it stays in the Filter.
    expect(
      await explain(`SELECT hostname FROM ${T} WHERE measure_name = 'user' AND measure_value::double > measure_value::double + 1.0`),
    ).toContain('1 conjunct enforced by the scan');
    expect(await explain(`SELECT hostname FROM ${T} WHERE time >= '${from}' OR hostname = 'd'`)).not.toContain('enforced by the scan');
  });
});
