import { describe, expect, it } from 'vitest';
import type { Query } from '../../../../src/engine/sql/ast/nodes.ts';
import { QueryBinder } from '../../../../src/engine/sql/binder/bind-query.ts';
import { parseStatement } from '../../../../src/engine/sql/parser/parse.ts';
import { pruneColumns } from '../../../../src/engine/sql/plan/column-pruning.ts';
import type { PlanNode } from '../../../../src/engine/sql/plan/plan-nodes.ts';
import { planChildren } from '../../../../src/engine/sql/plan/plan-walk.ts';
import { toTimestreamResponse } from '../../../../src/engine/sql/result/timestream-format.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { T } from '../../../../src/engine/sql/types/sql-type.ts';
import type { SqlValue } from '../../../../src/engine/sql/values/sql-value.ts';
import { MemoryCatalog } from '../fixtures/memory-catalog.ts';

// A scan reads only the columns something above it uses; the others come back NULL. Each query is
// answered as it is when every column is read (pushdown: false), and reads exactly the columns listed.

const NOW = 1_700_000_000_000_000_000n;
const T0 = 1_699_999_000_000_000_000n;

const rows: Record<string, SqlValue>[] = [];
for (let i = 0; i < 24; i++) {
  rows.push({
    hostname: `host_${i % 3}`,
    region: i % 2 === 0 ? 'eu' : 'us',
    measure_name: 'cpu',
    time: T0 + BigInt(Math.floor(i / 3)) * 10_000_000_000n,
    usage_user: i % 5 === 0 ? null : (i * 37) % 100,
    usage_system: (i * 11) % 50,
    usage_idle: i % 7 === 0 ? null : 100 - ((i * 13) % 60),
    note: i % 4 === 0 ? null : `n${i % 3}`,
  });
}

function catalog(): MemoryCatalog {
  return new MemoryCatalog([
    {
      schema: {
        database: 'db',
        table: 'cpu',
        columns: [
          { name: 'hostname', type: T.varchar, role: 'DIMENSION' },
          { name: 'region', type: T.varchar, role: 'DIMENSION' },
          { name: 'measure_name', type: T.varchar, role: 'MEASURE_NAME' },
          { name: 'time', type: T.timestamp, role: 'TIMESTAMP' },
          { name: 'usage_user', type: T.double, role: 'MULTI' },
          { name: 'usage_system', type: T.double, role: 'MULTI' },
          { name: 'usage_idle', type: T.double, role: 'MULTI' },
          { name: 'note', type: T.varchar, role: 'MULTI' },
        ],
      },
      rows,
    },
  ]);
}

/** The columns each scan read, one sorted list per scan, the scans in sorted order. */
function readColumns(memory: MemoryCatalog): string[] {
  return memory.scans.map((s) => [...s.columns].sort().join(',')).sort();
}

const CASES: readonly (readonly [sql: string, scans: readonly string[]])[] = [
  ['SELECT usage_user FROM db.cpu', ['usage_user']],
  ['SELECT * FROM db.cpu', ['hostname,measure_name,note,region,time,usage_idle,usage_system,usage_user']],
  ['SELECT count(*) FROM db.cpu', ['']],
  [
    'SELECT hostname, avg(usage_user) AS a FROM db.cpu WHERE usage_system > 10 GROUP BY hostname HAVING max(usage_idle) > 50',
    ['hostname,usage_idle,usage_system,usage_user'],
  ],
  ['SELECT x FROM (SELECT *, usage_user * 2 AS x FROM db.cpu)', ['usage_user']],
  ['SELECT hostname FROM db.cpu ORDER BY usage_user DESC NULLS LAST, time LIMIT 5', ['hostname,time,usage_user']],
  ['SELECT DISTINCT hostname FROM db.cpu', ['hostname']],
  ['SELECT DISTINCT * FROM (SELECT hostname, region FROM db.cpu)', ['hostname,region']],
  [
    `WITH c AS (SELECT * FROM db.cpu)
     SELECT a.usage_user, b.usage_idle FROM c a JOIN c b ON a.time = b.time AND a.hostname = b.hostname`,
    ['hostname,time,usage_idle', 'hostname,time,usage_user'],
  ],
  [
    'SELECT a.hostname FROM db.cpu a JOIN db.cpu b ON a.hostname = b.hostname AND a.usage_user < b.usage_system',
    ['hostname,usage_system', 'hostname,usage_user'],
  ],
  ['SELECT hostname, b.usage_idle FROM db.cpu a LEFT JOIN db.cpu b USING (hostname, time)', ['hostname,time', 'hostname,time,usage_idle']],
  ['SELECT usage_user FROM (SELECT * FROM db.cpu UNION ALL SELECT * FROM db.cpu)', ['usage_user', 'usage_user']],
  [
    'SELECT usage_user FROM (SELECT * FROM db.cpu UNION SELECT * FROM db.cpu)',
    [
      'hostname,measure_name,note,region,time,usage_idle,usage_system,usage_user',
      'hostname,measure_name,note,region,time,usage_idle,usage_system,usage_user',
    ],
  ],
  [
    'SELECT hostname, time FROM db.cpu o WHERE usage_user > (SELECT avg(usage_user) FROM db.cpu i WHERE i.hostname = o.hostname)',
    // The inner scan runs once per outer host.
    ['hostname,time,usage_user', 'hostname,usage_user', 'hostname,usage_user', 'hostname,usage_user'],
  ],
  [
    'SELECT hostname FROM db.cpu o WHERE EXISTS (SELECT * FROM db.cpu i WHERE i.usage_idle > o.usage_user + 30)',
    // One inner scan per distinct outer usage_user (20, NULL among them).
    ['hostname,usage_user', ...Array<string>(20).fill('usage_idle')],
  ],
  [
    'SELECT hostname FROM db.cpu WHERE region IN (SELECT region FROM db.cpu WHERE usage_idle > 90)',
    ['hostname,region', 'region,usage_idle'],
  ],
  [
    'SELECT time, avg(usage_user) OVER (PARTITION BY hostname ORDER BY time ROWS 2 PRECEDING) AS m FROM db.cpu',
    ['hostname,time,usage_user'],
  ],
  ['SELECT filter(ARRAY[usage_user, usage_system], x -> x > usage_idle - 50) AS f FROM db.cpu', ['usage_idle,usage_system,usage_user']],
  ['SELECT hostname, u FROM db.cpu CROSS JOIN UNNEST(ARRAY[usage_user, usage_system]) AS t(u)', ['hostname,usage_system,usage_user']],
];

