import { defineConfig } from 'vitest/config';

// A script, not a test: `npx vitest run --config bench/range-integers/vitest.config.ts`.
export default defineConfig({
  test: {
    include: ['bench/range-integers/run.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    disableConsoleIntercept: true,
    pool: 'forks',
  },
});
