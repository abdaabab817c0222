import { describe, expect, it } from 'vitest';
import type { Query } from '../../../../src/engine/sql/ast/nodes.ts';
import { QueryBinder } from '../../../../src/engine/sql/binder/bind-query.ts';
import type { SqlCatalog } from '../../../../src/engine/sql/catalog.ts';
import { listFunctions, lookupFunction, SPECIAL_FORM_NAMES } from '../../../../src/engine/sql/functions/index.ts';
import { parseStatement } from '../../../../src/engine/sql/parser/parse.ts';
import type { PlanNode } from '../../../../src/engine/sql/plan/plan-nodes.ts';
import { T } from '../../../../src/engine/sql/types/sql-type.ts';
import { MemoryCatalog } from '../fixtures/memory-catalog.ts';

// The binder's shortcuts (a GROUP BY key named by its ordinal or alias is not bound again for the select
// list; a table named exactly is asked for directly) must bind the same plan as the long way round: the
// same query written so that it takes the long way (the key written out, the names in another case) is
// compared with it, node for node (spans and function identities aside).

const catalog: SqlCatalog = new MemoryCatalog([
  {
    schema: {
      database: 'db',
      table: 'cpu',
      columns: [
        { name: 'hostname', type: T.varchar, role: 'DIMENSION' },
        { name: 'measure_name', type: T.varchar, role: 'MEASURE_NAME' },
        { name: 'time', type: T.timestamp, role: 'TIMESTAMP' },
        { name: 'usage_user', type: T.double, role: 'MULTI' },
        { name: 'usage_system', type: T.double, role: 'MULTI' },
      ],
    },
    rows: [],
  },
  {
    schema: { database: 'db', table: 'CPU', columns: [{ name: 'time', type: T.timestamp, role: 'TIMESTAMP' }] },
    rows: [],
  },
]);

const NOW = 1_700_000_000_000_000_000n;

function plan(sql: string, defaultDatabase?: string): PlanNode {
  const binder = new QueryBinder({ catalog, sql, now: NOW, ...(defaultDatabase ? { defaultDatabase } : {}) });
  return binder.bindQuery(parseStatement(sql) as Query, null);
}

/** The plan as comparable text: spans dropped, functions and bigints named, maps and sets as entries. */
function shape(node: PlanNode): string {
  return JSON.stringify(node, (key, value: unknown) => {
    if (key === 'span') return undefined;
    if (typeof value === 'function') return 'fn';
    if (typeof value === 'bigint') return `${value}n`;
    if (value instanceof Map) return [...value.entries()];
    if (value instanceof Set) return [...value];
    return value;
  });
}

const cpu = 'FROM db.cpu';
const where = "WHERE measure_name IN ('cpu') AND time >= '2016-01-01 08:43:24.276' AND time < '2016-01-01 20:43:24.276'";

