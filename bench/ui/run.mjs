// The dashboard responsiveness benchmark: builds the app into a temporary directory (so it never
// touches dist/app) and runs e2e/dashboard-perf.spec.ts in Chromium for BENCH_UI_SECONDS (default
// 10) seconds, printing frame times, long tasks and main-thread busy time.
// `npm run bench:ui [seconds]`; E2E_PORT picks the preview port (default 4179).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, runNode } from '../../scripts/run-step.mjs';

const seconds = process.argv[2] ?? process.env.BENCH_UI_SECONDS ?? '10';
const out = mkdtempSync(join(tmpdir(), 'tidemark-bench-ui-'));
try {
  runNode('build the app', [bin('vite/bin/vite.js'), 'build', '--outDir', out, '--logLevel', 'warn']);
  runNode('dashboard responsiveness (Chromium)', [bin('@playwright/test/cli.js'), 'test', 'e2e/dashboard-perf.spec.ts'], {
    env: { E2E_OUT: out, E2E_PORT: process.env.E2E_PORT ?? '4179', BENCH_UI_SECONDS: seconds },
    last: true,
  });
} finally {
  rmSync(out, { recursive: true, force: true });
}
