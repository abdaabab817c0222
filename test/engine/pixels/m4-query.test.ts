import { describe, expect, it } from 'vitest';
import { type Database, openDatabase, type QueryResult } from '../../../src/engine/index.ts';
import { gridFor, pixelOf } from '../../../src/engine/pixels/index.ts';
import type { M4Spec } from '../../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../../src/kernel/node.ts';
import { rejection } from '../../helpers/rejection.ts';

const NOW = Date.UTC(2026, 0, 10, 12);
const kernel = await loadKernelFromFile();
const START = NOW - 6 * 3_600_000;
const POINTS = 20_000;

interface Point {
  readonly t: number;
  readonly v: number;
}

/** host-a: a regular signal; host-b: the same with a 10-minute hole; host-c: late writes overlapping its chunks. */
function signal(seed: number, skip?: (i: number) => boolean): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < POINTS; i++) {
    if (skip?.(i)) continue;
    out.push({ t: START + i * 1000, v: 50 + 30 * Math.sin(i / (300 + seed * 40)) + ((i * 7919 + seed * 104729) % 13) - 6 });
  }
  return out;
}

async function database(): Promise<{ db: Database; data: Map<string, Point[]> }> {
  const db = await openDatabase({ name: 'p', storage: 'memory', clock: () => NOW, kernel, retentionIntervalMs: 0, chunkPoints: 64 });
  await db.createDatabase('mon');
  await db.createTable('mon', 'cpu');
  const data = new Map<string, Point[]>([
    ['host-a', signal(1)],
    ['host-b', signal(2, (i) => i >= 8000 && i < 8600)],
    ['host-c', signal(3, (i) => i % 2 === 1)],
  ]);
  for (const [host, points] of data) {
    await db.writeColumns({
      database: 'mon',
      table: 'cpu',
      dimensions: { host },
      measureName: 'usage',
      times: Float64Array.from(points, (p) => p.t),
      values: Float64Array.from(points, (p) => p.v),
    });
  }
  // Late points for host-c fall inside its sealed chunks, so its chunks overlap (the merging path).
  const late: Point[] = [];
  for (let i = 1; i < 4000; i += 2) late.push({ t: START + i * 1000, v: -20 - (i % 17) });
  await db.writeColumns({
    database: 'mon',
    table: 'cpu',
    dimensions: { host: 'host-c' },
    measureName: 'usage',
    times: Float64Array.from(late, (p) => p.t),
    values: Float64Array.from(late, (p) => p.v),
  });
  const c = [...(data.get('host-c') ?? []), ...late].sort((a, b) => a.t - b.t);
  data.set('host-c', c);
  // Another measure the queries must not read.
  await db.writeColumns({
    database: 'mon',
    table: 'cpu',
    dimensions: { host: 'host-a' },
    measureName: 'memory',
    times: Float64Array.of(START + 5000),
    values: Float64Array.of(1e9),
  });
  return { db, data };
}

/** The plain TypeScript M4 reference: per pixel the first, last, min and max points. */
function referenceM4(points: readonly Point[], spec: M4Spec) {
  const pixels = new Map<number, { first: Point; last: Point; min: Point; max: Point }>();
  for (const p of points) {
    const ns = BigInt(p.t) * 1_000_000n;
    if (ns < spec.from || ns >= spec.to) continue;
    const px = pixelOf(spec, ns);
    const e = pixels.get(px);
    if (!e) pixels.set(px, { first: p, last: p, min: p, max: p });
    else {
      e.last = p;
      if (p.v < e.min.v) e.min = p;
      if (p.v > e.max.v) e.max = p;
    }
  }
  return pixels;
}

/** Rows of a result per host: time (ms) and value (null for gap rows). */
function rowsByHost(result: QueryResult): Map<string, { t: number; v: number | null }[]> {
  const names = result.columns.map((c) => c.name);
  const ti = names.indexOf('time');
  const vi = names.indexOf('value');
  const hi = names.indexOf('host');
  const out = new Map<string, { t: number; v: number | null }[]>();
  for (let r = 0; r < result.rowCount; r++) {
    const host = String(result.vectors[hi]?.get(r));
    const t = Number((result.vectors[ti]?.get(r) as bigint) / 1_000_000n);
    const v = result.vectors[vi]?.get(r) as number | null;
    let list = out.get(host);
    if (!list) {
      list = [];
      out.set(host, list);
    }
    list.push({ t, v });
  }
  return out;
}

