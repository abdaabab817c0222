import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, type Page, test } from '@playwright/test';
import { watchPageHealth } from './page-health.ts';

const NAB = (file: string) => fileURLToPath(new URL(`../../shared/data/nab/${file}`, import.meta.url));

/** Runs SQL through the page's client and returns the first cell of the first row as text. */
function scalar(page: Page, sql: string): Promise<string> {
  return page.evaluate(async (q) => {
    const client = (globalThis as unknown as { tidemark: { call(m: string, p: unknown): Promise<unknown> } }).tidemark;
    const result = (await client.call('db.queryTimestream', { sql: q })) as { Rows: { Data: { ScalarValue?: string }[] }[] };
    return result.Rows[0]?.Data[0]?.ScalarValue ?? '';
  }, sql);
}

/** Drops files on the page as a user would: a DataTransfer carried by dragenter, dragover and drop events. */
async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
    return dt;
  }, files);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
}

test.use({ timezoneId: 'Europe/Paris' });

test('a NAB CSV dropped on the page: preview, edited mapping, import with progress, rejected lines reported by line', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/explore');
  await ready(page);
  const good = readFileSync(NAB('realKnownCause/ambient_temperature_system_failure.csv'), 'utf8').trimEnd();
  const goodLines = good.split('\n').length;
  // Three bad lines at the end: a bad number, a bad time, a wrong column count.
  const text = `${good}\n2014-05-28 16:00:00,warm\nyesterday,70.5\n2014-05-28 18:00:00,70.1,extra\n`;
  await dropFiles(page, [{ name: 'ambient.csv', text }]);

  await expect(page).toHaveURL(/#\/import/);
  const item = page.getByTestId('import-item');
  await expect(item.getByTestId('raw-preview')).toContainText('69.88083514');
  await expect(item.getByTestId('time-column')).toHaveValue('timestamp');
  await expect(item.getByTestId('time-format')).toHaveValue('pattern');
  await expect(item.getByTestId('time-pattern')).toHaveValue('yyyy-MM-dd HH:mm:ss');
  await expect(item.getByTestId('parsed-preview')).toContainText('2013-07-04');

  // Edit: target, measure name and type, a bad zone (named), then a good one.
  await item.getByTestId('target-database').fill('nab');
  await item.getByTestId('target-table').fill('ambient');
  await item.getByTestId('single-measure').check();
  await item.getByTestId('measure-name').fill('temperature');
  await item.getByLabel('Name of column value').fill('temperature');
  await item.getByTestId('type-value').selectOption('DOUBLE');
  await item.getByTestId('time-zone').fill('Mars/Olympus');
  await expect(item.getByText(/Mars\/Olympus/).first()).toBeVisible();
  await expect(item.getByTestId('import-start')).toBeDisabled();
  // The times are naive: the editor offers this computer's zone (the test browser runs in Europe/Paris).
  await item.getByTestId('use-local-zone').click();
  await expect(item.getByTestId('time-zone')).toHaveValue('Europe/Paris');
  await expect(item.getByTestId('parsed-preview')).toContainText('2013-07-03T22:00:00');
  await item.getByTestId('time-zone').fill('UTC');
  await expect(item.getByTestId('import-start')).toBeEnabled();
  await item.getByTestId('import-start').click();

  await expect(item.getByTestId('import-result')).toBeVisible({ timeout: 30_000 });
  await expect(item.getByTestId('import-summary')).toContainText('3 lines were rejected');
  const rejected = item.getByTestId('rejections').locator('tbody tr');
  await expect(rejected).toHaveCount(3);
  expect(await rejected.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-line'))))).toEqual([
    goodLines + 1,
    goodLines + 2,
    goodLines + 3,
  ]);

  const download = page.waitForEvent('download');
  await item.getByTestId('download-report').click();
  const report = readFileSync((await (await download).path())!, 'utf8').split('\r\n');
  expect(report[0]).toBe('file,line,column,field,reason,raw');
  expect(report.filter((l) => l.startsWith('ambient.csv,')).map((l) => Number(l.split(',')[1]))).toEqual([
    goodLines + 1,
    goodLines + 2,
    goodLines + 3,
  ]);

  expect(await scalar(page, 'SELECT count(*) FROM "nab"."ambient"')).toBe(String(goodLines - 1));
  expect(
    await scalar(
      page,
      `SELECT measure_value::double FROM "nab"."ambient" WHERE time = timestamp '2013-07-04 01:00:00' AND measure_name = 'temperature'`,
    ),
  ).toBe('71.22022706');

  // Chart it: Explore opens on the table's whole span, one series.
  await item.getByTestId('chart-import').click();
  await expect(page).toHaveURL(/#\/explore\?q=/);
  const chart = page.getByTestId('time-chart');
  await expect(chart).toHaveAttribute('data-series-count', '1', { timeout: 30_000 });
  expect(Number(await chart.getAttribute('data-first-ms'))).toBe(Date.UTC(2013, 6, 4));
  await page.goto('/#/import');

  // The edits are remembered for files of this shape.
  await page.getByTestId('file-input').setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from(good.slice(0, 2000)) });
  const again = page.locator('[data-testid="import-item"][data-file="again.csv"]');
  await expect(again.getByTestId('remembered-shape')).toBeVisible();
  await expect(again.getByTestId('target-table')).toHaveValue('ambient');
  await expect(again.getByLabel('Name of column value')).toHaveValue('temperature');
  expect(health.problems).toEqual([]);
});

