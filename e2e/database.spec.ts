import { expect, type Page, test } from '@playwright/test';
import { watchPageHealth } from './page-health.ts';

/** Calls the engine through the page's client (`window.tidemark`), as the UI does. */
function call<T>(page: Page, method: string, params: unknown): Promise<T> {
  return page.evaluate(
    async ([m, p]) => {
      const client = (globalThis as unknown as { tidemark: { call(method: string, params: unknown): Promise<unknown> } }).tidemark;
      return client.call(m as string, p) as Promise<unknown>;
    },
    [method, params] as const,
  ) as Promise<T>;
}

/** Like call, but returns the typed error's code, message and position instead of throwing. */
function failure(page: Page, method: string, params: unknown): Promise<{ code: string; message: string; position?: unknown }> {
  return page.evaluate(
    async ([m, p]) => {
      const client = (globalThis as unknown as { tidemark: { call(method: string, params: unknown): Promise<unknown> } }).tidemark;
      try {
        await client.call(m as string, p);
        return { code: 'NONE', message: 'the call succeeded' };
      } catch (e) {
        const error = e as { name: string; code: string; message: string; position?: unknown };
        return { code: `${error.name}:${error.code}`, message: error.message, position: error.position };
      }
    },
    [method, params] as const,
  );
}

interface TimestreamRows {
  Rows: { Data: { ScalarValue?: string }[] }[];
}

test('the worker stores Timestream records in IndexedDB and answers SQL over them, across a reload', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  expect(await call(page, 'db.info', {})).toEqual({ name: 'tidemark', storage: 'indexeddb' });

  await call(page, 'db.createDatabase', { name: 'e2e' });
  await call(page, 'db.createTable', { database: 'e2e', table: 'metrics' });
  const now = Date.now();
  const written = await call<{ RecordsIngested: { Total: number }; RejectedRecords: { RecordIndex: number }[] }>(page, 'db.writeRecords', {
    DatabaseName: 'e2e',
    TableName: 'metrics',
    Records: [
      {
        Dimensions: [{ Name: 'host', Value: 'a' }],
        MeasureName: 'cpu',
        MeasureValue: '1.5',
        MeasureValueType: 'DOUBLE',
        Time: String(now - 2000),
      },
      {
        Dimensions: [{ Name: 'host', Value: 'a' }],
        MeasureName: 'cpu',
        MeasureValue: '2.5',
        MeasureValueType: 'DOUBLE',
        Time: String(now - 1000),
      },
      {
        Dimensions: [{ Name: 'host', Value: 'b' }],
        MeasureName: 'cpu',
        MeasureValue: 'NaN',
        MeasureValueType: 'DOUBLE',
        Time: String(now),
      },
    ],
  });
  expect(written.RecordsIngested.Total).toBe(2);
  expect(written.RejectedRecords.map((r) => r.RecordIndex)).toEqual([2]);

  const sql = `SELECT host, count(*) AS n, sum(measure_value::double) AS total FROM "e2e"."metrics" GROUP BY host`;
  const before = await call<TimestreamRows>(page, 'db.queryTimestream', { sql });
  expect(before.Rows.map((r) => r.Data.map((d) => d.ScalarValue))).toEqual([['a', '2', '4.0']]);

  // Columnar results arrive as typed arrays.
  const columnar = await page.evaluate(async (q) => {
    const client = (
      globalThis as unknown as {
        tidemark: { call(method: string, params: unknown): Promise<{ columns: { name: string; data: unknown }[] }> };
      }
    ).tidemark;
    const result = await client.call('db.query', { sql: q });
    return result.columns.map((c) => [c.name, Object.prototype.toString.call(c.data)]);
  }, sql);
  expect(columnar).toEqual([
    ['host', '[object Array]'],
    ['n', '[object BigInt64Array]'],
    ['total', '[object Float64Array]'],
  ]);

  // Acknowledged writes survive a reload: they were in IndexedDB before the promise resolved.
  await page.reload();
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  const after = await call<TimestreamRows>(page, 'db.queryTimestream', { sql });
  expect(after.Rows.map((r) => r.Data.map((d) => d.ScalarValue))).toEqual([['a', '2', '4.0']]);
  expect(health.problems).toEqual([]);
});

test('SQL errors reach the page typed, with their position', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  const syntax = await failure(page, 'db.query', { sql: 'SELECT FROM WHERE' });
  expect(syntax.code).toBe('TidemarkError:SQL_SYNTAX');
  expect(syntax.position).toMatchObject({ line: 1 });
  const missing = await failure(page, 'db.query', { sql: 'SELECT * FROM nowhere.t' });
  expect(missing.code).toBe('TidemarkError:SQL_SEMANTIC');
  expect(missing.message).toContain("Database 'nowhere' does not exist");
});

test('a long query is stopped by its timeout inside the worker', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  const ten = '(VALUES 1,2,3,4,5,6,7,8,9,10)';
  const big = `(SELECT 1 FROM ${ten} a(x) CROSS JOIN ${ten} b(x) CROSS JOIN ${ten} c(x) CROSS JOIN ${ten} d(x) CROSS JOIN ${ten} e(x))`;
  const started = Date.now();
  const error = await failure(page, 'db.query', { sql: `SELECT count(*) FROM ${big} p CROSS JOIN ${big} q`, timeoutMs: 100 });
  expect(error.code).toBe('TidemarkError:TIMEOUT');
  expect(Date.now() - started).toBeLessThan(10_000);
  // The worker is free again at once.
  expect(await call(page, 'kernel.sumFloat64', { values: new Float64Array([1, 2]) })).toMatchObject({ sum: 3 });
});
