// npm run bench:charts — a chart's pixel-resolution query (M4 at 1000 pixels) over one series of
// 1 k ... 100 M points: Tidemark with M4 pushed into the chunk scan, Tidemark reducing the plain SQL
// result (up to 1 M points: beyond that it materialises every row), and DuckDB (node, 1 thread)
// running the M4 SQL of Jugel et al. over the same values, side by side. Each figure is the median
// of 5 runs after 3 warm-up runs (Tidemark's first query, which also builds the per-series chunk
// summary, is shown apart); also written to bench/results/charts.json with the load average.
// BENCH_M4_MAX / BENCH_M4_MIN bound the sizes (default: all, up to 100 000 000).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { it } from 'vitest';
import { openDatabase } from '../../src/engine/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';

const SIZES = [1_000, 100_000, 1_000_000, 10_000_000, 100_000_000].filter(
  (n) => n <= Number(process.env.BENCH_M4_MAX ?? 100_000_000) && n >= Number(process.env.BENCH_M4_MIN ?? 0),
);
const PIXELS = 1000;
const RUNS = 5;
const STEP_MS = 10;
const GENERIC_LIMIT = 1_000_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The signal both engines hold: a slow sine with a deterministic saw-tooth noise. */
const value = (i: number) => 50 + 30 * Math.sin(i / 5000) + ((i * 7919) % 13) - 6;

function fill(m: number, f: (k: number) => number): Float64Array {
  const out = new Float64Array(m);
  for (let k = 0; k < m; k++) out[k] = f(k);
  return out;
}

/** CPU time of this process in ms (both engines run in it): steadier than wall time on a shared machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function time(run: () => Promise<number>): Promise<{ ms: number; cpuMs: number; rows: number; firstMs: number }> {
  const t0 = performance.now();
  await run();
  const firstMs = performance.now() - t0;
  for (let w = 1; w < 3; w++) await run();
  const ms: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    rows = await run();
    cpu.push(cpuMs() - c0);
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), cpuMs: median(cpu), rows, firstMs };
}

it('M4 pixel queries, 1 k vs 100 M points', async () => {
  const kernel = await loadKernelFromFile();
  const duck = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  const lines: string[] = [];
  const results: {
    points: number;
    tidemark_scan_ms: number;
    tidemark_scan_first_ms: number;
    tidemark_scan_cpu_ms: number;
    tidemark_sql_ms: number | null;
    duckdb_ms: number;
    duckdb_cpu_ms: number;
    rows: number;
    write_s: number;
  }[] = [];
  for (const n of SIZES) {
    const now = Date.UTC(2026, 0, 1) + n * STEP_MS + 60_000;
    const start = now - 60_000 - n * STEP_MS;
    const db = await openDatabase({ name: 'bench', storage: 'memory', kernel, clock: () => now, retentionIntervalMs: 0 });
    await db.createDatabase('bench');
    await db.createTable('bench', 'signal', { memoryStoreRetentionHours: 8766 });
    const written = performance.now();
    const batch = 1_000_000;
    for (let off = 0; off < n; off += batch) {
      const m = Math.min(batch, n - off);
      await db.writeColumns({
        database: 'bench',
        table: 'signal',
        dimensions: { sensor: 's1' },
        measureName: 'v',
        times: fill(m, (k) => start + (off + k) * STEP_MS),
        values: fill(m, (k) => value(off + k)),
      });
    }
    const writeS = (performance.now() - written) / 1000;
    const range = { fromMs: start, toMs: start + n * STEP_MS - 1 };
    const sql = `SELECT time, measure_value::double AS v, sensor FROM bench.signal WHERE measure_name = 'v' AND $__timeFilter ORDER BY time`;
    const pushed = await time(async () => (await db.query(sql, { range, pixels: PIXELS })).rowCount);
    const generic =
      n <= GENERIC_LIMIT ? await time(async () => (await db.query(sql, { range, pixels: PIXELS, pixelPushdown: false })).rowCount) : null;
    await db.close();

    await duck.run('DROP TABLE IF EXISTS s');
    await duck.run(
      `CREATE TABLE s AS SELECT ${start}::BIGINT + i * ${STEP_MS} AS t, 50 + 30 * sin(i / 5000.0) + ((i * 7919) % 13) - 6 AS v FROM range(${n}) r(i)`,
    );
    const from = range.fromMs;
    const to = range.toMs + 1;
    const m4Sql = `WITH q AS (SELECT t, v, floor((t - ${from}) * ${PIXELS} / ${to - from})::INTEGER AS px FROM s WHERE t >= ${from} AND t < ${to}),
      a AS (SELECT px, min(t) AS tf, max(t) AS tl, min(v) AS vmin, max(v) AS vmax FROM q GROUP BY px)
      SELECT q.t, q.v FROM q JOIN a ON q.px = a.px AND (q.t = a.tf OR q.t = a.tl OR q.v = a.vmin OR q.v = a.vmax) ORDER BY q.t`;
    const duckdb = await time(async () => (await duck.runAndReadAll(m4Sql)).currentRowCount);
    results.push({
      points: n,
      tidemark_scan_ms: Number(pushed.ms.toFixed(2)),
      tidemark_scan_first_ms: Number(pushed.firstMs.toFixed(2)),
      tidemark_scan_cpu_ms: Number(pushed.cpuMs.toFixed(2)),
      tidemark_sql_ms: generic ? Number(generic.ms.toFixed(2)) : null,
      duckdb_ms: Number(duckdb.ms.toFixed(2)),
      duckdb_cpu_ms: Number(duckdb.cpuMs.toFixed(2)),
      rows: pushed.rows,
      write_s: Number(writeS.toFixed(1)),
    });
    const genericText = generic ? `${generic.ms.toFixed(2)} ms (${generic.rows} rows)` : '(skipped: materialises every row)';
    lines.push(
      [
        n.toLocaleString('en-US').padStart(12),
        `${pushed.ms.toFixed(2)} ms, CPU ${pushed.cpuMs.toFixed(2)} (${pushed.rows} rows, first ${pushed.firstMs.toFixed(1)} ms)`.padEnd(
          52,
        ),
        genericText.padEnd(36),
        `${duckdb.ms.toFixed(2)} ms, CPU ${duckdb.cpuMs.toFixed(2)} (${duckdb.rows} rows)`,
      ].join('   '),
    );
  }
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  console.log(`\nM4 at ${PIXELS} pixels over one series, median of ${RUNS} runs (ms); load average at the end ${load.join(' ')}`);
  console.log(
    ['      points', 'Tidemark M4 in the scan'.padEnd(52), 'Tidemark M4 over SQL rows'.padEnd(36), 'DuckDB M4 SQL (1 thread)'].join('   '),
  );
  for (const line of lines) console.log(line);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/charts.json', `${JSON.stringify({ pixels: PIXELS, runs: RUNS, loadAverage: load, results }, null, 2)}\n`);
});