/** The first node of a kind in a plan, depth first. */
function firstNode<K extends PlanNode['kind']>(node: PlanNode, kind: K): Extract<PlanNode, { kind: K }> | undefined {
  if (node.kind === kind) return node as Extract<PlanNode, { kind: K }>;
  for (const child of planChildren(node)) {
    const found = firstNode(child, kind);
    if (found) return found;
  }
  return undefined;
}

async function answer(memory: MemoryCatalog, sql: string, pushdown: boolean) {
  return toTimestreamResponse(await runSql(memory, sql, { now: NOW, pushdown })).Rows;
}

describe('projection pushdown: a scan reads only the columns used above it', () => {
  it.each(CASES)('%s', async (sql, scans) => {
    const pruned = catalog();
    const whole = catalog();
    expect(await answer(pruned, sql, true)).toEqual(await answer(whole, sql, false));
    expect(readColumns(pruned)).toEqual([...scans].sort());
  });

  it('leaves a plan that reads every column as it was', () => {
    const sql = 'SELECT * FROM db.cpu WHERE usage_user > 3';
    const bound = new QueryBinder({ catalog: catalog(), sql, now: NOW }).bindQuery(parseStatement(sql) as Query, null);
    expect(pruneColumns(bound)).toBe(bound);
  });

  it('leaves a pushed-down aggregate alone when the catalog aggregates in storage (its input is a fallback)', () => {
    const sql = 'SELECT hostname, max(usage_user) AS m FROM db.cpu GROUP BY hostname';
    const bound = new QueryBinder({ catalog: catalog(), sql, now: NOW }).bindQuery(parseStatement(sql) as Query, null);
    const found = firstNode(bound, 'Aggregate');
    expect(found?.kind === 'Aggregate' && found.pushdown !== undefined).toBe(true);
    expect(pruneColumns(bound, { storageAggregates: true })).toBe(bound);
    const pruned = firstNode(pruneColumns(bound), 'Scan');
    expect(pruned?.kind === 'Scan' && pruned.columnNames).toEqual(['hostname', 'usage_user']);
  });

  it('computes NULL for a derived column nobody reads, so it cannot raise an error', async () => {
    // cast('n1' AS bigint) fails; the outer query never reads the column (Trino prunes it as well).
    const sql = 'SELECT hostname FROM (SELECT hostname, CAST(note AS bigint) AS bad FROM db.cpu) ORDER BY hostname LIMIT 2';
    await expect(runSql(catalog(), sql, { now: NOW, pushdown: false })).rejects.toThrow();
    expect(await answer(catalog(), sql, true)).toEqual([{ Data: [{ ScalarValue: 'host_0' }] }, { Data: [{ ScalarValue: 'host_0' }] }]);
    const bound = new QueryBinder({ catalog: catalog(), sql, now: NOW }).bindQuery(parseStatement(sql) as Query, null);
    const projects: PlanNode[] = [];
    const visit = (node: PlanNode) => {
      if (node.kind === 'Project') projects.push(node);
      for (const child of planChildren(node)) visit(child);
    };
    visit(pruneColumns(bound));
    const derived = projects.find((p) => p.output.some((c) => c.name === 'bad'));
    expect(derived?.kind === 'Project' && derived.exprs[1]).toEqual({ kind: 'Literal', value: null, type: T.bigint });
  });

  it('prints how many columns a scan reads in EXPLAIN', async () => {
    const result = await runSql(catalog(), 'EXPLAIN SELECT usage_user FROM db.cpu', { now: NOW });
    expect(String(result.vectors[0]?.get(0)) + String(result.vectors[0]?.get(1))).toMatch(/columns: 1 of 8/);
  });
});
