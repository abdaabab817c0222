import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/index.ts';
import { loadKernelFromFile } from '../../../src/kernel/node.ts';
import { rejection } from '../../helpers/rejection.ts';

const kernel = await loadKernelFromFile();
const NOW = Date.UTC(2026, 0, 10, 12);

describe('Database.tablesRead', () => {
  it('finds the tables of joins, CTEs and subqueries, once each', async () => {
    const db = await openDatabase({ name: 't', storage: 'memory', kernel, clock: () => NOW, retentionIntervalMs: 0 });
    await db.createDatabase('app');
    for (const table of ['cpu', 'mem', 'disk']) {
      await db.createTable('app', table);
      await db.writeColumns({
        database: 'app',
        table,
        dimensions: { host: 'a' },
        measureName: 'm',
        times: Float64Array.of(NOW - 1000),
        values: Float64Array.of(1),
      });
    }
    const names = (sql: string) =>
      db
        .tablesRead(sql)
        .map((t) => `${t.database}.${t.table}`)
        .sort();
    expect(names(`SELECT * FROM app.cpu WHERE $__timeFilter`)).toEqual(['app.cpu']);
    expect(names(`WITH x AS (SELECT host FROM app.mem) SELECT c.host FROM app.cpu c JOIN x ON c.host = x.host`)).toEqual([
      'app.cpu',
      'app.mem',
    ]);
    expect(names(`SELECT host FROM app.cpu WHERE host IN (SELECT host FROM app.disk) UNION SELECT host FROM app.cpu`)).toEqual([
      'app.cpu',
      'app.disk',
    ]);
    expect(names(`SELECT 1`)).toEqual([]);
    const error = await rejection(Promise.resolve().then(() => db.tablesRead(`SELECT nope FROM app.cpu WHERE $__timeFilter`)));
    expect(error.code).toBe('SQL_SEMANTIC');
    expect(error.position).toEqual({ line: 1, column: 8 });
    const notQuery = await rejection(Promise.resolve().then(() => db.tablesRead('SHOW TABLES FROM app')));
    expect(notQuery.code).toBe('INVALID_ARGUMENT');
    await db.close();
  });
});
