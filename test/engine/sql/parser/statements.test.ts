import { describe, expect, it } from 'vitest';
import { stripSpans } from '../../../../src/engine/sql/ast/strip-spans.ts';
import { parseScript } from '../../../../src/engine/sql/parser/parse.ts';
import { syntaxError, tree } from '../helpers.ts';

const name = (text: string, quoted = false) => ({ kind: 'Identifier', name: text, quoted });

describe('statements', () => {
  it('reads SHOW DATABASES', () => {
    expect(tree('SHOW DATABASES')).toEqual({ kind: 'ShowDatabases' });
    expect(tree("show databases like 'dev%'")).toEqual({ kind: 'ShowDatabases', like: 'dev%' });
  });

  it('reads SHOW TABLES', () => {
    expect(tree('SHOW TABLES')).toEqual({ kind: 'ShowTables' });
    expect(tree('SHOW TABLES FROM devops')).toEqual({ kind: 'ShowTables', database: name('devops') });
    expect(tree('SHOW TABLES IN "sampleDB" LIKE \'D%\'')).toEqual({ kind: 'ShowTables', database: name('sampleDB', true), like: 'D%' });
  });

  it('reads SHOW MEASURES', () => {
    expect(tree('SHOW MEASURES FROM "sampleDB".DevOps')).toEqual({ kind: 'ShowMeasures', table: [name('sampleDB', true), name('DevOps')] });
    expect(tree("SHOW MEASURES FROM db.t LIKE 'cpu%'")).toEqual({ kind: 'ShowMeasures', table: [name('db'), name('t')], like: 'cpu%' });
  });

  it('reads DESCRIBE', () => {
    expect(tree('DESCRIBE db.t')).toEqual({ kind: 'Describe', table: [name('db'), name('t')] });
    expect(tree('DESC "db"."t"')).toEqual({ kind: 'Describe', table: [name('db', true), name('t', true)] });
  });

  it('reads EXPLAIN and EXPLAIN ANALYZE', () => {
    expect(tree('EXPLAIN SELECT 1')).toMatchObject({ kind: 'Explain', analyze: false, statement: { kind: 'Query' } });
    expect(tree('EXPLAIN ANALYZE SELECT * FROM db.t')).toMatchObject({ kind: 'Explain', analyze: true, statement: { kind: 'Query' } });
    expect(tree('EXPLAIN DELETE FROM db.t')).toMatchObject({ kind: 'Explain', statement: { kind: 'Delete' } });
  });

  it('reads DELETE with and without WHERE', () => {
    expect(tree('DELETE FROM db.t')).toEqual({ kind: 'Delete', table: [name('db'), name('t')] });
    expect(tree("DELETE FROM db.t WHERE time < ago(30d) AND host = 'a'")).toMatchObject({
      kind: 'Delete',
      where: { kind: 'LogicalExpr', operator: 'AND', operands: [{}, {}] },
    });
  });

  it('accepts one trailing semicolon, comments and blank lines', () => {
    expect(tree('-- first\nSELECT 1;  /* done */\n')).toMatchObject({ kind: 'Query' });
  });

  it('reads a script of several statements', () => {
    const statements = parseScript('SHOW DATABASES;\n;SELECT 1;\nDESCRIBE db.t');
    expect(stripSpans(statements)).toEqual([tree('SHOW DATABASES'), tree('SELECT 1'), tree('DESCRIBE db.t')]);
    expect(parseScript('  -- nothing\n')).toEqual([]);
    // `?` parameters are numbered per statement.
    expect(stripSpans(parseScript('SELECT ?, ?; SELECT ?'))).toEqual([tree('SELECT ?, ?'), tree('SELECT ?')]);
    expect(syntaxError('SELECT 1; SELECT 2 3', parseScript).position).toEqual({ line: 1, column: 20 });
  });
});
