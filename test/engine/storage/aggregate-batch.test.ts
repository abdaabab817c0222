import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH_LIMITS } from '../../../src/engine/storage/aggregate-batch.ts';
import { KEPT_BATCHES } from '../../../src/engine/storage/aggregate-kept.ts';
import type { AggregateScanResult, SeriesAggregate } from '../../../src/engine/storage/aggregate-scan.ts';
import type { ChunkCodec } from '../../../src/engine/storage/codec.ts';
import { StorageEngine } from '../../../src/engine/storage/engine.ts';
import { chunkCodecFor } from '../../../src/engine/storage/kernel-codec.ts';
import { MemoryDurability } from '../../../src/engine/storage/memory-durability.ts';
import type { WriteColumn, WriteColumnsRequest } from '../../../src/engine/storage/write-columns.ts';
import type { Kernel } from '../../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../../src/kernel/node.ts';
import { DEFAULT_RESIDENT_CHUNK_BYTES, residentChunks } from '../../../src/kernel/query/resident-chunks.ts';
import { random } from '../../helpers/seeded-random.ts';

// The aggregate scan answers series whose chunks all go through the kernel's range pass in one
// batched call that merges in the kernel; the others one chunk at a time in JavaScript. Both must
// give the same partials bit for bit (the batch merges in the same order), over random windows
// (partial buckets at both ends), widths, with and without edge values and min/max: series with
// head points after their chunks (some NULL), NULLs inside chunks, overlapping rewrites and
// upserts, irregular times, and a series that gains a column.

const START_MS = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const NOW_MS = START_MS + 12 * HOUR;

const rand = random(5);
let batched: StorageEngine;
let oneByOne: StorageEngine;
let batchCalls = 0;
let kernel: Kernel;

function columns(n: number, names = ['a', 'b', 'c'], nulls = 0): WriteColumn[] {
  return names.map((name, c) => {
    const values = Float64Array.from({ length: n }, () => (c === 0 ? Math.round(rand() * 1000) : rand() * 1e6 - 5e5));
    if (nulls === 0 || c !== 1) return { name, type: 'DOUBLE' as const, values };
    const validity = new Uint8Array(n).fill(1);
    for (let k = 0; k < nulls; k++) validity[Math.floor(rand() * n)] = 0;
    return { name, type: 'DOUBLE' as const, values, validity };
  });
}

/** The same writes into both engines. */
async function write(req: Omit<WriteColumnsRequest, 'database' | 'table' | 'measureName'>): Promise<void> {
  for (const engine of [batched, oneByOne]) {
    const r = await engine.writeColumns({ database: 'tdb', table: 'cpu', measureName: 'm', ...req });
    expect(r.RejectedRecords).toEqual([]);
  }
}

const regular = (n: number, startMs: number, stepMs: number) => Float64Array.from({ length: n }, (_, i) => startMs + i * stepMs);

