// Parse-only CSV throughput inside a Web Worker in Chromium: `node bench/import/chromium.mjs [MiB] [rounds]`.
// Bundles browser-worker.ts with rolldown, starts Debian's Chromium through playwright-core (CHROMIUM_PATH
// or /usr/bin/chromium), runs the worker from a blob URL on an empty page, and prints MB/s.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'rolldown';

const here = dirname(fileURLToPath(import.meta.url));
const mib = Number(process.argv[2] ?? 64);
const rounds = Number(process.argv[3] ?? 3);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`Chromium was not found at ${executablePath}; set CHROMIUM_PATH.`);
  process.exit(1);
}
const out = await mkdtemp(join(tmpdir(), 'tidemark-bench-chromium-'));
try {
  await build({
    input: join(here, 'browser-worker.ts'),
    platform: 'browser',
    output: { dir: out, format: 'iife', entryFileNames: 'worker.js' },
    logLevel: 'warn',
  });
  const code = await readFile(join(out, 'worker.js'), 'utf8');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    const result = await page.evaluate(
      ({ code, mib, rounds }) =>
        new Promise((resolve) => {
          const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => resolve({ ok: false, error: event.message });
          worker.postMessage({ mib, rounds });
        }),
      { code, mib, rounds },
    );
    if (!result.ok) throw new Error(result.error);
    const version = browser.version();
    console.log(`CSV parse-only throughput in a Chromium ${version} worker, ${result.mib.toFixed(1)} MiB, ${rounds} rounds (best)`);
    console.log(`tidemark streamImport (Blob)      : ${result.mbPerS.toFixed(1)} MB/s`);
    console.log(
      `tidemark streamImport (gzip Blob) : ${result.gzipMbPerS.toFixed(1)} MB/s of CSV (${result.gzipMib.toFixed(1)} MiB compressed)`,
    );
    console.log(
      JSON.stringify({
        chromium_parse_only_mb_per_s: result.mbPerS,
        chromium_gzip_parse_only_mb_per_s: result.gzipMbPerS,
        rows: result.rows,
      }),
    );
  } finally {
    await browser.close();
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
