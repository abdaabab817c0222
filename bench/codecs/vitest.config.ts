import { defineConfig } from 'vitest/config';

// The codec benchmark runs under Vitest only because Vitest is how this repo executes TypeScript
// in Node 20 without extra dependencies; it is a script, not a test (`npm run bench:codecs`).
export default defineConfig({
  test: {
    include: ['bench/codecs/run-codecs.ts'],
    environment: 'node',
    testTimeout: 600_000,
    disableConsoleIntercept: true,
    pool: 'forks',
  },
});
