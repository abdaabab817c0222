import { describe, expect, it } from 'vitest';
import { planTemplateStatistics, templatedPlan } from '../../../../src/engine/sql/binder/plan-cache.ts';
import type { SqlCatalog } from '../../../../src/engine/sql/catalog.ts';
import { lexForShape } from '../../../../src/engine/sql/parser/parse.ts';
import type { QueryResult } from '../../../../src/engine/sql/result/query-result.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { StorageEngine } from '../../../../src/engine/storage/engine.ts';
import { chunkCodecFor } from '../../../../src/engine/storage/kernel-codec.ts';
import { MemoryDurability } from '../../../../src/engine/storage/memory-durability.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { TidemarkError } from '../../../../src/errors/index.ts';
import { loadKernelFromFile } from '../../../../src/kernel/node.ts';

const NOW_MS = Date.UTC(2024, 0, 1);
const NOW = BigInt(NOW_MS) * 1_000_000n;

async function open(): Promise<{ engine: StorageEngine; catalog: StorageSqlCatalog }> {
  const engine = await StorageEngine.open({
    codec: chunkCodecFor(await loadKernelFromFile()),
    durability: new MemoryDurability(),
    clock: () => NOW_MS,
  });
  await engine.createDatabase('app');
  await engine.createTable('app', 'cpu');
  const Records = [];
  for (let host = 0; host < 4; host++)
    for (let i = 0; i < 120; i++)
      Records.push({
        Dimensions: [{ Name: 'hostname', Value: `host_${host}` }],
        MeasureName: 'cpu',
        MeasureValueType: 'MULTI' as const,
        MeasureValues: [
          { Name: 'usage_user', Value: String((host * 7 + i * 13) % 100), Type: 'DOUBLE' as const },
          { Name: 'usage_system', Value: String((host * 3 + i * 5) % 100), Type: 'DOUBLE' as const },
        ],
        Time: String(NOW_MS - 7_200_000 + i * 60_000),
      });
  await engine.writeRecords({ DatabaseName: 'app', TableName: 'cpu', Records });
  return { engine, catalog: new StorageSqlCatalog(engine) };
}

/** The same catalog without a binding version: every query is bound afresh (what runSql did before templates). */
function untemplated(catalog: SqlCatalog): SqlCatalog {
  return {
    exactPushdown: catalog.exactPushdown ?? false,
    listDatabases: () => catalog.listDatabases(),
    listTables: (d) => catalog.listTables(d),
    getTable: (d, t) => catalog.getTable(d, t),
    listMeasures: (d, t) => catalog.listMeasures(d, t),
    scan: (...args) => catalog.scan(...args),
    ...(catalog.aggregateScan
      ? { aggregateScan: (...args: Parameters<NonNullable<SqlCatalog['aggregateScan']>>) => catalog.aggregateScan!(...args) }
      : {}),
    ...(catalog.lastRows ? { lastRows: (...args: Parameters<NonNullable<SqlCatalog['lastRows']>>) => catalog.lastRows!(...args) } : {}),
  };
}

const rows = (result: QueryResult) => {
  const out: unknown[][] = [];
  for (let r = 0; r < result.rowCount; r++) out.push(result.vectors.map((v) => v.get(r)));
  return { columns: result.columns.map((c) => `${c.name}:${c.type.kind}`), out };
};

const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function doubleGroupby(fromMs: number, hours: number): string {
  return `SELECT bin(time, 1h) AS hour, hostname, avg(usage_user) AS avg_usage_user FROM app.cpu WHERE time >= '${stamp(fromMs)}' AND time < '${stamp(fromMs + hours * 3_600_000)}' GROUP BY 1, 2 ORDER BY 1, 2`;
}

