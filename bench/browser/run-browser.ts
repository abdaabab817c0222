// npm run bench:browser — Tidemark against DuckDB-WASM on TSBS cpu-only in one Chromium page (driver.ts).
// Scale and runs from the environment: BENCH_HOSTS (default 1000), BENCH_HOURS (24), BENCH_RUNS (5, at least 5
// for published figures), BENCH_SEED (123), BENCH_READY_LOADS (5 fresh page loads per engine), BENCH_INGESTS (3 timed ingests per engine, median), BENCH_PORT (4181),
// BENCH_OUT (where the page is built), BENCH_QUERIES (only these queries; no results file), BENCH_LAYOUT (Tidemark's records: multi, the default, one MULTI series per
// host with the ten fields as DOUBLE attributes, Timestream's recommended layout for metrics sharing a timestamp;
// or single, one single-measure series per host and field as TSBS's Timestream loader writes them). Prints the table and writes bench/results/browser.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { parseTsbsLayout } from '../query/tsbs-queries.ts';
import { runBrowserBench } from './driver.ts';

function setting(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min} (got ${raw}).`);
  return value;
}

const options = {
  hosts: setting('BENCH_HOSTS', 1000, 1),
  hours: setting('BENCH_HOURS', 24, 0.01),
  runs: setting('BENCH_RUNS', 5, 1),
  seed: setting('BENCH_SEED', 123, 0),
  readyLoads: setting('BENCH_READY_LOADS', 5, 1),
  ingestRuns: setting('BENCH_INGESTS', 3, 1),
  port: setting('BENCH_PORT', 4181, 0),
  outDir: process.env.BENCH_OUT ?? join(tmpdir(), 'tidemark-bench-browser'),
  // multi is the default: at 1,000 hosts x 24 h it ingested 3.4x faster and took the query geomean from 1.9x to 3.6x.
  layout: parseTsbsLayout(process.env.BENCH_LAYOUT, 'multi'),
  // BENCH_TRACE=file.json: a Chrome trace of the measured page (open it in DevTools' Performance panel).
  ...(process.env.BENCH_TRACE ? { trace: process.env.BENCH_TRACE } : {}),
  // BENCH_QUERIES=high-cpu-all,lastpoint runs only those (for profiling one shape); results/browser.json is then left alone.
  ...(process.env.BENCH_QUERIES ? { queries: process.env.BENCH_QUERIES.split(',').map((q) => q.trim()) } : {}),
};

it(`TSBS cpu-only in Chromium: Tidemark (${options.layout}) vs DuckDB-WASM, ${options.hosts} hosts x ${options.hours} h`, async () => {
  const run = await runBrowserBench({ ...options, log: (line) => console.log(line) });
  console.log(`\n${run.table}\n`);
  if (options.queries) return;
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../results/browser.json', import.meta.url), `${JSON.stringify(run.results, null, 2)}\n`);
});
