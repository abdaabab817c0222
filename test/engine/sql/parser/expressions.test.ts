import { describe, expect, it } from 'vitest';
import type { CaseExpr, ColumnRef, FunctionCall, TypedLiteral } from '../../../../src/engine/sql/ast/nodes.ts';
import { exprTree, shapeOf } from '../helpers.ts';

describe('expression literals', () => {
  it('reads null, booleans, numbers and strings', () => {
    expect(exprTree('NULL')).toEqual({ kind: 'NullLiteral' });
    expect(exprTree('true')).toEqual({ kind: 'BooleanLiteral', value: true });
    expect(exprTree('FALSE')).toEqual({ kind: 'BooleanLiteral', value: false });
    expect(exprTree('12345678901234567890')).toEqual({ kind: 'NumberLiteral', text: '12345678901234567890', numberKind: 'integer' });
    expect(exprTree('1.50')).toEqual({ kind: 'NumberLiteral', text: '1.50', numberKind: 'decimal' });
    expect(exprTree('1e3')).toEqual({ kind: 'NumberLiteral', text: '1e3', numberKind: 'double' });
    expect(exprTree("'it''s'")).toEqual({ kind: 'StringLiteral', value: "it's" });
  });

  it('reads duration shorthands', () => {
    expect(exprTree('15s')).toEqual({ kind: 'DurationLiteral', amount: '15', unit: 's' });
    expect(exprTree('100ms')).toEqual({ kind: 'DurationLiteral', amount: '100', unit: 'ms' });
    expect(exprTree('21hour')).toEqual({ kind: 'DurationLiteral', amount: '21', unit: 'h' });
    expect(shapeOf('time > ago(2h) - 1d')).toBe('(> time (- ago(2h) 1d))');
  });

  it('reads ANSI intervals with and without fields', () => {
    expect(exprTree("interval '2' day")).toEqual({ kind: 'IntervalLiteral', value: '2', sign: 1, from: 'DAY' });
    expect(exprTree("INTERVAL -'1-2' YEAR TO MONTH")).toEqual({
      kind: 'IntervalLiteral',
      value: '1-2',
      sign: -1,
      from: 'YEAR',
      to: 'MONTH',
    });
    expect(exprTree("interval '3' week")).toMatchObject({ from: 'WEEK' });
    expect(exprTree("INTERVAL '2 days'")).toEqual({ kind: 'IntervalLiteral', value: '2 days', sign: 1 });
  });

  it('reads typed literals', () => {
    const literal = (sql: string) => {
      const tree = exprTree(sql) as TypedLiteral;
      return [tree.kind, tree.type.name, tree.value];
    };
    expect(literal("timestamp '2022-06-17 01:00'")).toEqual(['TypedLiteral', 'timestamp', '2022-06-17 01:00']);
    expect(literal("date '2022-05-21'")).toEqual(['TypedLiteral', 'date', '2022-05-21']);
    expect(literal("TIME '01:02:03'")).toEqual(['TypedLiteral', 'time', '01:02:03']);
    expect(literal("DOUBLE '0.0'")).toEqual(['TypedLiteral', 'double', '0.0']);
    expect(literal("BIGINT '5'")).toEqual(['TypedLiteral', 'bigint', '5']);
    expect(literal("VARCHAR 'x'")).toEqual(['TypedLiteral', 'varchar', 'x']);
  });

  it('reads positional and named parameters', () => {
    expect(shapeOf('? + ?')).toBe('(+ Parameter Parameter)');
    expect(exprTree('? + ?')).toMatchObject({ left: { index: 0 }, right: { index: 1 } });
    expect(exprTree('bin(@scheduled_runtime, 1d)')).toMatchObject({ args: [{ kind: 'Parameter', name: 'scheduled_runtime' }, {}] });
  });
});

