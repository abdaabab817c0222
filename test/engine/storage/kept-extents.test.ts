import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '../../../src/engine/sql/run-sql.ts';
import { seriesExtent } from '../../../src/engine/storage/aggregate-extent.ts';
import { chunkRevision, headRevision } from '../../../src/engine/storage/data-revision.ts';
import type { StorageEngine } from '../../../src/engine/storage/engine.ts';
import { KEPT_EXTENTS, KeptExtents } from '../../../src/engine/storage/kept-extents.ts';
import type { Series } from '../../../src/engine/storage/series.ts';
import { StorageSqlCatalog } from '../../../src/engine/storage-sql-catalog.ts';
import { expectSameCells, rowsOf } from '../../helpers/result-rows.ts';
import { random } from '../../helpers/seeded-random.ts';
import { fakeSeries, type Span } from './fake-series.ts';
import { kernelMemoryEngine, testClock } from './helpers.ts';

// Kept extents (kept-extents.ts) stand in for seriesExtent while no data changed: they must give the very
// extents it gives, for any range, and must never outlive a change of a head, a chunk list or the columns.

/** A series mostly laid out as kept extents take it (sorted, disjoint chunks, the head after), sometimes not. */
const layouts = fc.record({
  chunks: fc.array(
    fc.record({ gap: fc.integer({ min: -3, max: 12 }), length: fc.integer({ min: -1, max: 20 }), count: fc.integer({ min: 1, max: 9 }) }),
    { maxLength: 5 },
  ),
  magnetic: fc.integer({ min: 0, max: 9 }),
  headGap: fc.integer({ min: -2, max: 8 }),
  head: fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 6 }),
});

function seriesOf(raw: typeof layouts extends fc.Arbitrary<infer T> ? T : never): {
  series: Series;
  qualifies: boolean;
  headQualifies: boolean;
} {
  const sealed: Span[] = [];
  let at = 0;
  let qualifies = true;
  for (const c of raw.chunks) {
    const min = at + c.gap;
    const max = min + c.length;
    // Out of order, overlapping or empty: not taken.
    if ((sealed.length > 0 && min <= (sealed.at(-1) as Span).max) || max < min) qualifies = false;
    sealed.push({ min, max, count: c.count });
    at = Math.max(at, max);
  }
  const magnetic = raw.magnetic === 0 ? [{ min: 0, max: 5, count: 3 }] : [];
  if (magnetic.length > 0) qualifies = false;
  const start = at + raw.headGap;
  const head = [...new Set(raw.head.map((d) => start + d))].sort((a, b) => a - b);
  // The head after the last chunk (checked apart: heads are read again as they change).
  const headQualifies = !(head.length > 0 && sealed.length > 0 && (head[0] as number) <= (sealed.at(-1) as Span).max);
  return { series: fakeSeries(sealed, magnetic, head), qualifies, headQualifies };
}

