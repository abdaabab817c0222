import { existsSync } from 'node:fs';

/**
 * Playwright may not download its own browser here, so the e2e uses Debian's Chromium:
 * CHROMIUM_PATH when set, else /usr/bin/chromium. When neither exists we stop with a message
 * that says how to get one, instead of Playwright's advice to download a browser.
 */
export function chromiumExecutable(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}. Install Debian's package with "sudo apt-get install -y chromium", ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary. (Playwright cannot download its own browser here.)',
    );
  }
  return path;
}

/** Flags that keep Chromium from reaching for the network or a GPU on a headless CI box. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
