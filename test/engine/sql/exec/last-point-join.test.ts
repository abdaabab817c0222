import { beforeAll, describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../../../src/engine/model/types.ts';
import type { QueryResult } from '../../../../src/engine/sql/result/query-result.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { kernelMemoryEngine } from '../../storage/helpers.ts';

// A table joined back onto its own per-group max(time) (Timestream's lastpoint over single-measure
// records) is answered from each series' last row (lastPointJoin). Over random data with ties at the
// max time, series without a grouped dimension (NULL keys), several series per group, upserts, late
// (overlapping) writes, deletes and MULTI records with NULL attributes, every query must give the same
// rows as runSql({ pushdown: false }), which runs the plain scan, hash aggregate and hash join; the
// shapes the rewrite must not take (LEFT joins, a probe wider than the aggregate's filter, keys without
// time, non-DOUBLE columns) fall back to the join and must agree too.

const NOW_MS = Date.UTC(2024, 0, 1, 5, 0, 0);
const NOW = BigInt(NOW_MS) * 1_000_000n;
const START_MS = NOW_MS - 3 * 3_600_000;
const T = 'lpdb.cpu';
const M = 'lpdb.multi';
const NOTE = "answered from each series' last row";
let catalog: StorageSqlCatalog;
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

let seed = 29;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;

const HOSTS = ['a', 'b', 'c', 'd', 'e', 'f'];
const MEASURES = ['user', 'system', 'idle'];
/** A few end times shared by many series: ties at the group's max time. */
const ENDS = [0, 0, 60_000, 60_000, 130_000, 3_600_000];

function dims(host: string): NonNullable<WriteRecord['Dimensions']> {
  // 'e' has no rack (a NULL group key), 'f' has an extra dimension (several series per hostname and measure).
  if (host === 'e') return [{ Name: 'hostname', Value: host }];
  return [
    { Name: 'hostname', Value: host },
    { Name: 'rack', Value: host < 'c' ? 'r1' : 'r2' },
  ];
}

beforeAll(async () => {
  const engine = await kernelMemoryEngine({
    clock: () => NOW_MS,
    chunkPoints: 16,
  });
  await engine.createDatabase('lpdb');
  await engine.createTable('lpdb', 'cpu', { memoryStoreRetentionHours: 2, enableMagneticStoreWrites: true });
  await engine.createTable('lpdb', 'multi', { memoryStoreRetentionHours: 2, enableMagneticStoreWrites: true });
  await engine.createTable('lpdb', 'typed', { memoryStoreRetentionHours: 2, enableMagneticStoreWrites: true });
  const records: WriteRecord[] = [];
  const multi: WriteRecord[] = [];
  for (const host of HOSTS) {
    for (const measure of MEASURES) {
      const end = NOW_MS - pick(ENDS);
      const points = 10 + Math.floor(next() * 60);
      let time = end;
      for (let i = 0; i < points; i++, time -= 10_000 * (1 + Math.floor(next() * 20))) {
        if (time < START_MS) break;
        records.push({
          Dimensions: dims(host),
          MeasureName: measure,
          MeasureValue: String(Math.round(next() * 1000) / 10),
          MeasureValueType: 'DOUBLE',
          Time: String(time),
        });
        if (host === 'f')
          records.push({
            Dimensions: [...dims(host), { Name: 'core', Value: String(i % 2) }],
            MeasureName: measure,
            MeasureValue: String(i),
            MeasureValueType: 'DOUBLE',
            Time: String(time),
          });
      }
    }
    // A varchar measure: its rows count for max(time) and read NULL as measure_value::double.
    records.push({
      Dimensions: dims(host),
      MeasureName: 'status',
      MeasureValue: pick(['ok', 'down']),
      MeasureValueType: 'VARCHAR',
      Time: String(NOW_MS - pick(ENDS)),
    });
    const end = NOW_MS - pick(ENDS);
    for (let i = 0; i < 40; i++) {
      const values = [
        ...(next() < 0.7 ? [{ Name: 'usage', Value: String(Math.round(next() * 100)), Type: 'DOUBLE' as const }] : []),
        ...(next() < 0.7 ? [{ Name: 'temp', Value: String(Math.round(next() * 100)), Type: 'DOUBLE' as const }] : []),
      ];
      // A MULTI record needs one value at least: 'load' (not read by the queries) then.
      if (values.length === 0) values.push({ Name: 'load', Value: '1', Type: 'DOUBLE' as const });
      multi.push({
        Dimensions: dims(host),
        MeasureName: 'm',
        MeasureValueType: 'MULTI',
        MeasureValues: values,
        Time: String(end - i * 30_000),
      });
    }
  }
  // Writes in random order: out-of-order points overlap sealed chunks (the last-point scan then merges).
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [records[i], records[j]] = [records[j] as WriteRecord, records[i] as WriteRecord];
  }
  for (const [table, rows] of [
    ['cpu', records],
    ['multi', multi],
  ] as const) {
    const response = await engine.writeRecords({ DatabaseName: 'lpdb', TableName: table, Records: rows });
    expect(response.RejectedRecords).toEqual([]);
  }
  // Upserts at the newest times (a higher version replaces the value).
  const upserts = records
    .filter(() => next() < 0.1)
    .map((r) => ({ ...r, MeasureValue: r.MeasureValueType === 'DOUBLE' ? '999.5' : 'up', Version: 2 }));
  expect((await engine.writeRecords({ DatabaseName: 'lpdb', TableName: 'cpu', Records: upserts })).RejectedRecords).toEqual([]);
  await engine.runRetention();
  catalog = new StorageSqlCatalog(engine);
  // Deletes: the newest points of some series, so their last row moves back (and a group's max with it).
  await runSql(catalog, `DELETE FROM ${T} WHERE hostname = 'b' AND measure_name = 'user' AND time >= '${iso(NOW_MS - 70_000)}'`, {
    now: NOW,
  });
  await runSql(catalog, `DELETE FROM ${T} WHERE hostname = 'd' AND time >= '${iso(NOW_MS - 5_000)}'`, { now: NOW });
  // Every value type: MULTI attributes (BIGINT, BOOLEAN, VARCHAR, TIMESTAMP, DOUBLE, each sometimes absent) and
  // single BIGINT and BOOLEAN measures. Every other series holds a whole number of chunks (48 rows of 16): its
  // newest row is a sealed chunk's last, read from the header (VARCHAR, which has no `last`, from the merged
  // points); the others hold 50, their newest rows in the head buffer.
  let typedSeed = 7;
  const draw = () => {
    typedSeed = (typedSeed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return typedSeed / 2_147_483_648;
  };
  const typed: WriteRecord[] = [];
  for (const [h, host] of HOSTS.entries()) {
    const end = NOW_MS - [0, 30_000, 60_000][Math.floor(draw() * 3)]!;
    const rows = h % 2 === 0 ? 48 : 50;
    for (let i = 0; i < rows; i++) {
      const time = String(end - (rows - 1 - i) * 20_000);
      const values = [
        ...(draw() < 0.7 ? [{ Name: 'n', Value: String(Math.floor(draw() * 1e12)), Type: 'BIGINT' as const }] : []),
        ...(draw() < 0.7 ? [{ Name: 'ok', Value: draw() < 0.5 ? 'true' : 'false', Type: 'BOOLEAN' as const }] : []),
        ...(draw() < 0.7 ? [{ Name: 's', Value: pick(['ok', 'down', 'warn']), Type: 'VARCHAR' as const }] : []),
        ...(draw() < 0.7 ? [{ Name: 'at', Value: String(1_700_000_000_000 + i), Type: 'TIMESTAMP' as const }] : []),
        { Name: 'x', Value: String(Math.round(draw() * 1000) / 10), Type: 'DOUBLE' as const },
      ];
      typed.push({ Dimensions: dims(host), MeasureName: 'm', MeasureValueType: 'MULTI', MeasureValues: values, Time: time });
      typed.push({ Dimensions: dims(host), MeasureName: 'count', MeasureValue: String(i * 7), MeasureValueType: 'BIGINT', Time: time });
      typed.push({
        Dimensions: dims(host),
        MeasureName: 'flag',
        MeasureValue: String(i % 3 === 0),
        MeasureValueType: 'BOOLEAN',
        Time: time,
      });
    }
  }
  expect((await engine.writeRecords({ DatabaseName: 'lpdb', TableName: 'typed', Records: typed })).RejectedRecords).toEqual([]);
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

/** Runs the query both ways, expects the same rows, and says whether the last-point rewrite answered it. */
async function compare(sql: string): Promise<{ result: QueryResult; rewritten: boolean }> {
  const fast = await runSql(catalog, sql, { now: NOW });
  const plain = await runSql(catalog, sql, { now: NOW, pushdown: false });
  expect(sortedRows(fast), sql).toEqual(sortedRows(plain));
  const explained = await runSql(catalog, `EXPLAIN ANALYZE ${sql}`, { now: NOW });
  const text = Array.from({ length: explained.rowCount }, (_, i) => explained.vectors[0]!.get(i)).join('\n');
  return { result: fast, rewritten: text.includes(NOTE) };
}

const latest = (keys: string, where = '') => `WITH latest AS (SELECT ${keys}, max(time) AS t FROM ${T} ${where} GROUP BY ${keys})`;
const on = (keys: string) =>
  keys
    .split(',')
    .map((k) => `c.${k.trim()} = l.${k.trim()}`)
    .join(' AND ');

describe('a table joined back onto its own per-group max(time)', () => {
  it('is answered from each series last row, exactly as the hash join answers it', async () => {
    // The DOUBLE measures (the varchar 'status' series are read by the hash join: see below).
    const doubles = `WHERE measure_name IN ('user', 'system', 'idle')`;
    // Every dimension and measure_name as keys: each group is one series (no group map); 'hostname, core, measure_name'
    // leaves out rack, so one group may hold several series (hosts without rack and with it).
    for (const keys of [
      'hostname, measure_name',
      'hostname',
      'rack',
      'measure_name',
      'rack, measure_name',
      'hostname, core',
      'hostname, rack, core, measure_name',
      'hostname, core, measure_name',
    ]) {
      const sql = `${latest(keys, doubles)} SELECT c.hostname, c.rack, c.core, c.measure_name, c.time, c.measure_value::double, l.t
        FROM ${T} c JOIN latest l ON ${on(keys)} AND c.time = l.t ${doubles.replace('measure_name', 'c.measure_name')}`;
      const { result, rewritten } = await compare(sql);
      expect(rewritten, sql).toBe(true);
      expect(result.rowCount, sql).toBeGreaterThan(0);
    }
    // The aggregate on the left, SELECT *, and the TSBS form.
    const swapped = await compare(
      `${latest('hostname, measure_name', doubles)} SELECT * FROM latest l JOIN ${T} c ON l.t = c.time AND l.measure_name = c.measure_name AND c.hostname = l.hostname WHERE c.measure_name IN ('user', 'system', 'idle')`,
    );
    expect(swapped.rewritten).toBe(true);
    // Series with a VARCHAR value (measure_value::varchar) among them: read from their last rows as well.
    for (const keys of ['hostname, measure_name', 'rack']) {
      const sql = `${latest(keys)} SELECT c.hostname, c.measure_name, c.time, c.measure_value::double, c.measure_value::varchar FROM ${T} c JOIN latest l ON ${on(keys)} AND c.time = l.t`;
      expect((await compare(sql)).rewritten, sql).toBe(true);
    }
  });

  it('holds the WHERE clauses of both sides: the probe within the aggregate filter is rewritten, a wider one is not', async () => {
    // Over the DOUBLE measures (D on the aggregate, CD on the probe).
    const D = `measure_name IN ('user', 'system', 'idle')`;
    const CD = `c.${D}`;
    const cases: [string, boolean][] = [
      [
        `${latest('hostname, measure_name', `WHERE hostname IN ('a', 'b', 'e') AND ${D}`)} SELECT c.hostname, c.measure_name, c.time, c.measure_value::double FROM ${T} c JOIN latest l ON ${on('hostname, measure_name')} AND c.time = l.t WHERE c.hostname IN ('a', 'b', 'e') AND ${CD}`,
        true,
      ],
      [
        `${latest('hostname', `WHERE hostname IN ('a', 'f') AND ${D}`)} SELECT c.hostname, c.measure_name, c.time FROM ${T} c JOIN latest l ON ${on('hostname')} AND c.time = l.t WHERE c.hostname = 'f' AND c.measure_name IN ('user', 'idle')`,
        true,
      ],
      [
        `${latest('rack', `WHERE measure_name = 'user'`)} SELECT c.hostname, c.time FROM ${T} c JOIN latest l ON ${on('rack')} AND c.time = l.t WHERE c.measure_name = 'user'`,
        true,
      ],
      [
        `${latest('hostname', `WHERE time < '${iso(NOW_MS - 100_000)}' AND ${D}`)} SELECT c.hostname, c.measure_name, c.time FROM ${T} c JOIN latest l ON ${on('hostname')} AND c.time = l.t WHERE ${CD}`,
        true,
      ],
      [
        `${latest('hostname', `WHERE ${D}`)} SELECT c.hostname, c.measure_name, c.time FROM ${T} c JOIN latest l ON ${on('hostname')} AND c.time = l.t WHERE c.time < '${iso(NOW_MS - 30_000)}' AND ${CD}`,
        true,
      ],
      [
        `${latest('hostname', `WHERE ${D}`)} SELECT c.hostname, c.measure_name, c.time FROM ${T} c JOIN latest l ON ${on('hostname')} AND c.time = l.t WHERE c.measure_value::double > 50.0 AND ${CD}`,
        false,
      ],
      // The aggregate sees only 'user', the probe every measure: another measure's row at that time must still join.
      [
        `${latest('hostname', `WHERE measure_name = 'user'`)} SELECT c.hostname, c.measure_name, c.time FROM ${T} c JOIN latest l ON ${on('hostname')} AND c.time = l.t`,
        false,
      ],
      [
        `${latest('hostname, measure_name', `WHERE hostname = 'a'`)} SELECT c.hostname, c.measure_name, c.time FROM ${T} c JOIN latest l ON ${on('hostname, measure_name')} AND c.time = l.t`,
        false,
      ],
    ];
    for (const [sql, expected] of cases) expect((await compare(sql)).rewritten, sql).toBe(expected);
  });

  it('leaves other shapes to the join: LEFT joins, keys without time or without every group key', async () => {
    const cases = [
      `${latest('hostname, measure_name')} SELECT c.hostname, c.measure_name, c.time, l.t FROM ${T} c LEFT JOIN latest l ON ${on('hostname, measure_name')} AND c.time = l.t`,
      `${latest('hostname, measure_name')} SELECT l.hostname, l.t, c.time FROM latest l LEFT JOIN ${T} c ON ${on('hostname, measure_name')} AND c.time = l.t`,
      `${latest('hostname, measure_name')} SELECT c.hostname, c.time FROM ${T} c JOIN latest l ON ${on('hostname, measure_name')}`,
      `${latest('hostname, measure_name')} SELECT c.hostname, c.time FROM ${T} c JOIN latest l ON c.hostname = l.hostname AND c.time = l.t`,
      `WITH latest AS (SELECT hostname, min(time) AS t FROM ${T} GROUP BY hostname) SELECT c.hostname, c.time FROM ${T} c JOIN latest l ON ${on('hostname')} AND c.time = l.t`,
      `WITH latest AS (SELECT hostname, max(time) AS t, count(*) AS n FROM ${T} GROUP BY hostname) SELECT c.hostname, c.time, l.n FROM ${T} c JOIN latest l ON ${on('hostname')} AND c.time = l.t`,
      `${latest('hostname')} SELECT c.hostname, c.time FROM ${T} c JOIN latest l ON ${on('hostname')} AND c.time = l.t AND c.measure_value::double > 10.0`,
    ];
    for (const sql of cases) expect((await compare(sql)).rewritten, sql).toBe(false);
  });

  it('reads every value type: BIGINT, BOOLEAN, VARCHAR and TIMESTAMP from headers, head rows and merged points', async () => {
    const Y = 'lpdb.typed';
    for (const keys of ['hostname', 'hostname, measure_name', 'rack, measure_name', 'measure_name']) {
      const sql = `WITH latest AS (SELECT ${keys}, max(time) AS t FROM ${Y} GROUP BY ${keys})
        SELECT c.hostname, c.measure_name, c.time, c.n, c.ok, c.s, c.at, c.x, c.measure_value::bigint, c.measure_value::boolean
        FROM ${Y} c JOIN latest l ON ${on(keys)} AND c.time = l.t`;
      const { result, rewritten } = await compare(sql);
      expect(rewritten, sql).toBe(true);
      expect(result.rowCount, sql).toBeGreaterThan(0);
    }
  });

  it('reads MULTI records with NULL attributes', async () => {
    const sql = `WITH latest AS (SELECT hostname, max(time) AS t FROM ${M} GROUP BY hostname)
      SELECT c.hostname, c.time, c.usage, c.temp FROM ${M} c JOIN latest l ON c.hostname = l.hostname AND c.time = l.t`;
    const { result, rewritten } = await compare(sql);
    expect(rewritten).toBe(true);
    expect(result.rowCount).toBe(HOSTS.length);
  });
});