const RAW = `SELECT time, measure_value::double AS value, host FROM mon.cpu WHERE measure_name = 'usage' AND $__timeFilter ORDER BY time`;
const range = { fromMs: START, toMs: START + POINTS * 1000 };

describe('pixel-resolution queries', () => {
  for (const pushdown of [true, false]) {
    it(`matches the TypeScript M4 reference (${pushdown ? 'pushed into the chunk scan' : 'over the SQL result'})`, async () => {
      const { db, data } = await database();
      const pixels = 50;
      const spec = gridFor(range, pixels);
      const result = await db.query(RAW, { range, pixels, pixelPushdown: pushdown });
      if (pushdown) expect(result.statistics.scan.chunksAnsweredFromHeaders).toBeGreaterThan(100);
      // The pushed path parses and binds while matching the query: its statistics count those phases too.
      const { parseMs, planMs, executeMs } = result.statistics.phases;
      expect(parseMs).toBeGreaterThan(0);
      expect(planMs).toBeGreaterThan(0);
      expect(parseMs + planMs + executeMs).toBeCloseTo(result.statistics.elapsedMs, 6);
      expect(result.columns.map((c) => c.name)).toEqual(['time', 'value', 'host']);
      const times = Array.from({ length: result.rowCount }, (_, r) => result.vectors[0]?.get(r) as bigint);
      expect(times).toEqual([...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const got = rowsByHost(result);
      expect([...got.keys()].sort()).toEqual(['host-a', 'host-b', 'host-c']);
      for (const [host, points] of data) {
        const ref = referenceM4(points, spec);
        const rows = got.get(host) ?? [];
        const valued = rows.filter((r) => r.v !== null);
        for (const [px, e] of ref) {
          const inPixel = valued.filter((r) => pixelOf(spec, BigInt(r.t) * 1_000_000n) === px);
          const values = inPixel.map((r) => r.v as number);
          // First and last are exact points; min and max are the right values in the right pixel.
          expect(inPixel[0]).toEqual({ t: e.first.t, v: e.first.v });
          expect(inPixel[inPixel.length - 1]).toEqual({ t: e.last.t, v: e.last.v });
          expect(Math.min(...values)).toBe(e.min.v);
          expect(Math.max(...values)).toBe(e.max.v);
          expect(inPixel.length).toBeLessThanOrEqual(4);
          if (!pushdown) {
            const expected = new Set([e.first, e.last, e.min, e.max].map((p) => `${p.t}:${p.v}`));
            expect(new Set(inPixel.map((r) => `${r.t}:${r.v}`))).toEqual(expected);
          }
        }
        const pixelsWithRows = new Set(valued.map((r) => pixelOf(spec, BigInt(r.t) * 1_000_000n)));
        expect(pixelsWithRows).toEqual(new Set(ref.keys()));
        // Gaps stay gaps: only host-b has a hole, and it gets one NULL row inside the hole.
        const gaps = rows.filter((r) => r.v === null);
        if (host === 'host-b') {
          expect(gaps).toHaveLength(1);
          expect(gaps[0]?.t).toBeGreaterThan(START + 7999 * 1000);
          expect(gaps[0]?.t).toBeLessThan(START + 8600 * 1000);
        } else expect(gaps).toEqual([]);
      }
      await db.close();
    });
  }

  it('reads a narrowed window on the same pixel grid', async () => {
    const { db } = await database();
    const pixels = 100;
    const full = await db.query(RAW, { range, pixels });
    const cut = START + 15_000 * 1000;
    const narrowed = `SELECT time, measure_value::double AS value, host FROM mon.cpu WHERE measure_name = 'usage' AND time >= from_milliseconds(${cut}) AND host = 'host-a' AND $__timeFilter ORDER BY time`;
    const tail = await db.query(narrowed, { range, pixels });
    const fullA = (rowsByHost(full).get('host-a') ?? []).filter((r) => r.t >= cut);
    const spec = gridFor(range, pixels);
    // Pixels wholly after the cut are the same in both.
    const firstWhole = pixelOf(spec, BigInt(cut) * 1_000_000n) + 1;
    const whole = (rows: { t: number; v: number | null }[]) => rows.filter((r) => pixelOf(spec, BigInt(r.t) * 1_000_000n) >= firstWhole);
    expect(whole(rowsByHost(tail).get('host-a') ?? [])).toEqual(whole(fullA));
    await db.close();
  });

  it('keeps every row of a bucketed query narrower than the picture, and leaves other shapes alone', async () => {
    const { db } = await database();
    const sql = `SELECT bin(time, $__interval) AS t, host, avg(measure_value::double) AS v FROM mon.cpu WHERE measure_name = 'usage' AND host = 'host-a' AND $__timeFilter GROUP BY 1, 2 ORDER BY 1`;
    const plain = await db.query(sql, { range, intervalMs: 600_000 });
    const reduced = await db.query(sql, { range, intervalMs: 600_000, pixels: 800 });
    expect(reduced.rowCount).toBe(plain.rowCount);
    expect(reduced.vectors[2]?.get(3)).toBe(plain.vectors[2]?.get(3));
    const counts = await db.query(`SELECT host, count(*) AS n FROM mon.cpu GROUP BY host ORDER BY host`, { pixels: 10 });
    expect(counts.rowCount).toBe(3);
    await db.close();
  });

  it('reduces a bucketed result wider than the picture and marks a missing bucket as a gap', async () => {
    const { db } = await database();
    const sql = `SELECT bin(time, 10s) AS t, host, avg(measure_value::double) AS v FROM mon.cpu WHERE measure_name = 'usage' AND host = 'host-b' AND $__timeFilter GROUP BY 1, 2 ORDER BY 1`;
    const plain = await db.query(sql, { range });
    const reduced = await db.query(sql, { range, pixels: 100 });
    expect(plain.rowCount).toBe(1940);
    expect(reduced.rowCount).toBeLessThanOrEqual(401);
    const nulls = Array.from({ length: reduced.rowCount }, (_, r) => reduced.vectors[2]?.get(r)).filter((v) => v === null);
    expect(nulls).toHaveLength(1);
    await db.close();
  });

  it('matches the reference over the magnetic tier, with and without pushdown', async () => {
    const clock = { now: NOW };
    const db = await openDatabase({
      name: 'mag',
      storage: 'memory',
      clock: () => clock.now,
      kernel,
      retentionIntervalMs: 0,
      chunkPoints: 64,
    });
    await db.createDatabase('mon');
    await db.createTable('mon', 'cpu', { memoryStoreRetentionHours: 1, enableMagneticStoreWrites: true });
    const points = signal(4);
    await db.writeColumns({
      database: 'mon',
      table: 'cpu',
      dimensions: { host: 'host-m' },
      measureName: 'usage',
      times: Float64Array.from(points, (p) => p.t),
      values: Float64Array.from(points, (p) => p.v),
    });
    await db.runRetention();
    const stats = await db.stats();
    expect(stats.tables[0]?.magnetic.points).toBeGreaterThan(POINTS * 0.8);
    const spec = gridFor(range, 40);
    const ref = referenceM4(points, spec);
    for (const pushdown of [true, false]) {
      const result = await db.query(RAW, { range, pixels: 40, pixelPushdown: pushdown });
      if (pushdown) expect(result.statistics.scan.chunksAnsweredFromHeaders).toBeGreaterThan(10);
      const rows = (rowsByHost(result).get('host-m') ?? []).filter((r) => r.v !== null);
      for (const [px, e] of ref) {
        const inPixel = rows.filter((r) => pixelOf(spec, BigInt(r.t) * 1_000_000n) === px);
        expect(inPixel[0]).toEqual({ t: e.first.t, v: e.first.v });
        expect(inPixel.at(-1)).toEqual({ t: e.last.t, v: e.last.v });
        expect(Math.min(...inPixel.map((r) => r.v as number))).toBe(e.min.v);
        expect(Math.max(...inPixel.map((r) => r.v as number))).toBe(e.max.v);
      }
    }
    await db.close();
  });

  it('rejects a bad pixel width', async () => {
    const { db } = await database();
    const error = await rejection(db.query(RAW, { range, pixels: 0 }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('pixels');
    await db.close();
  });
});
