import { beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { GROUPED_ANSWERS } from '../../../../src/engine/storage/aggregate-groups.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { expectSameCells, rowsOf } from '../../../helpers/result-rows.ts';
import { kernelMemoryEngine } from '../../storage/helpers.ts';
import { Random } from '../differential/random.ts';

// A pushed aggregate whose groups the storage merges as the kernel aggregates their series (aggregate-groups.ts)
// must give exactly, bit for bit, what the per-series answer merged by the query engine gives: sums added in
// the same order, -0 and +0 kept apart, NULLs where they were. The data reaches the grouped path and its
// refusals: several chunks and a head per series, series of one group starting at different buckets, values
// whose sums depend on their order, a -0 in one series' head where another's chunk holds +0, NULL attributes,
// out-of-order writes (overlapping chunks).

const NOW_MS = Date.UTC(2024, 0, 1, 3, 0, 0);
const START_MS = NOW_MS - 3 * 3_600_000;
const NOW = BigInt(NOW_MS) * 1_000_000n;
let catalog: StorageSqlCatalog;

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
/** Where h0's head starts holding -0 (see beforeAll), and a minute of it. */
let zeroMinuteMs = 0;

beforeAll(async () => {
  const engine = await kernelMemoryEngine({
    clock: () => NOW_MS,
    chunkPoints: 100,
  });
  await engine.createDatabase('tdb');
  await engine.createTable('tdb', 'single', { memoryStoreRetentionHours: 24 });
  await engine.createTable('tdb', 'multi', { memoryStoreRetentionHours: 24 });
  const random = new Random(11);
  const rand = () => random.next();
  // Values of many magnitudes: their sums round differently in another order.
  const value = () => Math.round(rand() * 1e6) / 10 ** Math.floor(rand() * 7) + (rand() < 0.3 ? 1e9 : 0);
  // h1 starts 75 points earlier: its chunks reach into the time of h0's head (and its buckets start earlier).
  for (const host of ['h0', 'h1', 'h2']) {
    const skip = host === 'h1' ? 0 : 75;
    const n = 1050 - skip;
    for (const measure of ['m0', 'm1', 'm2']) {
      const times = new Float64Array(n);
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        times[i] = START_MS + (skip + i) * 10_000;
        values[i] = value();
      }
      if (measure === 'm0') {
        // One minute where h0's head holds -0 and h1's chunk +0, the smallest values there.
        const at = 980;
        zeroMinuteMs = START_MS + Math.floor((at * 10_000) / 60_000) * 60_000;
        for (let i = 0; i < n; i++) if (times[i]! >= zeroMinuteMs && times[i]! < zeroMinuteMs + 60_000) values[i] = 5;
        if (host === 'h0') values[at - skip] = -0;
        if (host === 'h1') values[at - skip + 1] = 0;
      }
      await engine.writeColumns({ database: 'tdb', table: 'single', dimensions: { hostname: host }, measureName: measure, times, values });
    }
  }
  // h3: written out of order (overlapping chunks: the grouped path refuses them).
  for (const odd of [0, 1]) {
    const times = Float64Array.from({ length: 300 }, (_, i) => START_MS + (2 * i + odd) * 10_000);
    const values = Float64Array.from({ length: 300 }, value);
    await engine.writeColumns({ database: 'tdb', table: 'single', dimensions: { hostname: 'h3' }, measureName: 'm0', times, values });
  }
  for (const host of ['x0', 'x1']) {
    const n = 1000;
    const times = Float64Array.from({ length: n }, (_, i) => START_MS + i * 10_000);
    const a = Float64Array.from({ length: n }, value);
    const b = Float64Array.from({ length: n }, value);
    const valid = Uint8Array.from({ length: n }, (_, i) => (host === 'x1' && i % 7 === 0 ? 0 : 1));
    await engine.writeColumns({
      database: 'tdb',
      table: 'multi',
      dimensions: { hostname: host },
      measureName: 'cpu',
      times,
      columns: [
        { name: 'a', type: 'DOUBLE', values: a },
        { name: 'b', type: 'DOUBLE', values: b, validity: valid },
      ],
    });
  }
  catalog = new StorageSqlCatalog(engine);
});

