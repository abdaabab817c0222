/**
 * The benchmark page. Opened plainly it waits for the driver to call `tidemarkBench.run(config)`: it
 * generates TSBS cpu-only data, loads it into Tidemark and DuckDB-WASM (timed), reads each engine's memory,
 * then runs every TSBS cpu-only query in both (a warm-up, then the timed runs, each run on a fresh draw of
 * window and hosts shared by the two engines, which alternate going first), compares every pair of
 * answers and fails on a mismatch. Opened with ?ready=tidemark or ?ready=duckdb it only loads that engine
 * and records when it answered its first query, counted from navigation start.
 */
import { TSBS_FIELDS } from '../codecs/tsbs.ts';
import { duckdbSql, TSBS_CPU_ONLY_QUERIES, timestreamSql, tsbsQueryDrawer } from '../query/tsbs-queries.ts';
import { canonDuckdb, canonTidemark, difference } from './compare.ts';
import { type BenchConfig, median, type PageReport, type QueryFigures, type ReadyReport } from './report.ts';
import { generateTsbsCpu, TSBS_INTERVAL_MS, type TsbsCpuData } from './tsbs-data.ts';

declare global {
  interface Window {
    tidemarkBench: {
      run(config: BenchConfig): Promise<PageReport>;
      ingestAlone(config: BenchConfig, engine: ReadyReport['engine']): Promise<number>;
    };
    tidemarkBenchReady?: Promise<ReadyReport>;
  }
}

const DAY = 86_400_000;

/** The fastest and slowest of a query's timed runs, for the log. */
const spread = (ms: readonly number[]) => `${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)}`;
const log = (message: string) => console.log(`[bench] ${message}`);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/**
 * Lets the page go quiet before a timed ingest: a full collection (the driver starts Chromium with
 * --expose-gc) and a 1 s pause for the workers' own collections and IndexedDB's commits, so the engine timed
 * next does not pay for the garbage the one before it left (the data generation's, or the other engine's).
 */
async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** The config's TSBS data, ending at a midnight at or before `nowMs` so all of it is inside Tidemark's memory-store window. */
function benchData(config: BenchConfig, nowMs: number): TsbsCpuData {
  const startMs = Math.floor(nowMs / DAY) * DAY - Math.ceil(config.hours / 24) * DAY;
  return generateTsbsCpu({ hosts: config.hosts, hours: config.hours, startMs, seed: config.seed });
}

