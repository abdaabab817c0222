import { expect, test } from '@playwright/test';
import { watchPageHealth } from './page-health.ts';

test.describe('app shell', () => {
  test('loads with no console errors or failed requests, and the worker and kernel report ready', async ({ page }) => {
    const health = watchPageHealth(page);
    await page.goto('/');
    const status = page.getByTestId('engine-status');
    await expect(status).toContainText('Worker ready', { timeout: 15_000 });
    await expect(status).toContainText(/kernel [0-9a-f]{12}/);
    await expect(status).toContainText(/wasm \d/);
    // Every view is reachable from the navigation.
    for (const name of ['Dashboards', 'Import', 'Logs', 'Storage', 'Explore']) {
      await page.getByRole('link', { name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    }
    expect(health.problems).toEqual([]);
  });

  test('the kernel wasm is served as its own file with the wasm MIME type', async ({ page }) => {
    const wasmResponses: { url: string; type: string | null }[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) wasmResponses.push({ url: r.url(), type: r.headers()['content-type'] ?? null });
    });
    await page.goto('/');
    await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
    expect(wasmResponses).toHaveLength(1);
    expect(wasmResponses[0]?.type).toContain('application/wasm');
  });

  test('the kernel runs inside the worker and its result crosses back', async ({ page }) => {
    const health = watchPageHealth(page);
    await page.goto('/');
    await page.getByTestId('open-diagnostics').click();
    await expect(page.getByTestId('kernel-build-id')).toHaveText(/^[0-9a-f]{12}$/);
    await page.getByTestId('run-self-test').click();
    await expect(page.getByTestId('self-test-result')).toContainText('Kernel sum of 1,000,000 values', { timeout: 15_000 });
    await expect(page.getByTestId('self-test-result')).toContainText('matches JavaScript');
    expect(health.problems).toEqual([]);
  });

  test('an error raised in the worker reaches the UI as a typed error', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('open-diagnostics').click();
    await page.getByTestId('run-error-test').click();
    const result = page.getByTestId('error-test-result');
    await expect(result).toHaveAttribute('data-code', 'VALIDATION');
    await expect(result).toContainText('A test error raised inside the worker.');
    await expect(result).not.toContainText('undefined');
  });

  test('a cancelled request stops in the worker', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('open-diagnostics').click();
    await page.getByTestId('start-long-task').click();
    const progress = page.getByTestId('long-task-progress');
    await expect(progress).toBeVisible();
    await expect.poll(async () => Number(await progress.getAttribute('value'))).toBeGreaterThan(3);
    await page.getByTestId('cancel-long-task').click();
    await expect(page.getByTestId('long-task-result')).toHaveAttribute('data-code', 'ABORTED');
    // The worker stopped: progress no longer advances, and the worker answers new requests at once
    // (a still-running spin would hold its thread for 10 more seconds).
    const stoppedAt = Number(await progress.getAttribute('value'));
    await page.waitForTimeout(300);
    expect(Number(await progress.getAttribute('value'))).toBe(stoppedAt);
    expect(stoppedAt).toBeLessThan(2_000);
    const started = Date.now();
    await page.getByTestId('run-self-test').click();
    await expect(page.getByTestId('self-test-result')).toContainText('matches JavaScript', { timeout: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('the theme follows the system and the toggle overrides it', async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('theme-toggle').click(); // system -> light
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.getByTestId('theme-toggle').click(); // light -> dark
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await context.close();
  });
});