async function errorOf(run: Promise<unknown>): Promise<TidemarkError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof TidemarkError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('runSql with plan templates', () => {
  it('serves later texts of a shape from the template, with the results of a fresh bind', async () => {
    const { catalog } = await open();
    const plain = untemplated(catalog);
    const before = planTemplateStatistics();
    for (let i = 0; i < 8; i++) {
      const sql = doubleGroupby(NOW_MS - 7_200_000 + i * 600_000, 1 + (i % 2));
      const now = NOW + BigInt(i) * 1_000_000_000n;
      expect(rows(await runSql(catalog, sql, { now }))).toEqual(rows(await runSql(plain, sql, { now })));
      const limited = `SELECT bin(time, 10m) AS b, max(usage_user) FROM app.cpu WHERE time < ago(${i + 1}m) AND hostname IN ('host_${i % 4}', 'host_${(i + 1) % 4}') GROUP BY 1 ORDER BY 1 DESC LIMIT ${i + 1}`;
      expect(rows(await runSql(catalog, limited, { now }))).toEqual(rows(await runSql(plain, limited, { now })));
    }
    const after = planTemplateStatistics();
    expect(after.made - before.made).toBe(2);
    // Made from each shape's second text (a text run once costs no recording), used from the third on.
    expect(after.hits - before.hits).toBe(12);
  });

  it('raises the binder’s own errors (message and position in the new text) when new literals do not bind', async () => {
    const { catalog } = await open();
    const plain = untemplated(catalog);
    await runSql(catalog, `SELECT count(*) FROM app.cpu WHERE time >= '2024-01-01 00:00:00' LIMIT 5`, { now: NOW });
    for (const sql of [
      `SELECT count(*) FROM app.cpu WHERE time >= 'not a time at all' LIMIT 5`,
      `SELECT count(*) FROM app.cpu WHERE time >= '2024-01-01 00:00:00' LIMIT 99999999999999999999`,
    ]) {
      const ours = await errorOf(runSql(catalog, sql, { now: NOW }));
      const binders = await errorOf(runSql(plain, sql, { now: NOW }));
      expect({ code: ours.code, message: ours.message, position: ours.position, details: ours.details }).toEqual({
        code: binders.code,
        message: binders.message,
        position: binders.position,
        details: binders.details,
      });
    }
  });

  it('follows the catalog: a new column, a dropped and recreated table, another default database', async () => {
    const { engine, catalog } = await open();
    const star = (from: string) => `SELECT * FROM app.cpu WHERE time >= '${from}' ORDER BY time, hostname LIMIT 1`;
    const first = await runSql(catalog, star('2023-12-31 23:00:00'), { now: NOW });
    // The shape's second text makes its template.
    await runSql(catalog, star('2023-12-31 23:10:00'), { now: NOW });
    expect(first.columns.map((c) => c.name)).toEqual(['hostname', 'measure_name', 'time', 'usage_system', 'usage_user']);
    expect(
      templatedPlan(
        lexForShape(star('2023-12-31 23:30:00')).shape!,
        star('2023-12-31 23:30:00'),
        lexForShape(star('2023-12-31 23:30:00')).tokens,
        catalog,
        undefined,
        NOW,
      ),
    ).toBeDefined();
    await engine.writeRecords({
      DatabaseName: 'app',
      TableName: 'cpu',
      Records: [
        {
          Dimensions: [
            { Name: 'hostname', Value: 'host_9' },
            { Name: 'region', Value: 'eu' },
          ],
          MeasureName: 'cpu',
          MeasureValueType: 'MULTI',
          MeasureValues: [{ Name: 'usage_idle', Value: '5', Type: 'DOUBLE' }],
          Time: String(NOW_MS - 1_000),
        },
      ],
    });
    const second = await runSql(catalog, star('2023-12-31 23:30:00'), { now: NOW });
    expect(second.columns.map((c) => c.name)).toEqual([
      'hostname',
      'region',
      'measure_name',
      'time',
      'usage_idle',
      'usage_system',
      'usage_user',
    ]);

    await engine.deleteTable('app', 'cpu');
    const gone = await errorOf(runSql(catalog, star('2023-12-31 23:45:00'), { now: NOW }));
    expect(gone.message).toContain("Table 'app.cpu' does not exist");
    await engine.createTable('app', 'cpu');
    // The new table has no hostname yet: the binder's error, not the old template's plan.
    const missing = await errorOf(runSql(catalog, star('2023-12-31 23:50:00'), { now: NOW }));
    expect(missing.message).toContain("Column 'hostname' does not exist");

    const bare = (n: number) => `SELECT count(*) FROM cpu WHERE time > ago(${n}h)`;
    await runSql(catalog, bare(1), { now: NOW, defaultDatabase: 'app' });
    await runSql(catalog, bare(4), { now: NOW, defaultDatabase: 'app' });
    expect((await runSql(catalog, bare(2), { now: NOW, defaultDatabase: 'app' })).rowCount).toBe(1);
    const none = await errorOf(runSql(catalog, bare(3), { now: NOW }));
    expect(none.message).toContain('Name the database of table');
  });

  it('gives every query its own plan nodes and subqueries (what a running query keys state on); only unchanged expressions are shared', async () => {
    const { catalog } = await open();
    const sql = (h: number) => doubleGroupby(NOW_MS - 7_200_000, h);
    await runSql(catalog, sql(1), { now: NOW });
    await runSql(catalog, sql(4), { now: NOW });
    const plans = [2, 3].map((h) => {
      const { shape, tokens } = lexForShape(sql(h));
      const plan = templatedPlan(shape!, sql(h), tokens, catalog, undefined, NOW);
      expect(plan).toBeDefined();
      return plan;
    });
    const nodes = (root: unknown): Set<object> => {
      const out = new Set<object>();
      const walk = (v: unknown): void => {
        if (v === null || typeof v !== 'object' || out.has(v)) return;
        // Plan nodes and bound expressions have capitalised kinds (SqlTypes' kinds are lower case and immutable).
        const kind = (v as { kind?: unknown }).kind;
        if (typeof kind === 'string' && /^[A-Z]/.test(kind)) out.add(v);
        for (const value of Array.isArray(v) ? v : Object.values(v)) walk(value);
      };
      walk(root);
      return out;
    };
    const [a, b] = plans.map(nodes) as [Set<object>, Set<object>];
    expect(a.size).toBeGreaterThan(10);
    const PLAN_NODES = new Set([
      'Scan',
      'Values',
      'Filter',
      'Project',
      'Aggregate',
      'Window',
      'Sort',
      'Limit',
      'Distinct',
      'Join',
      'SetOperation',
      'Unnest',
    ]);
    let shared = 0;
    for (const node of a) {
      if (!b.has(node)) continue;
      const kind = (node as { kind: string }).kind;
      expect(PLAN_NODES.has(kind) || kind === 'Subquery', kind).toBe(false);
      shared++;
    }
    // The bin, the hostname column, the aggregate's argument: the template's own.
    expect(shared).toBeGreaterThan(2);
  });

  it('still times out and cancels', async () => {
    const { catalog } = await open();
    const sql = (n: number) => `SELECT count(*) FROM app.cpu WHERE usage_user > ${n}.0`;
    await runSql(catalog, sql(1), { now: NOW });
    await runSql(catalog, sql(6), { now: NOW });
    const controller = new AbortController();
    controller.abort();
    expect((await errorOf(runSql(catalog, sql(2), { now: NOW, signal: controller.signal }))).code).toBe('ABORTED');
    const reason = new TidemarkError('ABORTED', 'Stopped by the user.');
    const other = new AbortController();
    other.abort(reason);
    expect(await errorOf(runSql(catalog, sql(3), { now: NOW, signal: other.signal }))).toBe(reason);
    expect((await runSql(catalog, sql(5), { now: NOW, timeoutMs: 10_000 })).rowCount).toBe(1);
    // A long query of a templated shape still stops at its timeout.
    const cross = (n: number) => `SELECT count(*) FROM app.cpu p CROSS JOIN app.cpu q WHERE p.usage_user + q.usage_user > ${n}.0`;
    await runSql(catalog, cross(1), { now: NOW });
    await runSql(catalog, cross(0), { now: NOW });
    expect((await errorOf(runSql(catalog, cross(2), { now: NOW, timeoutMs: 1 }))).code).toBe('TIMEOUT');
  });

  it('asks a template whether its plans change when their columns are chosen once, and keeps choosing when they do', async () => {
    const { catalog } = await open();
    const text = (minutes: number) => `SELECT time, usage_user FROM app.cpu WHERE time > ago(${minutes}m) ORDER BY time`;
    const aggregate = (minutes: number) => `SELECT max(usage_user) FROM app.cpu WHERE time > ago(${minutes}m)`;
    // With every column read (pushdown: false) nothing is asked, so what the template answers later is not decided here.
    for (const m of [50, 51, 52]) await runSql(catalog, text(m), { now: NOW, pushdown: false });
    for (const m of [50, 51]) await runSql(catalog, aggregate(m), { now: NOW });
    const asked: string[] = [];
    const templated = (sql: string) => {
      const { shape, tokens } = lexForShape(sql);
      return templatedPlan(shape!, sql, tokens, catalog, undefined, NOW, (plan) => {
        asked.push(sql);
        // Reads fewer columns for the raw query; changes nothing for the aggregate (the storage answers it).
        return sql.startsWith('SELECT time') ? { ...plan } : plan;
      });
    };
    for (const m of [53, 54, 55]) expect(templated(text(m))).toBeDefined();
    for (const m of [53, 54, 55]) expect(templated(aggregate(m))).toBeDefined();
    expect(asked).toEqual([text(53), text(54), text(55), aggregate(53)]);
    // And through runSql, from the template: the raw query's scan reads the columns it names (time is always read).
    const read: string[][] = [];
    const scan = catalog.scan.bind(catalog);
    catalog.scan = (table, columns, ...rest) => {
      read.push(columns.map((c) => c.name));
      return scan(table, columns, ...rest);
    };
    const before = planTemplateStatistics().hits;
    await runSql(catalog, text(56), { now: NOW });
    expect(planTemplateStatistics().hits).toBe(before + 1);
    expect(read).toEqual([['time', 'usage_user']]);
  });
});
