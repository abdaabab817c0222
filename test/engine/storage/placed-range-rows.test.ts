import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanResult, StorageEngine } from '../../../src/engine/storage/index.ts';
import { cells, DB, memoryEngine, ns, T0, TABLE } from './helpers.ts';

/**
 * A raw window over many series is read into one buffer, each column's rows series after series (see
 * placeRangeRows), once each chunk's times are known to be evenly spaced. Every read, placed or not, must give
 * exactly the rows the whole scan holds in the window, in the same series order: here over series that are
 * evenly spaced or not, with and without NULLs, double and bigint columns, heads in and out of the window.
 */

const STEP_MS = 1000;
const CHUNK = 256;

/** How many batches view a buffer that another batch's times also view (rows placed side by side). */
function placedBatches(result: ScanResult): number {
  const byBuffer = new Map<ArrayBufferLike, number>();
  for (const b of result.batches) byBuffer.set(b.times.buffer, (byBuffer.get(b.times.buffer) ?? 0) + 1);
  let placed = 0;
  for (const b of result.batches) {
    const shared = (byBuffer.get(b.times.buffer) ?? 0) > 1;
    // A placed batch's columns live in the same buffer as its times, in regions of their own.
    if (shared && b.columns.every((c) => ArrayBuffer.isView(c.values) && c.values.buffer === b.times.buffer)) placed++;
  }
  return placed;
}

const seriesSpec = fc.record({
  rows: fc.integer({ min: 1, max: 900 }),
  uneven: fc.boolean(),
  nulls: fc.boolean(),
  multi: fc.boolean(),
});

async function engineWith(specs: readonly { rows: number; uneven: boolean; nulls: boolean; multi: boolean }[]): Promise<StorageEngine> {
  const e = await memoryEngine({ chunkPoints: CHUNK });
  for (const [h, spec] of specs.entries()) {
    const n = spec.rows;
    // Every series ends at T0 (its head holds its last rows); uneven ones have one time nudged in each chunk.
    const times = Float64Array.from({ length: n }, (_, i) => T0 - (n - i) * STEP_MS + (spec.uneven && i % CHUNK === 7 ? 1 : 0));
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i + h) * 100);
    const c = BigInt64Array.from({ length: n }, (_, i) => BigInt(i * 3 - h));
    if (spec.multi)
      await e.writeColumns({
        database: DB,
        table: TABLE,
        dimensions: { host: `h${h}` },
        measureName: 'm',
        times,
        columns: [
          {
            name: 'y',
            type: 'DOUBLE',
            values: y,
            ...(spec.nulls ? { validity: Uint8Array.from({ length: n }, (_, i) => (i % 11 === 3 ? 0 : 1)) } : {}),
          },
          { name: 'c', type: 'BIGINT', values: c },
        ],
      });
    else await e.writeColumns({ database: DB, table: TABLE, dimensions: { host: `h${h}` }, measureName: 'single', times, values: y });
  }
  return e;
}

