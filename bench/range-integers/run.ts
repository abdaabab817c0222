// The kernel's range pass (aggregateChunkRange: integer ALP decode + min/max/sum reduce) over
// TSBS-like chunks in isolation, A/B interleaved in one process against another kernel build:
//   RANGE_BASE=/path/to/other/kernel.wasm npx vitest run --config bench/range-integers/vitest.config.ts
// Env: RANGE_CHUNKS (8 host-chunks of 8,192 rows x 10 fields), RANGE_HOURS (8, 1 h buckets),
// RANGE_ROUNDS, RANGE_REPS, RANGE_WANTS=sum (sums only, no min/max or edges: the sum-only pass
// of sumIntegerVector; default all), RANGE_FLUSH_MB (writes that many MiB before each rep, untimed, leaving the
// caches cold as the query benchmark's DuckDB scan does; times are then process CPU time of the timed parts). Both kernels must give the same cells (RANGE_NOCHECK=1 skips that).
import { it } from 'vitest';
import { aggregateChunkRange, bucketSpecFor, encodeChunk, type Kernel, RANGE_WANTS_ALL } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { tsbsCpuSeries } from '../codecs/tsbs.ts';

const SEC = 1_000_000_000n;
const HOUR = 3600n * SEC;

it('range pass over integer ALP columns', async () => {
  const paths: [string, string][] = [['this', 'build/kernel.wasm']];
  // RANGE_BASE may list several builds, comma-separated.
  if (process.env.RANGE_BASE) paths.unshift(...process.env.RANGE_BASE.split(',').map((path, i): [string, string] => [`base${i}`, path]));
  const kernels: [string, Kernel][] = [];
  for (const [name, path] of paths) kernels.push([name, await loadKernelFromFile(path)]);
  const chunks = Number(process.env.RANGE_CHUNKS ?? 8);
  const rounds = Number(process.env.RANGE_ROUNDS ?? 15);
  const reps = Number(process.env.RANGE_REPS ?? 20);
  const hours = BigInt(process.env.RANGE_HOURS ?? 8);
  const wants = process.env.RANGE_WANTS === 'sum' ? { minMax: false, edges: false } : RANGE_WANTS_ALL;
  const series = Array.from({ length: chunks }, (_, h) => tsbsCpuSeries(8192, 100 + h));
  // RANGE_COLUMNS: the first that many fields are aggregated (all 10 by default; double-groupby-5 reads 5).
  const names = (series[0] ?? []).map((s) => s.name).slice(0, Number(process.env.RANGE_COLUMNS ?? 10));
  const prepared = kernels.map(([name, k]) => ({
    name,
    k,
    bytes: series.map((s) =>
      encodeChunk(k, {
        times: (s[0] as { times: BigInt64Array }).times,
        columns: s.map((c) => ({ name: c.name, type: 'double' as const, values: c.values })),
      }),
    ),
  }));
  // RANGE_FROM_HOURS: the range starts that many hours into each chunk (1 by default; the vectors before it are stepped over).
  const t0 = (series[0]?.[0]?.times[0] as bigint) + BigInt(process.env.RANGE_FROM_HOURS ?? 1) * HOUR;
  const from = t0;
  const to = t0 + hours * HOUR;
  const spec = bucketSpecFor(from, to - 1n, 0n, HOUR);
  const values = Number(hours) * 360 * names.length * chunks;
  // Same answers from every kernel.
  const answers = prepared.map((p) =>
    p.bytes.map((b) => Array.from(aggregateChunkRange(p.k, b, names, spec, from, to, false, wants).cells).join(',')).join('|'),
  );
  if (!process.env.RANGE_NOCHECK && answers.some((a) => a !== answers[0])) throw new Error('kernels disagree');
  const flushWords = new Int32Array(Number(process.env.RANGE_FLUSH_MB ?? 0) << 18);
  let flushed = 0;
  const times: number[][] = prepared.map(() => []);
  for (let r = 0; r < rounds; r++) {
    prepared.forEach((p, i) => {
      if (flushWords.length === 0) {
        const start = performance.now();
        for (let q = 0; q < reps; q++) for (const b of p.bytes) aggregateChunkRange(p.k, b, names, spec, from, to, true, wants);
        times[i]?.push((performance.now() - start) / reps);
        return;
      }
      let spent = 0;
      for (let q = 0; q < reps; q++) {
        for (let w = 0; w < flushWords.length; w += 16) flushed += flushWords[w] = ((flushWords[w] as number) + 1) | 0;
        const start = process.cpuUsage();
        for (const b of p.bytes) aggregateChunkRange(p.k, b, names, spec, from, to, true, wants);
        const used = process.cpuUsage(start);
        spent += (used.user + used.system) / 1000;
      }
      times[i]?.push(spent / reps);
    });
  }
  if (flushed === 0.5) console.log('');
  prepared.forEach((p, i) => {
    const sorted = [...(times[i] as number[])].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1] as number;
    const best = sorted[0] as number;
    console.log(
      `${p.name.padEnd(6)} ${median.toFixed(3)} ms per ${values} values: ${((median * 1e6) / values).toFixed(3)} ns/value, ${(values / median / 1e3).toFixed(0)} M values/s (best ${best.toFixed(3)} ms)`,
    );
  });
});
