import { defineConfig } from 'vitest/config';

// The query benchmark runs under Vitest because that is how this repo executes TypeScript in
// Node 20 without extra dependencies; it is a script, not a test (`npm run bench:query`).
export default defineConfig({
  test: {
    include: ['bench/query/run-query.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    disableConsoleIntercept: true,
    pool: 'forks',
  },
});
