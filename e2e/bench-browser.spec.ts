import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runBrowserBench } from '../bench/browser/driver.ts';
import { TSBS_CPU_ONLY_QUERIES, TSBS_LAYOUTS } from '../bench/query/tsbs-queries.ts';

// The browser benchmark (npm run bench:browser) on tiny data, so it keeps working: it builds its own page
// (DuckDB-WASM is never part of dist/app), serves it on a free port, and runs every query in both engines,
// comparing every answer. Its figures mean nothing at this size and are not written anywhere. Once per layout
// of Tidemark's records (single-measure series per host and field; one MULTI series per host).
for (const layout of TSBS_LAYOUTS)
  test(`the browser benchmark runs end to end on tiny TSBS data (${layout}-measure records), with both engines agreeing`, async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const outDir = await mkdtemp(join(tmpdir(), 'tidemark-bench-browser-smoke-'));
    try {
      const run = await runBrowserBench({
        hosts: 3,
        hours: 2,
        runs: 1,
        seed: 7,
        layout,
        readyLoads: 1,
        port: 0,
        outDir,
        log: () => undefined,
        browser,
      });
      const { results, page } = run;
      expect(Object.keys(results)).toEqual(['scale', 'ingest', 'memory', 'first_query_ready', 'queries']);
      expect(results.scale).toMatchObject({ hosts: 3, hours: 2, rows: 3 * 720, values: 3 * 720 * 10, runs: 1, layout });
      for (const figure of [results.ingest.tidemark_ms, results.ingest.duckdb_ms, ...Object.values(results.first_query_ready)])
        expect(figure).toBeGreaterThan(0);
      expect(results.memory.tidemark_bytes).toBeGreaterThan(0);
      expect(results.memory.duckdb_bytes).toBeGreaterThan(0);
      expect(results.queries.map((q) => q.name)).toEqual(TSBS_CPU_ONLY_QUERIES.map((q) => q.name));
      for (const q of results.queries) {
        expect(q.tidemark_ms, q.name).toBeGreaterThan(0);
        expect(q.duckdb_ms, q.name).toBeGreaterThan(0);
        expect(q.ratio, q.name).toBeCloseTo(q.duckdb_ms / q.tidemark_ms, 1);
      }
      // The answers that were compared were not empty (high-cpu may find nothing on three hosts).
      const answered = page.queries.filter((q) => q.rows > 0).map((q) => q.name);
      expect(answered).toEqual(
        expect.arrayContaining(['single-groupby-1-1-1', 'double-groupby-all', 'groupby-orderby-limit', 'lastpoint']),
      );
      expect(page.queries.find((q) => q.name === 'lastpoint')?.rows).toBe(3);
      expect(page.duckdb.schema).toContain('hostname VARCHAR');
      expect(run.table).toContain('geometric mean of the query ratios');
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