beforeAll(async () => {
  // The batch worked out per query is what this file checks: none is kept between queries (see aggregate-kept.test.ts).
  KEPT_BATCHES.enabled = false;
  kernel = await loadKernelFromFile();
  const codec = chunkCodecFor(kernel);
  const run = codec.aggregateRanges;
  if (!run) throw new Error('the kernel codec has a batched range pass');
  const counting: ChunkCodec = {
    ...codec,
    aggregateRanges: (targets, jobs, n, wants) => {
      batchCalls++;
      return run(targets, jobs, n, wants);
    },
  };
  const plain: ChunkCodec = { ...codec };
  delete plain.aggregateRanges;
  const open = (c: ChunkCodec) =>
    StorageEngine.open({ codec: c, durability: new MemoryDurability(), clock: () => NOW_MS, chunkPoints: 200 });
  batched = await open(counting);
  oneByOne = await open(plain);
  for (const engine of [batched, oneByOne]) {
    await engine.createDatabase('tdb');
    await engine.createTable('tdb', 'cpu', { memoryStoreRetentionHours: 48 });
  }
  // Regular series: several chunks, then head points written later (one of them with NULLs and NaN in its head).
  for (const host of ['r0', 'r1', 'r2']) {
    await write({ dimensions: { host }, times: regular(1900, START_MS, 10_000), columns: columns(1900) });
    const late = START_MS + 1900 * 10_000;
    await write({ dimensions: { host }, times: regular(70, late, 10_000), columns: columns(70, ['a', 'b', 'c'], host === 'r2' ? 9 : 0) });
  }
  // Irregular times.
  const irregular: number[] = [];
  for (let t = START_MS; t < START_MS + 8 * HOUR; t += rand() < 0.05 ? Math.floor(rand() * 900_000) : 1 + Math.floor(rand() * 20_000))
    irregular.push(t);
  await write({ dimensions: { host: 'irregular' }, times: Float64Array.from(irregular), columns: columns(irregular.length) });
  // NULLs inside chunks: those chunks are decoded.
  await write({
    dimensions: { host: 'nulls' },
    times: regular(1500, START_MS + 3_000, 10_000),
    columns: columns(1500, ['a', 'b', 'c'], 40),
  });
  // Rewritten over the same span (overlapping chunks), and upserted with higher versions.
  await write({ dimensions: { host: 'twice' }, times: regular(800, START_MS + HOUR, 20_000), columns: columns(800) });
  await write({ dimensions: { host: 'twice' }, times: regular(600, START_MS + HOUR + 5_000, 30_000), columns: columns(600) });
  await write({ dimensions: { host: 'upsert' }, times: regular(1200, START_MS, 15_000), columns: columns(1200) });
  await write({
    dimensions: { host: 'upsert' },
    times: regular(300, START_MS + 2 * HOUR, 15_000),
    columns: columns(300),
    versions: new BigInt64Array(300).fill(2n),
  });
  // Gains column c half way: its first chunks lack it (NULL at every row, edge values included).
  await write({ dimensions: { host: 'late' }, times: regular(1000, START_MS + 7_000, 10_000), columns: columns(1000, ['a', 'b']) });
  await write({ dimensions: { host: 'late' }, times: regular(1000, START_MS + 10_007_000, 10_000), columns: columns(1000) });
  // Gains column c with points written before its earlier ones: a chunk lacking c then follows one holding it in
  // time, and must clear the last value that one left in a bucket they share.
  await write({ dimensions: { host: 'back' }, times: regular(1000, START_MS + 7_004_000, 7_000), columns: columns(1000, ['a', 'b']) });
  await write({ dimensions: { host: 'back' }, times: regular(1000, START_MS + 4_000, 7_000), columns: columns(1000) });
});

/** Every partial of every series, exactly (Object.is: NaN equals NaN, -0 differs from 0). */
/** The block (what the SQL merge reads) holds exactly what the named arrays hold. */
function expectBlockMatches(s: SeriesAggregate, what: string): void {
  const b = s.block;
  const times = new BigInt64Array(b.words.buffer);
  const bad: string[] = [];
  const check = (key: string, i: number, x: unknown, y: unknown) => {
    if (!Object.is(x, y)) bad.push(`${key}[${i}]: block ${x}, array ${y}`);
  };
  for (let k = 0; k < s.bucketCount; k++) {
    check('rows', k, b.f64[b.rowsAt + k], s.rows[k]);
    check('timeMin', k, times[b.timeMinAt + k], s.timeMin[k]);
    check('timeMax', k, times[b.timeMaxAt + k], s.timeMax[k]);
  }
  const edges = s.first.length > 0;
  for (let i = 0; i < s.count.length; i++) {
    check('count', i, b.f64[b.countAt + i], s.count[i]);
    check('sum', i, b.f64[b.sumAt + i], s.sum[i]);
    // Partials without min / max (none wanted) have neither array nor offsets.
    if (s.min.length > 0) check('min', i, b.f64[b.minAt + i], s.min[i]);
    if (s.max.length > 0) check('max', i, b.f64[b.maxAt + i], s.max[i]);
    check('nan', i, b.u8[b.nanAt + i], s.nan[i]);
    if (!edges) continue;
    check('first', i, b.f64[b.firstAt + i], s.first[i]);
    check('last', i, b.f64[b.lastAt + i], s.last[i]);
    check('firstValid', i, b.u8[b.firstValidAt + i], s.firstValid[i]);
    check('lastValid', i, b.u8[b.lastValidAt + i], s.lastValid[i]);
  }
  expect(bad.slice(0, 5), what).toEqual([]);
}

