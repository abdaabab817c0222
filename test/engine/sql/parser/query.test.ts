import { describe, expect, it } from 'vitest';
import type { JoinRelation, Query, Relation, SelectQuery, SetOperation } from '../../../../src/engine/sql/ast/nodes.ts';
import { tree } from '../helpers.ts';

function query(sql: string): Query {
  const statement = tree(sql);
  if (statement.kind !== 'Query') throw new Error(`expected a query, got ${statement.kind}`);
  return statement;
}

function select(sql: string): SelectQuery {
  const body = query(sql).body;
  if (body.kind !== 'SelectQuery') throw new Error(`expected a SELECT, got ${body.kind}`);
  return body;
}

function from(sql: string): Relation {
  const relation = select(sql).from;
  if (relation === undefined) throw new Error('expected FROM');
  return relation;
}

/** A relation as text: tables by name, joins as (TYPE left right). */
function relationShape(relation: Relation): string {
  switch (relation.kind) {
    case 'TableRelation':
      return relation.name.map((p) => p.name).join('.') + (relation.alias ? `@${relation.alias.name}` : '');
    case 'SubqueryRelation':
      return `subquery${relation.alias ? `@${relation.alias.name}` : ''}`;
    case 'UnnestRelation':
      return `unnest${relation.alias ? `@${relation.alias.name}` : ''}`;
    case 'JoinRelation':
      return `(${relation.joinType} ${relationShape(relation.left)} ${relationShape(relation.right)})`;
  }
}

/** A set-operation tree as text. */
function setShape(body: Query['body']): string {
  if (body.kind === 'SetOperation') return `(${body.operator}${body.all ? '-ALL' : ''} ${setShape(body.left)} ${setShape(body.right)})`;
  if (body.kind === 'SelectQuery') {
    const item = body.items[0];
    return item?.kind === 'SelectExpr' && item.expr.kind === 'NumberLiteral' ? item.expr.text : 'select';
  }
  if (body.kind === 'Query') return `[${setShape(body.body)}]`;
  return 'values';
}

describe('SELECT', () => {
  it('reads select items with and without aliases', () => {
    const s = select('SELECT a, b AS x, c y, "d" "Z", *, t.*, db.t.* FROM t');
    expect(
      s.items.map((item) =>
        item.kind === 'SelectStar' ? `*${item.qualifier?.map((p) => p.name).join('.') ?? ''}` : (item.alias?.name ?? '-'),
      ),
    ).toEqual(['-', 'x', 'y', 'Z', '*', '*t', '*db.t']);
  });

  it('reads DISTINCT and ALL', () => {
    expect(select('SELECT DISTINCT a FROM t').distinct).toBe(true);
    expect(select('SELECT ALL a FROM t').distinct).toBe(false);
  });

  it('reads SELECT without FROM', () => {
    expect(select('SELECT 1 + 1').from).toBeUndefined();
  });

  it('does not take clause words for aliases', () => {
    expect(select('SELECT a FROM t LIMIT 5').from).toMatchObject({ kind: 'TableRelation', name: [{ name: 't' }] });
    expect(query('SELECT a FROM t LIMIT 5').limit).toMatchObject({ text: '5' });
    expect(query('SELECT a FROM t OFFSET 5').offset).toMatchObject({ text: '5' });
  });

  it('reads WHERE, GROUP BY, HAVING', () => {
    const s = select('SELECT bin(time, 1m) AS b, max(v) FROM t WHERE time > ago(1h) GROUP BY 1, hostname HAVING max(v) > 90');
    expect(s.where).toMatchObject({ kind: 'BinaryExpr', operator: '>' });
    expect(s.groupBy).toEqual({
      elements: [
        { kind: 'GroupingExpr', expr: { kind: 'NumberLiteral', text: '1', numberKind: 'integer' } },
        { kind: 'GroupingExpr', expr: { kind: 'ColumnRef', parts: [{ kind: 'Identifier', name: 'hostname', quoted: false }] } },
      ],
    });
    expect(s.having).toMatchObject({ kind: 'BinaryExpr', operator: '>' });
  });

  it('reads GROUP BY () as the one empty grouping set', () => {
    expect(select('SELECT count(*) FROM t GROUP BY ()').groupBy).toEqual({ elements: [{ kind: 'GroupingSets', sets: [[]] }] });
  });

  it('reads GROUPING SETS, ROLLUP, CUBE and a GROUP BY quantifier', () => {
    const s = select('SELECT a FROM t GROUP BY DISTINCT GROUPING SETS ((a, b), c, ()), ROLLUP (a, b), CUBE (c)');
    expect(s.groupBy?.quantifier).toBe('DISTINCT');
    expect(s.groupBy?.elements.map((e) => e.kind)).toEqual(['GroupingSets', 'Rollup', 'Cube']);
    const sets = s.groupBy?.elements[0];
    expect(sets?.kind === 'GroupingSets' ? sets.sets.map((set) => set.length) : []).toEqual([2, 1, 0]);
  });
});