/** Runs `sql` grouped in the storage and per series; both must agree exactly (Object.is per cell, rows in order). Returns whether the grouped path answered. */
async function grouped(sql: string): Promise<boolean> {
  GROUPED_ANSWERS.enabled = false;
  const before = GROUPED_ANSWERS.count;
  const perSeries = rowsOf(await runSql(catalog, sql, { now: NOW }));
  expect(GROUPED_ANSWERS.count, sql).toBe(before);
  GROUPED_ANSWERS.enabled = true;
  const merged = rowsOf(await runSql(catalog, sql, { now: NOW }));
  expect(merged.length, sql).toBeGreaterThan(0);
  expectSameCells(merged, perSeries, sql);
  return GROUPED_ANSWERS.count > before;
}

const cases = (fns: readonly string[]) =>
  ['m0', 'm1', 'm2'].map((m, i) => `${fns[i % fns.length]}(CASE WHEN measure_name = '${m}' THEN measure_value::double END)`).join(', ');
const bounds = (fromMs: number, toMs: number) => `time >= '${iso(fromMs)}' AND time < '${iso(toMs)}'`;
const S = 'tdb.single';
const WHERE_FIELDS = `measure_name IN ('m0', 'm1', 'm2') AND hostname IN ('h0', 'h1', 'h2')`;

