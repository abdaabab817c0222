import { describe, expect, it } from 'vitest';
import { gapTimes, pixelOf } from '../../../src/engine/pixels/index.ts';
import type { StorageEngine } from '../../../src/engine/storage/index.ts';
import type { M4Result, M4Spec } from '../../../src/kernel/index.ts';
import { random } from '../../helpers/seeded-random.ts';
import { DB, HOUR, kernel, memoryEngine, ns, T0, TABLE } from './helpers.ts';

/**
 * The pushed M4 scan (per-series header summary, sparse tables, edge chunks reduced per pixel run)
 * against a plain reference over the same rows, on random data: random chunk sizes, holes, nulls,
 * equal values, late writes, magnetic chunks, random pixel widths, grids and read ranges.
 */

interface Row {
  readonly t: number; // ms
  readonly v: number | null;
}

const int = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

/**
 * Rows in time order, one per time: steps of 1..5 s, now and then a hole of 10..30 min. Values are
 * small integers (many ties) or, when `smooth`, a slow wave (chunks inside a pixel's range, so
 * edge chunks take the count/first/last-only path).
 */
function rows(rnd: () => number, start: number, n: number, nulls: boolean, smooth = false): Row[] {
  const out: Row[] = [];
  let t = start;
  for (let i = 0; i < n; i++) {
    t += rnd() < 0.002 ? int(rnd, 600, 1800) * 1000 : int(rnd, 1, 5) * 1000;
    const v = smooth ? Math.round(4000 * Math.sin(i / 40)) / 100 : int(rnd, -40, 40) + (rnd() < 0.5 ? 0.5 : 0);
    out.push({ t, v: nulls && rnd() < 0.1 ? null : v });
  }
  return out;
}

async function write(engine: StorageEngine, host: string, data: readonly Row[]): Promise<void> {
  const validity = Uint8Array.from(data, (r) => (r.v === null ? 0 : 1));
  const response = await engine.writeColumns({
    database: DB,
    table: TABLE,
    dimensions: { host },
    measureName: 'm',
    times: Float64Array.from(data, (r) => r.t),
    columns: [{ name: 'v', type: 'DOUBLE', values: Float64Array.from(data, (r) => r.v ?? 0), validity }],
  });
  expect(response.RejectedRecords).toEqual([]);
}

/** The plain reference: per pixel the count, first, last, min and max of the rows in [from, to) with a value. */
function reference(data: readonly Row[], spec: M4Spec, from: bigint, to: bigint) {
  const out = new Map<number, { count: number; first: Row; last: Row; min: number; max: number }>();
  for (const r of data) {
    const t = ns(r.t);
    if (r.v === null || t < from || t >= to || t < spec.from || t >= spec.to) continue;
    const p = pixelOf(spec, t);
    const e = out.get(p);
    if (!e) out.set(p, { count: 1, first: r, last: r, min: r.v, max: r.v });
    else {
      e.count++;
      e.last = r;
      e.min = Math.min(e.min, r.v);
      e.max = Math.max(e.max, r.v);
    }
  }
  return out;
}

/** Checks one series' M4 against the reference: exact counts, first and last; exact min/max values at a time in their pixel. */
function expectMatches(m4: M4Result, data: readonly Row[], from: bigint, to: bigint, label: string): void {
  const { spec } = m4;
  const ref = reference(data, spec, from, to);
  for (let p = 0; p < spec.pixels; p++) {
    const e = ref.get(p);
    const where = `${label}, pixel ${p}`;
    if (!e) {
      expect(m4.count[p], where).toBe(0);
      continue;
    }
    expect(m4.count[p], where).toBe(e.count);
    expect([m4.firstTime[p], m4.first[p]], where).toEqual([ns(e.first.t), e.first.v]);
    expect([m4.lastTime[p], m4.last[p]], where).toEqual([ns(e.last.t), e.last.v]);
    expect(m4.min[p], where).toBe(e.min);
    expect(m4.max[p], where).toBe(e.max);
    for (const t of [m4.minTime[p] as bigint, m4.maxTime[p] as bigint]) {
      expect(pixelOf(spec, t), where).toBe(p);
      expect(t >= ns(e.first.t) && t <= ns(e.last.t), where).toBe(true);
    }
  }
  // Gap rows (a NULL row where the line must break) follow from counts, firsts and lasts alone.
  const refCount = new Float64Array(spec.pixels);
  const refFirst = new BigInt64Array(spec.pixels);
  const refLast = new BigInt64Array(spec.pixels);
  for (const [p, e] of ref) {
    refCount[p] = e.count;
    refFirst[p] = ns(e.first.t);
    refLast[p] = ns(e.last.t);
  }
  expect(gapTimes(m4.count, m4.firstTime, m4.lastTime), label).toEqual(gapTimes(refCount, refFirst, refLast));
}

async function m4(engine: StorageEngine, spec: M4Spec, timeRange?: { from: bigint; to: bigint }) {
  return engine.m4Scan({ database: DB, table: TABLE, column: 'v', spec, ...(timeRange ? { timeRange } : {}) }, kernel);
}