describe('KeptExtents', () => {
  it('gives seriesExtent’s extents and counts for every series and range, and takes only the layouts it may', () => {
    fc.assert(
      fc.property(
        fc.array(layouts, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 90 }), fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 6 }),
        (raws, ranges) => {
          const made = raws.map(seriesOf);
          const series = made.map((m) => m.series);
          const kept = KeptExtents.of(series);
          expect(kept !== null).toBe(made.every((m) => m.qualifies));
          if (kept === null) return;
          const headsAfter = made.every((m) => m.headQualifies);
          expect(kept.headsNow()).toBe(headsAfter);
          if (!headsAfter) return;
          for (const [start, length] of ranges) {
            const from = BigInt(start);
            const to = BigInt(start + length);
            series.forEach((s, i) => {
              const expected = { considered: 0, pruned: 0 };
              const got = { considered: 0, pruned: 0 };
              const want = seriesExtent(s, from, to, expected);
              expect({ ...kept.extent(i, from, to, got) }).toEqual({ ...want });
              expect(got).toEqual(expected);
            });
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// Through SQL, on a real engine: every kind of change between two runs of a query leaves its answer as a run with
// nothing kept gives it.

const clock = testClock(Date.UTC(2024, 0, 1, 3, 0, 0));
const START_MS = clock.now() - 3 * 3_600_000;
let engine: StorageEngine;
let catalog: StorageSqlCatalog;
const rand = random(41);
const value = () => Math.round(rand() * 1e6) / 10 ** Math.floor(rand() * 5);
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function write(host: string, measure: string, fromIndex: number, n: number, step = 10_000): Promise<void> {
  const times = Float64Array.from({ length: n }, (_, i) => START_MS + (fromIndex + i) * step);
  const values = Float64Array.from({ length: n }, value);
  await engine.writeColumns({ database: 'tdb', table: 'single', dimensions: { hostname: host }, measureName: measure, times, values });
}

async function writeMulti(host: string, columns: readonly string[], fromIndex: number, n: number): Promise<void> {
  const times = Float64Array.from({ length: n }, (_, i) => START_MS + (fromIndex + i) * 10_000);
  await engine.writeColumns({
    database: 'tdb',
    table: 'multi',
    dimensions: { hostname: host },
    measureName: 'cpu',
    times,
    columns: columns.map((name) => ({ name, type: 'DOUBLE' as const, values: Float64Array.from({ length: n }, value) })),
  });
}

beforeAll(async () => {
  engine = await kernelMemoryEngine({ clock: clock.now, chunkPoints: 100 });
  await engine.createDatabase('tdb');
  await engine.createTable('tdb', 'single', { memoryStoreRetentionHours: 24 });
  await engine.createTable('tdb', 'multi', { memoryStoreRetentionHours: 12 });
  for (const host of ['h0', 'h1', 'h2']) for (const measure of ['m0', 'm1']) await write(host, measure, 0, 1020);
  // h3's heads are empty: ten whole chunks each.
  for (const measure of ['m0', 'm1']) await write('h3', measure, 0, 1000);
  for (const host of ['x0', 'x1']) await writeMulti(host, ['a', 'b'], 0, 1030);
  catalog = new StorageSqlCatalog(engine);
});

/** Both revisions (see data-revision.ts): one or the other changes with every change of data. */
const revisions = () => [chunkRevision(), headRevision()];

/** Runs `sql` with no extents kept, then as it comes: both must agree exactly (Object.is per cell, rows in order). */
async function agrees(sql: string): Promise<void> {
  const now = BigInt(clock.now()) * 1_000_000n;
  KEPT_EXTENTS.enabled = false;
  const reference = rowsOf(await runSql(catalog, sql, { now }));
  KEPT_EXTENTS.enabled = true;
  const kept = rowsOf(await runSql(catalog, sql, { now }));
  expect(kept.length, sql).toBeGreaterThan(0);
  expectSameCells(kept, reference, sql);
}

/** Ranges from inside the written data to past its end (the heads), and one cutting a head. */
const single = (range: string) =>
  `SELECT bin(time, 1m) AS b, hostname, avg(CASE WHEN measure_name = 'm0' THEN measure_value::double END) AS a0, max(CASE WHEN measure_name = 'm1' THEN measure_value::double END) AS m1, count(*) AS n FROM tdb.single WHERE measure_name IN ('m0', 'm1') AND ${range} GROUP BY 1, 2 ORDER BY 1, 2`;
const multi = (range: string) =>
  `SELECT bin(time, 1m) AS b, hostname, avg(a), sum(b), count(*) AS n FROM tdb.multi WHERE ${range} GROUP BY 1, 2 ORDER BY 1, 2`;
const between = (fromMs: number, toMs: number) => `time >= '${iso(fromMs)}' AND time < '${iso(toMs)}'`;
const RANGES = [
  between(START_MS + 1_234_000, clock.now() + 3_600_000),
  between(START_MS + 10_150_000, START_MS + 10_195_000),
  between(START_MS, START_MS + 4_321_000),
];

/** Runs each query over each range three times (the extents are built on the second meeting, used on the third). */
async function settle(shape: (range: string) => string, ranges = RANGES): Promise<void> {
  for (const range of ranges) for (let i = 0; i < 3; i++) await agrees(shape(range));
}

describe('kept extents through SQL', () => {
  it('are built on the second meeting of a series list and used while nothing changes', async () => {
    const built = KEPT_EXTENTS.built;
    const reused = KEPT_EXTENTS.reused;
    await settle(single);
    expect(KEPT_EXTENTS.built).toBeGreaterThan(built);
    expect(KEPT_EXTENTS.reused).toBeGreaterThan(reused);
  });

  it('keep their chunks’ bounds while only heads change, reading the heads again', async () => {
    await settle(single);
    const built = KEPT_EXTENTS.built;
    const reused = KEPT_EXTENTS.reused;
    const chunks = chunkRevision();
    // Five points after h2's m1 head (20 points): no chunk sealed.
    await write('h2', 'm1', 1020, 5);
    expect(chunkRevision()).toBe(chunks);
    await settle(single);
    expect(KEPT_EXTENTS.built).toBe(built);
    expect(KEPT_EXTENTS.reused).toBeGreaterThan(reused);
  });

  const nowNs = () => BigInt(clock.now()) * 1_000_000n;
  const one = (host: string, ms: number, version: bigint, value = -1.5) =>
    engine.writeColumns({
      database: 'tdb',
      table: 'single',
      dimensions: { hostname: host },
      measureName: 'm0',
      times: Float64Array.of(ms),
      values: Float64Array.of(value),
      versions: BigInt64Array.of(version),
    });
  // h0..h2 hold ten chunks of 100 points each and 20 points (indexes 1000..1019) in their heads.
  const changes: [string, () => Promise<unknown>][] = [
    ['points appended to a head', () => write('h0', 'm0', 1020, 7)],
    ['points that seal a chunk', () => write('h1', 'm1', 1020, 130)],
    ['a whole chunk after an empty head', () => write('h3', 'm0', 1000, 100)],
    ['a point inserted into a head, before its last', () => one('h2', START_MS + 10_105_000, 1n)],
    ['a point upserted in a head', () => one('h0', START_MS + 10_010_000, 2n)],
    [
      // Between two of a sealed chunk's points: into h1's head, which then overlaps that chunk (its value, 2^60 with
      // an ulp of 256, makes the sums depend on the order rows meet in); and points after a later series' head.
      'a point written inside a sealed chunk’s span, and points appended to another head',
      async () => {
        await one('h1', START_MS + 5_005_000, 1n, 2 ** 60);
        await write('h2', 'm0', 1020, 3);
      },
    ],
    [
      'a DELETE cutting heads',
      () => runSql(catalog, `DELETE FROM tdb.single WHERE ${between(START_MS + 10_160_000, START_MS + 10_170_000)}`, { now: nowNs() }),
    ],
    [
      'a DELETE of whole chunks',
      () =>
        runSql(catalog, `DELETE FROM tdb.single WHERE hostname = 'h1' AND ${between(START_MS + 1_000_000, START_MS + 3_000_000)}`, {
          now: nowNs(),
        }),
    ],
  ];
  for (const [what, change] of changes) {
    it(`answer as before after ${what}`, async () => {
      await settle(single);
      const revision = revisions();
      await change();
      expect(revisions()).not.toEqual(revision);
      await settle(single);
    });
  }

  it('answer as before after a new MULTI column and after aged chunks move to the magnetic tier', async () => {
    const wide = [between(clock.now() - 20 * 3_600_000, clock.now() + 3_600_000), ...RANGES];
    const reused = KEPT_EXTENTS.reused;
    await settle(multi, wide);
    expect(KEPT_EXTENTS.reused).toBeGreaterThan(reused);
    let revision = revisions();
    await writeMulti('x1', ['a', 'b', 'c'], 1030, 5);
    expect(revisions()).not.toEqual(revision);
    await settle(multi, wide);
    await engine.updateTable('tdb', 'multi', { memoryStoreRetentionHours: 1 });
    revision = revisions();
    const report = await engine.runRetention();
    expect(report.movedPoints).toBeGreaterThan(0);
    expect(revisions()).not.toEqual(revision);
    await settle(multi, wide);
  });

  it('answer as before after aged chunks move to the magnetic tier', async () => {
    await settle(single);
    await engine.updateTable('tdb', 'single', { memoryStoreRetentionHours: 2 });
    const revision = revisions();
    const report = await engine.runRetention();
    expect(report.movedPoints).toBeGreaterThan(0);
    expect(revisions()).not.toEqual(revision);
    await settle(single);
  });
});
