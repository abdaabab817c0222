import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completionContext } from '../../../../src/engine/sql/parser/completion.ts';

/** The context at the end of `sql`. */
const at = (sql: string) => completionContext(sql, sql.length);

describe('completion context', () => {
  it('offers statements at the start', () => {
    expect(at('')).toMatchObject({
      prefix: '',
      keywords: ['SELECT', 'WITH', 'VALUES', 'SHOW', 'DESCRIBE', 'EXPLAIN', 'DELETE'],
      table: false,
    });
    expect(at('SEL')).toMatchObject({ prefix: 'SEL', keywords: expect.arrayContaining(['SELECT']) });
  });

  it('offers tables after FROM and JOIN', () => {
    expect(at('SELECT a FROM ')).toMatchObject({ table: true, expression: false });
    // After a database name and a dot, the table within it.
    expect(at('SELECT a FROM "db".')).toMatchObject({ table: true });
    expect(at('SELECT * FROM t JOIN cp')).toMatchObject({ prefix: 'cp', table: true });
    expect(at('DESCRIBE ')).toMatchObject({ table: true });
  });

  it('offers expressions where a value goes', () => {
    expect(at('SELECT ')).toMatchObject({ expression: true, table: false });
    expect(at('SELECT a FROM t WHERE ho')).toMatchObject({ prefix: 'ho', expression: true });
    expect(at('SELECT a FROM t WHERE a = ')).toMatchObject({ expression: true });
    expect(at('SELECT a FROM t ORDER BY ')).toMatchObject({ expression: true });
  });

  it('offers the keyword that must come next', () => {
    expect(at('SELECT a FROM t GROUP ')).toMatchObject({ keywords: ['BY'] });
    expect(at('SHOW ')).toMatchObject({ keywords: ['DATABASES', 'TABLES', 'MEASURES'] });
    expect(at('SELECT a FROM t JOIN u ')).toMatchObject({ keywords: ['ON', 'USING'] });
  });

  it('offers nothing after an earlier mistake, and reads the cursor, not the end', () => {
    expect(at('SELECT a FROM FROM t WHERE ')).toMatchObject({ keywords: [], table: false, expression: false });
    const sql = 'SELECT  FROM t';
    expect(completionContext(sql, 7)).toMatchObject({ expression: true });
  });

  it('never throws, wherever the cursor is', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat(), (sql, cursor) => {
        const context = completionContext(`SELECT ${sql}`, cursor % (sql.length + 8));
        expect(Array.isArray(context.keywords)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