describe('binder shortcuts bind the same plans', () => {
  it('a GROUP BY ordinal or alias gives the plan of the key written out', () => {
    const written = plan(
      `SELECT bin(time, 1h) AS hour, hostname, avg(usage_user) ${cpu} ${where} GROUP BY bin(time, 1h), hostname ORDER BY 1, 2`,
    );
    const ordinal = plan(`SELECT bin(time, 1h) AS hour, hostname, avg(usage_user) ${cpu} ${where} GROUP BY 1, 2 ORDER BY 1, 2`);
    const alias = plan(`SELECT bin(time, 1h) AS hour, hostname, avg(usage_user) ${cpu} ${where} GROUP BY hour, hostname ORDER BY 1, 2`);
    expect(shape(ordinal)).toBe(shape(written));
    expect(shape(alias)).toBe(shape(written));
    expect(shape(ordinal)).toContain('"pushdown"');
  });

  it('keys written twice, a literal key and a ROLLUP by ordinal bind as written out', () => {
    const pairs: [string, string][] = [
      [
        `SELECT hostname, max(usage_user) ${cpu} GROUP BY 1, hostname, 1`,
        `SELECT hostname, max(usage_user) ${cpu} GROUP BY hostname, hostname, hostname`,
      ],
      [`SELECT 'x', hostname, count(*) ${cpu} GROUP BY 1, 2`, `SELECT 'x', hostname, count(*) ${cpu} GROUP BY 'x', hostname`],
      [
        `SELECT hostname, bin(time, 1m), sum(usage_system) ${cpu} GROUP BY ROLLUP (1, 2)`,
        `SELECT hostname, bin(time, 1m), sum(usage_system) ${cpu} GROUP BY ROLLUP (hostname, bin(time, 1m))`,
      ],
      [
        `SELECT bin(time, 1h) + 1m, count(*) ${cpu} GROUP BY 1 HAVING count(*) > 1`,
        `SELECT bin(time, 1h) + 1m, count(*) ${cpu} GROUP BY bin(time, 1h) + 1m HAVING count(*) > 1`,
      ],
    ];
    for (const [short, long] of pairs) expect(shape(plan(short))).toBe(shape(plan(long)));
  });

  it('a select item with a subquery named by its ordinal is bound again, as a key it never matches', () => {
    const sql = `SELECT (SELECT 1) AS one, count(*) ${cpu} GROUP BY 1`;
    const bound = plan(sql);
    expect(bound.kind).toBe('Project');
    // The select list computes the subquery itself rather than reading the (never equal) key.
    expect(shape(bound).match(/"kind":"Subquery"/g)?.length).toBe(2);
  });

  it('a column of the select list that is not grouped is still refused', () => {
    expect(() => plan(`SELECT hostname, usage_user, count(*) ${cpu} GROUP BY 1`)).toThrow(/usage_user.*GROUP BY/);
  });

  it('a table named exactly binds as the same table named in another case, and an exact name wins over a case-only match', () => {
    const sql = (from: string) => `SELECT hostname, max(usage_user) FROM ${from} WHERE time > ago(1h) GROUP BY 1`;
    expect(shape(plan(sql('"db"."cpu"')))).toBe(shape(plan(sql('DB."cpu"'))));
    expect(shape(plan(sql('cpu'), 'db'))).toBe(shape(plan(sql('db.cpu'))));
    const upper = plan('SELECT time FROM db.CPU');
    expect(shape(upper)).toContain('"table":"CPU"');
    expect(shape(plan('SELECT time FROM db.cpu'))).toContain('"table":"cpu"');
    expect(() => plan('SELECT time FROM db.Cpu')).not.toThrow();
    expect(() => plan('SELECT time FROM db."Cpu"')).toThrow(/does not exist/);
    expect(() => plan('SELECT time FROM nodb.cpu')).toThrow(/Database 'nodb' does not exist/);
  });

  it('an aggregate call in the select list, HAVING, ORDER BY, a window or a lambda reads its aggregate column', () => {
    // The select list finds an aggregate call's column straight from the call: that is right only because no
    // aggregate is also a special form (which functionCall would try first) or takes OVER as an aggregate.
    for (const name of SPECIAL_FORM_NAMES) expect(lookupFunction(name)?.kind).not.toBe('aggregate');
    expect(listFunctions().some((f) => f.kind === 'aggregate')).toBe(true);
    const bound = plan(
      `SELECT hostname, max(usage_user), max(usage_user) + min(usage_system), rank() OVER (ORDER BY avg(usage_user)), ` +
        `transform(ARRAY[1], x -> x + count(*)) ${cpu} GROUP BY 1 HAVING count(*) > 1 ORDER BY sum(usage_user)`,
    );
    const text = shape(bound);
    // max written twice is one aggregate; count(*) in the lambda and HAVING another.
    const aggregate = JSON.parse(text, (_key, value) => value);
    const find = (node: { kind: string; input?: unknown }): { aggregates: { name: string }[] } => {
      let current: { kind: string; input?: unknown } | undefined = node;
      while (current && current.kind !== 'Aggregate') current = current.input as typeof current;
      return current as unknown as { aggregates: { name: string }[] };
    };
    expect(find(aggregate).aggregates.map((a) => a.name)).toEqual(['max', 'min', 'avg', 'count', 'sum']);
    expect(() => plan(`SELECT hostname, max(usage_user) ${cpu} GROUP BY 1 HAVING sum(max(usage_user)) > 1`)).toThrow(
      /not allowed in the arguments of sum/,
    );
  });
});