describe('names', () => {
  it('reads bare, dotted and quoted column references, keeping case and quoting', () => {
    expect(exprTree('Host')).toEqual({ kind: 'ColumnRef', parts: [{ kind: 'Identifier', name: 'Host', quoted: false }] });
    const ref = exprTree('"db"."t"."Col ""x"""') as ColumnRef;
    expect(ref.parts.map((p) => [p.name, p.quoted])).toEqual([
      ['db', true],
      ['t', true],
      ['Col "x"', true],
    ]);
  });

  it('accepts Timestream column names that are keywords elsewhere', () => {
    expect(shapeOf('time')).toBe('time');
    expect(shapeOf('date + value')).toBe('(+ date value)');
    expect(shapeOf('x.time < x.value')).toBe('(< x.time x.value)');
    expect(shapeOf('interval')).toBe('interval');
    expect(shapeOf('filter')).toBe('filter');
  });

  it('reads measure_value::<type> as a column named that way, not a cast', () => {
    for (const type of ['double', 'bigint', 'varchar', 'boolean', 'timestamp']) {
      expect(exprTree(`measure_value::${type}`)).toEqual({
        kind: 'ColumnRef',
        parts: [{ kind: 'Identifier', name: `measure_value::${type}`, quoted: false }],
      });
    }
    expect(shapeOf('MEASURE_VALUE::DOUBLE')).toBe('measure_value::double');
    expect(shapeOf('t.measure_value::double > 1')).toBe('(> t.measure_value::double 1)');
    expect(shapeOf('avg(measure_value::double)')).toBe('avg(measure_value::double)');
  });

  it('reads other :: as casts', () => {
    expect(shapeOf('x::double')).toBe('(CAST x double)');
    expect(shapeOf('(measure_value)::double')).toBe('(CAST measure_value double)');
    expect(shapeOf('measure_value::integer')).toBe('(CAST measure_value integer)');
    expect(exprTree('x::bigint')).toMatchObject({ kind: 'CastExpr', syntax: 'colons', safe: false });
  });
});

