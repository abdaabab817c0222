import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { parquetReadObjects } from 'hyparquet';
import { watchPageHealth } from './page-health.ts';

function call<T>(page: Page, method: string, params: unknown): Promise<T> {
  return page.evaluate(
    async ([m, p]) => {
      const client = (globalThis as unknown as { tidemark: { call(method: string, params: unknown): Promise<unknown> } }).tidemark;
      return client.call(m as string, p) as Promise<unknown>;
    },
    [method, params] as const,
  ) as Promise<T>;
}

/** A query's rows as text (Timestream's response shape), to compare results before and after. */
async function rows(page: Page, sql: string): Promise<string[][]> {
  const result = await call<{ Rows: { Data: { ScalarValue?: string; NullValue?: boolean }[] }[] }>(page, 'db.queryTimestream', { sql });
  return result.Rows.map((r) => r.Data.map((d) => (d.NullValue ? 'NULL' : (d.ScalarValue ?? ''))));
}

/** Database `shop`: a MULTI table with every type and missing values, and a single-measure table, in both tiers. */
async function fill(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const client = (globalThis as unknown as { tidemark: { call(method: string, params: unknown): Promise<unknown> } }).tidemark;
    await client.call('db.createDatabase', { name: 'shop' });
    await client.call('db.createTable', { database: 'shop', table: 'orders', options: { enableMagneticStoreWrites: true } });
    await client.call('db.createTable', { database: 'shop', table: 'temps', options: { enableMagneticStoreWrites: true } });
    const now = Date.now();
    const records = [];
    for (let i = 0; i < 50; i++) {
      // Half a year back (magnetic tier), half in the last hour (memory tier).
      const t = i < 25 ? now - 200 * 86_400_000 + i * 60_000 : now - 3_600_000 + i * 60_000;
      records.push({
        Dimensions: [{ Name: 'store', Value: i % 2 ? 'north' : 'south' }],
        MeasureName: 'order',
        MeasureValueType: 'MULTI',
        Time: String(t * 1000 + 7),
        TimeUnit: 'MICROSECONDS',
        MeasureValues: [
          { Name: 'amount', Value: String(i * 1.25 + 0.1), Type: 'DOUBLE' },
          { Name: 'items', Value: String(9007199254740000 + i), Type: 'BIGINT' },
          { Name: 'paid', Value: i % 3 ? 'true' : 'false', Type: 'BOOLEAN' },
          ...(i % 4 ? [{ Name: 'note', Value: `order "${i}", fine`, Type: 'VARCHAR' }] : []),
          { Name: 'shipped', Value: String(t + 5), Type: 'TIMESTAMP' },
        ],
      });
    }
    await client.call('db.writeRecords', { DatabaseName: 'shop', TableName: 'orders', Records: records });
    await client.call('db.writeRecords', {
      DatabaseName: 'shop',
      TableName: 'temps',
      Records: Array.from({ length: 30 }, (_, i) => ({
        Dimensions: [{ Name: 'room', Value: `r${i % 3}` }],
        MeasureName: 'celsius',
        MeasureValue: String(20 + i / 7),
        MeasureValueType: 'DOUBLE',
        Time: String(now - 30 * 60_000 + i * 60_000),
      })),
    });
  });
}

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
}

