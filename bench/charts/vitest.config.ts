import { defineConfig } from 'vitest/config';

// Runs under Vitest because that is how this repo executes TypeScript in Node 20 without extra
// dependencies; it is a script, not a test (`npm run bench:charts`).
export default defineConfig({
  test: {
    include: ['bench/charts/run-m4.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    disableConsoleIntercept: true,
    pool: 'forks',
  },
});
