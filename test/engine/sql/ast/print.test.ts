import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStatement, printExpression, printStatement } from '../../../../src/engine/sql/ast/print.ts';
import { stripSpans } from '../../../../src/engine/sql/ast/strip-spans.ts';
import { parseExpression, parseStatement } from '../../../../src/engine/sql/parser/parse.ts';
import { expectRoundTrip } from '../helpers.ts';
import { expression, query, statement } from './arbitraries.ts';

describe('printer', () => {
  it.each([
    ['SELECT a FROM t', 'SELECT a FROM t'],
    ['select a x from "db"."t" y', 'SELECT a AS x FROM "db"."t" AS y'],
    ['SELECT (a + b) * c, a + (b * c), (a - b) - c, a - (b - c)', 'SELECT (a + b) * c, a + b * c, a - b - c, a - (b - c)'],
    ['SELECT a AND (b AND c), (a OR b) AND c, a OR b AND c', 'SELECT a AND (b AND c), (a OR b) AND c, a OR b AND c'],
    ['SELECT - -a, -(-a), NOT NOT a', 'SELECT - -a, - -a, NOT NOT a'],
    [
      'SELECT measure_value::double, (measure_value)::double, x::bigint FROM t',
      'SELECT measure_value::double, (measure_value)::double, x::bigint FROM t',
    ],
    ['SELECT (x).time, x.time, (1).a, f(x)[1].value', 'SELECT (x).time, x.time, (1).a, f(x)[1].value'],
    ['SELECT "select", "Mixed Case", "a""b" FROM "from"', 'SELECT "select", "Mixed Case", "a""b" FROM "from"'],
    ["SELECT 'it''s', DOUBLE '0.0', interval '2' day, 15s", "SELECT 'it''s', DOUBLE '0.0', INTERVAL '2' DAY, 15s"],
    ['SELECT current_timestamp, now(), count(*), count(DISTINCT a)', 'SELECT current_timestamp, now(), count(*), count(DISTINCT a)'],
    ['SELECT * FROM a, b JOIN c ON p', 'SELECT * FROM a, b JOIN c ON p'],
    ['SELECT * FROM a JOIN (b JOIN c ON p) ON q', 'SELECT * FROM a JOIN (b JOIN c ON p) ON q'],
    ['SELECT 1 UNION (SELECT 2 UNION SELECT 3)', 'SELECT 1 UNION (SELECT 2 UNION SELECT 3)'],
    ['(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3', '(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3'],
    ['SELECT a FROM t LIMIT 5 OFFSET 2', 'SELECT a FROM t OFFSET 2 LIMIT 5'],
    ['SELECT x -> x + 1, (a, b) -> a, () -> 1, ROW(1), (1, 2)', 'SELECT x -> x + 1, (a, b) -> a, () -> 1, ROW(1), (1, 2)'],
    ["SELECT position('a' IN s)", "SELECT position('a' IN s)"],
    ["SHOW TABLES FROM db LIKE 'x'", "SHOW TABLES FROM db LIKE 'x'"],
    ['EXPLAIN ANALYZE DELETE FROM db.t WHERE time < ago(1d)', 'EXPLAIN ANALYZE DELETE FROM db.t WHERE time < ago(1d)'],
  ])('prints %s as %s', (sql, expected) => {
    expect(printStatement(parseStatement(sql))).toBe(expected);
    expectRoundTrip(sql);
  });

  it('keeps names that begin special syntax unambiguous', () => {
    for (const sql of [
      "SELECT interval - 'x', interval, array[1], array, row, position, try_cast, zone, at, filter, over, nulls FROM t",
      'SELECT sum(x) OVER (ORDER BY t ROWS BETWEEN unbounded PRECEDING AND current FOLLOWING) FROM t',
      'SELECT t.measure_value::double, (t.measure_value)::double, interval -> interval FROM t',
    ]) {
      expectRoundTrip(sql);
    }
    expect(printStatement(parseStatement("SELECT (interval) - 'x'"))).toBe("SELECT (interval) - 'x'");
  });

  it('keeps a space between two minus signs, which would otherwise start a comment', () => {
    expect(printExpression(parseExpression('-(-1)'))).toBe('- -1');
  });

  it('round-trips generated expressions: parse(print(tree)) equals tree', () => {
    fc.assert(
      fc.property(expression, (tree) => {
        const text = printExpression(tree);
        let reparsed: unknown;
        try {
          reparsed = stripSpans(parseExpression(text));
        } catch (error) {
          throw new Error(`printed expression did not parse: ${text}\n${String(error)}`);
        }
        expect(reparsed, text).toEqual(stripSpans(tree));
      }),
      { numRuns: 800 },
    );
  });

  it('round-trips generated queries', () => {
    fc.assert(
      fc.property(query, (tree) => {
        const text = printStatement(tree);
        expect(stripSpans(parseStatement(text)), text).toEqual(stripSpans(tree));
      }),
      { numRuns: 300 },
    );
  });

  it('formats statements over lines for people, and the formatted text parses to the same tree', () => {
    const sql =
      "EXPLAIN ANALYZE WITH hosts AS (SELECT hostname FROM db.cpu WHERE time > ago(1h) GROUP BY hostname) SELECT h.hostname, max(c.measure_value::double) AS peak FROM hosts h JOIN db.cpu c ON c.hostname = h.hostname, (SELECT 1 AS one) o WHERE c.measure_name = 'usage_user' GROUP BY 1 HAVING max(c.measure_value::double) > 90 ORDER BY 2 DESC LIMIT 5";
    const formatted = formatStatement(parseStatement(sql));
    expect(formatted).toBe(
      [
        'EXPLAIN ANALYZE',
        'WITH hosts AS (',
        '  SELECT hostname',
        '  FROM db.cpu',
        '  WHERE time > ago(1h)',
        '  GROUP BY hostname',
        ')',
        'SELECT',
        '  h.hostname,',
        '  max(c.measure_value::double) AS peak',
        'FROM hosts AS h',
        'JOIN db.cpu AS c ON c.hostname = h.hostname,',
        '(',
        '  SELECT 1 AS one',
        ') AS o',
        "WHERE c.measure_name = 'usage_user'",
        'GROUP BY 1',
        'HAVING max(c.measure_value::double) > 90',
        'ORDER BY 2 DESC',
        'LIMIT 5',
      ].join('\n'),
    );
    expect(stripSpans(parseStatement(formatted))).toEqual(stripSpans(parseStatement(sql)));
    expect(formatStatement(parseStatement('SELECT 1 UNION ALL (SELECT 2 INTERSECT SELECT 3)'))).toBe(
      'SELECT 1\nUNION ALL\nSELECT 2\nINTERSECT\nSELECT 3',
    );
  });

  it('round-trips generated queries through the formatted layout', () => {
    fc.assert(
      fc.property(query, (tree) => {
        const text = formatStatement(tree);
        expect(stripSpans(parseStatement(text)), text).toEqual(stripSpans(tree));
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips generated statements of every kind, on one line and formatted', () => {
    fc.assert(
      fc.property(statement, (tree) => {
        const expected = stripSpans(tree);
        const oneLine = printStatement(tree);
        expect(stripSpans(parseStatement(oneLine)), oneLine).toEqual(expected);
        const formatted = formatStatement(tree);
        expect(stripSpans(parseStatement(formatted)), formatted).toEqual(expected);
      }),
      { numRuns: 250 },
    );
  });
});
