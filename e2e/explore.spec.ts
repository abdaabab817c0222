import { readFileSync } from 'node:fs';
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

const HOSTS = ['host-a', 'host-b', 'host-c'];
const POINTS = 60;

/** Three hosts, one CPU point every 30 s over the last half hour, written through window.tidemark. */
async function writeCpu(page: Page): Promise<void> {
  await call(page, 'db.createDatabase', { name: 'e2e' });
  await call(page, 'db.createTable', { database: 'e2e', table: 'cpu' });
  const now = Date.now();
  const records = [];
  for (let i = 0; i < POINTS; i++) {
    for (const [h, host] of HOSTS.entries()) {
      records.push({
        Dimensions: [{ Name: 'host', Value: host }],
        MeasureName: 'usage',
        MeasureValue: String(10 * (h + 1) + (i % 7)),
        MeasureValueType: 'DOUBLE',
        Time: String(now - (POINTS - i) * 30_000),
      });
    }
  }
  const written = await call<{ RecordsIngested: { Total: number } }>(page, 'db.writeRecords', {
    DatabaseName: 'e2e',
    TableName: 'cpu',
    Records: records,
  });
  expect(written.RecordsIngested.Total).toBe(POINTS * HOSTS.length);
}

/** A million points of one series (1 ms apart, ending now), written in one columnar call. */
async function writeMillion(page: Page): Promise<void> {
  await page.evaluate(async (count) => {
    const client = (globalThis as unknown as { tidemark: { call(method: string, params: unknown, options?: unknown): Promise<unknown> } })
      .tidemark;
    await client.call('db.createDatabase', { name: 'big' });
    await client.call('db.createTable', { database: 'big', table: 'points' });
    const start = Date.now() - count;
    const times = new Float64Array(count);
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      times[i] = start + i;
      values[i] = i;
    }
    await client.call(
      'db.writeColumns',
      { database: 'big', table: 'points', dimensions: { sensor: 's1' }, measureName: 'v', type: 'DOUBLE', times, values },
      { transfer: [times.buffer, values.buffer] },
    );
  }, 1_000_000);
}

