import { expect, type Page, test } from '@playwright/test';

/** Dialogs the page opens, answered by the policy set in `answer` (Playwright would dismiss them silently). */
function dialogs(page: Page) {
  const seen: { type: string; message: string }[] = [];
  const state = { answer: 'dismiss' as 'accept' | 'dismiss', seen };
  page.on('dialog', (dialog) => {
    seen.push({ type: dialog.type(), message: dialog.message() });
    void (state.answer === 'accept' ? dialog.accept() : dialog.dismiss());
  });
  return state;
}

test('leaving a dashboard with unsaved edits asks first: in-app links, back, and closing the tab', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('tidemark.sampleData.dismissed', '1'));
  const asked = dialogs(page);
  await page.goto('/#/dashboards');
  await expect(page.getByTestId('engine-status')).toContainText('Worker ready', { timeout: 15_000 });
  await page.getByTestId('new-dashboard').click();
  await expect(page).toHaveURL(/#\/dashboards\/dash-[a-z0-9]+/);
  const dashboardUrl = page.url().replace(/\?.*$/, '');
  await expect(page.getByTestId('dashboard-title')).toContainText('New dashboard');

  // A new time range is view state kept in the URL: leaving does not ask.
  await page.getByRole('button', { name: /Last/ }).first().click();
  await page.getByRole('button', { name: 'Last 6 hours' }).click();
  await expect(page).toHaveURL(/from=now-6h/);
  await page.getByRole('link', { name: 'All dashboards' }).click();
  await expect(page.getByTestId('dashboard-list')).toBeVisible();
  expect(asked.seen).toEqual([]);
  await page.getByTestId('dashboard-list').getByRole('link', { name: 'New dashboard' }).first().click();
  await expect(page.getByTestId('dashboard-page')).toBeVisible();

  // An edit: a link elsewhere asks, and declining stays on the dashboard with the edit.
  await page.getByTestId('add-panel').click();
  await expect(page.getByTestId('dashboard-title')).toContainText('unsaved');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Explore' }).click();
  await expect.poll(() => asked.seen.length).toBe(1);
  expect(asked.seen[0]?.type).toBe('confirm');
  expect(asked.seen[0]?.message).toContain('unsaved changes');
  await expect(page).toHaveURL(new RegExp(`^${dashboardUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await expect(page.locator('[data-testid^="panel-cell-"]')).toHaveCount(1);

  // Back (to the list) asks too; declined, the dashboard and its URL come back.
  await page.goBack();
  await expect.poll(() => asked.seen.length).toBe(2);
  await expect(page).toHaveURL(new RegExp(`^${dashboardUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await expect(page.getByTestId('dashboard-list')).toHaveCount(0);

  // Closing the tab (or reloading) gets the browser's prompt; declined, the page stays.
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked.seen.length).toBe(3);
  expect(asked.seen[2]?.type).toBe('beforeunload');
  expect(page.isClosed()).toBe(false);
  await expect(page.getByTestId('dashboard-title')).toContainText('unsaved');

  // Accepted: Explore opens; coming back finds the draft, still unsaved.
  asked.answer = 'accept';
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Explore' }).click();
  await expect.poll(() => asked.seen.length).toBe(4);
  await expect(page).toHaveURL(/#\/explore/);
  await page.goto(dashboardUrl);
  await expect(page.getByTestId('dashboard-title')).toContainText('unsaved');
  await expect(page.locator('[data-testid^="panel-cell-"]')).toHaveCount(1);

  // Saved: nothing to ask about, in the app or when the tab closes.
  await page.getByTestId('save-dashboard').click();
  await expect(page.getByTestId('dashboard-title')).not.toContainText('unsaved');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Explore' }).click();
  await expect(page).toHaveURL(/#\/explore/);
  expect(asked.seen).toHaveLength(4);
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => page.isClosed()).toBe(true);
  expect(asked.seen).toHaveLength(4);
});
