// npm run bench:query — the TSBS cpu-only query set (../shared/reference/benchmarks-and-compression.md
// section 2.3) in Timestream's dialect, on the storage benchmark's data shape: BENCH_HOSTS hosts
// (default 100) x 10 fields x 24 h at 10 s. BENCH_LAYOUT=single (default) writes one single-measure
// series per (host, field), as the TSBS Timestream loader writes it; BENCH_LAYOUT=multi one MULTI series
// per host (measure_name `cpu`, the ten fields as DOUBLE attributes), Timestream's recommended layout,
// with the queries written for it. Each query runs BENCH_WARMUP times (10) untimed in each engine, so both run
// compiled code rather than V8's first tiers or DuckDB's cold caches, then BENCH_RUNS times (15) timed, each with
// fresh random windows drawn as TSBS draws them, and the medians are reported; prints a table and writes
// bench/results/query.json.
// The peer: DuckDB (@duckdb/node-api, one thread, as DuckDB-WASM runs) holds the same points as
// one wide row per host and time (the browser benchmark's shape) and runs the same draw in its
// dialect (tsbs-queries.ts), in the same process, side by side; row counts must agree (a pivoted
// answer has one Tidemark row per field). BENCH_PEER=0 leaves it out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { DOUBLE, type DuckDBConnection, DuckDBInstance, LIST } from '@duckdb/node-api';
import { it } from 'vitest';
import { runSql } from '../../src/engine/sql/run-sql.ts';
import { chunkCodecFor, MemoryDurability, StorageEngine } from '../../src/engine/storage/index.ts';
import { StorageSqlCatalog } from '../../src/engine/storage-sql-catalog.ts';
import { residentChunks } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { TSBS_FIELDS, tsbsCpuSeries } from '../codecs/tsbs.ts';
import {
  BEYOND_TSBS_QUERIES,
  duckdbSql,
  parseTsbsLayout,
  TSBS_CPU_ONLY_QUERIES,
  TSBS_MULTI_MEASURE,
  type TsbsQueryShape,
  tidemarkAnswerIsLong,
  timestreamSql,
  tsbsQueryDrawer,
  tsbsValuesScanned,
} from './tsbs-queries.ts';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 100);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 15));
const WARMUP = Math.max(1, Number(process.env.BENCH_WARMUP ?? 10));
const POINTS = 8640;
const START_MS = Date.UTC(2016, 0, 1);
const HOUR = 3_600_000;
const END_MS = START_MS + 24 * HOUR;
const T = '"bench"."cpu"';
const LAYOUT = parseTsbsLayout(process.env.BENCH_LAYOUT, 'single');

const draw = tsbsQueryDrawer({ hosts: HOSTS, startMs: START_MS, endMs: END_MS });
/** Each query with a fresh draw of its window and hosts per call, in both dialects; `perRow` is Tidemark's rows per DuckDB row. */
const QUERIES: [string, () => { tidemark: string; duckdb: string; perRow: number; shape: TsbsQueryShape }][] = [
  ...TSBS_CPU_ONLY_QUERIES,
  ...BEYOND_TSBS_QUERIES,
].map(({ name, shape }) => [
  name,
  () => {
    const params = draw(shape);
    return {
      tidemark: timestreamSql(shape, params, T, LAYOUT),
      duckdb: duckdbSql(shape, params, 'cpu'),
      perRow: tidemarkAnswerIsLong(shape, LAYOUT) ? TSBS_FIELDS.length : 1,
      shape,
    };
  },
]);

/** BENCH_QUERIES=lastpoint,high-cpu-all runs only those (for profiling one shape). */
const ONLY = process.env.BENCH_QUERIES?.split(',').map((q) => q.trim());
const SELECTED = ONLY ? QUERIES.filter(([name]) => ONLY.includes(name)) : QUERIES;

const PEER = process.env.BENCH_PEER !== '0';
/** BENCH_PUSHDOWN=0 runs the plain operators (no aggregate pushdown, runtime filters or vectorised probes), to compare. */
const PUSHDOWN = process.env.BENCH_PUSHDOWN !== '0';