/** `minMax` false: min and max are unspecified (the request did not want them; the batch leaves them out), and not compared. */
function expectSame(a: AggregateScanResult, b: AggregateScanResult, what: string, minMax = true): void {
  expect(a.stats, what).toEqual(b.stats);
  expect(a.series === null, what).toBe(b.series === null);
  if (a.series === null || b.series === null) return;
  expect(a.series.length, what).toBe(b.series.length);
  a.series.forEach((s, i) => {
    const t = b.series?.[i];
    if (!t) throw new Error(`${what}: no series ${i}`);
    expect(s.series.dimensions, what).toEqual(t.series.dimensions);
    expect([s.firstBucket, s.bucketCount], what).toEqual([t.firstBucket, t.bucketCount]);
    for (const key of [
      'rows',
      'timeMin',
      'timeMax',
      'count',
      'sum',
      'min',
      'max',
      'nan',
      'first',
      'firstValid',
      'last',
      'lastValid',
    ] as const) {
      if (!minMax && (key === 'min' || key === 'max')) continue;
      const x = s[key];
      const y = t[key];
      expect(x.length, `${what} ${key}`).toBe(y.length);
      for (let k = 0; k < x.length; k++) if (!Object.is(x[k], y[k])) expect(`${key}[${k}] = ${x[k]}`, what).toBe(`${key}[${k}] = ${y[k]}`);
    }
    expectBlockMatches(s, what);
    expectBlockMatches(t, what);
  });
}

