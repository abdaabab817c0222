import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { watchPageHealth } from './page-health.ts';

const DB = 'dash_e2e';
const HOSTS = ['h1', 'h2', 'h3'];
/** Each host's CPU is constant (h1 10, h2 20, h3 30), so a stat shows which host a query read. */
const CPU_OF: Record<string, number> = { h1: 10, h2: 20, h3: 30 };

function call<T>(page: Page, method: string, params: unknown): Promise<T> {
  return page.evaluate(
    async ([m, p]) => {
      const client = (globalThis as unknown as { tidemark: { call(method: string, params: unknown): Promise<unknown> } }).tidemark;
      return client.call(m as string, p) as Promise<unknown>;
    },
    [method, params] as const,
  ) as Promise<T>;
}

/** Three hosts, a point every 30 s over the last hour, in their own database. */
async function seed(page: Page): Promise<void> {
  const dbs = await call<string[]>(page, 'db.listDatabases', {});
  if (!dbs.includes(DB)) await call(page, 'db.createDatabase', { name: DB });
  const tables = await call<string[]>(page, 'db.listTables', { database: DB });
  if (!tables.includes('cpu')) await call(page, 'db.createTable', { database: DB, table: 'cpu' });
  const now = Date.now();
  const records = [];
  for (const host of HOSTS) {
    for (let i = 0; i < 120; i++) {
      records.push({
        Dimensions: [{ Name: 'host', Value: host }],
        MeasureName: 'cpu',
        MeasureValue: String(CPU_OF[host]),
        MeasureValueType: 'DOUBLE',
        Time: String(now - i * 30_000),
      });
    }
  }
  for (let i = 0; i < records.length; i += 100) {
    await call(page, 'db.writeRecords', { DatabaseName: DB, TableName: 'cpu', Records: records.slice(i, i + 100) });
  }
}

const CHART_SQL = `SELECT bin(time, $__interval) AS t, host, avg(measure_value::double) AS cpu
FROM "${DB}"."cpu" WHERE host IN ($host) AND $__timeFilter GROUP BY 1, 2 ORDER BY 1`;
const STAT_SQL = `SELECT bin(time, $__interval) AS t, avg(measure_value::double) AS cpu
FROM "${DB}"."cpu" WHERE host = $host AND $__timeFilter GROUP BY 1 ORDER BY 1`;

/** A dashboard as exported JSON: a chart and a stat side by side, a single-value $host. */
function fixture(id: string, multi = false, live = false) {
  return {
    schemaVersion: 1,
    id,
    title: `Fixture ${id}`,
    time: { kind: 'relative', last: '1h' },
    refresh: 'off',
    live,
    variables: [
      {
        name: 'host',
        label: 'Host',
        source: { kind: 'query', sql: `SELECT DISTINCT host FROM "${DB}"."cpu" ORDER BY host` },
        multi,
        current: [],
      },
    ],
    panels: [
      {
        id: 'chart',
        title: 'CPU by host',
        sql: CHART_SQL,
        visual: { kind: 'timeseries', style: 'line' },
        unit: '%',
        thresholds: [{ value: 25, color: 'red' }],
        grid: { x: 0, y: 0, w: 12, h: 8 },
      },
      {
        id: 'stat',
        title: 'CPU now',
        sql: STAT_SQL,
        visual: { kind: 'stat', reducer: 'last' },
        unit: '%',
        thresholds: [
          { value: 0, color: 'green' },
          { value: 15, color: 'yellow' },
          { value: 25, color: 'red' },
        ],
        grid: { x: 12, y: 0, w: 12, h: 8 },
      },
    ],
    updatedMs: 0,
  };
}

async function openDashboards(page: Page): Promise<void> {
  // The first-start sample install is tested on its own; here it would only slow the worker down.
  await page.addInitScript(() => localStorage.setItem('tidemark.sampleData.dismissed', '1'));
  await page.goto('/#/dashboards');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  await seed(page);
  await expect(page.getByTestId('dashboard-list')).toBeVisible();
}

