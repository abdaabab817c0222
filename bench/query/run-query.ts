// npm run bench:query — the TSBS cpu-only query set (../shared/reference/benchmarks-and-compression.md
// section 2.3) in Timestream's dialect, on the storage benchmark's data shape: BENCH_HOSTS hosts
// (default 100) x 10 fields x 24 h at 10 s, one single-measure series per (host, field), as the
// TSBS Timestream loader writes it. Each query runs after a warm-up, 5 times with fresh random
// windows drawn as TSBS draws them; prints a table and writes bench/results/query.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { runSql } from '../../src/engine/sql/run-sql.ts';
import { chunkCodecFor, MemoryDurability, StorageEngine } from '../../src/engine/storage/index.ts';
import { StorageSqlCatalog } from '../../src/engine/storage-sql-catalog.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { TSBS_FIELDS, tsbsCpuSeries } from '../codecs/tsbs.ts';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 100);
const RUNS = 5;
const POINTS = 8640;
const START_MS = Date.UTC(2016, 0, 1);
const HOUR = 3_600_000;
const END_MS = START_MS + 24 * HOUR;
const T = '"bench"."cpu"';

/** A seeded generator, so every run draws the same windows and hosts. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(42);
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
/** A window of `hours`, its start uniform in [start, end - length) (TSBS draws at ns resolution; ms here). */
function window(hours: number): [string, string] {
  const start = START_MS + Math.floor(rand() * (END_MS - hours * HOUR - START_MS));
  return [iso(start), iso(start + hours * HOUR)];
}
function hosts(n: number): string {
  const picked = new Set<number>();
  while (picked.size < Math.min(n, HOSTS)) picked.add(Math.floor(rand() * HOSTS));
  return [...picked].map((h) => `'host_${h}'`).join(', ');
}
const maxOf = (fields: readonly string[]) =>
  fields.map((f) => `max(CASE WHEN measure_name = '${f}' THEN measure_value::double END) AS max_${f}`).join(', ');
const avgOf = (fields: readonly string[]) =>
  fields.map((f) => `avg(CASE WHEN measure_name = '${f}' THEN measure_value::double END) AS avg_${f}`).join(', ');
const names = (fields: readonly string[]) => fields.map((f) => `'${f}'`).join(', ');