describe('the batched range pass', () => {
  it('gives the one-by-one partials bit for bit over random windows, widths and wants', async () => {
    const widths = [1_000n, 10_000n, 60_000n, 420_000n, 3_600_000n, null];
    let kernelChunks = 0;
    for (let q = 0; q < 160; q++) {
      const a = START_MS - HOUR + Math.floor(rand() * 8 * HOUR);
      const b = q % 10 === 0 ? NOW_MS + HOUR : a + Math.floor(rand() * rand() * 7 * HOUR);
      const width = widths[q % widths.length] ?? null;
      const req = {
        database: 'tdb',
        table: 'cpu',
        timeRange: { from: BigInt(a) * 1_000_000n, to: BigInt(b) * 1_000_000n },
        bucketWidth: width === null ? null : width * 1_000_000n,
        columns: q % 4 === 0 ? ['c', 'a'] : ['a', 'b', 'c'],
        ...(q % 3 === 0 ? { edges: true } : {}),
        ...(q % 5 === 1 ? { minMax: false } : {}),
      };
      const what = `window ${a}..${b} width ${width} columns ${req.columns.join()} edges ${q % 3 === 0} minMax ${q % 5 !== 1}`;
      const x = await batched.aggregateScan(req);
      const y = await oneByOne.aggregateScan(req);
      expectSame(x, y, what, req.minMax !== false);
      kernelChunks += x.stats.chunksInKernel;
    }
    // The batch ran, over many chunks (the comparison is not between two one-by-one answers).
    expect(batchCalls).toBeGreaterThan(50);
    expect(kernelChunks).toBeGreaterThan(500);
  });

  it('gives the same partials when the batch holds less than a query needs (several batches; larger series one by one)', async () => {
    const before = batchCalls;
    try {
      // 20,000 bytes: two or so series of minute partials over an hour fit in a batch; one over three hours does not fit at all.
      BATCH_LIMITS.partialBytes = 20_000;
      for (let q = 0; q < 30; q++) {
        const a = START_MS + Math.floor(rand() * 6 * HOUR);
        const b = a + Math.floor(rand() * 3 * HOUR);
        const req = {
          database: 'tdb',
          table: 'cpu',
          timeRange: { from: BigInt(a) * 1_000_000n, to: BigInt(b) * 1_000_000n },
          bucketWidth: 60_000_000_000n,
          columns: ['a', 'b', 'c'],
          ...(q % 2 === 0 ? { edges: true } : {}),
        };
        expectSame(await batched.aggregateScan(req), await oneByOne.aggregateScan(req), `limited ${a}..${b}`);
      }
    } finally {
      BATCH_LIMITS.partialBytes = 4 << 20;
    }
    // More calls than queries: the batches were split.
    expect(batchCalls - before).toBeGreaterThan(40);
  });

  it('gives the same partials whatever the kernel keeps resident: no chunk, a few evicted within a query, every one', async () => {
    const residents = residentChunks(kernel);
    try {
      for (const budget of [0, 30_000, DEFAULT_RESIDENT_CHUNK_BYTES]) {
        residents.setBudget(budget);
        for (let q = 0; q < 20; q++) {
          const a = START_MS - HOUR + Math.floor(rand() * 8 * HOUR);
          const b = a + Math.floor(rand() * 7 * HOUR);
          const req = {
            database: 'tdb',
            table: 'cpu',
            timeRange: { from: BigInt(a) * 1_000_000n, to: BigInt(b) * 1_000_000n },
            bucketWidth: 600_000_000_000n,
            columns: ['a', 'b', 'c'],
            ...(q % 2 === 0 ? { edges: true } : {}),
          };
          expectSame(await batched.aggregateScan(req), await oneByOne.aggregateScan(req), `budget ${budget} ${a}..${b}`);
          const held = residents.stats();
          expect(held.bytes).toBeLessThanOrEqual(budget);
          if (budget === 0) expect(held.chunks).toBe(0);
        }
        // The queries read more chunks than 30,000 bytes hold: some stayed, some were evicted.
        if (budget !== 0) expect(residents.stats().chunks).toBeGreaterThan(0);
        // The storage's stats show them.
        expect(batched.stats().residentChunks).toEqual(residents.stats());
      }
    } finally {
      residents.setBudget(DEFAULT_RESIDENT_CHUNK_BYTES);
    }
  });

  it('stops between batches once aborted', async () => {
    const req = {
      database: 'tdb',
      table: 'cpu',
      timeRange: { from: BigInt(START_MS) * 1_000_000n, to: BigInt(START_MS + 2 * HOUR) * 1_000_000n },
      bucketWidth: 60_000_000_000n,
      columns: ['a', 'b', 'c'],
    };
    try {
      // Small batches, so that a query runs several.
      BATCH_LIMITS.partialBytes = 20_000;
      let before = batchCalls;
      const full = await batched.aggregateScan(req);
      const allCalls = batchCalls - before;
      expect(allCalls).toBeGreaterThan(2);
      // A signal that reads as aborted from its tenth look on: some series are shaped, then the batches stop.
      let looks = 0;
      const signal = {
        get aborted() {
          looks++;
          return looks >= 10;
        },
      } as unknown as AbortSignal;
      before = batchCalls;
      const stopped = await batched.aggregateScan({ ...req, signal });
      expect(batchCalls - before).toBeLessThan(allCalls);
      expect(stopped.series?.length ?? 0).toBeLessThan(full.series?.length ?? 0);
    } finally {
      BATCH_LIMITS.partialBytes = 4 << 20;
    }
  });

  it('answers a series whose head holds NULLs after its batched chunks with the head counted once', async () => {
    const req = {
      database: 'tdb',
      table: 'cpu',
      timeRange: { from: BigInt(START_MS) * 1_000_000n, to: BigInt(NOW_MS) * 1_000_000n },
      // Minutes: every chunk (200 rows, 2,000 s) straddles a bucket edge, so none is answered from its header.
      bucketWidth: 60_000_000_000n,
      columns: ['a', 'b'],
      seriesFilter: { dimensions: { host: ['r2'] } },
    };
    const before = batchCalls;
    const x = await batched.aggregateScan(req);
    expect(batchCalls).toBe(before + 1);
    const s = x.series?.[0];
    if (!s) throw new Error('no series');
    let rows = 0;
    let countB = 0;
    for (let k = 0; k < s.bucketCount; k++) {
      rows += s.rows[k] as number;
      countB += s.count[k * 2 + 1] as number;
    }
    expect(rows).toBe(1970);
    // The head's 70 rows hold up to 9 NULLs in b (random rows, some may repeat).
    expect(countB).toBeLessThan(1970);
    expect(countB).toBeGreaterThanOrEqual(1961);
    expectSame(x, await oneByOne.aggregateScan(req), 'r2');
  });
});
