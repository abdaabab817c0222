// End to end in Chromium: the app's real worker import (`import.run`: the Blob read in slices in the worker,
// parsed, and written into the worker's IndexedDB-backed database), timed in the page.
// `node bench/import/chromium-app.mjs [MiB=64] [rounds=3]`; prints a JSON line with `chromium_mb_per_s`.
// Builds the app into a temporary directory, serves it with `vite preview` (E2E_PORT or 4184), and drives
// Debian's Chromium through playwright-core (CHROMIUM_PATH or /usr/bin/chromium).
// BENCH_TRACE=file.json builds the app unminified and writes a Chrome trace of the timed rounds (CPU samples of
// the page and both workers); `node bench/import/trace-summary.mjs file.json` sums it per thread and function.
// BENCH_CPU=1 (Linux) prints each round's CPU time per thread of Chromium's processes (thread-cpu.mjs): steadier
// than wall time on a loaded machine (DedicatedWorker: the parse and engine workers; ThreadPoolForeg: IndexedDB).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'rolldown';
import { cpuBetween, threadCpu, threadCpuAvailable } from './thread-cpu.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const mib = Number(process.argv[2] ?? 64);
const rounds = Number(process.argv[3] ?? 3);
const port = Number(process.env.E2E_PORT ?? 4184);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const trace = process.env.BENCH_TRACE;
const cpuPerThread = process.env.BENCH_CPU === '1' && threadCpuAvailable;
if (!existsSync(executablePath)) {
  console.error(`Chromium was not found at ${executablePath}; set CHROMIUM_PATH.`);
  process.exit(1);
}
if (!existsSync(join(root, 'build', 'kernel.wasm'))) {
  console.error('build/kernel.wasm is missing: run npm run build:wasm first.');
  process.exit(1);
}

const out = await mkdtemp(join(tmpdir(), 'tidemark-bench-app-'));
let server;
try {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(
    process.execPath,
    [vite, 'build', '--outDir', join(out, 'app'), '--logLevel', 'warn', ...(trace ? ['--minify', 'false'] : [])],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) throw new Error('the app build failed');
  await build({
    input: join(here, 'synthetic-csv.ts'),
    platform: 'node',
    output: { dir: out, format: 'esm', entryFileNames: 'synthetic-csv.mjs' },
    logLevel: 'warn',
  });
  const { syntheticCsv, syntheticCsvMapping } = await import(pathToFileURL(join(out, 'synthetic-csv.mjs')).href);
  // Recent times (from 20 days ago), so the rows land in the memory tier as in the Node figure.
  const csv = Buffer.from(syntheticCsv(mib * 1024 * 1024, Date.now() - 20 * 86_400_000));

  server = spawn(
    process.execPath,
    [vite, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', join(out, 'app')],
    {
      cwd: root,
      stdio: 'ignore',
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      // not up yet
    }
    if (tries > 100) throw new Error(`vite preview did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    // The CSV reaches the page as a download from the same origin, not through the timed path.
    await page.route('**/bench-import.csv', (route) => route.fulfill({ status: 200, contentType: 'text/csv', body: csv }));
    await page.goto(`${base}/#/import`);
    await page.waitForFunction(() => globalThis.tidemark !== undefined);
    if (trace) await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'disabled-by-default-v8.cpu_profiler'] });
    await page.evaluate(async () => {
      await globalThis.tidemark.ready;
      globalThis.benchBlob = await (await fetch('/bench-import.csv')).blob();
    });
    // One evaluate a round (the time is still taken in the page, around import.run alone), so the CPU of
    // each round's threads can be read between them (BENCH_CPU=1).
    const measured = (async () => {
      let best = Number.POSITIVE_INFINITY;
      let rows = 0;
      for (let round = 0; round < rounds; round++) {
        const before = cpuPerThread ? threadCpu() : undefined;
        const timed = await page.evaluate(
          async ({ round, mapping }) => {
            const client = globalThis.tidemark;
            const blob = globalThis.benchBlob;
            const table = `metrics_${round}`;
            await client.call('db.createDatabase', { name: 'benchimport' }).catch(() => undefined);
            await client.call('db.createTable', { database: 'benchimport', table, options: { memoryStoreRetentionHours: 8766 } });
            const started = performance.now();
            const summary = await client.call('import.run', {
              file: blob,
              fileName: 'bench.csv',
              mapping: { ...mapping, target: { database: 'benchimport', table } },
            });
            const ms = performance.now() - started;
            if (summary.rowsRejected > 0) throw new Error(`rejected: ${summary.rejections[0]?.reason}`);
            await client.call('db.deleteTable', { database: 'benchimport', table });
            return { ms, rows: summary.rowsEmitted, batches: summary.batchesEmitted, bytes: blob.size };
          },
          { round, mapping: syntheticCsvMapping() },
        );
        best = Math.min(best, timed.ms);
        rows = timed.rows;
        if (before) {
          const { total, threads } = cpuBetween(before, threadCpu());
          console.log(
            `round ${round}: ${(timed.bytes / 1048576 / (timed.ms / 1000)).toFixed(1)} MB/s (${timed.ms.toFixed(0)} ms, ${timed.batches} batches); CPU ${total} ms, threads over 30 ms: ${threads.join(' ')}`,
          );
        }
      }
      const bytes = await page.evaluate(async () => {
        await globalThis.tidemark.call('db.deleteDatabase', { name: 'benchimport' });
        return globalThis.benchBlob.size;
      });
      return { ms: best, rows, bytes };
    })();
    const result = await measured.finally(() => (trace ? browser.stopTracing() : undefined));
    const size = result.bytes / (1024 * 1024);
    console.log(
      `CSV import end to end in a Chromium ${browser.version()} worker (import.run into the IndexedDB-backed database), ${size.toFixed(1)} MiB, ${rounds} rounds (best)`,
    );
    console.log(
      `tidemark import.run: ${(size / (result.ms / 1000)).toFixed(1)} MB/s, ${(result.rows / (result.ms / 1000) / 1e6).toFixed(2)} M rows/s`,
    );
    console.log(
      JSON.stringify({
        chromium_mb_per_s: size / (result.ms / 1000),
        chromium_rows_per_s: result.rows / (result.ms / 1000),
        rows: result.rows,
        mib: size,
      }),
    );
  } finally {
    await browser.close();
  }
} finally {
  server?.kill();
  await rm(out, { recursive: true, force: true });
}