test('a drop on a file field is left to the field; a drop elsewhere on any view goes to Import', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/storage');
  await ready(page);
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['time,host,v\n2024-01-01T00:00:00Z,a,1\n'], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  });
  await page.dispatchEvent('[data-testid="restore-file"]', 'drop', { dataTransfer });
  await expect(page).toHaveURL(/#\/storage/);
  await page.dispatchEvent('[data-testid="view-storage"]', 'drop', { dataTransfer });
  await expect(page).toHaveURL(/#\/import/);
  await expect(page.locator('[data-file="dropped.csv"]')).toContainText('csv');
  expect(health.problems).toEqual([]);
});

test('several files at once from the picker, one gzip-compressed, and pasted text', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/import');
  await ready(page);
  const taxi = readFileSync(NAB('realKnownCause/nyc_taxi.csv'));
  const cpu = readFileSync(NAB('realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv'));
  await page.getByTestId('file-input').setInputFiles([
    { name: 'nyc_taxi.csv.gz', mimeType: 'application/gzip', buffer: gzipSync(taxi) },
    { name: 'ec2_cpu.csv', mimeType: 'text/csv', buffer: cpu },
  ]);
  const items = page.getByTestId('import-item');
  await expect(items).toHaveCount(2);
  const gz = page.locator('[data-file="nyc_taxi.csv.gz"]');
  await expect(gz).toContainText('csv (gzip)');
  await expect(gz.getByTestId('raw-preview')).toContainText('10844');
  const tables: string[] = [];
  for (const name of ['nyc_taxi.csv.gz', 'ec2_cpu.csv']) {
    const item = page.locator(`[data-file="${name}"]`);
    await item.getByTestId('target-database').fill('multi');
    await expect(item.getByTestId('import-start')).toBeEnabled();
    tables.push(await item.getByTestId('target-table').inputValue());
  }
  expect(tables).toEqual(['nyc_taxi', 'ec2_cpu']);
  await page.getByTestId('import-all').click();
  await expect(page.locator('[data-testid="import-result"]')).toHaveCount(2, { timeout: 30_000 });
  const taxiRows = taxi.toString('utf8').trimEnd().split('\n').length - 1;
  const cpuRows = cpu.toString('utf8').trimEnd().split('\n').length - 1;
  expect(await scalar(page, 'SELECT count(*) FROM "multi"."nyc_taxi"')).toBe(String(taxiRows));
  expect(await scalar(page, 'SELECT count(*) FROM "multi"."ec2_cpu"')).toBe(String(cpuRows));

  // Text pasted on the page itself (not in a field) becomes a file to import too.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '{"time":"2024-01-01T00:00:00Z","host":"a","v":1}\n{"time":"2024-01-01T00:00:01Z","host":"a","v":2}\n');
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  });
  const pastedJson = page.locator('[data-file^="pasted-"]');
  await expect(pastedJson).toContainText('ndjson');
  await pastedJson.getByRole('button', { name: /^Remove/ }).click();
  await expect(pastedJson).toHaveCount(0);

  // An existing table without magnetic-store writes: the editor warns that old rows will be refused.
  await page.evaluate(async () => {
    const client = (globalThis as unknown as { tidemark: { call(m: string, p: unknown): Promise<unknown> } }).tidemark;
    await client.call('db.createTable', { database: 'multi', table: 'recent_only' });
  });
  await page.getByTestId('paste-text').fill('time,host,cpu\n2024-01-01T00:00:00Z,web-1,12.5\n');
  await page.getByTestId('paste-import').click();
  const old = page.locator('[data-file^="pasted-"]');
  await old.getByTestId('target-database').fill('multi');
  await old.getByTestId('target-table').fill('recent_only');
  await expect(old.getByTestId('target-window')).toContainText('last 6 hours');
  await old.getByRole('button', { name: /^Remove/ }).click();

  await page.getByTestId('paste-text').fill('time,host,cpu\n2024-01-01T00:00:00Z,web-1,12.5\n2024-01-01T00:01:00Z,web-1,13.5\n');
  await page.getByTestId('paste-import').click();
  const pasted = page.locator('[data-file^="pasted-"]');
  await pasted.getByTestId('target-database').fill('multi');
  await pasted.getByTestId('target-table').fill('pasted');
  await pasted.getByTestId('role-host').selectOption('dimension');
  await pasted.getByTestId('import-start').click();
  await expect(pasted.getByTestId('import-summary')).toContainText('No line was rejected');
  expect(await scalar(page, 'SELECT sum(measure_value::double) FROM "multi"."pasted"')).toBe('26.0');
  expect(health.problems).toEqual([]);
});