describe('FROM', () => {
  it('reads table names in every spelling', () => {
    expect(relationShape(from('SELECT * FROM "sampleDB".DevOps'))).toBe('sampleDB.DevOps');
    expect(relationShape(from('SELECT * FROM db.t AS x'))).toBe('db.t@x');
    expect(relationShape(from('SELECT * FROM db.t x'))).toBe('db.t@x');
    expect(from('SELECT * FROM t AS x (a, b)')).toMatchObject({ columnAliases: [{ name: 'a' }, { name: 'b' }] });
  });

  it('reads subqueries with aliases', () => {
    expect(relationShape(from('SELECT * FROM (SELECT 1) AS s'))).toBe('subquery@s');
    expect(relationShape(from('SELECT * FROM (SELECT 1) s'))).toBe('subquery@s');
    expect(relationShape(from('SELECT * FROM ((SELECT 1) UNION (SELECT 2)) u'))).toBe('subquery@u');
    expect(from('SELECT * FROM (VALUES (1, 2)) AS v (a, b)')).toMatchObject({ kind: 'SubqueryRelation', columnAliases: [{}, {}] });
  });

  it.each([
    ['SELECT * FROM a JOIN b ON a.x = b.x', '(INNER a b)'],
    ['SELECT * FROM a INNER JOIN b ON a.x = b.x', '(INNER a b)'],
    ['SELECT * FROM a LEFT JOIN b ON true', '(LEFT a b)'],
    ['SELECT * FROM a LEFT OUTER JOIN b ON true', '(LEFT a b)'],
    ['SELECT * FROM a RIGHT OUTER JOIN b USING (k)', '(RIGHT a b)'],
    ['SELECT * FROM a FULL JOIN b USING (k, j)', '(FULL a b)'],
    ['SELECT * FROM a CROSS JOIN b', '(CROSS a b)'],
    ['SELECT * FROM a, b', '(IMPLICIT a b)'],
    ['SELECT * FROM a, b, c', '(IMPLICIT (IMPLICIT a b) c)'],
    ['SELECT * FROM a JOIN b ON p JOIN c ON q', '(INNER (INNER a b) c)'],
    ['SELECT * FROM a, b JOIN c ON p', '(IMPLICIT a (INNER b c))'],
    ['SELECT * FROM a JOIN (b JOIN c ON p) ON q', '(INNER a (INNER b c))'],
    ['SELECT * FROM (a, b) JOIN c ON q', '(INNER (IMPLICIT a b) c)'],
    ['SELECT * FROM t x JOIN u y ON x.a = y.a', '(INNER t@x u@y)'],
  ])('%s', (sql, expected) => {
    expect(relationShape(from(sql))).toBe(expected);
  });

  it('keeps join criteria', () => {
    expect((from('SELECT * FROM a JOIN b ON a.x = b.x') as JoinRelation).criteria).toMatchObject({
      kind: 'On',
      condition: { kind: 'BinaryExpr' },
    });
    expect((from('SELECT * FROM a JOIN b USING (k, "J")') as JoinRelation).criteria).toEqual({
      kind: 'Using',
      columns: [
        { kind: 'Identifier', name: 'k', quoted: false },
        { kind: 'Identifier', name: 'J', quoted: true },
      ],
    });
    expect((from('SELECT * FROM a CROSS JOIN b') as JoinRelation).criteria).toBeUndefined();
  });

  it('reads CROSS JOIN UNNEST in its forms', () => {
    const plain = from('SELECT * FROM t CROSS JOIN UNNEST(ts)') as JoinRelation;
    expect(plain.right).toEqual({
      kind: 'UnnestRelation',
      args: [{ kind: 'ColumnRef', parts: [{ kind: 'Identifier', name: 'ts', quoted: false }] }],
      withOrdinality: false,
    });
    const aliased = from('SELECT * FROM t CROSS JOIN UNNEST(ts) AS u (time, value)') as JoinRelation;
    expect(aliased.right).toMatchObject({ alias: { name: 'u' }, columnAliases: [{ name: 'time' }, { name: 'value' }] });
    const ordinal = from('SELECT * FROM t CROSS JOIN UNNEST(a, b) WITH ORDINALITY AS u(x, y, n)') as JoinRelation;
    expect(ordinal.right).toMatchObject({ withOrdinality: true, args: [{}, {}], columnAliases: [{}, {}, {}] });
    expect(relationShape(from('SELECT * FROM UNNEST(ARRAY[1, 2]) AS x(n)'))).toBe('unnest@x');
  });
});

