import type { Page } from '@playwright/test';

/**
 * Records everything that would mean the page is unhealthy: console errors, uncaught
 * exceptions, failed or non-2xx requests, and any request that leaves localhost.
 */
export function watchPageHealth(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // ERR_ABORTED is the page (or a navigation) cancelling a request it no longer needs, e.g. the
    // favicon of a page that reloads at once; a request that really failed says why otherwise.
    const reason = request.failure()?.errorText ?? '';
    if (reason === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.protocol.startsWith('http')) {
      problems.push(`request beyond localhost: ${request.url()}`);
    }
  });
  return { problems };
}