describe('a pushed aggregate merged per group in the storage', () => {
  it('agrees with the per-series merge where each slot has one series per group (the TSBS double-groupby form)', async () => {
    for (const width of ['1m', '7m', '13m']) {
      for (const range of ['', ` AND ${bounds(START_MS + 123_457, NOW_MS - 61_003)}`, ` AND ${bounds(START_MS, START_MS + 3_600_000)}`]) {
        const sql = `SELECT bin(time, ${width}) AS b, hostname, ${cases(['avg', 'sum', 'max'])}, ${cases(['min', 'count', 'avg'])} FROM ${S} WHERE ${WHERE_FIELDS}${range} GROUP BY 1, 2 ORDER BY 1, 2`;
        expect(await grouped(sql), sql).toBe(true);
      }
    }
    // Without a width, chunks wholly in range are answered from their headers: per series.
    const noWidth = `SELECT hostname, ${cases(['sum', 'avg', 'min'])} FROM ${S} WHERE ${WHERE_FIELDS} GROUP BY hostname`;
    expect(await grouped(noWidth)).toBe(false);
  });

  it('agrees over a range that only heads reach (a live table’s recent rows), with and without min and max', async () => {
    // Every series' head starts by START + 10,000 s (h1's at 10,000 s, h0's and h2's at 9,750 s): no chunk in range.
    for (const width of ['1m', '7m']) {
      for (const fns of [
        ['avg', 'sum', 'avg'],
        ['avg', 'max', 'min', 'count'],
      ]) {
        const sql = `SELECT bin(time, ${width}) AS b, hostname, ${cases(fns)} FROM ${S} WHERE ${WHERE_FIELDS} AND ${bounds(START_MS + 10_000_000, NOW_MS)} GROUP BY 1, 2 ORDER BY 1, 2`;
        expect(await grouped(sql), sql).toBe(true);
      }
    }
  });

  it('agrees where several series feed one slot read only by max, min and count, and keeps -0 from a head', async () => {
    // Group by the bucket alone: every host feeds each slot. Heads in range (h0's -0 among them): answered per series.
    const all = `SELECT bin(time, 1m), ${cases(['max', 'min', 'count'])}, ${cases(['min'])} FROM ${S} WHERE ${WHERE_FIELDS} GROUP BY 1 ORDER BY 1`;
    expect(await grouped(all)).toBe(false);
    // Before the heads: grouped.
    const early = `SELECT bin(time, 1m), ${cases(['max', 'min', 'count'])} FROM ${S} WHERE ${WHERE_FIELDS} AND ${bounds(START_MS, START_MS + 2 * 3_600_000)} GROUP BY 1 ORDER BY 1`;
    expect(await grouped(early)).toBe(true);
    // The minute holding h0's -0 (head) and h1's +0 (chunk): the per-series answer's min there is -0.
    const zero = `SELECT min(CASE WHEN measure_name = 'm0' THEN measure_value::double END) FROM ${S} WHERE ${WHERE_FIELDS} AND ${bounds(zeroMinuteMs, zeroMinuteMs + 60_000)}`;
    expect(await grouped(zero)).toBe(false);
    expect(Object.is(rowsOf(await runSql(catalog, zero, { now: NOW }))[0]?.[0], -0)).toBe(true);
  });

  it('answers per series where the order of several series would change a sum, or pieces cannot go through the kernel', async () => {
    // Every measure of a host feeds one slot that avg and sum read.
    expect(
      await grouped(
        `SELECT bin(time, 10m), hostname, avg(measure_value::double), sum(measure_value::double) FROM ${S} WHERE ${WHERE_FIELDS} GROUP BY 1, 2`,
      ),
    ).toBe(false);
    // h3's chunks overlap one another.
    expect(await grouped(`SELECT bin(time, 10m), hostname, ${cases(['avg', 'max', 'min'])} FROM ${S} GROUP BY 1, 2`)).toBe(false);
    // A series whose column feeds no slot (m2 is in range, no aggregate reads it).
    expect(
      await grouped(
        `SELECT bin(time, 10m), hostname, max(CASE WHEN measure_name = 'm0' THEN measure_value::double END) FROM ${S} WHERE ${WHERE_FIELDS} GROUP BY 1, 2`,
      ),
    ).toBe(false);
    // Edge values (max_by) and time ranges need the series' order.
    expect(
      await grouped(
        `SELECT bin(time, 10m), hostname, max_by(measure_value::double, time), max(time) FROM ${S} WHERE ${WHERE_FIELDS} GROUP BY 1, 2`,
      ),
    ).toBe(false);
  });

  it('works the grouping out again for series that group alike under other measure names', async () => {
    // The same hosts, so the same groups in the same order; the second query's m2 series feed no slot (its
    // aggregates read m0 and m1): a grouping kept from the first would send m2's rows into m1's slot.
    const early = bounds(START_MS, START_MS + 2 * 3_600_000);
    const value = (m: string) => `CASE WHEN measure_name = '${m}' THEN measure_value::double END`;
    const select = `SELECT bin(time, 10m), hostname, avg(${value('m0')}), sum(${value('m1')}) FROM ${S}`;
    const pair = (a: string, b: string) =>
      `${select} WHERE measure_name IN ('${a}', '${b}') AND hostname IN ('h0', 'h2') AND ${early} GROUP BY 1, 2 ORDER BY 1, 2`;
    for (let round = 0; round < 2; round++) {
      expect(await grouped(pair('m0', 'm1'))).toBe(true);
      expect(await grouped(pair('m0', 'm2'))).toBe(false);
      expect(await grouped(pair('m1', 'm2'))).toBe(false);
      expect(await grouped(pair('m0', 'm1'))).toBe(true);
    }
  });

  it('agrees over MULTI series, and answers per series where a column holds NULLs or each group has one series', async () => {
    // Both hosts' series into one group, read by count, min and max only.
    expect(await grouped(`SELECT bin(time, 5m), max(a), min(a), count(a) FROM tdb.multi GROUP BY 1`)).toBe(true);
    expect(await grouped(`SELECT bin(time, 5m), avg(a), min(a) FROM tdb.multi GROUP BY 1`)).toBe(false);
    expect(await grouped(`SELECT bin(time, 5m), max(b), min(a) FROM tdb.multi GROUP BY 1`)).toBe(false);
    // A group of one series is read in place: nothing to merge.
    expect(await grouped(`SELECT bin(time, 5m), hostname, avg(a), max(a), sum(b) FROM tdb.multi WHERE hostname = 'x0' GROUP BY 1, 2`)).toBe(
      false,
    );
  });
});