describe('M4 in the chunk scan: header summary and edge chunks vs a plain reference', () => {
  it('matches on random series, grids and read ranges', async () => {
    let fromHeaders = 0;
    let decoded = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const rnd = random(seed);
      const magnetic = seed % 3 === 0;
      const engine = await memoryEngine({
        chunkPoints: int(rnd, 8, 200),
        ...(magnetic ? { table: { memoryStoreRetentionHours: 1, enableMagneticStoreWrites: true } } : {}),
      });
      const data = new Map<string, Row[]>();
      for (const [h, host] of ['a', 'b'].entries()) {
        const series = rows(rnd, T0 - 6 * HOUR, int(rnd, 0, 2500), seed % 2 === 0 || h === 1, seed % 4 === 1 && h === 0);
        // Written in a few batches, in time order (the head keeps the tail).
        for (let i = 0; i < series.length; ) {
          const j = Math.min(series.length, i + int(rnd, 1, 900));
          await write(engine, host, series.slice(i, j));
          i = j;
        }
        data.set(host, series);
      }
      if (magnetic) await engine.runRetention();
      const all = [...data.values()].flat();
      if (all.length === 0) {
        await engine.close();
        continue;
      }
      const lo = Math.min(...all.map((r) => r.t));
      const hi = Math.max(...all.map((r) => r.t));
      for (let q = 0; q < 6; q++) {
        const a = lo + int(rnd, -60, Math.floor((hi - lo) * 0.5)) * (q === 0 ? 0 : 1);
        const b = q === 0 ? hi + 1 : int(rnd, a + 1, hi + 60_000);
        const spec: M4Spec = { from: ns(a) + BigInt(int(rnd, 0, 999_999)), to: ns(b), pixels: int(rnd, 1, q % 2 === 0 ? 40 : 400) };
        if (spec.to <= spec.from) continue;
        const cut = q >= 3 ? { from: ns(int(rnd, a, b)), to: ns(int(rnd, a, b + 1000)) } : undefined;
        const from = cut && cut.from > spec.from ? cut.from : spec.from;
        const to = cut && cut.to < spec.to ? cut.to : spec.to;
        const result = await m4(engine, spec, cut);
        fromHeaders += result.stats.chunksFromHeaders;
        decoded += result.stats.chunksDecoded;
        for (const { series, m4: got } of result.series) {
          expectMatches(
            got,
            data.get(series.dimensions.host ?? '') ?? [],
            from,
            to,
            `seed ${seed} query ${q} host ${series.dimensions.host}`,
          );
        }
      }
      await engine.close();
    }
    // Both paths ran.
    expect(fromHeaders).toBeGreaterThan(100);
    expect(decoded).toBeGreaterThan(100);
  });

  it('stays right after a delete rewrites chunks, new chunks land and late writes overlap chunks (the summary is rebuilt)', async () => {
    const rnd = random(99);
    const engine = await memoryEngine({ chunkPoints: 32 });
    const base = rows(rnd, T0 - 6 * HOUR, 3000, true);
    await write(engine, 'a', base);
    const spec: M4Spec = { from: ns(base[0]?.t ?? 0), to: ns((base.at(-1)?.t ?? 0) + 1), pixels: 30 };
    let data = base;
    const check = async (label: string) => {
      const result = await m4(engine, spec);
      expect(result.series).toHaveLength(1);
      expectMatches(result.series[0]?.m4 as M4Result, data, spec.from, spec.to, label);
      return result.stats;
    };
    expect((await check('first')).chunksFromHeaders).toBeGreaterThan(10);
    // A delete inside chunks rewrites them (same number of chunks, new ones): the summary must not answer from the old headers.
    const cut = { from: ns((base[700] as Row).t), to: ns((base[705] as Row).t) };
    await engine.deleteRecords({ database: DB, table: TABLE, timeRange: cut });
    data = base.filter((r) => ns(r.t) < cut.from || ns(r.t) >= cut.to);
    await check('deleted');
    // Later points: new chunks at the end.
    const more = rows(rnd, base.at(-1)?.t ?? 0, 500, false);
    await write(engine, 'a', more);
    data = [...data, ...more];
    const wider: M4Spec = { ...spec, to: ns((more.at(-1)?.t ?? 0) + 1) };
    const result = await m4(engine, wider);
    expectMatches(result.series[0]?.m4 as M4Result, data, wider.from, wider.to, 'appended');
    // Late points between existing ones: chunks overlap, the merging scan answers (upserts win).
    const late: Row[] = [];
    for (let i = 10; i + 1 < base.length; i += 97) {
      const t = (base[i] as Row).t + 500;
      if (t < (base[i + 1] as Row).t) late.push({ t, v: -1000 - i });
    }
    await write(engine, 'a', late);
    data = [...data, ...late].sort((x, y) => x.t - y.t);
    const after = await m4(engine, wider);
    expect(after.stats.seriesMerged).toBe(1);
    expectMatches(after.series[0]?.m4 as M4Result, data, wider.from, wider.to, 'late');
    await engine.close();
  });
});
