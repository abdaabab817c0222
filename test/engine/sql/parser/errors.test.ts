import { describe, expect, it } from 'vitest';
import { printStatement } from '../../../../src/engine/sql/ast/print.ts';
import { stripSpans } from '../../../../src/engine/sql/ast/strip-spans.ts';
import { parseExpression, parseStatement } from '../../../../src/engine/sql/parser/parse.ts';
import { MAX_NESTING_DEPTH, MAX_TREE_DEPTH } from '../../../../src/engine/sql/parser/token-stream.ts';
import { syntaxError } from '../helpers.ts';

describe('syntax errors', () => {
  it('name the line and column, show the line with a caret, and say what was found and expected', () => {
    const error = syntaxError('SELECT a,\n       b +\nFROM t');
    expect(error.position).toEqual({ line: 3, column: 1 });
    expect(error.message).toBe(
      "Syntax error at line 3, column 1: expected an expression after '+', but found the keyword FROM.\n3 | FROM t\n  | ^",
    );
    expect(error.details).toMatchObject({
      excerpt: '3 | FROM t\n  | ^',
      found: 'FROM',
      expected: ['an expression'],
      offset: 21,
      length: 4,
    });
  });

  it('survive serialisation across the worker boundary', () => {
    const error = syntaxError('SELECT * FROM t WHERE');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'TidemarkError',
      code: 'SQL_SYNTAX',
      position: { line: 1, column: 22 },
      details: { found: '<end>' },
    });
  });

  it.each([
    ['SELECT a, FROM t', 1, 11, 'expected a select item (an expression or *), but found the keyword FROM'],
    ['SELECT * FROM', 1, 14, 'expected a table name, a subquery or UNNEST after FROM, but found the end of the query'],
    ['SELECT * FROM t WHERE a = = 1', 1, 27, "expected an expression after '=', but found '='"],
    ['SELECT (a + 1 FROM t', 1, 15, "expected ')' to close the parenthesis, but found the keyword FROM"],
    ['SELECT a FROM t)', 1, 16, 'unmatched closing parenthesis'],
    ['SELECT a FROM t GROUP a', 1, 23, "expected BY after GROUP, but found 'a'"],
    ['SELECT a FROM t ORDER a', 1, 23, "expected BY after ORDER, but found 'a'"],
    ['SELECT a\nFROM t\nWHERE x IN 1', 3, 12, "expected '(' after IN, but found the number 1"],
    [
      'SELEC a',
      1,
      1,
      "expected a statement (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN or DELETE), but found 'SELEC' (did you mean SELECT?)",
    ],
    ['', 1, 1, 'but found the end of the query'],
    ['SELECT CASE WHEN a THEN b', 1, 26, 'expected WHEN, ELSE or END to finish CASE'],
    ['SELECT CAST(a AS) FROM t', 1, 17, 'expected a type name'],
    ['SELECT a FROM t JOIN u', 1, 23, 'expected ON or USING after the joined table'],
    ['SELECT a FROM t LEFT u', 1, 22, 'expected JOIN or OUTER JOIN after LEFT'],
    ['SELECT count(* FROM t', 1, 16, "expected ')' after count(*"],
    ['SELECT f(a,) FROM t', 1, 12, 'expected an expression as an argument of f'],
    // The messages the parser spells out only when it fails (they name the call and the operator as written).
    ['SELECT Fn(a b) FROM t', 1, 13, "expected ')' to close the arguments of Fn, but found 'b'"],
    ['SELECT "my fn"(, 1) FROM t', 1, 16, 'expected an expression as an argument of my fn'],
    ['SELECT f(* 1) FROM t', 1, 12, "expected ')' after f(*, but found the number 1"],
    ['SELECT a - FROM t', 1, 12, "expected an expression after '-', but found the keyword FROM"],
    ['SELECT - FROM t', 1, 10, "expected an expression after '-', but found the keyword FROM"],
    ['SELECT a FROM t WHERE a <> ORDER BY 1', 1, 28, "expected an expression after '<>', but found the keyword ORDER"],
    ['SELECT a FROM t WHERE a OR', 1, 27, 'expected an expression after OR, but found the end of the query'],
    ["SELECT a\nFROM t WHERE 'a' || 'b", 2, 21, 'the string starting here is never closed'],
    ['SELECT "a\n b FROM t', 1, 8, 'the quoted name starting here is never closed'],
    ['SELECT a FROM t LIMIT -1', 1, 23, 'expected a whole number or ALL after LIMIT'],
    ['SHOW MEASURES db.t', 1, 15, 'expected FROM after SHOW MEASURES'],
    ['SHOW FOO', 1, 6, 'expected DATABASES, TABLES or MEASURES after SHOW'],
    ['DELETE db.t', 1, 8, 'expected FROM after DELETE'],
    ['SELECT a FROM select', 1, 15, 'expected a table name, a subquery or UNNEST in FROM, but found the keyword SELECT'],
    ['SELECT a FROM t WHERE a BETWEEN 1 OR 2', 1, 35, 'expected AND between the bounds of BETWEEN, but found the keyword OR'],
    ['SELECT lag(x) IGNORE NULLS FROM t', 1, 28, 'expected OVER after IGNORE NULLS'],
    ['SELECT x.from FROM t', 1, 10, "expected a field name after '.', but found the keyword FROM"],
    ['SELECT 1 UNION', 1, 15, "expected SELECT, VALUES, WITH or '(' to start a query"],
    ['WITH a AS SELECT 1 SELECT 2', 1, 11, "expected '(' before the WITH query"],
    ['SELECT sum(x) OVER (ORDER BY t ROWS BETWEEN 1 AND 2) FROM t', 1, 47, 'expected PRECEDING or FOLLOWING after the frame offset'],
    ['SELECT a FROM t WHERE a IS 5', 1, 28, 'expected NULL or DISTINCT FROM after IS, but found the number 5'],
    [
      'SELECT a b c FROM t',
      1,
      12,
      "expected the end of the statement, but found 'c' (is a comma, an operator or a keyword missing before it?)",
    ],
    ['SELECT * FROM t NATURAL JOIN u', 1, 17, 'NATURAL JOIN is not supported'],
    ['SELECT sum(x) OVER (PARTITION host) FROM t', 1, 21, 'expected PARTITION BY, ORDER BY, ROWS, RANGE or'],
    ["SELECT a FROM t WHERE b = 'x", 1, 27, 'the string starting here is never closed'],
    ['SELECT group FROM t', 1, 8, 'expected a select item'],
    ['SELECT a AS from FROM t', 1, 13, 'FROM is a reserved word; write it in double quotes to use it as a name'],
    ['SELECT EXISTS (1)', 1, 16, 'expected a subquery (SELECT ...) after EXISTS ('],
    ['SELECT a FROM t UNION ALL', 1, 26, 'to start a query'],
    ["SELECT now() - interval '2' days", 1, 29, 'interval fields are singular: write DAY, not DAYS'],
    ['INSERT INTO db.t VALUES (1)', 1, 1, 'INSERT is not supported: as in Timestream, tables are created and written through the API'],
    ["UNLOAD (SELECT 1) TO 's3://b/p'", 1, 1, "UNLOAD (Timestream's export to S3) is not supported"],
    ['SELECT * FROM t WHERE $__timeFilter', 1, 23, 'Grafana macros such as $__timeFilter must be expanded'],
    ['SELECT 1; SELECT 2', 1, 11, 'only one statement can run at a time'],
    ['SELECT a FORM t', 1, 15, "expected the end of the statement, but found 't' (did you mean FROM rather than 'FORM'?)"],
    ["SELECT a FROM t WHER x = 'a'", 1, 22, "did you mean WHERE rather than 'WHER'?"],
    ['SELECT a FROM t GROUPBY a', 1, 25, "did you mean GROUP rather than 'GROUPBY'?"],
    ['SELECTT a FROM t', 1, 1, "but found 'SELECTT' (did you mean SELECT?)"],
    [
      'SELECT a FROM t LIMIT 5 WHERE a > 1',
      1,
      25,
      'the clauses of a query go in this order: FROM, WHERE, GROUP BY, HAVING, ORDER BY, OFFSET, LIMIT',
    ],
    ['SELECT a FROM t ORDER BY a GROUP BY a', 1, 28, 'the clauses of a query go in this order'],
    ['SELECT * FROM my-db.t', 1, 17, `a name with '-' in it must be in double quotes, as in "my-..."`],
  ])('%s', (sql, line, column, text) => {
    const error = syntaxError(sql);
    expect(error.message).toContain(text);
    expect(error.position).toEqual({ line, column });
    // The excerpt's caret sits under the reported column.
    const excerpt = String(error.details?.excerpt);
    const [source, caret] = excerpt.split('\n') as [string, string];
    expect(caret.indexOf('^') - caret.indexOf('|')).toBe(column + 1);
    expect(source.startsWith(`${line} | `)).toBe(true);
  });

  it('reports errors in a lone expression', () => {
    expect(syntaxError('a +', parseExpression).message).toContain("expected an expression after '+', but found the end of the query");
    expect(syntaxError('a b', parseExpression).message).toContain("expected an operator or the end of the expression, but found 'b'");
  });
});

