import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanRequest, ScanResult, StorageEngine } from '../../../src/engine/storage/index.ts';
import { cells, DB, memoryEngine, ns, T0, TABLE } from './helpers.ts';

/**
 * Point lookups for a semi-join (pointTimes.batched) are read into one buffer, each column's rows series after
 * series (see placePointRows). Every read, placed or not, must give exactly the rows the same lookups give
 * unbatched (the filtered scan's path), in the same series order and with the same statistics: here over series
 * evenly spaced or not, with and without NULLs, double and bigint columns, heads in and out of the window, and
 * points in chunks, in heads, between rows and outside the window.
 */

const STEP_MS = 1000;
const CHUNK = 256;

/** How many batches view a buffer that another batch's times also view, right after that batch's rows. */
function placedBatches(result: ScanResult): number {
  type Batch = ScanResult['batches'][number];
  const follows = (a: ArrayBufferView, c: ArrayBufferView) => a.buffer === c.buffer && a.byteOffset + a.byteLength === c.byteOffset;
  // Two batches placed one after the other: their times, and each of their columns, follow each other in one
  // buffer, the times'. (Small arrays of unplaced answers may also sit side by side in a shared buffer: that
  // alone does not make a placement.)
  const adjacent = (a: Batch | undefined, c: Batch | undefined) =>
    a !== undefined &&
    c !== undefined &&
    follows(a.times, c.times) &&
    a.columns.length === c.columns.length &&
    a.columns.every((column, k) => {
      const next = c.columns[k]?.values;
      return (
        ArrayBuffer.isView(column.values) &&
        next !== undefined &&
        ArrayBuffer.isView(next) &&
        column.values.buffer === a.times.buffer &&
        follows(column.values, next)
      );
    });
  let placed = 0;
  result.batches.forEach((b, i) => {
    if (adjacent(result.batches[i - 1], b) || adjacent(b, result.batches[i + 1])) placed++;
  });
  return placed;
}

/**
 * A batched point lookup read twice (the first read checks the chunks' times; the second may place), and the
 * same lookup unbatched.
 */
async function batchedAndPlain(e: StorageEngine, batched: ScanRequest): Promise<{ got: ScanResult; plain: ScanResult }> {
  await e.scan(batched);
  const got = await e.scan(batched);
  const keys = batched.pointTimes?.keys ?? [];
  const plain = await e.scan({ ...batched, pointTimes: { keys, times: batched.pointTimes?.times ?? new Map() } });
  return { got, plain };
}

interface Spec {
  readonly rows: number;
  readonly uneven: boolean;
  readonly nulls: boolean;
  readonly multi: boolean;
}

const seriesSpec = fc.record({
  rows: fc.integer({ min: 1, max: 900 }),
  uneven: fc.boolean(),
  nulls: fc.boolean(),
  multi: fc.boolean(),
});

/** Host h's series: one single-measure series per measure (two), or one MULTI series; every series ends at T0. */
async function engineWith(specs: readonly Spec[]): Promise<StorageEngine> {
  const e = await memoryEngine({ chunkPoints: CHUNK });
  for (const [h, spec] of specs.entries()) {
    const n = spec.rows;
    const times = Float64Array.from({ length: n }, (_, i) => T0 - (n - i) * STEP_MS + (spec.uneven && i % CHUNK === 7 ? 1 : 0));
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i + h) * 100);
    const c = BigInt64Array.from({ length: n }, (_, i) => BigInt(i * 3 - h));
    const validity = spec.nulls ? Uint8Array.from({ length: n }, (_, i) => (i % 11 === 3 ? 0 : 1)) : undefined;
    if (spec.multi)
      await e.writeColumns({
        database: DB,
        table: TABLE,
        dimensions: { host: `h${h}` },
        measureName: 'm',
        times,
        columns: [
          { name: 'y', type: 'DOUBLE', values: y, ...(validity ? { validity } : {}) },
          { name: 'c', type: 'BIGINT', values: c },
        ],
      });
    else
      for (const measure of ['a', 'b'])
        await e.writeColumns({
          database: DB,
          table: TABLE,
          dimensions: { host: `h${h}` },
          measureName: measure,
          times,
          values: measure === 'b' ? y.map((v) => v + 1) : y,
          ...(validity && measure === 'a' ? { validity } : {}),
        });
  }
  return e;
}