async function openPeer(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE cpu (time TIMESTAMP, hostname VARCHAR, ${TSBS_FIELDS.map((f) => `${f} DOUBLE`).join(', ')})`);
  return connection;
}

/**
 * BENCH_PEER=0 BENCH_FLUSH_MB=64 writes that many MiB between Tidemark's timed runs (untimed), pushing its code's
 * data out of the caches as DuckDB's scan does beside it: for profiling one engine without the other's samples.
 */
const flushWords = new Int32Array(Math.max(0, Number(process.env.BENCH_FLUSH_MB ?? 0)) << 18);
const flushed = { sum: 0 };
function flushCaches(): void {
  let sum = 0;
  for (let i = 0; i < flushWords.length; i += 16) sum += flushWords[i] = ((flushWords[i] as number) + 1) | 0;
  flushed.sum += sum;
}

/**
 * BENCH_PEER=0 BENCH_GAP_MS=20 waits that long between Tidemark's timed runs (untimed, the thread kept busy on the
 * clock, touching almost no memory): queries that come apart, as a dashboard's do, without DuckDB's scan between them.
 */
const GAP_MS = Math.max(0, Number(process.env.BENCH_GAP_MS ?? 0));
function waitGap(): void {
  const end = performance.now() + GAP_MS;
  let spins = 0;
  while (performance.now() < end) spins++;
  flushed.sum += spins;
}

/**
 * BENCH_LIVE=1 appends one point to host_0's head (every field) after each of Tidemark's runs, untimed, a millisecond
 * after the last: a live stream writing while a dashboard refreshes. The queries' windows end before it, so the
 * answers stay DuckDB's; what changes is that the heads changed since the last query (see data-revision.ts).
 */
const LIVE = process.env.BENCH_LIVE === '1';
let liveWrites = 0;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it(`TSBS cpu-only queries over ${HOSTS} hosts`, async () => {
  const kernel = await loadKernelFromFile();
  // BENCH_RESIDENT_BYTES=0 copies every chunk into the kernel per query, as before chunks were kept resident (to compare).
  if (process.env.BENCH_RESIDENT_BYTES !== undefined) residentChunks(kernel).setBudget(Number(process.env.BENCH_RESIDENT_BYTES));
  const engine = await StorageEngine.open({
    codec: chunkCodecFor(kernel),
    durability: new MemoryDurability(),
    clock: () => END_MS + 60_000,
    // BENCH_CHUNK_POINTS tries another chunk size (the engine's default is 8192 points).
    ...(process.env.BENCH_CHUNK_POINTS ? { chunkPoints: Number(process.env.BENCH_CHUNK_POINTS) } : {}),
  });
  await engine.createDatabase('bench');
  await engine.createTable('bench', 'cpu', { memoryStoreRetentionHours: 48 });
  const peer = PEER ? await openPeer() : null;
  // One host at a time into DuckDB: its ten fields as lists, unnested side by side against the 10 s grid.
  const insert = await peer?.prepare(
    `INSERT INTO cpu SELECT epoch_ms($2 + i * 10000), $1, ${TSBS_FIELDS.map((_, f) => `v${f}`).join(', ')} FROM (SELECT unnest(range(${POINTS})) AS i, ${TSBS_FIELDS.map((_, f) => `unnest($${f + 3}) AS v${f}`).join(', ')})`,
  );
  /** One host's points, its ten fields as the layout holds them. */
  const writeHost = async (hostname: string, times: Float64Array, fields: readonly Float64Array[]): Promise<void> => {
    if (LAYOUT === 'multi')
      await engine.writeColumns({
        database: 'bench',
        table: 'cpu',
        dimensions: { hostname },
        measureName: TSBS_MULTI_MEASURE,
        times,
        columns: fields.map((values, f) => ({ name: TSBS_FIELDS[f] as string, type: 'DOUBLE' as const, values })),
      });
    else
      for (const [f, values] of fields.entries())
        await engine.writeColumns({
          database: 'bench',
          table: 'cpu',
          dimensions: { hostname },
          measureName: TSBS_FIELDS[f] as string,
          times,
          values,
        });
  };
  const times = Float64Array.from({ length: POINTS }, (_, i) => START_MS + i * 10_000);
  for (let h = 0; h < HOSTS; h++) {
    const series = tsbsCpuSeries(POINTS, 1000 + h);
    await writeHost(
      `host_${h}`,
      times,
      series.map((s) => s.values),
    );
    if (insert) {
      insert.bindVarchar(1, `host_${h}`);
      insert.bindBigInt(2, BigInt(START_MS));
      for (const [f, s] of series.entries()) insert.bindList(f + 3, Array.from(s.values), LIST(DOUBLE));
      await insert.run();
    }
  }
  const catalog = new StorageSqlCatalog(engine);
  const writeLive = async (): Promise<void> => {
    if (!LIVE) return;
    liveWrites++;
    await writeHost(
      'host_0',
      Float64Array.of(END_MS + liveWrites),
      TSBS_FIELDS.map((_, f) => Float64Array.of(liveWrites + f)),
    );
  };
  const now = BigInt(END_MS) * 1_000_000n;
  const results: {
    name: string;
    median_ms: number;
    values_scanned_per_s: number;
    rows: number;
    chunks: { headers: number; kernel: number; decoded: number };
    duckdb_ms: number | null;
    phases_ms: { parse: number; plan: number; execute: number };
  }[] = [];
  for (const [name, make] of SELECTED) {
    for (let w = 0; w < WARMUP; w++) {
      const sql = make();
      await runSql(catalog, sql.tidemark, { now, pushdown: PUSHDOWN });
      await writeLive();
      if (peer) await peer.run(sql.duckdb);
    }
    const ms: number[] = [];
    const peerMs: number[] = [];
    const rates: number[] = [];
    const phases = { parse: [] as number[], plan: [] as number[], execute: [] as number[] };
    let rows = 0;
    let chunks = { headers: 0, kernel: 0, decoded: 0 };
    if (process.env.BENCH_EXPLAIN) {
      const plan = await runSql(catalog, `EXPLAIN ANALYZE ${make().tidemark}`, { now, pushdown: PUSHDOWN });
      console.log(Array.from({ length: plan.rowCount }, (_, i) => plan.vectors[0]!.get(i)).join('\n'));
    }
    for (let r = 0; r < RUNS; r++) {
      const sql = make();
      const t0 = performance.now();
      const result = await runSql(catalog, sql.tidemark, { now, pushdown: PUSHDOWN });
      // The answer as a caller reads it: a result's vectors are concatenated from its batches when first read.
      void result.vectors;
      const elapsed = performance.now() - t0;
      if (peer) {
        const p0 = performance.now();
        const reader = await peer.runAndReadAll(sql.duckdb);
        peerMs.push(performance.now() - p0);
        if (reader.currentRowCount * sql.perRow !== result.rowCount)
          throw new Error(
            `${name}: Tidemark returned ${result.rowCount} rows, DuckDB ${reader.currentRowCount}\n${sql.tidemark}\n${sql.duckdb}`,
          );
      }
      ms.push(elapsed);
      if (flushWords.length > 0) flushCaches();
      if (GAP_MS > 0) waitGap();
      await writeLive();
      phases.parse.push(result.statistics.phases.parseMs);
      phases.plan.push(result.statistics.phases.planMs);
      phases.execute.push(result.statistics.phases.executeMs);
      rates.push(tsbsValuesScanned(sql.shape, LAYOUT, result.statistics.scan.rowsProduced) / (elapsed / 1000));
      rows = result.rowCount;
      const scan = result.statistics.scan;
      chunks = { headers: scan.chunksAnsweredFromHeaders, kernel: scan.chunksAggregatedInKernel ?? 0, decoded: scan.chunksDecoded };
    }
    results.push({
      name,
      median_ms: Number(median(ms).toFixed(2)),
      values_scanned_per_s: Math.round(median(rates)),
      rows,
      chunks,
      duckdb_ms: peer ? Number(median(peerMs).toFixed(2)) : null,
      phases_ms: {
        parse: Number(median(phases.parse).toFixed(3)),
        plan: Number(median(phases.plan).toFixed(3)),
        execute: Number(median(phases.execute).toFixed(3)),
      },
    });
  }
  console.log(
    `\nTSBS cpu-only, ${HOSTS} hosts x 10 fields x 24 h (${(HOSTS * POINTS * 10).toLocaleString('en-US')} points), ${LAYOUT}-measure records, median of ${RUNS} after ${WARMUP} warm-up runs per engine`,
  );
  // Chunks (last run): answered from headers' pre-aggregates / aggregated in the kernel's fused pass / decoded to points.
  // Phases (medians): parsing the text, binding and planning it, running the plan (Tidemark's median ms is about their sum).
  console.log(
    'query                       median ms  DuckDB ms  DuckDB/us   values scanned/s   rows   chunks: headers  kernel  decoded   parse  plan  execute ms',
  );
  for (const r of results) {
    const peerCells =
      r.duckdb_ms === null
        ? `${'-'.padStart(9)}  ${'-'.padStart(9)}`
        : `${r.duckdb_ms.toFixed(2).padStart(9)}  ${(r.duckdb_ms / r.median_ms).toFixed(2).padStart(8)}x`;
    console.log(
      `${r.name.padEnd(26)} ${r.median_ms.toFixed(2).padStart(10)}  ${peerCells}   ${(r.values_scanned_per_s / 1e6).toFixed(1).padStart(10)} M/s   ${String(r.rows).padStart(6)}   ${String(r.chunks.headers).padStart(14)}  ${String(r.chunks.kernel).padStart(6)}  ${String(r.chunks.decoded).padStart(7)}   ${r.phases_ms.parse.toFixed(2).padStart(5)} ${r.phases_ms.plan.toFixed(2).padStart(5)} ${r.phases_ms.execute.toFixed(2).padStart(8)}`,
    );
  }
  peer?.closeSync();
  console.log('targets: >= 1,000 M values/s on decoding scans; < 5 ms for lastpoint and single-host one-hour queries');
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('../results/query.json', import.meta.url),
    `${JSON.stringify({ scale: { hosts: HOSTS, fields: 10, hours: 24, points: HOSTS * POINTS * 10, layout: LAYOUT }, queries: results.map(({ name, median_ms, values_scanned_per_s, duckdb_ms, chunks, phases_ms }) => ({ name, median_ms, values_scanned_per_s, duckdb_ms, chunks, phases_ms })) }, null, 2)}\n`,
  );
});
