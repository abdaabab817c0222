import { expect, test } from '@playwright/test';

/**
 * A bulk load through db.writeColumnsBatch (buffers transferred to the worker and handed back with
 * returnBuffers, several batches in flight), then a reload: every acknowledged point is in the database,
 * once, with its value, and the buffers the worker handed back were reused without changing what was stored.
 */
test('a columnar batch load survives a reload whole, with its buffers reused', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  const written = await page.evaluate(async () => {
    const client = (
      globalThis as unknown as {
        tidemark: {
          call(
            method: string,
            params: unknown,
            options?: { transfer?: Transferable[] },
          ): Promise<{ buffers?: ArrayBuffer[]; RecordsIngested: { Total: number } }>;
        };
      }
    ).tidemark;
    await client.call('db.createDatabase', { name: 'bulk' });
    await client.call('db.createTable', { database: 'bulk', table: 'cpu' });
    const rows = 2000;
    const hostsPerBatch = 8;
    const base = Date.now() - 3_600_000;
    const pool: ArrayBuffer[] = [];
    let total = 0;
    let reused = 0;
    const take = (bytes: number): ArrayBuffer => {
      const i = pool.findIndex((b) => b.byteLength === bytes);
      if (i < 0) return new ArrayBuffer(bytes);
      reused++;
      return pool.splice(i, 1)[0] as ArrayBuffer;
    };
    const pending: Promise<void>[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const timesBuffer = take(rows * 8);
      const valuesBuffer = take(rows * hostsPerBatch * 8);
      const times = new Float64Array(timesBuffer);
      const values = new Float64Array(valuesBuffer);
      for (let i = 0; i < rows; i++) times[i] = base + i * 1000;
      for (let h = 0; h < hostsPerBatch; h++) for (let i = 0; i < rows; i++) values[h * rows + i] = batch * 1000 + h + i / 4;
      const series = Array.from({ length: hostsPerBatch }, (_, h) => ({
        dimensions: { host: `h${batch}_${h}` },
        measureName: 'cpu',
        columns: [{ name: 'usage', type: 'DOUBLE', values: values.subarray(h * rows, (h + 1) * rows) }],
      }));
      pending.push(
        client
          .call(
            'db.writeColumnsBatch',
            { database: 'bulk', table: 'cpu', times, series, returnBuffers: true },
            { transfer: [timesBuffer, valuesBuffer] },
          )
          .then((response) => {
            total += response.RecordsIngested.Total;
            // Dirty them: the next batches overwrite every byte they use.
            for (const b of response.buffers ?? []) {
              new Uint8Array(b).fill(0xff);
              pool.push(b);
            }
          }),
      );
      if (pending.length >= 3) await pending.shift();
    }
    await Promise.all(pending);
    return { total, reused };
  });
  expect(written.total).toBe(6 * 8 * 2000);
  expect(written.reused).toBeGreaterThan(0);

  await page.reload();
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  const rows = await page.evaluate(async () => {
    const client = (
      globalThis as unknown as {
        tidemark: { call(method: string, params: unknown): Promise<{ Rows: { Data: { ScalarValue: string }[] }[] }> };
      }
    ).tidemark;
    const result = await client.call('db.queryTimestream', {
      sql: 'SELECT host, count(*), count(DISTINCT time), sum(usage) FROM bulk.cpu GROUP BY host ORDER BY host',
    });
    return result.Rows.map((r) => r.Data.map((d) => d.ScalarValue));
  });
  expect(rows).toHaveLength(6 * 8);
  for (const [host, n, distinct, sum] of rows) {
    const [batch, h] = (host as string).slice(1).split('_').map(Number) as [number, number];
    // sum over i of batch * 1000 + h + i / 4, i < 2000.
    const expected = 2000 * (batch * 1000 + h) + (1999 * 2000) / 2 / 4;
    expect([n, distinct, Number(sum)], `host ${host}`).toEqual(['2000', '2000', expected]);
  }
});