describe('raw windows read into one buffer', () => {
  it('give the rows of the whole scan in the window, placed or not, in the same order', async () => {
    let placedSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(seriesSpec, { minLength: 2, maxLength: 9 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 700 })), { minLength: 1, maxLength: 3 }),
        fc.constantFrom<readonly string[] | undefined>(undefined, ['y'], ['c', 'y'], ['measure_value::double']),
        async (specs, windows, columns) => {
          const e = await engineWith(specs);
          const all = await e.scan({ database: DB, table: TABLE, ...(columns ? { columns } : {}) });
          for (const [back, length] of windows) {
            const from = ns(T0 - back * STEP_MS);
            const to = from + ns(length * STEP_MS);
            const request = { database: DB, table: TABLE, timeRange: { from, to }, ...(columns ? { columns } : {}) };
            // The first read of a chunk learns whether its times are evenly spaced; later reads may be placed.
            for (let read = 0; read < 2; read++) {
              const got = await e.scan(request);
              expect(cells(got, from, to)).toEqual(cells(all, from, to));
              for (const b of got.batches) for (const t of b.times) expect(t >= from && t < to).toBe(true);
              placedSeen += placedBatches(got);
            }
          }
        },
      ),
      { numRuns: 120 },
    );
    // The property above holds of the unplaced path too: the draws must have reached the placed one.
    expect(placedSeen).toBeGreaterThan(50);
  });

  it('places a window of many evenly spaced series, each column in one region', async () => {
    const e = await engineWith(Array.from({ length: 6 }, () => ({ rows: 3000, uneven: false, nulls: false, multi: true })));
    // Rows 600 .. 699 of each series: inside its third chunk (rows 512 .. 767).
    const from = ns(T0 - 2400 * STEP_MS);
    const to = from + ns(100 * STEP_MS);
    const request = { database: DB, table: TABLE, timeRange: { from, to } };
    await e.scan(request);
    const got = await e.scan(request);
    expect(got.batches).toHaveLength(6);
    const buffer = got.batches[0]?.times.buffer;
    // Times of every series, then each column's rows of every series: 6 x 100 rows a region.
    expect(buffer?.byteLength).toBe(6 * 100 * 8 * 3);
    got.batches.forEach((b, s) => {
      expect(b.times.buffer).toBe(buffer);
      expect(b.times.byteOffset).toBe(s * 100 * 8);
      expect(b.columns.map((c) => c.values.length)).toEqual([100, 100]);
      expect(b.columns.map((c) => (c.values as Float64Array).byteOffset)).toEqual([(600 + s * 100) * 8, (1200 + s * 100) * 8]);
      for (const c of b.columns) expect((c.values as Float64Array).buffer).toBe(buffer);
    });
  });

  it("places a chunk's rows and the head's after them, or the head's alone (the last minutes of many series)", async () => {
    const e = await engineWith(Array.from({ length: 5 }, () => ({ rows: 3000, uneven: false, nulls: false, multi: true })));
    const all = await e.scan({ database: DB, table: TABLE });
    // 3,000 rows: eleven chunks of 256, then 184 in the head. The last 300 rows: 116 of the last chunk, then the head's;
    // the last 100: the head's alone.
    for (const back of [300, 100]) {
      const from = ns(T0 - back * STEP_MS);
      const to = ns(T0 + 1);
      const request = { database: DB, table: TABLE, timeRange: { from, to } };
      await e.scan(request);
      const got = await e.scan(request);
      expect(cells(got, from, to)).toEqual(cells(all, from, to));
      expect(placedBatches(got)).toBe(5);
      const buffer = got.batches[0]?.times.buffer;
      expect(buffer?.byteLength).toBe(5 * back * 8 * 3);
      got.batches.forEach((b, s) => {
        expect(b.times.length).toBe(back);
        expect(b.times.byteOffset).toBe(s * back * 8);
      });
    }
  });

  it('places series of other columns in a buffer of their own', async () => {
    const e = await engineWith(Array.from({ length: 6 }, (_, i) => ({ rows: 3000, uneven: false, nulls: false, multi: i % 2 === 0 })));
    const all = await e.scan({ database: DB, table: TABLE });
    const from = ns(T0 - 2400 * STEP_MS);
    const to = from + ns(100 * STEP_MS);
    const request = { database: DB, table: TABLE, timeRange: { from, to } };
    await e.scan(request);
    const got = await e.scan(request);
    expect(cells(got, from, to)).toEqual(cells(all, from, to));
    expect(placedBatches(got)).toBe(6);
    // MULTI series (times, y, c) in one buffer, single-measure ones (times, measure_value::double) in another.
    const buffers = [...new Set(got.batches.map((b) => b.times.buffer))];
    expect(buffers.map((b) => b.byteLength).sort((a, b) => a - b)).toEqual([3 * 100 * 8 * 2, 3 * 100 * 8 * 3]);
  });
});