/** Replaces the editor's text (insertText: no auto-closed brackets) and runs it with Ctrl+Enter. */
async function runInEditor(page: Page, sql: string): Promise<void> {
  const editor = page.getByTestId('sql-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('ControlOrMeta+Enter');
}

const CPU_QUERY =
  'SELECT bin(time, $__interval) AS t, host, avg(measure_value::double) AS cpu\nFROM "e2e"."cpu"\n' +
  "WHERE measure_name = 'usage' AND $__timeFilter\nGROUP BY 1, 2\nORDER BY 1";

async function openExploreWithData(page: Page): Promise<void> {
  // The first-start sample install is tested on its own; racing it here re-ran queries under a drag.
  await page.addInitScript(() => localStorage.setItem('tidemark.sampleData.dismissed', '1'));
  await page.goto('/#/explore');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  await writeCpu(page);
  await expect(page.getByTestId('sql-editor')).toBeVisible();
  await runInEditor(page, CPU_QUERY);
  await expect(page.getByTestId('time-chart')).toHaveAttribute('data-series-count', '3', { timeout: 15_000 });
}

function hashRange(page: Page): { from: string | null; to: string | null } {
  const hash = new URL(page.url()).hash;
  const params = new URLSearchParams(hash.slice(hash.indexOf('?') + 1));
  return { from: params.get('from'), to: params.get('to') };
}

test.describe('Explore', () => {
  test('opens with the default query over the sample data, installed on first start, and draws it', async ({ page }) => {
    const health = watchPageHealth(page);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Explore');
    await expect(page.getByTestId('sql-editor')).toContainText('"sampleDB"."DevOps"');
    await expect(page.getByTestId('sql-editor')).toContainText('$__timeFilter');
    // The first start installs the sample databases, then the default query draws one series per host.
    const chart = page.getByTestId('time-chart');
    await expect(chart).toBeVisible({ timeout: 45_000 });
    const hosts = await call<{ columns: { name: string; data: unknown[] }[] }>(page, 'db.query', {
      sql: 'SELECT count(DISTINCT hostname) AS n FROM "sampleDB"."DevOps"',
    });
    const hostCount = Number(hosts.columns[0]!.data[0]);
    expect(hostCount).toBeGreaterThan(1);
    await expect(chart).toHaveAttribute('data-series-count', String(hostCount));
    expect(health.problems).toEqual([]);
  });

  test('a query draws a chart with one series per host, and a screenshot is kept with the report', async ({ page }, testInfo) => {
    const health = watchPageHealth(page);
    await openExploreWithData(page);
    const chart = page.getByTestId('time-chart');
    // uPlot's legend: the time entry plus one per series, named by host.
    const legend = chart.locator('.u-legend .u-series');
    await expect(legend).toHaveCount(4);
    for (const host of HOSTS) await expect(chart.locator('.u-legend')).toContainText(host);
    expect(Number(await chart.getAttribute('data-point-count'))).toBeGreaterThan(10);
    // The legend toggles a series from the keyboard.
    const first = legend.nth(1);
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(first).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('Enter');
    await expect(first).toHaveAttribute('aria-pressed', 'true');
    // The accessible alternative holds the same series.
    await chart.getByText('Data table (3 series)').click();
    await expect(chart.locator('.chart-data-table thead th')).toHaveText(['Time', ...HOSTS]);
    // Units reach the tooltip; hovering shows every host's value at that time.
    await page.getByTestId('chart-unit').fill('%');
    const over = chart.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2);
    const tooltip = chart.locator('.tm-chart-tooltip');
    await expect(tooltip).toBeVisible();
    for (const host of HOSTS) await expect(tooltip).toContainText(host);
    await expect(tooltip).toContainText('%');
    // Without a mouse: the plot takes focus and the arrow keys walk the points, read out politely.
    await page.mouse.move(0, 0);
    await over.focus();
    await page.keyboard.press('End');
    await expect(tooltip).toBeVisible();
    const spoken = chart.locator('.tm-chart-sr-only');
    await expect(spoken).toHaveAttribute('aria-live', 'polite');
    for (const host of HOSTS) await expect(spoken).toContainText(host);
    const last = await spoken.textContent();
    await page.keyboard.press('ArrowLeft');
    await expect(spoken).not.toHaveText(last!);
    await page.keyboard.press('Escape');
    await expect(tooltip).toBeHidden();
    // Other styles draw the same series.
    for (const style of ['bars', 'points', 'area', 'line']) {
      await page.getByTestId('chart-style').selectOption(style);
      await expect(chart.locator('.u-legend .u-series')).toHaveCount(4);
    }
    // The run is in the history.
    await expect(page.getByTestId('history-list')).toContainText('avg(measure_value::double) AS cpu');
    // Kept with the report: attached, and as a file in the test's output directory.
    await page.locator('main').evaluate((el) => {
      el.scrollTop = 0;
    });
    const shot = await page.screenshot({ fullPage: true, path: testInfo.outputPath('explore.png') });
    await testInfo.attach('explore', { body: shot, contentType: 'image/png' });
    // And in the dark theme (the system's choice, followed by default).
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const dark = await page.screenshot({ path: testInfo.outputPath('explore-dark.png') });
    await testInfo.attach('explore-dark', { body: dark, contentType: 'image/png' });
    expect(health.problems).toEqual([]);
  });

  test('a syntax error shows at its line and column, in the editor and under it', async ({ page }) => {
    const health = watchPageHealth(page);
    await page.goto('/#/explore');
    await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
    await expect(page.getByTestId('sql-editor')).toBeVisible();
    await runInEditor(page, 'SELECT host\nFROM "e2e"."cpu"\nWHERE host = = 1');
    const error = page.getByTestId('query-error');
    await expect(error).toHaveAttribute('data-code', 'SQL_SYNTAX');
    await expect(error).toHaveAttribute('data-line', '3');
    await expect(error).toHaveAttribute('data-column', '14');
    await expect(error).toContainText('line 3, column 14');
    // The editor underlines the token at that place: the second '=' on the third line.
    const mark = page.locator('.cm-lintRange-error');
    await expect(mark).toHaveText('=');
    await expect
      .poll(() =>
        page.evaluate(() => {
          const mark = document.querySelector('.cm-lintRange-error');
          const line = mark?.closest('.cm-line');
          if (!mark || !line?.parentElement) return null;
          // The text from the start of the line to the mark: its length is the mark's column - 1.
          const before = document.createRange();
          before.setStart(line, 0);
          before.setEndBefore(mark);
          return { line: [...line.parentElement.children].indexOf(line) + 1, column: before.toString().length + 1 };
        }),
      )
      .toEqual({ line: 3, column: 14 });
    expect(health.problems).toEqual([]);
  });

  test('dragging across the chart zooms in and re-queries; double-click zooms out', async ({ page }) => {
    const health = watchPageHealth(page);
    await openExploreWithData(page);
    expect(hashRange(page)).toEqual({ from: 'now-1h', to: 'now' });
    const over = page.locator('.u-over');
    const box = (await over.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.6, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.9, y, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('time-range-button')).toContainText(' to ');
    await expect.poll(() => hashRange(page).from).toMatch(/^\d+$/);
    const zoomed = hashRange(page);
    const span = Number(zoomed.to) - Number(zoomed.from);
    // 30 % of an hour, give or take the plot's padding.
    expect(span).toBeGreaterThan(0.2 * 3_600_000);
    expect(span).toBeLessThan(0.4 * 3_600_000);
    // The narrower range was queried: the chart now holds only that window's points.
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
    // The engine's time by phase, in the status line's tooltip.
    await expect(page.getByTestId('run-time')).toHaveAttribute('title', /^parse [\d.]+ ms · plan [\d.]+ ms · run [\d.]+ ms$/);
    const chart = page.getByTestId('time-chart');
    await expect(chart).toHaveAttribute('data-series-count', '3');
    await expect.poll(async () => Number(await chart.getAttribute('data-first-ms'))).toBeGreaterThanOrEqual(Number(zoomed.from) - 60_000);
    expect(Number(await chart.getAttribute('data-last-ms'))).toBeLessThanOrEqual(Number(zoomed.to));
    await over.dblclick({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(() => Number(hashRange(page).to) - Number(hashRange(page).from)).toBeGreaterThan(span * 1.9);
    expect(health.problems).toEqual([]);
  });

  test('the table view sorts by a column and exports CSV', async ({ page }) => {
    const health = watchPageHealth(page);
    await openExploreWithData(page);
    await page.getByText('Table', { exact: true }).click();
    const table = page.getByTestId('result-table');
    await expect(table).toBeVisible();
    const rowCount = Number((await page.getByTestId('result-row-count').textContent())!.replace(/\D/g, ''));
    expect(rowCount).toBeGreaterThanOrEqual(POINTS * HOSTS.length - HOSTS.length);
    // Sort by cpu descending: host-c's values (30..36) come first.
    await page.getByTestId('sort-cpu').click();
    await page.getByTestId('sort-cpu').click();
    await expect(table.locator('th[aria-sort="descending"]')).toContainText('cpu');
    const firstRow = table.locator('tbody tr').first();
    await expect(firstRow.locator('td').nth(1)).toHaveText('host-c');
    await expect(firstRow.locator('td').nth(2)).toHaveText('36');
    // Export the sorted result.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe('t,host,cpu');
    expect(csv).toHaveLength(rowCount + 1);
    expect(csv[1]).toMatch(/,host-c,36$/);
    // Only the rows in view are in the DOM.
    expect(await table.locator('tbody tr').count()).toBeLessThan(40);
    // A refresh with new rows keeps the sort: the new largest value comes first.
    await call(page, 'db.writeRecords', {
      DatabaseName: 'e2e',
      TableName: 'cpu',
      Records: [
        {
          Dimensions: [{ Name: 'host', Value: 'host-a' }],
          MeasureName: 'usage',
          MeasureValue: '99',
          MeasureValueType: 'DOUBLE',
          Time: String(Date.now()),
        },
      ],
    });
    await page.getByTestId('refresh-picker').selectOption('1s');
    await expect(firstRow.locator('td').nth(2)).toHaveText('99', { timeout: 10_000 });
    await expect(table.locator('th[aria-sort="descending"]')).toContainText('cpu');
    expect(health.problems).toEqual([]);
  });

  test('live: a written point reaches the chart without a re-query and without rebuilding it', async ({ page }) => {
    const health = watchPageHealth(page);
    await openExploreWithData(page);
    const chart = page.getByTestId('time-chart');
    await page.getByTestId('live-toggle').click();
    await expect(page.getByTestId('live-status')).toContainText('1 update received');
    // Mark the canvas: a rebuilt chart would have a new one.
    await page.evaluate(() => {
      (document.querySelector('[data-testid="time-chart"] canvas') as HTMLCanvasElement & { marked?: boolean }).marked = true;
    });
    const before = Number(await chart.getAttribute('data-last-ms'));
    await call(page, 'db.writeRecords', {
      DatabaseName: 'e2e',
      TableName: 'cpu',
      Records: HOSTS.map((host) => ({
        Dimensions: [{ Name: 'host', Value: host }],
        MeasureName: 'usage',
        MeasureValue: '99',
        MeasureValueType: 'DOUBLE',
        Time: String(Date.now()),
      })),
    });
    await expect(page.getByTestId('live-status')).toContainText(/[2-9] updates received/);
    await expect.poll(async () => Number(await chart.getAttribute('data-last-ms'))).toBeGreaterThan(before);
    await expect(chart).toHaveAttribute('data-series-count', '3');
    const sameCanvas = await page.evaluate(
      () => (document.querySelector('[data-testid="time-chart"] canvas') as HTMLCanvasElement & { marked?: boolean }).marked === true,
    );
    expect(sameCanvas).toBe(true);
    expect(health.problems).toEqual([]);
  });

  test('auto-refresh re-runs the query on its own', async ({ page }) => {
    const health = watchPageHealth(page);
    await openExploreWithData(page);
    const chart = page.getByTestId('time-chart');
    const before = Number(await chart.getAttribute('data-last-ms'));
    await page.getByTestId('refresh-picker').selectOption('1s');
    await call(page, 'db.writeRecords', {
      DatabaseName: 'e2e',
      TableName: 'cpu',
      Records: [
        {
          Dimensions: [{ Name: 'host', Value: 'host-a' }],
          MeasureName: 'usage',
          MeasureValue: '1',
          MeasureValueType: 'DOUBLE',
          Time: String(Date.now()),
        },
      ],
    });
    await expect.poll(async () => Number(await chart.getAttribute('data-last-ms')), { timeout: 10_000 }).toBeGreaterThan(before);
    expect(new URL(page.url()).hash).toContain('refresh=1s');
    expect(health.problems).toEqual([]);
  });

  test('a long query shows progress and stops on Cancel', async ({ page }) => {
    const health = watchPageHealth(page);
    await page.goto('/#/explore');
    await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
    await expect(page.getByTestId('sql-editor')).toBeVisible();
    await writeMillion(page);
    // Eight regular expressions over a million rows: seconds of work, checked for cancellation between batches.
    const slow = Array.from({ length: 8 }, (_, i) => `regexp_like(CAST(measure_value::double AS varchar), '^(1|2|3)*[4-9]+${i}x$')`).join(
      ' OR ',
    );
    await runInEditor(page, `SELECT count(*) AS n FROM "big"."points" WHERE ${slow}`);
    await expect(page.getByTestId('run-progress')).toBeVisible();
    await page.getByTestId('cancel-query').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled', { timeout: 15_000 });
    // The worker is free again: the next query answers.
    await runInEditor(page, 'SELECT 42 AS answer');
    await expect(page.getByTestId('result-table')).toContainText('42', { timeout: 15_000 });
    expect(health.problems).toEqual([]);
  });

  test('a million-row result scrolls in the table with only the visible rows rendered', async ({ page }) => {
    const health = watchPageHealth(page);
    await page.goto('/#/explore');
    await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
    await writeMillion(page);
    await page.getByText('Table', { exact: true }).click();
    await runInEditor(page, 'SELECT time, measure_value::double AS v FROM "big"."points" WHERE $__timeFilter');
    await expect(page.getByTestId('result-row-count')).toHaveText('1,000,000 rows', { timeout: 30_000 });
    const table = page.getByTestId('result-table');
    const viewport = table.locator('.result-table-viewport');
    // Scroll through it in steps and time the frames (printed, not asserted: a test is no benchmark).
    const frames = await viewport.evaluate(async (el) => {
      const out: number[] = [];
      for (let i = 1; i <= 30; i++) {
        const t0 = performance.now();
        el.scrollTop = (el.scrollHeight * i) / 30;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        out.push(performance.now() - t0);
      }
      return out;
    });
    console.log(
      `1M-row table: 30 scroll steps, frame pairs p50 ${frames.sort((a, b) => a - b)[15]!.toFixed(1)} ms, max ${frames.at(-1)!.toFixed(1)} ms`,
    );
    await expect(table.locator('tbody th').last()).toHaveText('1,000,000');
    expect(await table.locator('tbody tr').count()).toBeLessThan(40);
    // Sorting a million rows (radix, on the UI thread): descending puts the largest value first.
    await page.getByTestId('sort-v').click();
    const sortStarted = Date.now();
    await page.getByTestId('sort-v').click();
    await expect(table.locator('th[aria-sort="descending"]')).toContainText('v');
    console.log(`1M-row table: sort descending shown after ${Date.now() - sortStarted} ms`);
    await table.locator('.result-table-viewport').evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect(table.locator('tbody tr').first().locator('td').nth(1)).toHaveText('999999');
    // Keyboard: Ctrl+Home goes back to the first row.
    await table.locator('table').focus();
    await page.keyboard.press('Control+Home');
    await expect(table.locator('tbody th').first()).toHaveText('1');
    expect(health.problems).toEqual([]);
  });

  test('completion offers the live catalog: databases, tables, measure names, columns and functions with signatures', async ({ page }) => {
    const health = watchPageHealth(page);
    await openExploreWithData(page);
    const editor = page.getByTestId('sql-editor');
    const options = page.locator('.cm-tooltip-autocomplete li');
    const replaceAndComplete = async (text: string) => {
      await editor.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(text);
      await page.keyboard.press('Control+Space');
    };
    await replaceAndComplete('SELECT * FROM ');
    await expect(options.filter({ hasText: '"e2e"' })).toHaveCount(1);
    await page.keyboard.press('Escape');
    await replaceAndComplete('SELECT * FROM "e2e".');
    await expect(options.filter({ hasText: '"cpu"' })).toHaveCount(1);
    await page.keyboard.press('Escape');
    await replaceAndComplete(`SELECT * FROM "e2e"."cpu" WHERE measure_name = '`);
    await expect(options.filter({ hasText: 'usage' })).toHaveCount(1);
    await page.keyboard.press('Escape');
    // Columns and functions where an expression goes: type into the select list.
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('SELECT  FROM "e2e"."cpu"');
    await page.keyboard.press('ControlOrMeta+Home');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.type('ho');
    await expect(options.filter({ hasText: /^host/ })).toHaveCount(1);
    await page.keyboard.press('Escape');
    await page.keyboard.type(', appro');
    const fn = options.filter({ hasText: 'approx_percentile' }).first();
    await expect(fn).toBeVisible();
    await fn.click();
    await expect(editor).toContainText('approx_percentile(');
    // The function's signatures are shown while its option is selected.
    await page.keyboard.type(') AS p, avg');
    await page.keyboard.press('Control+Space');
    await expect(page.locator('.cm-completionInfo')).toContainText('avg(');
    expect(health.problems).toEqual([]);
  });

  test('saved queries survive a reload and load back into the editor', async ({ page }) => {
    const health = watchPageHealth(page);
    await openExploreWithData(page);
    await page.getByTestId('save-name').fill('CPU by host');
    await page.getByTestId('save-query').click();
    await expect(page.getByTestId('saved-list')).toContainText('CPU by host');
    await page.reload();
    await expect(page.getByTestId('sql-editor')).toBeVisible({ timeout: 15_000 });
    await runInEditor(page, 'SELECT 1 AS one');
    await page.getByTestId('tab-saved').click();
    await page
      .getByTestId('saved-list')
      .getByRole('button', { name: /^CPU by host/ })
      .click();
    await expect(page.getByTestId('sql-editor')).toContainText('avg(measure_value::double) AS cpu');
    // History lists both runs, newest first.
    await page.getByTestId('tab-history').click();
    await expect(page.getByTestId('history-list').locator('li').first()).toContainText('SELECT 1 AS one');
    expect(health.problems).toEqual([]);
  });

  test('the time range picker sets relative and absolute ranges, and the URL follows', async ({ page }) => {
    const health = watchPageHealth(page);
    await openExploreWithData(page);
    await page.getByTestId('time-range-button').click();
    await page.getByTestId('time-range-15m').click();
    await expect(page.getByTestId('time-range-button')).toHaveText('Last 15 minutes');
    await expect.poll(() => hashRange(page)).toEqual({ from: 'now-15m', to: 'now' });
    // An absolute range typed into the fields (keyboard only).
    await page.getByTestId('time-range-button').click();
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = (d: Date) =>
      `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    const to = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const from = new Date(to.getTime() - 10 * 60_000);
    await page.getByTestId('time-range-from').fill(local(from));
    await page.getByTestId('time-range-to').fill(local(to));
    await page.getByTestId('time-range-apply').press('Enter');
    await expect.poll(() => hashRange(page)).toEqual({ from: String(from.getTime()), to: String(to.getTime()) });
    await expect(page.getByTestId('time-chart')).toHaveAttribute('data-series-count', '3');
    // A reversed range is refused with a message.
    await page.getByTestId('time-range-button').click();
    await page.getByTestId('time-range-from').fill(local(to));
    await page.getByTestId('time-range-to').fill(local(from));
    await page.getByTestId('time-range-apply').click();
    await expect(page.getByRole('alert').filter({ hasText: 'From must be before To.' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('time-range-from')).toHaveCount(0);
    expect(health.problems).toEqual([]);
  });

  test('a second value column can go on a right-hand y axis with its own unit', async ({ page }) => {
    const health = watchPageHealth(page);
    await openExploreWithData(page);
    await runInEditor(
      page,
      'SELECT bin(time, $__interval) AS t, avg(measure_value::double) AS cpu, count(*) AS samples\nFROM "e2e"."cpu"\n' +
        "WHERE measure_name = 'usage' AND $__timeFilter\nGROUP BY 1\nORDER BY 1",
    );
    const chart = page.getByTestId('time-chart');
    await expect(chart).toHaveAttribute('data-series-count', '2');
    await expect(chart.locator('.u-axis')).toHaveCount(2);
    await page.getByTestId('right-axis-column').selectOption('samples');
    await page.getByTestId('chart-right-unit').fill('ops');
    await expect(chart.locator('.u-axis')).toHaveCount(3);
    await expect(chart).toHaveAttribute('data-series-count', '2');
    expect(health.problems).toEqual([]);
  });

  test('table cells, rows and selections copy to the clipboard as tab-separated text', async ({ page, context }) => {
    const health = watchPageHealth(page);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openExploreWithData(page);
    await page.getByText('Table', { exact: true }).click();
    const table = page.getByTestId('result-table');
    await page.getByTestId('sort-cpu').click(); // ascending: host-a's 10 first
    const rows = table.locator('tbody tr');
    await rows.nth(0).locator('td').nth(1).click();
    await page.keyboard.press('ControlOrMeta+C');
    await expect(table.getByRole('status')).toHaveText('Copied the cell.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('host-a');
    // Shift+click extends the selection to a rectangle: two rows, host and cpu.
    await rows
      .nth(1)
      .locator('td')
      .nth(2)
      .click({ modifiers: ['Shift'] });
    await page.keyboard.press('ControlOrMeta+C');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('host-a\t10\nhost-a\t10');
    // Keyboard: Shift+Down extends once more; the toolbar copies the focused row.
    await page.keyboard.press('Shift+ArrowDown');
    await page.getByRole('button', { name: 'Copy selection' }).click();
    expect((await page.evaluate(() => navigator.clipboard.readText())).split('\n')).toHaveLength(3);
    await page.getByRole('button', { name: 'Copy row' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^\d{4}-\d{2}-\d{2} [\d:.]+\thost-a\t10$/);
    expect(health.problems).toEqual([]);
  });

  test('a hole in the data is drawn as a gap, never bridged', async ({ page }) => {
    const health = watchPageHealth(page);
    await page.goto('/#/explore');
    await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
    await call(page, 'db.createDatabase', { name: 'e2e' });
    await call(page, 'db.createTable', { database: 'e2e', table: 'gap' });
    const now = Math.floor(Date.now() / 1000) * 1000;
    const from = now - 30 * 60_000;
    // A point every 10 s for the first and the last ten minutes; nothing in between.
    const records = [];
    for (let t = from; t <= now; t += 10_000) {
      if (t > from + 10 * 60_000 && t < now - 10 * 60_000) continue;
      records.push({
        Dimensions: [{ Name: 'host', Value: 'a' }],
        MeasureName: 'v',
        MeasureValue: String(50 + ((t / 10_000) % 5)),
        MeasureValueType: 'DOUBLE',
        Time: String(t),
      });
    }
    await call(page, 'db.writeRecords', { DatabaseName: 'e2e', TableName: 'gap', Records: records });
    await page.getByTestId('time-range-button').click();
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = (d: Date) =>
      `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    await page.getByTestId('time-range-from').fill(local(new Date(from)));
    await page.getByTestId('time-range-to').fill(local(new Date(now)));
    await page.getByTestId('time-range-apply').click();
    await runInEditor(page, 'SELECT time, measure_value::double AS v FROM "e2e"."gap" WHERE $__timeFilter ORDER BY time');
    const chart = page.getByTestId('time-chart');
    await expect(chart).toHaveAttribute('data-series-count', '1');
    await expect.poll(() => hashRange(page)).toEqual({ from: String(from), to: String(now) });
    // Look for the series' blue in one pixel column of the canvas at a given time.
    const blueAt = (t: number) =>
      page.evaluate(
        ([time, start, end]) => {
          const over = document.querySelector('[data-testid="time-chart"] .u-over') as HTMLElement;
          const canvas = document.querySelector('[data-testid="time-chart"] canvas') as HTMLCanvasElement;
          const o = over.getBoundingClientRect();
          const c = canvas.getBoundingClientRect();
          const scale = canvas.width / c.width;
          const x = Math.round((o.left - c.left + ((time! - start!) / (end! - start!)) * o.width) * scale);
          const top = Math.round((o.top - c.top) * scale);
          const pixels = canvas.getContext('2d')!.getImageData(x, top, 1, Math.round(o.height * scale)).data;
          let blue = 0;
          for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 2]! > 150 && pixels[i]! < 140 && pixels[i + 3]! > 100) blue++;
          return blue;
        },
        [t, from, now] as const,
      );
    expect(await blueAt(from + 5 * 60_000)).toBeGreaterThan(0); // inside the first stretch
    expect(await blueAt(now - 5 * 60_000)).toBeGreaterThan(0); // inside the last stretch
    expect(await blueAt(from + 15 * 60_000)).toBe(0); // the hole: no line across it
    expect(health.problems).toEqual([]);
  });
});