describe('nesting limit', () => {
  const deep = 20_000;

  it.each([
    ['parentheses', `SELECT ${'('.repeat(deep)}1${')'.repeat(deep)}`],
    ['NOT', `SELECT ${'NOT '.repeat(deep)}true`],
    ['unary minus', `SELECT ${'- '.repeat(deep)}1`],
    ['subqueries', `SELECT ${'(SELECT '.repeat(deep)}1${')'.repeat(deep)}`],
    ['function calls', `SELECT ${'f('.repeat(deep)}1${')'.repeat(deep)}`],
    ['arrays', `SELECT ${'ARRAY['.repeat(deep)}1${']'.repeat(deep)}`],
    ['lambdas', `SELECT ${'x -> '.repeat(deep)}1`],
    ['CASE', `SELECT ${'CASE WHEN a THEN '.repeat(deep)}1${' END'.repeat(deep)}`],
    ['FROM subqueries', `SELECT * FROM ${'(SELECT * FROM '.repeat(deep)}t${')'.repeat(deep)}`],
    ['types', `SELECT CAST(x AS ${'array('.repeat(deep)}double${')'.repeat(deep)})`],
  ])('fails clearly on deeply nested %s', (_name, sql) => {
    const error = syntaxError(sql);
    expect(error.message).toContain(`nests more than ${MAX_NESTING_DEPTH} levels deep`);
  });

  it.each([
    ['a long chain of +', `SELECT ${Array.from({ length: deep }, () => '1').join(' + ')}`],
    ['a long chain of subscripts', `SELECT a${'[1]'.repeat(deep)}`],
    ['a long chain of UNION', Array.from({ length: deep }, () => 'SELECT 1').join(' UNION ')],
    ['a long chain of joins', `SELECT * FROM t${' CROSS JOIN t'.repeat(deep)}`],
    ['a long chain of comparisons', `SELECT ${Array.from({ length: deep }, () => 'a').join(' = ')}`],
  ])('fails clearly on %s', (_name, sql) => {
    const error = syntaxError(sql);
    expect(error.message).toContain(`nests more than ${MAX_TREE_DEPTH} levels deep (counting each link of a chain`);
  });

  it('accepts nesting well within the limits, and long generated chains', () => {
    expect(() => parseStatement(`SELECT ${'('.repeat(150)}1${')'.repeat(150)}`)).not.toThrow();
    expect(() => parseStatement(`SELECT ${Array.from({ length: 500 }, (_, i) => `c${i}`).join(' + ')} FROM t`)).not.toThrow();
    expect(() => parseStatement(Array.from({ length: 500 }, (_, i) => `SELECT ${i}`).join(' UNION ALL '))).not.toThrow();
  });

  it('builds trees that the printer and other recursive walkers can still handle at the limits', () => {
    // The parentheses count towards the tree's depth too.
    const chain = Array.from({ length: MAX_TREE_DEPTH - MAX_NESTING_DEPTH }, (_, i) => `c${i}`).join(' + ');
    const nested = `${'('.repeat(MAX_NESTING_DEPTH - 10)}${chain}${')'.repeat(MAX_NESTING_DEPTH - 10)}`;
    const tree = parseStatement(`SELECT ${nested} FROM t`);
    const printed = printStatement(tree);
    expect(stripSpans(parseStatement(printed))).toEqual(stripSpans(tree));
  });

  it('keeps long AND/OR chains flat, so they are not limited', () => {
    const hosts = Array.from({ length: 5000 }, (_, i) => `hostname = 'host_${i}'`).join(' OR ');
    const tree = parseStatement(`SELECT * FROM t WHERE ${hosts}`);
    expect(tree.kind === 'Query' && tree.body.kind === 'SelectQuery' && tree.body.where).toMatchObject({
      kind: 'LogicalExpr',
      operator: 'OR',
    });
    const list = Array.from({ length: 10_000 }, (_, i) => String(i)).join(', ');
    expect(() => parseStatement(`SELECT * FROM t WHERE a IN (${list})`)).not.toThrow();
  });
});

describe('excerpts', () => {
  it('cut a long line to a window around the caret', () => {
    const list = Array.from({ length: 2000 }, (_, i) => String(i)).join(', ');
    const error = syntaxError(`SELECT * FROM t WHERE a IN (${list},, 1)`);
    const excerpt = String(error.details?.excerpt);
    const [source, caret] = excerpt.split('\n') as [string, string];
    expect(source.length).toBeLessThan(120);
    expect(source).toMatch(/^1 \| \.\.\..*,, 1\)$/);
    // The caret still points at the second comma.
    expect(source[caret.indexOf('^')]).toBe(',');
    expect(source[caret.indexOf('^') - 1]).toBe(',');
    expect(error.message.length).toBeLessThan(400);
  });

  it('keep tabs under the caret so it lines up', () => {
    const error = syntaxError('SELECT\ta,\t\tFROM t');
    expect(error.details?.excerpt).toBe('1 | SELECT\ta,\t\tFROM t\n  |       \t  \t\t^');
  });
});
