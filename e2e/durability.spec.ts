import { expect, test } from '@playwright/test';

/**
 * A reload in the middle of a stream of writes: every write whose promise resolved must be in the
 * database after the reload, whole and once; writes still in flight are either whole or absent.
 */
test('a reload mid-stream loses no acknowledged point and duplicates none', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  await page.evaluate(async () => {
    const client = (globalThis as unknown as { tidemark: { call(method: string, params: unknown): Promise<unknown> } }).tidemark;
    await client.call('db.createDatabase', { name: 'durable' });
    await client.call('db.createTable', { database: 'durable', table: 'stream' });
    localStorage.setItem('acked', '[]');
    // Not awaited: the stream keeps writing until the page goes away under it.
    void (async () => {
      const base = Date.now() - 60_000;
      for (let batch = 0; batch < 10_000; batch++) {
        const records = Array.from({ length: 100 }, (_, i) => ({
          Dimensions: [{ Name: 'batch', Value: String(batch) }],
          MeasureName: 'v',
          MeasureValue: String(i),
          MeasureValueType: 'DOUBLE',
          Time: String(base + i),
        }));
        await client.call('db.writeRecords', { DatabaseName: 'durable', TableName: 'stream', Records: records });
        const acked = JSON.parse(localStorage.getItem('acked') ?? '[]') as number[];
        acked.push(batch);
        localStorage.setItem('acked', JSON.stringify(acked));
      }
    })();
  });
  await expect
    .poll(async () => page.evaluate(() => (JSON.parse(localStorage.getItem('acked') ?? '[]') as number[]).length))
    .toBeGreaterThan(20);
  await page.reload();
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  const { acked, counts } = await page.evaluate(async () => {
    const client = (
      globalThis as unknown as {
        tidemark: { call(method: string, params: unknown): Promise<{ Rows: { Data: { ScalarValue: string }[] }[] }> };
      }
    ).tidemark;
    const result = await client.call('db.queryTimestream', {
      sql: 'SELECT batch, count(*), count(DISTINCT time) FROM durable.stream GROUP BY batch',
    });
    return {
      acked: JSON.parse(localStorage.getItem('acked') ?? '[]') as number[],
      counts: result.Rows.map((r) => r.Data.map((d) => d.ScalarValue)),
    };
  });
  const byBatch = new Map(counts.map(([batch, n, distinct]) => [Number(batch), { n: Number(n), distinct: Number(distinct) }]));
  expect(acked.length).toBeGreaterThan(20);
  for (const batch of acked) expect(byBatch.get(batch), `acknowledged batch ${batch}`).toEqual({ n: 100, distinct: 100 });
  for (const [batch, { n, distinct }] of byBatch) {
    expect(n, `batch ${batch} is whole or absent`).toBe(100);
    expect(distinct).toBe(100);
  }
});