/** Per host, the sorted distinct times (ms back from T0, a few off the 1 s grid) as the point lookups' map. */
function pointMap(points: readonly (readonly number[])[]): Map<string, BigInt64Array> {
  const map = new Map<string, BigInt64Array>();
  points.forEach((backs, h) => {
    const times = [...new Set(backs)].map((b) => ns(T0) - BigInt(b) * 1_000_000n).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    map.set(`h${h}`, BigInt64Array.from(times));
  });
  return map;
}

describe('point lookups read into one buffer', () => {
  it('give the rows and statistics of the unbatched lookups, placed or not, in the same order', async () => {
    let placedSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(seriesSpec, { minLength: 2, maxLength: 7 }),
        fc.array(
          fc.array(
            fc.oneof(
              fc.integer({ min: 0, max: 1000 }).map((s) => s * 1000),
              fc.integer({ min: 0, max: 1_000_000 }),
            ),
            { maxLength: 120 },
          ),
          {
            minLength: 7,
            maxLength: 7,
          },
        ),
        fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1100 })),
        fc.constantFrom<readonly string[] | undefined>(undefined, ['y'], ['c', 'y'], ['measure_value::double']),
        async (specs, points, [back, length], columns) => {
          const e = await engineWith(specs);
          const times = pointMap(points);
          const from = ns(T0 - back * STEP_MS);
          const to = from + ns(length * STEP_MS);
          const base: ScanRequest = { database: DB, table: TABLE, timeRange: { from, to }, ...(columns ? { columns } : {}) };
          // The first read of a chunk checks its times; the second reads it as checked.
          for (let read = 0; read < 2; read++) {
            const plain = await e.scan({ ...base, pointTimes: { keys: ['host'], times } });
            const got = await e.scan({ ...base, pointTimes: { keys: ['host'], times, batched: true } });
            expect(cells(got, -(2n ** 63n), 2n ** 63n - 1n)).toEqual(cells(plain, -(2n ** 63n), 2n ** 63n - 1n));
            expect(got.batches.map((b) => b.times.length)).toEqual(plain.batches.map((b) => b.times.length));
            expect(got.stats).toEqual(plain.stats);
            expect(placedBatches(plain)).toBe(0);
            placedSeen += placedBatches(got);
          }
        },
      ),
      // Seeded: the count below depends on the draws (unseeded, six runs gave 64-180 placed batches and a CI run 44).
      { numRuns: 120, seed: 20261126 },
    );
    // The property above holds of the unplaced path too: the draws must have reached the placed one.
    expect(placedSeen).toBeGreaterThan(60);
  });

  it("places each series' rows after the last one's, each column in a region of the points in range", async () => {
    const e = await engineWith(Array.from({ length: 3 }, () => ({ rows: 3000, uneven: false, nulls: false, multi: true })));
    // Rows 600 .. 699 of each series (inside its third chunk, rows 512 .. 767) are in the window.
    const from = ns(T0 - 2400 * STEP_MS);
    const to = from + ns(100 * STEP_MS);
    // Host 0: every 10th row of the window (10 rows) and two points outside it; host 1: three rows and a time
    // between rows; host 2: one row.
    const times = pointMap([
      [...Array.from({ length: 10 }, (_, i) => (2400 - 10 * i) * 1000), 2401 * 1000, 2200 * 1000],
      [2399 * 1000, 2350 * 1000, 2350 * 1000 + 500, 2301 * 1000],
      [2330 * 1000],
    ]);
    const request: ScanRequest = {
      database: DB,
      table: TABLE,
      timeRange: { from, to },
      pointTimes: { keys: ['host'], times, batched: true },
    };
    await e.scan(request);
    const got = await e.scan(request);
    expect(got.batches.map((b) => b.times.length)).toEqual([10, 3, 1]);
    const buffer = got.batches[0]?.times.buffer;
    // Room for the points in range: 10 + 4 + 1 rows, times then y then c.
    const room = 15;
    expect(buffer?.byteLength).toBe(room * 8 * 3);
    let at = 0;
    for (const b of got.batches) {
      expect(b.times.buffer).toBe(buffer);
      expect(b.times.byteOffset).toBe(at * 8);
      expect(b.columns.map((c) => c.name)).toEqual(['y', 'c']);
      expect(b.columns.map((c) => (c.values as Float64Array).byteOffset)).toEqual([(room + at) * 8, (2 * room + at) * 8]);
      for (const c of b.columns) expect((c.values as Float64Array).buffer).toBe(buffer);
      at += b.times.length;
    }
    expect([...(got.batches[1]?.times ?? [])]).toEqual([2399, 2350, 2301].map((s) => ns(T0 - s * 1000)));
    expect((got.batches[1]?.columns[0]?.values as Float64Array | undefined)?.[1]).toBe(Math.sin(3000 - 2350 + 1) * 100);
    // Unbatched, the same rows, each series in a buffer of its own.
    const plain = await e.scan({ ...request, pointTimes: { keys: ['host'], times } });
    expect(cells(got, from, to)).toEqual(cells(plain, from, to));
    expect(placedBatches(plain)).toBe(0);
  });

  it("places a chunk's rows then the head's, and the head's alone", async () => {
    const e = await engineWith(Array.from({ length: 4 }, () => ({ rows: 3000, uneven: false, nulls: false, multi: false })));
    // 3,000 rows: eleven chunks of 256, then 184 in the head; the last 300 rows are 116 of the last chunk's, then the head's.
    const from = ns(T0 - 300 * STEP_MS);
    const to = ns(T0 + 1);
    const times = pointMap(
      Array.from({ length: 4 }, (_, h) => (h % 2 === 0 ? [290_000, 200_000, 150_000, 3_000, 1_000] : [100_000, 50_000])),
    );
    const request: ScanRequest = {
      database: DB,
      table: TABLE,
      timeRange: { from, to },
      pointTimes: { keys: ['host'], times, batched: true },
    };
    const { got, plain } = await batchedAndPlain(e, request);
    expect(cells(got, from, to)).toEqual(cells(plain, from, to));
    // Two measures per host: 5 + 5 + 2 + 2 + ... rows, every series placed.
    expect(got.batches.map((b) => b.times.length)).toEqual([5, 5, 2, 2, 5, 5, 2, 2]);
    expect(placedBatches(got)).toBe(8);
    expect(got.batches[0]?.times.buffer.byteLength).toBe(28 * 8 * 2);
  });

  it('leaves series with NULLs, overlapping chunks or a group of one to the filtered scan', async () => {
    const e = await engineWith([
      { rows: 2000, uneven: false, nulls: true, multi: true },
      { rows: 2000, uneven: false, nulls: false, multi: true },
      { rows: 2000, uneven: false, nulls: false, multi: false },
    ]);
    const from = ns(T0 - 1500 * STEP_MS);
    const to = ns(T0 + 1);
    const backs = [1400_000, 700_000, 20_000, 5_000];
    const times = pointMap([backs, backs, backs]);
    const request: ScanRequest = {
      database: DB,
      table: TABLE,
      timeRange: { from, to },
      pointTimes: { keys: ['host'], times, batched: true },
    };
    const { got, plain } = await batchedAndPlain(e, request);
    expect(cells(got, from, to)).toEqual(cells(plain, from, to));
    // Host 0 (NULLs in y) and host 1 (the only other MULTI series, a group of one) are not placed; host 2's two
    // single-measure series are.
    expect(got.batches.map((b) => b.times.length)).toEqual([4, 4, 4, 4]);
    expect(placedBatches(got)).toBe(2);
    // A late write into an old chunk's time range: that series' pieces overlap, so it is merged, not placed.
    await e.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'h2' },
      measureName: 'a',
      times: Float64Array.of(T0 - 700_000 + 500),
      values: Float64Array.of(7),
    });
    const later = await e.scan(request);
    expect(cells(later, from, to)).toEqual(cells(await e.scan({ ...request, pointTimes: { keys: ['host'], times } }), from, to));
    expect(placedBatches(later)).toBe(0);
    // Enough late writes into old times to seal a chunk of them: two sealed chunks overlap in time, merged, not placed.
    const late = Float64Array.from({ length: 2 * CHUNK }, (_, i) => T0 - 1_450_000 + i * 1000 + 500);
    await e.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'h2' },
      measureName: 'b',
      times: late,
      values: late.map((t) => t % 97),
    });
    const lateTimes = pointMap([backs, backs, [...backs, 1_450_000 - 500, 1_450_000 - 10_500]]);
    const overlapping: ScanRequest = { ...request, pointTimes: { keys: ['host'], times: lateTimes, batched: true } };
    const { got: merged, plain: mergedPlain } = await batchedAndPlain(e, overlapping);
    expect(cells(merged, from, to)).toEqual(cells(mergedPlain, from, to));
    expect(merged.batches.map((b) => b.times.length)).toEqual([4, 4, 4, 6]);
  });
});
