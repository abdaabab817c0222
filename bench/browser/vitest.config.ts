import { defineConfig } from 'vitest/config';

// Vitest runs the driver because that is how this repo executes TypeScript in Node 20; it is a script,
// not a test (`npm run bench:browser`).
export default defineConfig({
  test: {
    include: ['bench/browser/run-browser.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    disableConsoleIntercept: true,
    pool: 'forks',
  },
});