async function importJson(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('import-dashboard').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

function gridOf(page: Page, id: string) {
  return page.getByTestId(`panel-cell-${id}`).getAttribute('data-grid');
}

test.describe('dashboards', () => {
  test('a dashboard is created, saved, reopened from its URL, exported and imported', async ({ page }, testInfo) => {
    const health = watchPageHealth(page);
    await openDashboards(page);
    await page.getByTestId('new-dashboard').click();
    await expect(page).toHaveURL(/#\/dashboards\/dash-[a-z0-9]+/);
    await expect(page.getByTestId('dashboard-title')).toContainText('New dashboard');

    // Title and a query variable.
    await page.getByTestId('dashboard-settings').click();
    await page.getByTestId('dashboard-title-input').fill('E2E hosts');
    await page.getByTestId('add-variable').click();
    await page.getByTestId('variable-name-0').fill('host');
    await page.getByTestId('variable-sql-0').fill(`SELECT DISTINCT host FROM "${DB}"."cpu" ORDER BY host`);
    await page.getByTestId('settings-apply').click();
    await expect(page.getByTestId('variable-host')).toHaveValue('h1');

    // A chart panel: a syntax error is shown at its position, then the fixed query draws one series.
    await page.getByTestId('add-panel').click();
    const panel = page.locator('[data-testid^="panel-cell-"]').first();
    await panel.getByRole('button', { name: /^Edit/ }).click();
    await page.getByTestId('panel-title-input').fill('CPU by host');
    const sqlEditor = page.getByTestId('panel-editor').getByTestId('sql-editor');
    await sqlEditor.fill('SELECT bin(time, $__interval) AS t FROM\nWHERE');
    await page.getByTestId('panel-run').click();
    await expect(page.getByTestId('panel-editor').getByTestId('query-error')).toContainText(/line 2/i);
    // Replace the whole text: fill() once raced CodeMirror's selection after the error and appended to the
    // broken query instead of replacing it.
    await sqlEditor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(CHART_SQL);
    // Run only once the editor holds the new text, and only it (a click that beats the edit re-runs the broken query).
    await expect(sqlEditor).toContainText('GROUP BY 1, 2 ORDER BY 1');
    await expect(sqlEditor).not.toContainText('AS t FROM');
    await page.getByTestId('panel-run').click();
    await expect(page.getByTestId('panel-run-result')).toContainText('rows');
    await page.getByTestId('add-threshold').click();
    await page.getByTestId('panel-apply').click();
    await expect(panel.getByTestId('time-chart')).toHaveAttribute('data-series-count', '1');

    // A stat panel via duplicate + edit.
    await panel.getByRole('button', { name: /^Duplicate/ }).click();
    const copy = page.locator('[data-testid^="panel-cell-"]').nth(1);
    await copy.getByRole('button', { name: /^Edit/ }).click();
    await page.getByTestId('panel-title-input').fill('CPU now');
    await page.getByTestId('panel-editor').getByTestId('sql-editor').fill(STAT_SQL);
    await page.getByTestId('panel-kind').selectOption('stat');
    await page.getByTestId('panel-apply').click();
    await expect(copy.getByTestId('stat-values')).toContainText('10%');

    await page.getByTestId('save-dashboard').click();
    await expect(page.getByTestId('dashboard-message')).toContainText('Saved "E2E hosts"');
    await expect(page.getByTestId('dashboard-title')).not.toContainText('unsaved');
    const url = page.url();

    // The URL reopens the same view after a reload, with the variable it carries.
    await page.getByTestId('variable-host').selectOption('h3');
    await expect(page).toHaveURL(/var-host=h3/);
    await page.reload();
    await expect(page.getByTestId('dashboard-title')).toContainText('E2E hosts', { timeout: 15_000 });
    await expect(page.getByTestId('variable-host')).toHaveValue('h3');
    await expect(page.locator('[data-testid^="panel-cell-"]')).toHaveCount(2);
    await expect(page.getByTestId('stat-values')).toContainText('30%');
    expect(url).toContain('from=now-1h');

    await testInfo.attach('dashboard', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

    // Export, then import the file back: it lands beside the original under a new id.
    const downloadPromise = page.waitForEvent('download');
    await page.getByTestId('export-dashboard').click();
    const download = await downloadPromise;
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      title: string;
      panels: unknown[];
      variables: unknown[];
    };
    expect(exported.title).toBe('E2E hosts');
    expect(exported.panels).toHaveLength(2);
    expect(exported.variables).toHaveLength(1);
    await importJson(page, 'export.json', JSON.stringify(exported));
    await expect(page.getByTestId('dashboard-title')).toContainText('E2E hosts (imported)');
    await expect(page.locator('[data-testid^="panel-cell-"]')).toHaveCount(2);
    await page.getByRole('link', { name: 'All dashboards' }).click();
    await expect(page.getByTestId('dashboard-list')).toContainText('E2E hosts (imported)');
    await expect(page.getByTestId('dashboard-list')).toContainText('E2E hosts');

    // Bad files are refused with what and where.
    await importJson(page, 'broken.json', '{\n  "id": "x",,\n}');
    await expect(page.getByTestId('dashboards-message')).toContainText(
      'broken.json is not valid JSON at line 2, column 13: Expected double-quoted property name.',
    );
    const wrong = { ...fixture('wrong'), panels: [{ ...fixture('wrong').panels[0], grid: { x: 20, y: 0, w: 8, h: 8 } }] };
    await importJson(page, 'wrong.json', JSON.stringify(wrong));
    await expect(page.getByTestId('dashboards-message')).toContainText('panels[0].grid.w x + w must be at most 24');
    expect(health.problems).toEqual([]);
  });

  test('dragging moves and resizes a panel; the keyboard does too', async ({ page }) => {
    await openDashboards(page);
    await importJson(page, 'drag.json', JSON.stringify(fixture('drag')));
    await expect(page.getByTestId('dashboard-title')).toContainText('Fixture drag');
    expect(await gridOf(page, 'chart')).toBe('0,0,12,8');
    expect(await gridOf(page, 'stat')).toBe('12,0,12,8');

    // Drag the stat panel's header onto the chart's place: they swap.
    const statHeader = page.getByTestId('panel-header-stat');
    const chartBox = (await page.getByTestId('panel-cell-chart').boundingBox())!;
    const headerBox = (await statHeader.boundingBox())!;
    await page.mouse.move(headerBox.x + headerBox.width / 2, headerBox.y + 10);
    await page.mouse.down();
    await page.mouse.move(chartBox.x + headerBox.width / 2 - 40, headerBox.y + 10, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => gridOf(page, 'stat')).toBe('0,0,12,8');
    expect(await gridOf(page, 'chart')).toBe('12,0,12,8');

    // Resize the stat panel from its corner: wider by about 4 columns and 3 rows taller.
    const corner = (await page.getByTestId('panel-resize-stat').boundingBox())!;
    const cell = (await page.getByTestId('panel-cell-stat').boundingBox())!;
    const column = (cell.width + 8) / 12;
    await page.mouse.move(corner.x + 8, corner.y + 8);
    await page.mouse.down();
    await page.mouse.move(corner.x + 8 + 4 * column, corner.y + 8 + 3 * 38, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => gridOf(page, 'stat')).toBe('0,0,16,11');
    // The chart no longer fits beside it and moves below.
    expect(await gridOf(page, 'chart')).toBe('12,11,12,8');

    // Keyboard: Shift+Left narrows, Right moves a column.
    await page.getByTestId('panel-move-stat').focus();
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => gridOf(page, 'stat')).toBe('0,0,15,11');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => gridOf(page, 'stat')).toBe('1,0,15,11');
    await expect(page.getByTestId('dashboard-title')).toContainText('unsaved');
    // Unsaved edits survive going to the list (after saying yes to leaving with them) and back.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'All dashboards' }).click();
    await page.getByTestId('dashboard-list').getByRole('link', { name: 'Fixture drag' }).click();
    await expect(page.getByTestId('dashboard-title')).toContainText('unsaved');
    expect(await gridOf(page, 'stat')).toBe('1,0,15,11');
    await page.getByTestId('save-dashboard').click();
    await expect(page.getByTestId('dashboard-title')).not.toContainText('unsaved');
    await page.reload();
    await expect.poll(() => gridOf(page, 'stat'), { timeout: 15_000 }).toBe('1,0,15,11');
  });

  test('changing a variable runs the panels again with its value', async ({ page }, testInfo) => {
    await openDashboards(page);
    await importJson(page, 'vars.json', JSON.stringify(fixture('vars', false)));
    const stat = page.getByTestId('panel-cell-stat');
    await expect(stat.getByTestId('stat-values')).toHaveText('10%');
    // The threshold colours the value: 10 is at or above 0 (green), below 15 (yellow).
    await expect(stat.locator('.dash-stat')).toHaveAttribute('data-color', 'green');
    await page.getByTestId('variable-host').selectOption('h2');
    await expect(stat.getByTestId('stat-values')).toHaveText('20%');
    await expect(stat.locator('.dash-stat')).toHaveAttribute('data-color', 'yellow');
    await page.getByTestId('variable-host').selectOption('h3');
    await expect(stat.getByTestId('stat-values')).toHaveText('30%');
    await expect(stat.locator('.dash-stat')).toHaveAttribute('data-color', 'red');
    await expect(page.getByTestId('panel-cell-chart').getByTestId('time-chart')).toHaveAttribute('data-series-count', '1');
    await testInfo.attach('dashboard-variables', { body: await page.screenshot(), contentType: 'image/png' });
  });

  test('a multi-value variable substitutes as IN (...) and the chart draws one series per chosen host', async ({ page }) => {
    await openDashboards(page);
    await importJson(page, 'multi.json', JSON.stringify(fixture('multi', true)));
    const chart = page.getByTestId('panel-cell-chart').getByTestId('time-chart');
    // Nothing chosen yet: a multi-value variable takes every option.
    await expect(chart).toHaveAttribute('data-series-count', '3');
    await expect(page).toHaveURL(/var-host=h1&var-host=h2&var-host=h3/);
    const picker = page.getByTestId('variable-host');
    await picker.locator('summary').click();
    await picker.getByRole('button', { name: 'First only' }).click();
    await expect(chart).toHaveAttribute('data-series-count', '1');
    await expect(page).toHaveURL(/var-host=h1(&|$)/);
    await picker.getByLabel('h3').check();
    await expect(chart).toHaveAttribute('data-series-count', '2');
    await picker.getByLabel('h1').uncheck();
    await expect(chart).toHaveAttribute('data-series-count', '1');
    await expect(page).toHaveURL(/var-host=h3/);
    // The list closes on Escape, like a drop-down.
    await expect(picker.getByLabel('h2')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(picker.getByLabel('h2')).toBeHidden();
  });

  test('a live dashboard updates when new points land, without a refresh timer', async ({ page }) => {
    await openDashboards(page);
    const d = fixture('live', false, true);
    d.panels[1] = { ...d.panels[1]!, sql: STAT_SQL.replace('avg(', 'max(') };
    await importJson(page, 'live.json', JSON.stringify(d));
    await expect(page.getByTestId('dashboard-live')).toBeChecked();
    await expect(page).toHaveURL(/live=1/);
    const stat = page.getByTestId('panel-cell-stat').getByTestId('stat-values');
    await expect(stat).toHaveText('10%');
    const chart = page.getByTestId('panel-cell-chart').getByTestId('time-chart');
    const pointsBefore = Number(await chart.getAttribute('data-point-count'));
    await call(page, 'db.writeRecords', {
      DatabaseName: DB,
      TableName: 'cpu',
      Records: [
        {
          Dimensions: [{ Name: 'host', Value: 'h1' }],
          MeasureName: 'cpu',
          MeasureValue: '77',
          MeasureValueType: 'DOUBLE',
          Time: String(Date.now()),
        },
      ],
    });
    await expect(stat).toHaveText('77%', { timeout: 5_000 });
    await expect(page.getByTestId('panel-cell-stat').locator('.dash-stat')).toHaveAttribute('data-color', 'red');
    await expect.poll(async () => Number(await chart.getAttribute('data-point-count'))).toBeGreaterThanOrEqual(pointsBefore);
  });

  test('a long panel query offers Cancel; a cancelled panel stays stopped until Run again', async ({ page }) => {
    await openDashboards(page);
    const d = fixture('slow');
    // Slow on purpose (16 M joined rows). Note: the worker does not yet stop a cross join mid-way
    // (it finishes it in the background), so this checks the panel's side of cancelling.
    const slowSql = 'SELECT count(*) AS n FROM unnest(sequence(1, 4000)) AS a(x) CROSS JOIN unnest(sequence(1, 4000)) AS b(y)';
    d.panels = [{ ...d.panels[1]!, id: 'slow', title: 'Slow', sql: slowSql }];
    d.variables = [];
    await importJson(page, 'slow.json', JSON.stringify(d));
    const cell = page.getByTestId('panel-cell-slow');
    const cancel = page.getByTestId('panel-cancel-slow');
    await expect(cancel).toBeVisible({ timeout: 10_000 });
    await expect(cell.locator('section')).toHaveAttribute('data-state', 'running');
    await cancel.click();
    await expect(cell).toContainText('The query was cancelled.');
    await expect(cell.locator('section')).toHaveAttribute('data-state', 'idle');
    await expect(cancel).toHaveCount(0);
    // A refresh does not restart the cancelled query; Run again does.
    await page.getByTestId('dashboard-refresh').click();
    await page.waitForTimeout(600);
    await expect(cell).toContainText('The query was cancelled.');
    await expect(cancel).toHaveCount(0);
    await cell.getByRole('button', { name: 'Run again' }).click();
    await expect(cancel).toBeVisible({ timeout: 10_000 });
    await cancel.click();
    await expect(cell).toContainText('The query was cancelled.');
  });

  test('dragging across a chart zooms every panel to that range, kept in the URL', async ({ page }) => {
    await openDashboards(page);
    await importJson(page, 'zoom.json', JSON.stringify(fixture('zoom')));
    const chart = page.getByTestId('panel-cell-chart');
    await expect(chart.getByTestId('time-chart')).toHaveAttribute('data-series-count', '1');
    const plot = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.3, plot.y + plot.height / 2);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.6, plot.y + plot.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect(page).toHaveURL(/from=\d{13}&to=\d{13}/);
    const params = new URLSearchParams(page.url().split('?')[1]);
    const span = Number(params.get('to')) - Number(params.get('from'));
    // About 30% of the hour.
    expect(span).toBeGreaterThan(10 * 60_000);
    expect(span).toBeLessThan(25 * 60_000);
  });

  test('the example dashboards draw the sample data and the live demo stream', async ({ page }, testInfo) => {
    await openDashboards(page);
    await call(page, 'sample.install', { name: 'devops' });
    await page.goto('/#/dashboards/example-devops');
    const cpu = page.getByTestId('panel-cell-cpu').getByTestId('time-chart');
    // $host is multi-value with nothing chosen: every host of the sample is drawn.
    await expect.poll(async () => Number(await cpu.getAttribute('data-series-count')), { timeout: 15_000 }).toBeGreaterThan(1);
    await expect(page.getByTestId('panel-cell-cpu-now').getByTestId('stat-values')).toContainText('%');
    await expect(page.getByTestId('panel-cell-busiest').getByTestId('table-panel').locator('tbody tr')).toHaveCount(10);
    await expect(page.getByTestId('panel-cell-cpu').getByTestId('query-error')).toHaveCount(0);
    await testInfo.attach('example-devops', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

    await call(page, 'demo.start', {});
    try {
      await page.goto('/#/dashboards/example-demo');
      const temperature = page.getByTestId('panel-cell-temperature').getByTestId('time-chart');
      await expect.poll(async () => Number(await temperature.getAttribute('data-series-count')), { timeout: 15_000 }).toBeGreaterThan(1);
      await expect(page.getByTestId('panel-cell-temperature-now').getByTestId('stat-values')).toContainText('°C');
      // The stream moves the chart: new points arrive through the subscription.
      const hostCpu = page.getByTestId('panel-cell-host-cpu').locator('.dash-chart');
      const first = Number(await hostCpu.getAttribute('data-last-ms'));
      await expect.poll(async () => Number(await hostCpu.getAttribute('data-last-ms')), { timeout: 10_000 }).toBeGreaterThan(first);
      await testInfo.attach('example-demo', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    } finally {
      await call(page, 'demo.stop', {});
    }
  });

  test('panels share the crosshair: hovering one chart moves the others to the same time', async ({ page }) => {
    await openDashboards(page);
    const d = fixture('sync', true);
    d.panels[1] = { ...d.panels[0]!, id: 'chart2', title: 'CPU again', grid: { x: 12, y: 0, w: 12, h: 8 } };
    await importJson(page, 'sync.json', JSON.stringify(d));
    const a = page.getByTestId('panel-cell-chart');
    const b = page.getByTestId('panel-cell-chart2');
    await expect(a.getByTestId('time-chart')).toHaveAttribute('data-series-count', '3');
    await expect(b.getByTestId('time-chart')).toHaveAttribute('data-series-count', '3');
    const bTime = b.locator('.u-legend .u-series').first().locator('.u-value');
    await expect(bTime).toHaveText('—');
    const plot = (await a.locator('.u-over').boundingBox())!;
    await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
    await page.mouse.move(plot.x + plot.width / 2 + 5, plot.y + plot.height / 2);
    // The other chart's legend now reads the hovered time and values.
    await expect(bTime).not.toHaveText('—');
    await expect(b.locator('.u-legend .u-series').nth(1).locator('.u-value')).toHaveText(/10/);
  });

  test('the time picker re-queries every panel; a bad link is reported; a dashboard can be deleted', async ({ page }) => {
    await openDashboards(page);
    await importJson(page, 'misc.json', JSON.stringify(fixture('misc')));
    await expect(page.getByTestId('panel-cell-stat').getByTestId('stat-values')).toHaveText('10%');
    await page.getByRole('button', { name: /Last 1 hour/ }).click();
    await page.getByRole('button', { name: 'Last 6 hours' }).click();
    await expect(page).toHaveURL(/from=now-6h&to=now/);
    await expect(page.getByTestId('panel-cell-stat').getByTestId('stat-values')).toHaveText('10%');
    await page.getByTestId('save-dashboard').click();
    await expect(page.getByTestId('dashboard-message')).toContainText('Saved');

    // A link with parts that cannot be read opens the dashboard and says what was ignored.
    await page.goto('/#/dashboards/misc?from=now-3h&to=now&refresh=2s');
    await page.reload();
    await expect(page.getByTestId('dashboards-message')).toContainText('Parts of the link were ignored');
    await expect(page.getByTestId('dashboards-message')).toContainText('refresh=2s');
    await expect(page.getByRole('button', { name: /Last 6 hours/ })).toBeVisible();
    // A link to a dashboard that is not here says so.
    await page.goto('/#/dashboards/nope');
    await expect(page.getByTestId('dashboards-message')).toContainText('There is no dashboard "nope"');

    await page.goto('/#/dashboards/misc');
    await expect(page.getByTestId('dashboard-title')).toContainText('Fixture misc');
    // Removing a panel (its neighbour stays where it is: nothing is above it to fill).
    await page.getByTestId('panel-cell-chart').hover();
    await page.getByRole('button', { name: 'Remove CPU by host' }).click();
    await expect(page.locator('[data-testid^="panel-cell-"]')).toHaveCount(1);
    expect(await gridOf(page, 'stat')).toBe('12,0,12,8');
    await expect(page.getByTestId('dashboard-title')).toContainText('unsaved');
    // Discard returns to the saved dashboard.
    await page.getByTestId('discard-changes').click();
    await expect(page.locator('[data-testid^="panel-cell-"]')).toHaveCount(2);
    await expect(page.getByTestId('dashboard-title')).not.toContainText('unsaved');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByTestId('dashboard-list')).toBeVisible();
    await expect(page.getByTestId('dashboard-list')).not.toContainText('Fixture misc');
  });

  test('refresh runs the panels every period while the tab is visible, and pauses while it is hidden', async ({ page }) => {
    await openDashboards(page);
    await importJson(page, 'refresh.json', JSON.stringify({ ...fixture('refresh'), refresh: '1s' }));
    await expect(page.getByTestId('panel-cell-stat').getByTestId('stat-values')).toHaveText('10%');
    // Count finished panel queries (data-state back to idle).
    await page.evaluate(() => {
      const w = window as unknown as { finished: number };
      w.finished = 0;
      new MutationObserver((records) => {
        for (const r of records) if ((r.target as HTMLElement).dataset.state === 'idle') w.finished++;
      }).observe(document.querySelector('[data-testid="dashboard-grid"]')!, {
        attributes: true,
        subtree: true,
        attributeFilter: ['data-state'],
      });
    });
    const finished = () => page.evaluate(() => (window as unknown as { finished: number }).finished);
    await expect.poll(finished, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
    // Hidden: no refresh.
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(300);
    const whileHidden = await finished();
    await page.waitForTimeout(2_500);
    expect(await finished()).toBe(whileHidden);
    // Shown again: it refreshes at once.
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(finished, { timeout: 900 }).toBeGreaterThan(whileHidden);
  });

  test('a chart asks for pixel resolution: 10,000 points come back reduced to about four per pixel', async ({ page }) => {
    await openDashboards(page);
    const d = fixture('pixels');
    const dense =
      'SELECT from_milliseconds(to_milliseconds(now()) - 3600000 + x * 360) AS t, sin(x / 50.0) AS v FROM unnest(sequence(1, 10000)) AS u(x)';
    d.panels = [{ ...d.panels[0]!, id: 'dense', title: 'Dense', sql: dense, grid: { x: 0, y: 0, w: 6, h: 8 } }];
    d.variables = [];
    await importJson(page, 'pixels.json', JSON.stringify(d));
    const chart = page.getByTestId('panel-cell-dense').getByTestId('time-chart');
    await expect(chart).toHaveAttribute('data-series-count', '1');
    const points = Number(await chart.getAttribute('data-point-count'));
    const width = (await page.getByTestId('panel-cell-dense').boundingBox())!.width;
    // A quarter of the page wide (6 of 24 columns): the worker's M4 keeps at most 4 points per pixel column.
    expect(points).toBeGreaterThan(100);
    expect(points).toBeLessThan(10_000);
    expect(points).toBeLessThanOrEqual(4 * Math.ceil((6 / 24) * 1280) + 8);
    expect(width).toBeGreaterThan(100);
  });
});
