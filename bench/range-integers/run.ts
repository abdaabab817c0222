// The kernel's range pass (aggregateChunkRange: integer ALP decode + min/max/sum reduce) over
// TSBS-like chunks in isolation, A/B interleaved in one process against another kernel build:
//   RANGE_BASE=/path/to/other/kernel.wasm npx vitest run --config bench/range-integers/vitest.config.ts
// Env: RANGE_CHUNKS (8 host-chunks of 8,192 rows x 10 fields), RANGE_HOURS (8, 1 h buckets),
// RANGE_ROUNDS, RANGE_REPS. Both kernels must give the same cells (RANGE_NOCHECK=1 skips that).
import { it } from 'vitest';
import { aggregateChunkRange, bucketSpecFor, encodeChunk, type Kernel, RANGE_WANTS_ALL } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { tsbsCpuSeries } from '../codecs/tsbs.ts';

const SEC = 1_000_000_000n;
const HOUR = 3600n * SEC;

it('range pass over integer ALP columns', async () => {
  const paths: [string, string][] = [['this', 'build/kernel.wasm']];
  if (process.env.RANGE_BASE) paths.unshift(['base', process.env.RANGE_BASE]);
  const kernels: [string, Kernel][] = [];
  for (const [name, path] of paths) kernels.push([name, await loadKernelFromFile(path)]);
  const chunks = Number(process.env.RANGE_CHUNKS ?? 8);
  const rounds = Number(process.env.RANGE_ROUNDS ?? 15);
  const reps = Number(process.env.RANGE_REPS ?? 20);
  const hours = BigInt(process.env.RANGE_HOURS ?? 8);
  const series = Array.from({ length: chunks }, (_, h) => tsbsCpuSeries(8192, 100 + h));
  const names = (series[0] ?? []).map((s) => s.name);
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
  const t0 = (series[0]?.[0]?.times[0] as bigint) + HOUR;
  const from = t0;
  const to = t0 + hours * HOUR;
  const spec = bucketSpecFor(from, to - 1n, 0n, HOUR);
  const values = Number(hours) * 360 * 10 * chunks;
  // Same answers from every kernel.
  const answers = prepared.map((p) =>
    p.bytes.map((b) => Array.from(aggregateChunkRange(p.k, b, names, spec, from, to).cells).join(',')).join('|'),
  );
  if (!process.env.RANGE_NOCHECK && answers.some((a) => a !== answers[0])) throw new Error('kernels disagree');
  const times: number[][] = prepared.map(() => []);
  for (let r = 0; r < rounds; r++) {
    prepared.forEach((p, i) => {
      const start = performance.now();
      for (let q = 0; q < reps; q++) for (const b of p.bytes) aggregateChunkRange(p.k, b, names, spec, from, to, true, RANGE_WANTS_ALL);
      times[i]?.push((performance.now() - start) / reps);
    });
  }
  prepared.forEach((p, i) => {
    const sorted = [...(times[i] as number[])].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1] as number;
    console.log(
      `${p.name.padEnd(6)} ${median.toFixed(3)} ms per ${values} values: ${((median * 1e6) / values).toFixed(3)} ns/value, ${(values / median / 1e3).toFixed(0)} M values/s`,
    );
  });
});
