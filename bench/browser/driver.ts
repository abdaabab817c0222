/**
 * Drives the browser benchmark from Node: builds the page (bench/browser, its own Vite build), serves it on
 * 127.0.0.1, opens it in Debian's Chromium through Playwright, measures each engine's time to its first
 * query in fresh browser contexts, runs the benchmark in one page, and turns the page's report into the
 * printed table and bench/results/browser.json's shape. Any request beyond localhost fails the run (and
 * cannot resolve: Chromium maps every other name to nothing), as do console errors, failed requests and
 * answers that differ between the engines.
 */
import { type Browser, chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../e2e/chromium.ts';
import { watchPageHealth } from '../../e2e/page-health.ts';
import { type BenchConfig, median, type PageReport, type ReadyReport } from './report.ts';
import { serveStatic } from './serve.ts';
import { benchViteConfig } from './vite.config.ts';

export interface DriverOptions extends BenchConfig {
  /** 0 picks a free port. */
  readonly port: number;
  /** Where the page is built (emptied first). */
  readonly outDir: string;
  /** Fresh page loads per engine for the time to first query. */
  readonly readyLoads: number;
  /** Timed ingests per engine, each in a fresh page holding only that engine (the figure is their median); 3 by default. */
  readonly ingestRuns?: number;
  readonly log: (line: string) => void;
  /** Use this browser instead of launching Chromium (the e2e smoke passes its own). */
  readonly browser?: Browser;
  /** Writes a Chrome trace of the measured page (CPU samples of every thread) to this file, for DevTools. */
  readonly trace?: string;
}

/** bench/results/browser.json, exactly as the issue specifies it (medians; ratio = duckdb / tidemark). */
export interface BrowserBenchResults {
  readonly scale: PageReport['scale'];
  readonly ingest: { readonly tidemark_ms: number; readonly duckdb_ms: number };
  readonly memory: { readonly tidemark_bytes: number; readonly duckdb_bytes: number };
  readonly first_query_ready: { readonly tidemark_ms: number; readonly duckdb_ms: number };
  readonly queries: readonly { readonly name: string; readonly tidemark_ms: number; readonly duckdb_ms: number; readonly ratio: number }[];
}

export interface BrowserBenchRun {
  readonly results: BrowserBenchResults;
  readonly page: PageReport;
  readonly chromium: string;
  /** The table, as printed. */
  readonly table: string;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function openPage(browser: Browser, url: string, log: (line: string) => void) {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  const health = watchPageHealth(page);
  page.on('console', (message) => {
    if (message.text().startsWith('[bench]')) log(message.text());
  });
  await page.goto(url);
  return { context, page, health };
}

/**
 * Console errors, failed requests and any request beyond localhost (workers' included) fail the run. One
 * exception: Chromium now and then reports a local .wasm as ERR_ABORTED when DuckDB-WASM streams it through a
 * TransformStream into instantiateStreaming; the engine then answered queries, so the module arrived whole.
 */
function checkHealth(all: readonly string[]): void {
  const problems = all.filter((p) => !/^request failed: http:\/\/127\.0\.0\.1:\d+\/assets\/[\w-]+\.wasm \(net::ERR_ABORTED\)$/.test(p));
  if (problems.length > 0) throw new Error(`The benchmark page was not healthy:\n${problems.join('\n')}`);
}

/** One timed ingest of the data in a fresh page that loads only `engine` (main.ts ingestAlone). */
async function timeIngestAlone(
  browser: Browser,
  url: string,
  config: BenchConfig,
  engine: ReadyReport['engine'],
  log: (line: string) => void,
) {
  const { context, page, health } = await openPage(browser, `${url}/`, log);
  try {
    const ms = await page.evaluate(([c, e]) => window.tidemarkBench.ingestAlone(c, e), [config, engine] as const);
    checkHealth(health.problems);
    return ms;
  } finally {
    await context.close();
  }
}

async function timeToReady(browser: Browser, url: string, engine: ReadyReport['engine'], log: (line: string) => void) {
  const { context, page, health } = await openPage(browser, `${url}/?ready=${engine}`, log);
  try {
    const report = await page.evaluate(() => window.tidemarkBenchReady as Promise<ReadyReport>);
    checkHealth(health.problems);
    return report.ms;
  } finally {
    await context.close();
  }
}

const fmtMs = (ms: number) => `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms`;
const fmtBytes = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
const fmtRatio = (r: number) => `${r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}x`;
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** The side-by-side table with the targets; ratios are DuckDB over Tidemark (above 1: Tidemark ahead). */
export function formatTable(results: BrowserBenchResults, page: PageReport, chromiumVersion: string): string {
  const s = results.scale;
  const lines = [
    `TSBS cpu-only in Chromium ${chromiumVersion}, one page: ${s.hosts.toLocaleString('en-US')} hosts x ${s.hours} h at ${s.interval_s} s = ${s.rows.toLocaleString('en-US')} rows, ${s.values.toLocaleString('en-US')} values (seed ${s.seed})`,
    `Tidemark (worker, IndexedDB; ${s.layout === 'multi' ? 'one MULTI record per host and time' : 'one single-measure record per host, time and field'}) vs DuckDB-WASM ${page.duckdb.version} (single-threaded bundle, one wide row per host and time); medians of ${s.runs} runs after a warm-up; ratio = DuckDB / Tidemark`,
    '',
    `${'measure'.padEnd(34)}${'Tidemark'.padStart(14)}${'DuckDB-WASM'.padStart(14)}${'ratio'.padStart(10)}   target`,
  ];
  const row = (name: string, t: string, d: string, ratio: number, target: string) =>
    lines.push(`${name.padEnd(34)}${t.padStart(14)}${d.padStart(14)}${fmtRatio(ratio).padStart(10)}   ${target}`);
  const ingest = results.ingest.duckdb_ms / results.ingest.tidemark_ms;
  row('ingest', fmtMs(results.ingest.tidemark_ms), fmtMs(results.ingest.duckdb_ms), ingest, `>= 5x faster: ${mark(ingest >= 5)}`);
  const memory = results.memory.duckdb_bytes / results.memory.tidemark_bytes;
  row(
    'memory for the data',
    fmtBytes(results.memory.tidemark_bytes),
    fmtBytes(results.memory.duckdb_bytes),
    memory,
    `<= 1/5 of DuckDB's: ${mark(memory >= 5)}`,
  );
  const ready = results.first_query_ready.duckdb_ms / results.first_query_ready.tidemark_ms;
  row(
    'first query ready',
    fmtMs(results.first_query_ready.tidemark_ms),
    fmtMs(results.first_query_ready.duckdb_ms),
    ready,
    `>= 5x sooner: ${mark(ready >= 5)}`,
  );
  lines.push('');
  for (const [i, q] of results.queries.entries()) {
    const rows = page.queries[i]?.rows ?? 0;
    row(`${q.name} (${rows} rows)`, fmtMs(q.tidemark_ms), fmtMs(q.duckdb_ms), q.ratio, `faster than DuckDB: ${mark(q.ratio > 1)}`);
  }
  const geomean = Math.exp(results.queries.reduce((sum, q) => sum + Math.log(q.ratio), 0) / results.queries.length);
  const faster = results.queries.filter((q) => q.ratio > 1).length;
  lines.push('');
  lines.push(
    `geometric mean of the query ratios: ${fmtRatio(geomean)} (target >= 10x: ${mark(geomean >= 10)}); Tidemark faster on ${faster} of ${results.queries.length} queries`,
  );
  lines.push(`every answer was compared between the engines (same rows, same values) in every run: all equal`);
  return lines.join('\n');
}

export async function runBrowserBench(options: DriverOptions): Promise<BrowserBenchRun> {
  const { log } = options;
  const builtAt = performance.now();
  await build({ ...benchViteConfig(options.outDir), configFile: false });
  log(`built the page into ${options.outDir} in ${((performance.now() - builtAt) / 1000).toFixed(1)} s`);
  const server = await serveStatic(options.outDir, options.port);
  // No name but 127.0.0.1 resolves, so nothing can reach past this machine even if something tried.
  const browser =
    options.browser ??
    (await chromium.launch({
      executablePath: chromiumExecutable(),
      // --expose-gc: the page collects its garbage before each timed ingest (main.ts settle).
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--js-flags=--expose-gc'],
    }));
  try {
    const readyMs: Record<ReadyReport['engine'], number[]> = { tidemark: [], duckdb: [] };
    for (let i = 0; i < options.readyLoads; i++) {
      // Alternate which engine loads first, so neither always meets a colder machine.
      for (const engine of i % 2 === 0 ? (['tidemark', 'duckdb'] as const) : (['duckdb', 'tidemark'] as const))
        readyMs[engine].push(await timeToReady(browser, server.url, engine, log));
    }
    log(
      `first query ready (ms from navigation start): Tidemark ${readyMs.tidemark.map((x) => x.toFixed(0)).join(', ')}; DuckDB ${readyMs.duckdb.map((x) => x.toFixed(0)).join(', ')}`,
    );

    const config: BenchConfig = {
      hosts: options.hosts,
      hours: options.hours,
      runs: options.runs,
      seed: options.seed,
      layout: options.layout,
      ...(options.queries ? { queries: options.queries } : {}),
    };
    // Ingest, timed in fresh pages that each load one engine (as an app runs one, and so neither engine meets the
    // memory the other grew: a Tidemark ingest after DuckDB-WASM's in the same page took 1.9-2.1 s instead of
    // 1.3-1.4 s), alternating which engine goes first; the figure is the median.
    const ingestMs: Record<ReadyReport['engine'], number[]> = { tidemark: [], duckdb: [] };
    for (let i = 0; i < Math.max(1, options.ingestRuns ?? 3); i++) {
      for (const engine of i % 2 === 0 ? (['tidemark', 'duckdb'] as const) : (['duckdb', 'tidemark'] as const))
        ingestMs[engine].push(await timeIngestAlone(browser, server.url, config, engine, log));
    }
    log(
      `ingest, each in a fresh page with one engine (ms): Tidemark ${ingestMs.tidemark.map((x) => x.toFixed(0)).join(', ')}; DuckDB ${ingestMs.duckdb.map((x) => x.toFixed(0)).join(', ')}`,
    );

    const { context, page, health } = await openPage(browser, `${server.url}/`, log);
    let report: PageReport;
    try {
      if (options.trace) {
        await browser.startTracing(page, {
          path: options.trace,
          categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'],
        });
      }
      try {
        report = await page.evaluate((c) => window.tidemarkBench.run(c), config);
      } finally {
        if (options.trace) await browser.stopTracing();
      }
      checkHealth(health.problems);
    } finally {
      await context.close();
    }
    const results: BrowserBenchResults = {
      scale: report.scale,
      ingest: { tidemark_ms: round(median(ingestMs.tidemark)), duckdb_ms: round(median(ingestMs.duckdb)) },
      memory: report.memory,
      first_query_ready: { tidemark_ms: round(median(readyMs.tidemark)), duckdb_ms: round(median(readyMs.duckdb)) },
      queries: report.queries.map((q) => ({
        name: q.name,
        tidemark_ms: round(q.tidemark_ms),
        duckdb_ms: round(q.duckdb_ms),
        ratio: Number(q.ratio.toPrecision(4)),
      })),
    };
    const version = browser.version();
    return { results, page: report, chromium: version, table: formatTable(results, report, version) };
  } finally {
    if (!options.browser) await browser.close();
    await server.close();
  }
}