test('Cancel stops a large import mid-file and reports exactly what was written', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/import');
  await ready(page);
  // About 60 MB generated in the page (a second apart, going back from now, so it lands in the memory tier).
  const dataTransfer = await page.evaluateHandle(() => {
    const parts: string[] = ['time,host,value\n'];
    const start = Date.now() - 3 * 3600_000;
    for (let chunk = 0; chunk < 40; chunk++) {
      const lines: string[] = [];
      for (let i = 0; i < 50_000; i++) {
        const n = chunk * 50_000 + i;
        lines.push(`${new Date(start + n * 5).toISOString()},h${n % 4},${(n % 1000) / 10}`);
      }
      parts.push(`${lines.join('\n')}\n`);
    }
    const dt = new DataTransfer();
    dt.items.add(new File(parts, 'large.csv', { type: 'text/csv' }));
    return dt;
  });
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  const item = page.getByTestId('import-item');
  await item.getByTestId('target-database').fill('big');
  await item.getByTestId('target-table').fill('large');
  await item.getByTestId('role-host').selectOption('dimension');
  await expect(item.getByTestId('import-start')).toBeEnabled();
  await item.getByTestId('import-start').click();
  await expect(item.getByTestId('import-progress')).toBeVisible();
  await expect(item.getByTestId('progress-rows')).not.toHaveText('0', { timeout: 30_000 });
  await expect(item.getByTestId('progress-rate')).not.toHaveText('0');
  await expect(item.getByTestId('progress-eta')).toHaveText(/\d+(\.\d)? (s|min)/);
  // Another view and back: the running import is still shown, with its progress.
  await page.getByRole('link', { name: 'Storage' }).click();
  await expect(page.getByTestId('view-storage')).toBeVisible();
  await page.getByRole('link', { name: 'Import' }).click();
  await expect(item.getByTestId('import-progress')).toBeVisible();
  await item.getByTestId('import-cancel').click();
  const summary = item.getByTestId('import-summary');
  await expect(summary).toContainText('Stopped.', { timeout: 30_000 });
  const written = Number((await summary.textContent())!.match(/Stopped\. ([\d,]+) rows/)![1]!.replaceAll(',', ''));
  expect(written).toBeGreaterThan(0);
  expect(written).toBeLessThan(2_000_000);
  expect(await scalar(page, 'SELECT count(*) FROM "big"."large"')).toBe(String(written));
  expect(health.problems).toEqual([]);
});

