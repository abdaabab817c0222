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

/** Tells the first-start offer "not now", so these tests install and time the samples themselves. */
async function dismissOffer(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('tidemark.sampleData.dismissed', '1'));
}

const DEFAULT_QUERY = `SELECT bin(time, $__interval) AS t, hostname, avg(measure_value::double) AS cpu FROM "sampleDB"."DevOps" WHERE measure_name = 'cpu_utilization' AND $__timeFilter GROUP BY 1, 2 ORDER BY 1`;

test('the sample databases install in the worker and a query over them draws one series per host', async ({ page }) => {
  const health = watchPageHealth(page);
  await dismissOffer(page);
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  const timings: string[] = [];
  for (const name of ['devops', 'iot'] as const) {
    const started = Date.now();
    const result = await call<{ tables: string[]; alreadyInstalled: boolean; points: number }>(page, 'sample.install', { name });
    expect(result.alreadyInstalled).toBe(false);
    timings.push(`${name} ${Date.now() - started} ms (${result.points} values)`);
    expect(result.tables).toEqual(name === 'devops' ? ['DevOps', 'DevOpsMulti'] : ['IoT', 'IoTMulti']);
  }
  console.log(`sample install in the browser: ${timings.join(', ')}`);
  const samples = await call<{ name: string; installed: boolean }[]>(page, 'sample.list', {});
  expect(samples.every((s) => s.installed)).toBe(true);
  const now = Date.now();
  const result = await call<{ rowCount: number; columns: { name: string; data: unknown[] }[] }>(page, 'db.query', {
    sql: DEFAULT_QUERY,
    range: { fromMs: now - 86_400_000, toMs: now },
    pixels: 600,
  });
  expect(result.rowCount).toBeGreaterThan(12 * 100);
  const hosts = new Set(result.columns.find((c) => c.name === 'hostname')?.data);
  expect(hosts.size).toBe(12);
  // Installing again leaves the data alone.
  const again = await call<{ alreadyInstalled: boolean }>(page, 'sample.install', { name: 'devops' });
  expect(again.alreadyInstalled).toBe(true);
  expect(health.problems).toEqual([]);
});

test('the demo stream feeds a live subscription every second', async ({ page }) => {
  const health = watchPageHealth(page);
  await dismissOffer(page);
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  const started = await call<{ running: boolean; database: string }>(page, 'demo.start', {});
  expect(started).toMatchObject({ running: true, database: 'demo' });
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      tidemark: {
        subscribe(
          request: unknown,
          onUpdate: (u: { replaceFromMs: number | null; result: { rowCount: number } }) => void,
          onError: (e: { message: string }) => void,
        ): () => void;
      };
      liveUpdates: { replaceFromMs: number | null; rows: number }[];
      liveErrors: string[];
      stopLive: () => void;
    };
    g.liveUpdates = [];
    g.liveErrors = [];
    g.stopLive = g.tidemark.subscribe(
      {
        sql: `SELECT time, measure_value::double AS temperature, device_id FROM demo.sensors WHERE measure_name = 'temperature' AND $__timeFilter ORDER BY time`,
        range: { lastMs: 5 * 60_000 },
        pixels: 400,
      },
      (u) => g.liveUpdates.push({ replaceFromMs: u.replaceFromMs, rows: u.result.rowCount }),
      (e) => g.liveErrors.push(e.message),
    );
  });
  const updates = () =>
    page.evaluate(() => (globalThis as unknown as { liveUpdates: { replaceFromMs: number | null; rows: number }[] }).liveUpdates);
  await expect.poll(async () => (await updates()).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  const seen = await updates();
  expect(seen[0]?.replaceFromMs).toBeNull();
  expect(seen[0]?.rows).toBeGreaterThan(10 * 100); // 10 sensors, 5 minutes of backfill
  // Later updates carry only the tail the new points touched.
  for (const u of seen.slice(1)) {
    expect(u.replaceFromMs).not.toBeNull();
    expect(u.rows).toBeLessThan(seen[0]?.rows ?? 0);
  }
  expect(await page.evaluate(() => (globalThis as unknown as { liveErrors: string[] }).liveErrors)).toEqual([]);
  const status = await call<{ running: boolean; ticks: number }>(page, 'demo.status', {});
  expect(status.running).toBe(true);
  expect(status.ticks).toBeGreaterThanOrEqual(2);
  await page.evaluate(() => (globalThis as unknown as { stopLive: () => void }).stopLive());
  expect((await call<{ running: boolean }>(page, 'demo.stop', {})).running).toBe(false);
  expect(health.problems).toEqual([]);
});

test('the first start loads the sample data by itself, and the demo stream starts and stops from the UI', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  // A fresh profile has no database: the offer installs the samples without asking.
  await expect(page.getByTestId('sample-offer')).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  await expect(page.getByTestId('sample-offer')).toContainText('Sample data is ready');
  expect(await call<string[]>(page, 'db.listTables', { database: 'sampleDB' })).toEqual(['DevOps', 'DevOpsMulti', 'IoT', 'IoTMulti']);
  const toggle = page.getByTestId('demo-toggle');
  await expect(toggle).toHaveAttribute('data-running', 'false');
  await toggle.getByRole('button', { name: 'Start demo stream' }).click();
  await expect(toggle).toHaveAttribute('data-running', 'true', { timeout: 10_000 });
  await expect(toggle).toContainText('Live: writing sensors and hosts');
  expect((await call<{ running: boolean }>(page, 'demo.status', {})).running).toBe(true);
  await toggle.getByRole('button', { name: 'Stop demo stream' }).click();
  await expect(toggle).toHaveAttribute('data-running', 'false');
  expect((await call<{ running: boolean }>(page, 'demo.status', {})).running).toBe(false);
  // Reloaded, the offer stays away: sampleDB is there.
  await page.reload();
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  await expect(page.getByTestId('demo-toggle')).toBeVisible();
  await expect(page.getByTestId('sample-offer')).toHaveCount(0);
  expect(health.problems).toEqual([]);
});