test('storage view: tiers, retention validation, browser storage, CSV and Parquet export, delete by range, drop with confirmation', async ({
  page,
}) => {
  const health = watchPageHealth(page);
  await page.goto('/#/explore');
  await ready(page);
  await fill(page);
  await page.goto('/#/storage');
  const shop = page.locator('[data-testid="database-section"][data-database="shop"]');
  const orders = shop.locator('[data-testid="table-card"][data-table="orders"]');
  await expect(orders.getByTestId('memory-points')).toHaveText('25');
  await expect(orders.getByTestId('magnetic-points')).toHaveText('25');
  await expect(orders.getByTestId('memory-series')).toHaveText('2');
  await expect(orders.getByTestId('magnetic-oldest')).toContainText('UTC');
  // The kernel's copies of sealed chunks, against their budget.
  await expect(page.getByTestId('storage-resident')).toContainText(/Kernel chunk copies: [\d.]+ [KM]?B of 67\.1 MB/);
  await orders.getByTestId('table-schema').locator('summary').click();
  await expect(orders.getByTestId('table-schema')).toContainText(
    'amount (DOUBLE), items (BIGINT), note (VARCHAR), paid (BOOLEAN), shipped (TIMESTAMP)',
  );

  // Retention: out of Timestream's range is refused before the engine is asked; in range is saved.
  await orders.getByTestId('memory-hours').fill('9000');
  await expect(orders.getByTestId('memory-hours-problem')).toHaveText('Must be between 1 and 8,766 hours.');
  await expect(orders.getByTestId('retention-save')).toBeDisabled();
  await orders.getByTestId('magnetic-days').fill('73001');
  await expect(orders.getByTestId('magnetic-days-problem')).toHaveText('Must be between 1 and 73,000 days.');
  await orders.getByTestId('memory-hours').fill('48');
  await orders.getByTestId('magnetic-days').fill('3650');
  await orders.getByTestId('retention-save').click();
  await expect(orders.getByTestId('retention-message')).toHaveText('Saved.');
  const described = await call<{ options: unknown }>(page, 'db.describeTable', { database: 'shop', table: 'orders' });
  expect(described.options).toEqual({ memoryStoreRetentionHours: 48, magneticStoreRetentionDays: 3650, enableMagneticStoreWrites: true });

  // The browser's storage and the persistence request.
  await expect(page.getByTestId('storage-quota')).not.toHaveText('—');
  await page.getByTestId('persist-request').click();
  await expect(page.getByTestId('persist-answer')).toHaveText(/The browser (agreed|declined)/);

  // Export the table as CSV and as Parquet.
  let download = page.waitForEvent('download');
  await orders.getByTestId('export-csv').click();
  let file = await download;
  expect(file.suggestedFilename()).toBe('shop.orders.csv');
  const csv = readFileSync((await file.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv[0]).toBe('store,measure_name,time,amount,items,note,paid,shipped');
  expect(csv.length).toBe(51);
  download = page.waitForEvent('download');
  await orders.getByTestId('export-parquet').click();
  file = await download;
  const bytes = readFileSync((await file.path())!);
  const parquet = await parquetReadObjects({
    file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    parsers: { timestampFromNanoseconds: (ns: bigint) => ns },
  });
  expect(parquet.length).toBe(50);
  // Rows come series by series; the earliest one is compared with the query's.
  const earliest = [...parquet].sort((a, b) => ((a.time as bigint) < (b.time as bigint) ? -1 : 1))[0]!;
  const expected = await rows(page, 'SELECT time, items, note FROM "shop"."orders" ORDER BY time LIMIT 1');
  expect(typeof earliest.time).toBe('bigint');
  expect(String(earliest.items)).toBe(expected[0]![1]);
  expect(earliest.note).toBe(null);

  // A query result.
  await page.getByTestId('export-sql').fill(`SELECT store, count(*) AS n FROM "shop"."orders" GROUP BY store ORDER BY store`);
  download = page.waitForEvent('download');
  await page.getByTestId('query-export').getByTestId('export-csv').click();
  expect(readFileSync((await (await download).path())!, 'utf8')).toBe('store,n\r\nnorth,25\r\nsouth,25\r\n');

  // Delete by time range and dimension: the old south orders go.
  await orders.locator('summary', { hasText: 'Delete data' }).click();
  await orders.getByTestId('delete-to').fill(new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 19));
  await orders.getByTestId('delete-dimensions').fill('store=south');
  await orders.getByTestId('delete-submit').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('store=south');
  await page.getByTestId('confirm-ok').click();
  await expect(orders.getByTestId('delete-message')).toHaveText('Deleted 13 points.');
  expect(await rows(page, 'SELECT count(*) FROM "shop"."orders"')).toEqual([['37']]);

  // Drop a table: Cancel keeps it, confirming drops it.
  const temps = shop.locator('[data-testid="table-card"][data-table="temps"]');
  await temps.getByTestId('drop-table').click();
  await page.getByTestId('confirm-cancel').click();
  await expect(temps).toBeVisible();
  await temps.getByTestId('drop-table').click();
  await page.getByTestId('confirm-ok').click();
  await expect(temps).toHaveCount(0);
  expect(await call(page, 'db.listTables', { database: 'shop' })).toEqual(['orders']);
  expect(health.problems).toEqual([]);
});

test('back up a database to a file, drop it, restore it: identical query results', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/explore');
  await ready(page);
  await fill(page);
  const sql = {
    orders: 'SELECT * FROM "shop"."orders" ORDER BY time, store',
    temps: 'SELECT * FROM "shop"."temps" ORDER BY time, room',
  };
  const before = { orders: await rows(page, sql.orders), temps: await rows(page, sql.temps) };
  expect(before.orders.length).toBe(50);
  await page.goto('/#/storage');
  const shop = page.locator('[data-testid="database-section"][data-database="shop"]');
  const download = page.waitForEvent('download');
  await shop.getByTestId('backup-database').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^shop-\d{8}T\d{6}Z\.tidemark-backup\.ndjson\.gz$/);
  const path = (await file.path())!;
  await expect(page.getByTestId('storage-notice')).toContainText('80 points');

  await shop.getByTestId('drop-database').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('2 tables');
  await page.getByTestId('confirm-ok').click();
  await expect(shop).toHaveCount(0);
  expect(await call(page, 'db.listDatabases', {})).not.toContain('shop');

  await page
    .getByTestId('restore-file')
    .setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/gzip', buffer: readFileSync(path) });
  await page.getByTestId('restore-submit').click();
  await expect(page.getByTestId('restore-message')).toHaveText('Restored "shop": 2 tables, 80 points.');
  await expect(shop).toBeVisible();
  expect(await rows(page, sql.orders)).toEqual(before.orders);
  expect(await rows(page, sql.temps)).toEqual(before.temps);

  // Restored again under another name; the first name is taken.
  await page.getByTestId('restore-file').setInputFiles({ name: 'again.gz', mimeType: 'application/gzip', buffer: readFileSync(path) });
  await page.getByTestId('restore-submit').click();
  await expect(page.getByTestId('restore-message')).toContainText('already exists');
  await page.getByTestId('restore-as').fill('shop_copy');
  await page.getByTestId('restore-submit').click();
  await expect(page.getByTestId('restore-message')).toHaveText('Restored "shop_copy": 2 tables, 80 points.');
  expect(await rows(page, sql.orders.replace('"shop"', '"shop_copy"'))).toEqual(before.orders);
  expect(health.problems).toEqual([]);
});