describe('operator precedence', () => {
  it.each([
    ['a OR b AND c', '(OR a (AND b c))'],
    ['a AND b OR c', '(OR (AND a b) c)'],
    ['NOT a AND b', '(AND (NOT a) b)'],
    ['NOT a = b', '(NOT (= a b))'],
    ['NOT NOT a', '(NOT (NOT a))'],
    ['a = b + c * d', '(= a (+ b (* c d)))'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b * c % d', '(% (* (/ a b) c) d)'],
    ['a || b + c', '(|| a (+ b c))'],
    ['a + b || c', '(|| (+ a b) c)'],
    ['-a * b', '(* (- a) b)'],
    ['- -a', '(- (- a))'],
    ['+a', '(+ a)'],
    ['-x AT TIME ZONE zone', '(- (AT x zone))'],
    ["t AT TIME ZONE 'UTC' + 1h", "(+ (AT t 'UTC') 1h)"],
    ['a[1].b', '(. a[1] b)'],
    ['-a[1]', '(- a[1])'],
    ['a <> b', '(<> a b)'],
    ['a != b', '(<> a b)'],
    ['a <= b AND c >= d', '(AND (<= a b) (>= c d))'],
    ['(a OR b) AND c', '(AND (OR a b) c)'],
    ['a = b IS NULL', '(IS-NULL (= a b))'],
  ])('%s', (sql, expected) => {
    expect(shapeOf(sql)).toBe(expected);
  });
});

describe('predicates', () => {
  it.each([
    ['a BETWEEN 1 AND 2 AND b', '(AND (BETWEEN a 1 2) b)'],
    ['a NOT BETWEEN b + 1 AND c', '(NOT-BETWEEN a (+ b 1) c)'],
    ["time BETWEEN '2023-09-19' AND '2023-11-01'", "(BETWEEN time '2023-09-19' '2023-11-01')"],
    ['a IN (1, 2, 3)', '(IN a [1 2 3])'],
    ['a NOT IN (1)', '(NOT-IN a [1])'],
    ["a LIKE 'x%'", "(LIKE a 'x%')"],
    ["a NOT LIKE 'x!%' ESCAPE '!'", "(NOT-LIKE a 'x!%' '!')"],
    ['a IS NULL', '(IS-NULL a)'],
    ['a IS NOT NULL OR b', '(OR (IS-NOT-NULL a) b)'],
    ['a IS DISTINCT FROM b', '(IS-DISTINCT a b)'],
    ['a IS NOT DISTINCT FROM b + 1', '(IS-NOT-DISTINCT a (+ b 1))'],
    ['NOT a IN (1)', '(NOT (IN a [1]))'],
  ])('%s', (sql, expected) => {
    expect(shapeOf(sql)).toBe(expected);
  });

  it('reads subquery predicates', () => {
    expect(exprTree('a IN (SELECT b FROM t)')).toMatchObject({ kind: 'InSubqueryExpr', negated: false, query: { kind: 'Query' } });
    expect(exprTree('a NOT IN (SELECT b FROM t)')).toMatchObject({ kind: 'InSubqueryExpr', negated: true });
    expect(exprTree('EXISTS (SELECT 1 FROM t WHERE t.a = u.a)')).toMatchObject({ kind: 'ExistsExpr' });
    expect(exprTree('NOT EXISTS (SELECT 1)')).toMatchObject({ kind: 'UnaryExpr', operator: 'NOT', operand: { kind: 'ExistsExpr' } });
    expect(exprTree('(SELECT max(a) FROM t) + 1')).toMatchObject({ kind: 'BinaryExpr', left: { kind: 'SubqueryExpr' } });
    expect(exprTree('a > ALL (SELECT b FROM t)')).toMatchObject({ kind: 'QuantifiedComparisonExpr', operator: '>', quantifier: 'ALL' });
    expect(exprTree('a = SOME (SELECT b FROM t)')).toMatchObject({ kind: 'QuantifiedComparisonExpr', quantifier: 'ANY' });
  });
});

describe('function calls', () => {
  const call = (sql: string) => exprTree(sql) as FunctionCall;

  it('reads plain calls, count(*) and DISTINCT', () => {
    expect(call('bin(time, 1m)')).toEqual({
      kind: 'FunctionCall',
      name: [{ kind: 'Identifier', name: 'bin', quoted: false }],
      args: [
        { kind: 'ColumnRef', parts: [{ kind: 'Identifier', name: 'time', quoted: false }] },
        { kind: 'DurationLiteral', amount: '1', unit: 'm' },
      ],
      distinct: false,
      star: false,
    });
    expect(call('count(*)')).toMatchObject({ star: true, args: [] });
    expect(call('count(DISTINCT hostname)')).toMatchObject({ distinct: true, args: [{ kind: 'ColumnRef' }] });
    expect(call('now()')).toMatchObject({ args: [], star: false });
    expect(call('array_agg(x ORDER BY time DESC)').orderBy).toMatchObject([{ direction: 'DESC' }]);
  });

  it('reads the bare current-time calls', () => {
    for (const name of ['current_timestamp', 'current_date', 'current_time', 'localtime', 'localtimestamp']) {
      expect(call(name)).toMatchObject({ kind: 'FunctionCall', name: [{ name }], args: [] });
    }
    expect(call('current_timestamp(3)')).toMatchObject({ kind: 'FunctionCall', args: [] });
  });

  it('reads FILTER, IGNORE NULLS and OVER', () => {
    expect(call('sum(x) FILTER (WHERE x > 0)').filter).toMatchObject({ kind: 'BinaryExpr', operator: '>' });
    const lag = call('lag(x, 1) IGNORE NULLS OVER (PARTITION BY host ORDER BY time)');
    expect(lag.nullTreatment).toBe('IGNORE');
    expect(lag.over).toMatchObject({ partitionBy: [{ kind: 'ColumnRef' }], orderBy: [{ expr: { kind: 'ColumnRef' } }] });
    expect(call('first_value(x) RESPECT NULLS OVER ()').nullTreatment).toBe('RESPECT');
    expect(call('count(*) FILTER (WHERE a) OVER ()')).toMatchObject({ star: true, filter: {}, over: { partitionBy: [], orderBy: [] } });
  });

  it('reads window frames', () => {
    expect(call('sum(x) OVER (ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)').over?.frame).toEqual({
      unit: 'ROWS',
      start: { kind: 'UnboundedPreceding' },
      end: { kind: 'CurrentRow' },
    });
    expect(call('avg(x) OVER (ORDER BY time RANGE BETWEEN 1h PRECEDING AND 1h FOLLOWING)').over?.frame).toMatchObject({
      unit: 'RANGE',
      start: { kind: 'Preceding', offset: { kind: 'DurationLiteral' } },
      end: { kind: 'Following', offset: { kind: 'DurationLiteral' } },
    });
    expect(call('avg(x) OVER (ROWS 3 PRECEDING)').over?.frame).toEqual({
      unit: 'ROWS',
      start: { kind: 'Preceding', offset: { kind: 'NumberLiteral', text: '3', numberKind: 'integer' } },
    });
    expect(call('max(x) OVER (ORDER BY t ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)').over?.frame?.end).toEqual({
      kind: 'UnboundedFollowing',
    });
  });

  it('reads position(a IN b) as a two-argument call', () => {
    expect(shapeOf("position('b' IN 'abc')")).toBe("position('b' 'abc')");
  });

  it('reads a call on a keyword-like name', () => {
    expect(shapeOf('filter(ts, x -> x.value > 0)')).toBe('filter(ts (LAMBDA [x] (> x.value 0)))');
    expect(shapeOf('if(a, b, c)')).toBe('if(a b c)');
    expect(shapeOf('grouping(a, b)')).toBe('grouping(a b)');
  });
});

describe('other expressions', () => {
  it('reads searched and simple CASE', () => {
    const searched = exprTree("CASE WHEN measure_name = 'cpu' THEN measure_value::double END") as CaseExpr;
    expect(searched.operand).toBeUndefined();
    expect(searched.whens).toHaveLength(1);
    expect(searched.else).toBeUndefined();
    const simple = exprTree("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END") as CaseExpr;
    expect(simple.operand).toMatchObject({ kind: 'ColumnRef' });
    expect(simple.whens).toHaveLength(2);
    expect(simple.else).toMatchObject({ kind: 'StringLiteral', value: 'c' });
  });

  it('reads CAST and TRY_CAST with parameterised types', () => {
    expect(exprTree('CAST(x AS decimal(10, 2))')).toMatchObject({
      kind: 'CastExpr',
      safe: false,
      syntax: 'cast',
      type: {
        name: 'decimal',
        parameters: [
          { kind: 'NumberParameter', value: 10 },
          { kind: 'NumberParameter', value: 2 },
        ],
      },
    });
    expect(exprTree('TRY_CAST(x AS array(double))')).toMatchObject({
      safe: true,
      type: { name: 'array', parameters: [{ kind: 'TypeParameter', type: { name: 'double' } }] },
    });
    expect(exprTree('CAST(x AS ROW(time timestamp, value double))')).toMatchObject({
      type: {
        name: 'row',
        parameters: [
          { kind: 'FieldParameter', name: { name: 'time' }, type: { name: 'timestamp' } },
          { kind: 'FieldParameter', name: { name: 'value' }, type: { name: 'double' } },
        ],
      },
    });
    expect(exprTree('CAST(x AS row(timestamp, double))')).toMatchObject({
      type: { parameters: [{ kind: 'TypeParameter' }, { kind: 'TypeParameter' }] },
    });
    expect(exprTree('CAST(x AS timeseries(double))')).toMatchObject({ type: { name: 'timeseries' } });
    expect(exprTree('CAST(x AS map(varchar, bigint))')).toMatchObject({ type: { name: 'map' } });
    expect(exprTree('CAST(x AS timestamp with time zone)')).toMatchObject({ type: { name: 'timestamp with time zone' } });
    expect(exprTree('CAST(x AS timestamp(3) without time zone)')).toMatchObject({ type: { name: 'timestamp' } });
    expect(exprTree('CAST(x AS interval day to second)')).toMatchObject({ type: { name: 'interval day to second' } });
    expect(exprTree('CAST(x AS double precision)')).toMatchObject({ type: { name: 'double' } });
    expect(exprTree('CAST(x AS VARBINARY)')).toMatchObject({ type: { name: 'varbinary' } });
  });

  it('reads arrays, subscripts, rows and field access', () => {
    expect(shapeOf('ARRAY[1, 2, 3]')).toBe('[1 2 3]');
    expect(shapeOf('ARRAY[]')).toBe('[]');
    expect(shapeOf('a[1]')).toBe('a[1]');
    expect(shapeOf('ARRAY[1][1]')).toBe('[1][1]');
    expect(shapeOf("m['k'][2]")).toBe("m['k'][2]");
    expect(shapeOf("ROW(1, 'a')")).toBe("(ROW 1 'a')");
    expect(shapeOf('(1, 2)')).toBe('(ROW 1 2)');
    expect(shapeOf('ROW(1)')).toBe('(ROW 1)');
    expect(shapeOf('(1)')).toBe('1');
    expect(shapeOf('f(x).value')).toBe('(. f(x) value)');
    expect(shapeOf('(x).time')).toBe('(. x time)');
    expect(shapeOf('x.time')).toBe('x.time');
    expect(shapeOf('(ROW(1, 2)).field0')).toBe('(. (ROW 1 2) field0)');
  });

  it('reads lambdas', () => {
    expect(shapeOf('x -> x + 1')).toBe('(LAMBDA [x] (+ x 1))');
    expect(shapeOf('(s, x) -> s + x.value')).toBe('(LAMBDA [s x] (+ s x.value))');
    expect(shapeOf('() -> 1')).toBe('(LAMBDA [] 1)');
    expect(shapeOf('(x) -> x')).toBe('(LAMBDA [x] x)');
    expect(shapeOf('reduce(ts, 0, (s, x) -> s + x.value, s -> s)')).toBe('reduce(ts 0 (LAMBDA [s x] (+ s x.value)) (LAMBDA [s] s))');
  });

  it('reads AT TIME ZONE and EXTRACT', () => {
    expect(shapeOf("time AT TIME ZONE 'America/New_York'")).toBe("(AT time 'America/New_York')");
    expect(exprTree('EXTRACT(hour FROM time)')).toMatchObject({ kind: 'ExtractExpr', field: 'HOUR', value: { kind: 'ColumnRef' } });
    expect(exprTree('extract(DOW FROM date(time))')).toMatchObject({ field: 'DOW', value: { kind: 'FunctionCall' } });
  });
});

describe('spans', () => {
  it('gives every node the offset range and start line and column of its text', async () => {
    const { parseExpression } = await import('../../../../src/engine/sql/parser/parse.ts');
    const tree = parseExpression('a +\n  f(b, 2)');
    expect(tree.span).toEqual({ start: 0, end: 13, line: 1, column: 1 });
    if (tree.kind !== 'BinaryExpr') throw new Error('expected a binary expression');
    expect(tree.right.span).toEqual({ start: 6, end: 13, line: 2, column: 3 });
    if (tree.right.kind !== 'FunctionCall') throw new Error('expected a call');
    expect(tree.right.args[1]?.span).toEqual({ start: 11, end: 12, line: 2, column: 8 });
  });

  it('spans measure_value::double as one name', async () => {
    const { parseExpression } = await import('../../../../src/engine/sql/parser/parse.ts');
    const tree = parseExpression('  measure_value::double');
    expect(tree.span).toEqual({ start: 2, end: 23, line: 1, column: 3 });
  });
});