describe('query structure', () => {
  it('reads ORDER BY with directions and null ordering', () => {
    expect(query('SELECT a FROM t ORDER BY a, b DESC, c ASC NULLS FIRST, d NULLS LAST').orderBy).toEqual([
      { expr: { kind: 'ColumnRef', parts: [{ kind: 'Identifier', name: 'a', quoted: false }] } },
      { expr: { kind: 'ColumnRef', parts: [{ kind: 'Identifier', name: 'b', quoted: false }] }, direction: 'DESC' },
      { expr: { kind: 'ColumnRef', parts: [{ kind: 'Identifier', name: 'c', quoted: false }] }, direction: 'ASC', nulls: 'FIRST' },
      { expr: { kind: 'ColumnRef', parts: [{ kind: 'Identifier', name: 'd', quoted: false }] }, nulls: 'LAST' },
    ]);
  });

  it('reads LIMIT and OFFSET in either order, and LIMIT ALL', () => {
    const presto = query('SELECT a FROM t OFFSET 10 ROWS LIMIT 5');
    const postgres = query('SELECT a FROM t LIMIT 5 OFFSET 10');
    expect([presto.offset, presto.limit]).toEqual([postgres.offset, postgres.limit]);
    expect(query('SELECT a FROM t LIMIT ALL').limit).toBeUndefined();
    expect(query('SELECT a FROM t LIMIT ?').limit).toMatchObject({ kind: 'Parameter', index: 0 });
  });

  it('reads WITH, with column lists and several CTEs', () => {
    const q = query('WITH a (x, y) AS (SELECT 1, 2), b AS (SELECT * FROM a) SELECT * FROM b');
    expect(q.with?.recursive).toBe(false);
    expect(q.with?.ctes.map((cte) => [cte.name.name, cte.columns?.map((c) => c.name)])).toEqual([
      ['a', ['x', 'y']],
      ['b', undefined],
    ]);
  });

  it.each([
    ['SELECT 1 UNION SELECT 2', '(UNION 1 2)'],
    ['SELECT 1 UNION ALL SELECT 2', '(UNION-ALL 1 2)'],
    ['SELECT 1 UNION DISTINCT SELECT 2', '(UNION 1 2)'],
    ['SELECT 1 UNION SELECT 2 UNION SELECT 3', '(UNION (UNION 1 2) 3)'],
    ['SELECT 1 EXCEPT SELECT 2 UNION SELECT 3', '(UNION (EXCEPT 1 2) 3)'],
    ['SELECT 1 UNION SELECT 2 INTERSECT SELECT 3', '(UNION 1 (INTERSECT 2 3))'],
    ['SELECT 1 INTERSECT SELECT 2 UNION SELECT 3', '(UNION (INTERSECT 1 2) 3)'],
    ['SELECT 1 INTERSECT ALL SELECT 2 EXCEPT ALL SELECT 3', '(EXCEPT-ALL (INTERSECT-ALL 1 2) 3)'],
    ['(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3', '(INTERSECT (UNION 1 2) 3)'],
    ['SELECT 1 UNION (SELECT 2 UNION SELECT 3)', '(UNION 1 (UNION 2 3))'],
    ['(SELECT 1 ORDER BY 1 LIMIT 1) UNION SELECT 2', '(UNION [1] 2)'],
    ['VALUES 1 UNION SELECT 2', '(UNION values 2)'],
  ])('%s', (sql, expected) => {
    expect(setShape(query(sql).body)).toBe(expected);
  });

  it('applies ORDER BY and LIMIT after a set operation to the whole', () => {
    const q = query('SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 LIMIT 3');
    expect(q.body.kind).toBe('SetOperation');
    expect((q.body as SetOperation).right).toMatchObject({ kind: 'SelectQuery' });
    expect(q.orderBy).toHaveLength(1);
    expect(q.limit).toMatchObject({ text: '3' });
  });

  it('unwraps a parenthesised query that adds nothing', () => {
    expect(query('((SELECT 1))').body.kind).toBe('SelectQuery');
  });

  it('reads VALUES', () => {
    expect(query("VALUES (1, 'a'), (2, 'b')").body).toMatchObject({
      kind: 'ValuesQuery',
      rows: [{ kind: 'RowExpr' }, { kind: 'RowExpr' }],
    });
    expect(query('VALUES 1, 2, 3').body).toMatchObject({ kind: 'ValuesQuery', rows: [{}, {}, {}] });
  });
});