async function run(config: BenchConfig): Promise<PageReport> {
  const { TidemarkSide, TIDEMARK_TABLE } = await import('./tidemark-side.ts');
  const { DuckdbSide, DUCKDB_TABLE } = await import('./duckdb-side.ts');
  // Both engines stay up until the driver closes the page: stopping a worker mid-page shows up as aborted requests.
  const tidemark = await TidemarkSide.start();
  const duck = await DuckdbSide.start();
  const nowMs = Date.now();
  const generated = await timed(async () => benchData(config, nowMs));
  const data = generated.value;
  const rows = data.epochs * data.hosts;
  log(`generated ${rows.toLocaleString('en-US')} rows (${data.hosts} hosts x ${data.epochs} epochs) in ${generated.ms.toFixed(0)} ms`);

  // The page loads both engines for the queries; its ingests are logged, while the ingest figures are the driver's
  // medians over fresh pages that each hold one engine (ingestAlone), as an app runs one.
  await settle();
  const tidemarkIngest = await timed(() => tidemark.ingest(data, nowMs, config.layout));
  log(`Tidemark ingested ${config.layout}-measure records in ${tidemarkIngest.ms.toFixed(0)} ms (the shared page)`);
  await settle();
  const duckIngest = await timed(() => duck.ingest(data));
  log(`DuckDB ingested in ${duckIngest.ms.toFixed(0)} ms (the shared page): ${await duck.describe()}`);

  const draw = tsbsQueryDrawer({ hosts: data.hosts, startMs: data.startMs, endMs: data.endMs, seed: config.seed });
  const queries: QueryFigures[] = [];
  for (const { name, shape } of TSBS_CPU_ONLY_QUERIES) {
    if (config.queries && !config.queries.includes(name)) continue;
    const tidemarkMs: number[] = [];
    const duckMs: number[] = [];
    // The engine's own time for each answer (statistics.elapsedMs, in the worker before the answer is posted).
    const engineMs: number[] = [];
    let answerRows = 0;
    for (let r = -1; r < config.runs; r++) {
      const params = draw(shape);
      const tidemarkSql = timestreamSql(shape, params, TIDEMARK_TABLE, config.layout);
      const duckSql = duckdbSql(shape, params, DUCKDB_TABLE);
      const runTidemark = () => timed(() => tidemark.query(tidemarkSql));
      const runDuck = () => timed(() => duck.query(duckSql));
      let t: Awaited<ReturnType<typeof runTidemark>>;
      let d: Awaited<ReturnType<typeof runDuck>>;
      if (r % 2 === 0) {
        t = await runTidemark();
        d = await runDuck();
      } else {
        d = await runDuck();
        t = await runTidemark();
      }
      const mismatch = difference(canonTidemark(shape, t.value, config.layout), canonDuckdb(shape, d.value));
      if (mismatch) throw new Error(`${name}: the engines disagree: ${mismatch}\nTidemark: ${tidemarkSql}\nDuckDB: ${duckSql}`);
      answerRows = d.value.numRows;
      // Run -1 is the warm-up.
      if (r >= 0) {
        tidemarkMs.push(t.ms);
        engineMs.push(t.value.statistics.elapsedMs);
        duckMs.push(d.ms);
      }
    }
    const figures = {
      name,
      tidemark_ms: median(tidemarkMs),
      duckdb_ms: median(duckMs),
      ratio: median(duckMs) / median(tidemarkMs),
      rows: answerRows,
      tidemark_runs_ms: tidemarkMs,
      duckdb_runs_ms: duckMs,
    };
    log(
      `${name}: Tidemark ${figures.tidemark_ms.toFixed(1)} ms (${spread(tidemarkMs)}; engine ${median(engineMs).toFixed(1)} ms), DuckDB ${figures.duckdb_ms.toFixed(1)} ms (${spread(duckMs)}), ${answerRows} rows, answers equal`,
    );
    queries.push(figures);
  }
  // Read after the queries, so that what an engine keeps from them counts too (Tidemark's chunk copies in its kernel).
  const held = await tidemark.memory();
  const memory = { tidemark_bytes: held.total, duckdb_bytes: await duck.memoryBytes() };
  log(`memory: Tidemark ${memory.tidemark_bytes} B (${held.resident} B of it the kernel's chunk copies), DuckDB ${memory.duckdb_bytes} B`);
  return {
    scale: {
      hosts: data.hosts,
      hours: config.hours,
      interval_s: TSBS_INTERVAL_MS / 1000,
      rows,
      values: rows * TSBS_FIELDS.length,
      runs: config.runs,
      seed: config.seed,
      start: new Date(data.startMs).toISOString(),
      layout: config.layout,
    },
    generate_ms: generated.ms,
    ingest: { tidemark_ms: tidemarkIngest.ms, duckdb_ms: duckIngest.ms },
    memory,
    queries,
    duckdb: { version: await duck.version(), schema: await duck.describe() },
  };
}

/**
 * One timed ingest in a page that loads only `engine`: the data generated as `run` generates it, the page settled,
 * then the engine's fastest path timed until it answers that everything is stored.
 */
async function ingestAlone(config: BenchConfig, engine: ReadyReport['engine']): Promise<number> {
  const nowMs = Date.now();
  const timeIngest = async (ingest: (data: TsbsCpuData) => Promise<void>): Promise<number> => {
    const data = benchData(config, nowMs);
    await settle();
    return (await timed(() => ingest(data))).ms;
  };
  if (engine === 'tidemark') {
    const { TidemarkSide } = await import('./tidemark-side.ts');
    const side = await TidemarkSide.start();
    return timeIngest((data) => side.ingest(data, nowMs, config.layout));
  }
  const { DuckdbSide } = await import('./duckdb-side.ts');
  const side = await DuckdbSide.start();
  return timeIngest((data) => side.ingest(data));
}

async function ready(engine: string): Promise<ReadyReport> {
  if (engine === 'tidemark') {
    const { TidemarkSide } = await import('./tidemark-side.ts');
    await TidemarkSide.start();
    return { engine, ms: performance.now() };
  }
  if (engine === 'duckdb') {
    const { DuckdbSide } = await import('./duckdb-side.ts');
    await DuckdbSide.start();
    return { engine, ms: performance.now() };
  }
  throw new Error(`?ready must be tidemark or duckdb (got ${engine}).`);
}

window.tidemarkBench = { run, ingestAlone };
const engine = new URLSearchParams(location.search).get('ready');
if (engine !== null) {
  window.tidemarkBenchReady = ready(engine);
  window.tidemarkBenchReady.catch(() => undefined);
}
