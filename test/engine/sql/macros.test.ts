import { describe, expect, it } from 'vitest';
import { defaultIntervalMs, openDatabase, toColumnarResult } from '../../../src/engine/index.ts';
import { durationLiteral, expandMacros, hasMacros } from '../../../src/engine/sql/macros.ts';
import { TidemarkError } from '../../../src/errors/index.ts';
import { loadKernelFromFile } from '../../../src/kernel/node.ts';
import { rejection } from '../../helpers/rejection.ts';

const NOW = Date.UTC(2026, 0, 10, 12);
const kernel = await loadKernelFromFile();

function thrown(f: () => unknown): TidemarkError {
  try {
    f();
  } catch (error) {
    return error as TidemarkError;
  }
  throw new Error('expected a throw');
}

describe('expandMacros', () => {
  it('expands every macro', () => {
    const e = expandMacros('SELECT $__timeFrom, $__timeTo, $__interval, $__interval_ms WHERE $__timeFilter', {
      fromMs: 1000,
      toMs: 5000,
      intervalMs: 30_000,
    });
    expect(e.sql).toBe(
      'SELECT from_milliseconds(1000), from_milliseconds(5000), 30s, 30000 WHERE time BETWEEN from_milliseconds(1000) AND from_milliseconds(5000)',
    );
    expect(e.macros.map((m) => m.name)).toEqual(['timeFrom', 'timeTo', 'interval', 'interval_ms', 'timeFilter']);
  });

  it('leaves strings, quoted names and comments alone', () => {
    const sql = `SELECT '$__timeFrom', "$__interval" -- $__timeTo\n/* $__timeFilter */ FROM t WHERE 'it''s $__x' = ''`;
    expect(hasMacros(sql)).toBe(false);
    expect(expandMacros(sql, {}).sql).toBe(sql);
  });

  it('writes intervals as the shortest exact duration', () => {
    expect(durationLiteral(250)).toBe('250ms');
    expect(durationLiteral(1500)).toBe('1500ms');
    expect(durationLiteral(60_000)).toBe('1m');
    expect(durationLiteral(90_000)).toBe('90s');
    expect(durationLiteral(7_200_000)).toBe('2h');
    expect(durationLiteral(86_400_000 * 3)).toBe('3d');
  });

  it('maps offsets after and inside a replacement back to the template', () => {
    const e = expandMacros('SELECT $__timeFrom, x', { fromMs: 1, toMs: 2 });
    expect(e.sql).toBe('SELECT from_milliseconds(1), x');
    expect(e.templateOffset(e.sql.indexOf('x'))).toBe(20);
    expect(e.templateOffset(10)).toBe(7);
    expect(e.templateOffset(2)).toBe(2);
  });

  it('names the macro and its position when the range is missing', () => {
    const error = thrown(() => expandMacros('SELECT 1\nFROM t WHERE $__timeFilter', {}));
    expect(error).toBeInstanceOf(TidemarkError);
    expect(error.code).toBe('SQL_SEMANTIC');
    expect(error.message).toContain('$__timeFilter needs a time range');
    expect(error.position).toEqual({ line: 2, column: 14 });
  });

  it('names $__interval without an interval, and an unknown macro', () => {
    const a = thrown(() => expandMacros('SELECT bin(time, $__interval)', { fromMs: 0, toMs: 1 }));
    expect(a.message).toContain('$__interval needs an interval');
    expect(a.position).toEqual({ line: 1, column: 18 });
    const b = thrown(() => expandMacros('SELECT $__timeFiltr', { fromMs: 0, toMs: 1 }));
    expect(b.message).toContain('unknown macro $__timeFiltr');
    expect(b.position).toEqual({ line: 1, column: 8 });
  });

  it('picks a round default interval', () => {
    expect(defaultIntervalMs({ fromMs: 0, toMs: 3_600_000 })).toBe(5000);
    expect(defaultIntervalMs({ fromMs: 0, toMs: 3 * 86_400_000 }, 800)).toBe(600_000);
    expect(defaultIntervalMs({ fromMs: 0, toMs: 10 })).toBe(1);
  });
});

describe('Database.query with macros', () => {
  async function database() {
    const db = await openDatabase({ name: 'm', storage: 'memory', clock: () => NOW, kernel, retentionIntervalMs: 0 });
    await db.createDatabase('app');
    await db.createTable('app', 'cpu');
    const times = new Float64Array(60).map((_, i) => NOW - 60_000 + i * 1000);
    await db.writeColumns({
      database: 'app',
      table: 'cpu',
      dimensions: { host: 'a' },
      measureName: 'cpu',
      times,
      values: times.map((_, i) => i),
    });
    return db;
  }

  it('binds the range and interval', async () => {
    const db = await database();
    const sql = `SELECT bin(time, $__interval) AS t, count(*) AS n FROM app.cpu WHERE $__timeFilter GROUP BY 1 ORDER BY 1`;
    const result = toColumnarResult(await db.query(sql, { range: { fromMs: NOW - 30_000, toMs: NOW - 1 }, intervalMs: 10_000 }));
    expect(result.rowCount).toBe(3);
    expect([...((result.columns[1]?.data ?? []) as BigInt64Array)].map(Number)).toEqual([10, 10, 10]);
    await db.close();
  });

  it('reports a SQL error after a macro at its place in the template', async () => {
    const db = await database();
    const sql = 'SELECT time FROM app.cpu\nWHERE $__timeFilter AND nope = 1';
    const error = await rejection(db.query(sql, { range: { fromMs: 0, toMs: NOW } }));
    expect(error.code).toBe('SQL_SEMANTIC');
    expect(error.position).toEqual({ line: 2, column: 25 });
    expect(error.message).toContain('2 | WHERE $__timeFilter AND nope = 1');
    const syntax = await rejection(db.query('SELECT $__timeFrom FROM app.cpu WHERE = 1', { range: { fromMs: 0, toMs: NOW } }));
    expect(syntax.code).toBe('SQL_SYNTAX');
    expect(syntax.position).toEqual({ line: 1, column: 39 });
    await db.close();
  });

  it('fails with a typed error when a macro has no range', async () => {
    const db = await database();
    const error = await rejection(db.query('SELECT * FROM app.cpu WHERE $__timeFilter'));
    expect(error.code).toBe('SQL_SEMANTIC');
    expect(error.message).toContain('$__timeFilter');
    expect(error.position).toEqual({ line: 1, column: 29 });
    const bad = await rejection(db.query('SELECT * FROM app.cpu WHERE $__timeFilter', { range: { fromMs: 5, toMs: 1 } }));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    await db.close();
  });
});