test('export a table as CSV, import the file through the Import view, compare: identical rows', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/explore');
  await ready(page);
  await fill(page);
  await page.goto('/#/storage');
  const orders = page.locator('[data-testid="database-section"][data-database="shop"] [data-testid="table-card"][data-table="orders"]');
  const download = page.waitForEvent('download');
  await orders.getByTestId('export-csv').click();
  const csv = readFileSync((await (await download).path())!);

  await page.goto('/#/import');
  await page.getByTestId('file-input').setInputFiles({ name: 'shop.orders.csv', mimeType: 'text/csv', buffer: csv });
  const item = page.getByTestId('import-item');
  // The export's shape is recognised: measure_name names the records, the rest are MULTI attributes.
  await expect(item.getByTestId('role-measure_name')).toHaveValue('measure-name');
  await expect(item.getByTestId('role-store')).toHaveValue('dimension');
  // CSV carries no types: integers that fit a double are proposed as DOUBLE; the user makes items BIGINT again.
  await expect(item.getByTestId('type-items')).toHaveValue('DOUBLE');
  await item.getByTestId('type-items').selectOption('BIGINT');
  await expect(item.getByTestId('type-amount')).toHaveValue('DOUBLE');
  await expect(item.getByTestId('type-paid')).toHaveValue('BOOLEAN');
  await expect(item.getByTestId('type-shipped')).toHaveValue('TIMESTAMP');
  await expect(item.getByTestId('multi-measure')).toBeChecked();
  await item.getByTestId('target-database').fill('shop_again');
  await item.getByTestId('target-table').fill('orders');
  await item.getByTestId('import-start').click();
  await expect(item.getByTestId('import-summary')).toContainText('No line was rejected', { timeout: 30_000 });

  const sql = (db: string) =>
    `SELECT store, measure_name, time, amount, items, note, paid, shipped FROM "${db}"."orders" ORDER BY time, store`;
  const before = await rows(page, sql('shop'));
  expect(before.length).toBe(50);
  expect(await rows(page, sql('shop_again'))).toEqual(before);
  expect(health.problems).toEqual([]);
});

test('a restore cancelled midway keeps nothing', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/explore');
  await ready(page);
  // 400 series of 5,000 points: a backup whose restore takes a while.
  await page.evaluate(async () => {
    const client = (globalThis as unknown as { tidemark: { call(method: string, params: unknown): Promise<unknown> } }).tidemark;
    await client.call('db.createDatabase', { name: 'bulky' });
    await client.call('db.createTable', { database: 'bulky', table: 'points', options: { memoryStoreRetentionHours: 24 } });
    const now = Date.now();
    for (let s = 0; s < 400; s++) {
      const times = Float64Array.from({ length: 5000 }, (_, i) => now - 3_600_000 + i * 500);
      const values = Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i / 50) * s);
      await client.call('db.writeColumns', {
        database: 'bulky',
        table: 'points',
        dimensions: { sensor: `s${s}` },
        measureName: 'v',
        times,
        values,
      });
    }
  });
  await page.goto('/#/storage');
  const bulky = page.locator('[data-testid="database-section"][data-database="bulky"]');
  const download = page.waitForEvent('download');
  await bulky.getByTestId('backup-database').click();
  const path = (await (await download).path())!;
  await page.getByTestId('restore-file').setInputFiles({ name: 'bulky.gz', mimeType: 'application/gzip', buffer: readFileSync(path) });
  await page.getByTestId('restore-as').fill('bulky_copy');
  await page.getByTestId('restore-submit').click();
  // Points are being written (the check of the whole file comes first).
  const bar = page.locator('[data-testid="restore-panel"] progress');
  await expect(bar).toHaveAttribute('value', /^[1-9]/, { timeout: 30_000 });
  await expect(bar).toBeVisible();
  await page.getByTestId('restore-cancel').click();
  await expect(page.getByTestId('restore-message')).toContainText('cancelled');
  await expect
    .poll(async () => (await call<string[]>(page, 'db.listDatabases', {})).includes('bulky_copy'), { timeout: 10_000 })
    .toBe(false);
  expect(health.problems).toEqual([]);
});