function singleGroupby(metrics: number, nHosts: number, hours: number): () => string {
  return () => {
    const [from, to] = window(hours);
    const fields = TSBS_FIELDS.slice(0, metrics);
    return `SELECT bin(time, 1m) AS minute, ${maxOf(fields)} FROM ${T} WHERE measure_name IN (${names(fields)}) AND hostname IN (${hosts(nHosts)}) AND time >= '${from}' AND time < '${to}' GROUP BY 1 ORDER BY 1`;
  };
}
function cpuMaxAll(nHosts: number): () => string {
  return () => {
    const [from, to] = window(8);
    return `SELECT bin(time, 1h) AS hour, ${maxOf(TSBS_FIELDS)} FROM ${T} WHERE hostname IN (${hosts(nHosts)}) AND time >= '${from}' AND time < '${to}' GROUP BY 1 ORDER BY 1`;
  };
}
function doubleGroupby(metrics: number): () => string {
  return () => {
    const [from, to] = window(12);
    const fields = TSBS_FIELDS.slice(0, metrics);
    return `SELECT bin(time, 1h) AS hour, hostname, ${avgOf(fields)} FROM ${T} WHERE measure_name IN (${names(fields)}) AND time >= '${from}' AND time < '${to}' GROUP BY 1, 2 ORDER BY 1, 2`;
  };
}
function highCpu(nHosts: number | null): () => string {
  return () => {
    const [from, to] = window(12);
    const hostFilter = nHosts === null ? '' : ` AND hostname IN (${hosts(nHosts)})`;
    // Timestream's TSBS form: the rows where usage_user > 90, joined back on host and time for every measure.
    return `SELECT c.hostname, c.time, c.measure_name, c.measure_value::double FROM ${T} c JOIN (SELECT hostname, time FROM ${T}
      WHERE measure_name = 'usage_user' AND measure_value::double > 90.0 AND time >= '${from}' AND time < '${to}'${hostFilter}) h
      ON c.hostname = h.hostname AND c.time = h.time WHERE c.time >= '${from}' AND c.time < '${to}'`;
  };
}
const QUERIES: [string, () => string][] = [
  ['single-groupby-1-1-1', singleGroupby(1, 1, 1)],
  ['single-groupby-1-1-12', singleGroupby(1, 1, 12)],
  ['single-groupby-1-8-1', singleGroupby(1, 8, 1)],
  ['single-groupby-5-1-1', singleGroupby(5, 1, 1)],
  ['single-groupby-5-1-12', singleGroupby(5, 1, 12)],
  ['single-groupby-5-8-1', singleGroupby(5, 8, 1)],
  ['cpu-max-all-1', cpuMaxAll(1)],
  ['cpu-max-all-8', cpuMaxAll(8)],
  ['double-groupby-1', doubleGroupby(1)],
  ['double-groupby-5', doubleGroupby(5)],
  ['double-groupby-all', doubleGroupby(10)],
  ['high-cpu-1', highCpu(1)],
  ['high-cpu-all', highCpu(null)],
  [
    'groupby-orderby-limit',
    () =>
      `SELECT bin(time, 1m) AS minute, max(measure_value::double) FROM ${T} WHERE measure_name = 'usage_user' AND time < '${window(1)[1]}' GROUP BY 1 ORDER BY 1 DESC LIMIT 5`,
  ],
  [
    'lastpoint',
    () =>
      `WITH latest AS (SELECT hostname, measure_name, max(time) AS t FROM ${T} GROUP BY hostname, measure_name)
       SELECT c.hostname, c.measure_name, c.time, c.measure_value::double FROM ${T} c JOIN latest l
       ON c.hostname = l.hostname AND c.measure_name = l.measure_name AND c.time = l.t`,
  ],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it(`TSBS cpu-only queries over ${HOSTS} hosts`, async () => {
  const kernel = await loadKernelFromFile();
  const engine = await StorageEngine.open({
    codec: chunkCodecFor(kernel),
    durability: new MemoryDurability(),
    clock: () => END_MS + 60_000,
  });
  await engine.createDatabase('bench');
  await engine.createTable('bench', 'cpu', { memoryStoreRetentionHours: 48 });
  const times = Float64Array.from({ length: POINTS }, (_, i) => START_MS + i * 10_000);
  for (let h = 0; h < HOSTS; h++) {
    const series = tsbsCpuSeries(POINTS, 1000 + h);
    for (const [f, s] of series.entries()) {
      await engine.writeColumns({
        database: 'bench',
        table: 'cpu',
        dimensions: { hostname: `host_${h}` },
        measureName: TSBS_FIELDS[f] as string,
        times,
        values: s.values,
      });
    }
  }
  const catalog = new StorageSqlCatalog(engine);
  const now = BigInt(END_MS) * 1_000_000n;
  const results: { name: string; median_ms: number; values_scanned_per_s: number; rows: number }[] = [];
  for (const [name, make] of QUERIES) {
    await runSql(catalog, make(), { now }); // warm-up
    const ms: number[] = [];
    const rates: number[] = [];
    let rows = 0;
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const result = await runSql(catalog, make(), { now });
      const elapsed = performance.now() - t0;
      ms.push(elapsed);
      rates.push(result.statistics.scan.rowsProduced / (elapsed / 1000));
      rows = result.rowCount;
    }
    results.push({ name, median_ms: Number(median(ms).toFixed(2)), values_scanned_per_s: Math.round(median(rates)), rows });
  }
  console.log(
    `\nTSBS cpu-only, ${HOSTS} hosts x 10 fields x 24 h (${(HOSTS * POINTS * 10).toLocaleString('en-US')} points), median of ${RUNS}`,
  );
  console.log('query                       median ms   values scanned/s   rows');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(26)} ${r.median_ms.toFixed(2).padStart(10)}   ${(r.values_scanned_per_s / 1e6).toFixed(1).padStart(10)} M/s   ${String(r.rows).padStart(6)}`,
    );
  }
  console.log('targets: >= 1,000 M values/s on decoding scans; < 5 ms for lastpoint and single-host one-hour queries');
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('../results/query.json', import.meta.url),
    `${JSON.stringify({ scale: { hosts: HOSTS, fields: 10, hours: 24, points: HOSTS * POINTS * 10 }, queries: results.map(({ name, median_ms, values_scanned_per_s }) => ({ name, median_ms, values_scanned_per_s })) }, null, 2)}\n`,
  );
});