test('the detected format and CSV dialect can be overridden: header, delimiter, decimal comma', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/import');
  await ready(page);
  const text = '2024-01-01T00:00:00Z;web-1;1,5\n2024-01-01T00:01:00Z;web-1;2,25\n2024-01-01T00:02:00Z;web-2;3,75\n';
  await page.getByTestId('file-input').setInputFiles({ name: 'export.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  const item = page.getByTestId('import-item');
  await expect(item.getByTestId('file-format')).toHaveValue('csv');
  await expect(item.getByTestId('csv-delimiter')).toHaveValue(';');
  // Say the first row is a header: the preview's columns become its values.
  await item.getByTestId('csv-header').check();
  await expect(item.getByTestId('raw-preview').locator('thead')).toContainText('web-1');
  await item.getByTestId('csv-header').uncheck();
  await expect(item.getByTestId('raw-preview').locator('thead')).toContainText('column1');
  await expect(item.getByTestId('csv-decimal-comma')).toBeChecked();
  await item.getByTestId('role-column2').selectOption('dimension');
  await item.getByTestId('role-column3').selectOption('measure');
  await item.getByTestId('type-column3').selectOption('DOUBLE');
  await expect(item.getByTestId('parsed-preview')).toContainText('2.25');
  // Read as something else entirely, then back.
  await item.getByTestId('file-format').selectOption('ndjson');
  await expect(item.getByTestId('file-format')).toHaveValue('ndjson');
  await item.getByTestId('file-format').selectOption('csv');
  await expect(item.getByTestId('csv-delimiter')).toHaveValue(';');
  await item.getByTestId('role-column2').selectOption('dimension');
  await item.getByTestId('role-column3').selectOption('measure');
  await item.getByTestId('type-column3').selectOption('DOUBLE');
  await item.getByTestId('target-database').fill('dialects');
  await item.getByTestId('import-start').click();
  await expect(item.getByTestId('import-summary')).toContainText('No line was rejected');
  expect(await scalar(page, 'SELECT sum(measure_value::double) FROM "dialects"."export"')).toBe('7.5');
  expect(health.problems).toEqual([]);
});

test('a Timestream batch-load CSV mapped by its task JSON', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/import');
  await ready(page);
  const csv = 'ts|hostname|cpu|mem\n1700000000000|h1|1.5|7\n1700000060000|h2|-|8\n';
  await page.getByTestId('file-input').setInputFiles({ name: 'load.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const item = page.getByTestId('import-item');
  await item.getByTestId('file-format').selectOption('timestream-batch-load');
  await expect(item.getByTestId('batch-load-json')).toBeVisible();
  await item.getByTestId('batch-load-json').fill('{ "DataModelConfiguration": { oops } }');
  await item.getByTestId('batch-load-apply').click();
  await expect(item.getByTestId('import-error')).toContainText('not valid JSON');
  const task = {
    DataModelConfiguration: {
      DataModel: {
        TimeColumn: 'ts',
        TimeUnit: 'MILLISECONDS',
        DimensionMappings: [{ SourceColumn: 'hostname', DestinationColumn: 'host' }],
        MultiMeasureMappings: {
          TargetMultiMeasureName: 'metrics',
          MultiMeasureAttributeMappings: [
            { SourceColumn: 'cpu', MeasureValueType: 'DOUBLE' },
            { SourceColumn: 'mem', MeasureValueType: 'BIGINT' },
          ],
        },
      },
    },
    DataSourceConfiguration: { DataFormat: 'CSV', CsvConfiguration: { ColumnSeparator: '|', NullValue: '-' } },
  };
  await item.getByTestId('batch-load-json').fill(JSON.stringify(task, null, 2));
  await item.getByTestId('batch-load-apply').click();
  await expect(item.getByTestId('import-error')).toHaveCount(0);
  await expect(item.getByLabel('Name of column hostname')).toHaveValue('host');
  await expect(item.getByTestId('type-mem')).toHaveValue('BIGINT');
  await expect(item.getByTestId('time-format')).toHaveValue('epoch:ms');
  await item.getByTestId('target-database').fill('batchload');
  await item.getByTestId('import-start').click();
  await expect(item.getByTestId('import-summary')).toContainText('No line was rejected');
  expect(await scalar(page, 'SELECT sum(mem) FROM "batchload"."load"')).toBe('15');
  expect(await scalar(page, `SELECT count(cpu) FROM "batchload"."load" WHERE host = 'h1'`)).toBe('1');
  expect(health.problems).toEqual([]);
});

test('several NAB files dropped at once import side by side into one new database', async ({ page }) => {
  const health = watchPageHealth(page);
  await page.goto('/#/dashboards');
  await ready(page);
  const files = ['realAWSCloudwatch/ec2_network_in_257a54.csv', 'realTraffic/speed_6005.csv', 'realTweets/Twitter_volume_AAPL.csv'].map(
    (f) => ({
      name: f.split('/')[1]!,
      text: readFileSync(NAB(f), 'utf8'),
    }),
  );
  await dropFiles(page, files);
  await expect(page).toHaveURL(/#\/import/);
  await expect(page.getByTestId('import-item')).toHaveCount(3);
  for (const { name } of files) {
    const item = page.locator(`[data-file="${name}"]`);
    await item.getByTestId('target-database').fill('nabmany');
    await expect(item.getByTestId('import-start')).toBeEnabled();
  }
  await page.getByTestId('import-all').click();
  await expect(page.getByTestId('import-result')).toHaveCount(3, { timeout: 60_000 });
  for (const { name, text } of files) {
    const rows = text.trimEnd().split('\n').length - 1;
    expect(await scalar(page, `SELECT count(*) FROM "nabmany"."${name.replace(/\.csv$/, '')}"`)).toBe(String(rows));
  }
  expect(health.problems).toEqual([]);
});
