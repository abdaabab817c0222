import { beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '../../../src/engine/sql/run-sql.ts';
import { KEPT_BATCHES } from '../../../src/engine/storage/aggregate-kept.ts';
import type { StorageEngine } from '../../../src/engine/storage/engine.ts';
import { StorageSqlCatalog } from '../../../src/engine/storage-sql-catalog.ts';
import { residentChunks } from '../../../src/kernel/index.ts';
import { expectSameCells, rowsOf } from '../../helpers/result-rows.ts';
import { random } from '../../helpers/seeded-random.ts';
import { kernel, kernelMemoryEngine } from './helpers.ts';

// A batch of range-pass jobs kept in the kernel between queries (aggregate-kept.ts) must answer exactly, bit
// for bit, as the batch worked out for each query does: per group (single-measure records, several series a
// group) and per series (MULTI records), over ranges cutting chunks anywhere, with heads in range. A shape is
// remembered the first time, kept the second, reused after; writes that seal chunks, DELETE, chunks pushed out
// of the kernel, NULLs and overlapping chunks all leave the answer as the batch per query gives it.

const NOW_MS = Date.UTC(2024, 0, 1, 3, 0, 0);
const START_MS = NOW_MS - 3 * 3_600_000;
const NOW = BigInt(NOW_MS) * 1_000_000n;
let engine: StorageEngine;
let catalog: StorageSqlCatalog;
const rand = random(23);
// Values whose sums round differently in another order.
const value = () => Math.round(rand() * 1e6) / 10 ** Math.floor(rand() * 7) + (rand() < 0.3 ? 1e9 : 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const bounds = (fromMs: number, toMs: number) => `time >= '${iso(fromMs)}' AND time < '${iso(toMs)}'`;

async function writeSingle(host: string, measure: string, fromIndex: number, n: number): Promise<void> {
  const times = Float64Array.from({ length: n }, (_, i) => START_MS + (fromIndex + i) * 10_000);
  const values = Float64Array.from({ length: n }, value);
  await engine.writeColumns({ database: 'tdb', table: 'single', dimensions: { hostname: host }, measureName: measure, times, values });
}

beforeAll(async () => {
  engine = await kernelMemoryEngine({ clock: () => NOW_MS, chunkPoints: 100 });
  await engine.createDatabase('tdb');
  await engine.createTable('tdb', 'single', { memoryStoreRetentionHours: 24 });
  await engine.createTable('tdb', 'multi', { memoryStoreRetentionHours: 24 });
  for (const host of ['h0', 'h1', 'h2']) for (const measure of ['m0', 'm1', 'm2']) await writeSingle(host, measure, 0, 1020);
  for (const host of ['x0', 'x1', 'x2']) {
    const n = 1030;
    const times = Float64Array.from({ length: n }, (_, i) => START_MS + i * 10_000);
    const column = (name: string) => ({ name, type: 'DOUBLE' as const, values: Float64Array.from({ length: n }, value) });
    await engine.writeColumns({
      database: 'tdb',
      table: 'multi',
      dimensions: { hostname: host },
      measureName: 'cpu',
      times,
      columns: [column('a'), column('b')],
    });
  }
  catalog = new StorageSqlCatalog(engine);
});

/** Runs `sql` with no batch kept, then as it comes: both must agree exactly (Object.is per cell, rows in order). */
async function agrees(sql: string): Promise<void> {
  KEPT_BATCHES.enabled = false;
  const reference = rowsOf(await runSql(catalog, sql, { now: NOW }));
  KEPT_BATCHES.enabled = true;
  const kept = rowsOf(await runSql(catalog, sql, { now: NOW }));
  expect(kept.length, sql).toBeGreaterThan(0);
  expectSameCells(kept, reference, sql);
}

const cases = (fn: string) =>
  ['m0', 'm1', 'm2'].map((m) => `${fn}(CASE WHEN measure_name = '${m}' THEN measure_value::double END)`).join(', ');
const grouped = (width: string, range: string) =>
  `SELECT bin(time, ${width}) AS b, hostname, ${cases('avg')}, ${cases('max')} FROM tdb.single WHERE measure_name IN ('m0', 'm1', 'm2') AND ${range} GROUP BY 1, 2 ORDER BY 1, 2`;
const perSeries = (width: string, range: string) =>
  `SELECT bin(time, ${width}) AS b, hostname, avg(a), sum(b), min(a), max(b), count(*) FROM tdb.multi WHERE ${range} GROUP BY 1, 2 ORDER BY 1, 2`;

/** Ranges inside the written data, cutting chunks (1,000 s each) anywhere; the last ones reach the heads. */
function ranges(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const from = START_MS + 1_000 + Math.floor(rand() * 4_000_000);
    const to = i % 2 === 0 ? from + 600_000 + Math.floor(rand() * 5_000_000) : NOW_MS;
    return bounds(from, to);
  });
}

describe('a kept batch of range-pass jobs', () => {
  it('answers per group and per series as the batch worked out per query does, kept from the second meeting on', async () => {
    for (const shape of [grouped, perSeries]) {
      for (const width of ['1m', '7m']) {
        const built = KEPT_BATCHES.built;
        const reused = KEPT_BATCHES.reused;
        for (const range of ranges(6)) await agrees(shape(width, range));
        expect(KEPT_BATCHES.built - built, `${shape(width, '…')}`).toBeGreaterThanOrEqual(1);
        expect(KEPT_BATCHES.reused - reused, `${shape(width, '…')}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('keeps apart queries over the same series and columns that group them differently', async () => {
    // Per host, or every host into one group (max, min and count do not depend on the order series meet in).
    const byHost = (range: string) =>
      `SELECT bin(time, 1m) AS b, hostname, ${cases('max')}, ${cases('count')} FROM tdb.single WHERE measure_name IN ('m0', 'm1', 'm2') AND ${range} GROUP BY 1, 2 ORDER BY 1, 2`;
    const together = (range: string) =>
      `SELECT bin(time, 1m) AS b, ${cases('max')}, ${cases('count')} FROM tdb.single WHERE measure_name IN ('m0', 'm1', 'm2') AND ${range} GROUP BY 1 ORDER BY 1`;
    const reused = KEPT_BATCHES.reused;
    for (const range of ranges(4)
      .filter((_, i) => i % 2 === 0)
      .concat([bounds(START_MS, START_MS + 3_000_000)])) {
      await agrees(byHost(range));
      await agrees(together(range));
    }
    expect(KEPT_BATCHES.reused).toBeGreaterThan(reused);
  });

  it('keeps apart selections of as many series, each known again by its kept list', async () => {
    // Two hosts of three each time: the same columns, width and series count, other series.
    const pair = (hosts: string, range: string) =>
      `SELECT bin(time, 1m) AS b, hostname, ${cases('avg')} FROM tdb.single WHERE measure_name IN ('m0', 'm1', 'm2') AND hostname IN (${hosts}) AND ${range} GROUP BY 1, 2 ORDER BY 1, 2`;
    const reused = KEPT_BATCHES.reused;
    for (const range of [bounds(START_MS + 61_000, START_MS + 5_000_000), bounds(START_MS + 700_000, START_MS + 9_000_000)])
      for (let round = 0; round < 3; round++)
        for (const hosts of [`'h0', 'h1'`, `'h0', 'h2'`, `'h1', 'h2'`]) await agrees(pair(hosts, range));
    expect(KEPT_BATCHES.reused - reused).toBeGreaterThanOrEqual(6);
  });

  it('keeps a batch while shapes met once come and go', async () => {
    const range = bounds(START_MS + 300_000, START_MS + 8_000_000);
    for (let i = 0; i < 3; i++) await agrees(perSeries('3m', range));
    // Eight shapes met once each (other widths): remembered, none kept, and the kept batch stays.
    for (let w = 1; w <= 8; w++) await agrees(perSeries(`${10 + w}m`, range));
    const built = KEPT_BATCHES.built;
    const reused = KEPT_BATCHES.reused;
    await agrees(perSeries('3m', range));
    expect(KEPT_BATCHES.built).toBe(built);
    expect(KEPT_BATCHES.reused).toBe(reused + 1);
  });

  it('is built again after writes seal chunks and after DELETE, and answers as before', async () => {
    const range = bounds(START_MS + 500_000, NOW_MS);
    for (let i = 0; i < 3; i++) await agrees(grouped('1m', range));
    // Points after h0's head: chunks sealed, the head moves on.
    await writeSingle('h0', 'm1', 1020, 150);
    let built = KEPT_BATCHES.built;
    const stale = KEPT_BATCHES.stale;
    for (let i = 0; i < 3; i++) await agrees(grouped('1m', range));
    expect(KEPT_BATCHES.built).toBe(built + 1);
    // The batch kept before the write can never be met again: dropped at the first miss, not held with its chunks.
    expect(KEPT_BATCHES.stale).toBeGreaterThan(stale);
    await runSql(catalog, `DELETE FROM tdb.single WHERE hostname = 'h1' AND ${bounds(START_MS + 2_000_000, START_MS + 2_500_000)}`, {
      now: NOW,
    });
    built = KEPT_BATCHES.built;
    for (let i = 0; i < 3; i++) await agrees(grouped('1m', range));
    expect(KEPT_BATCHES.built).toBe(built + 1);
  });

  it('answers when the kernel has pushed its chunks out, and builds it again', async () => {
    const range = bounds(START_MS + 700_000, START_MS + 9_000_000);
    for (let i = 0; i < 3; i++) await agrees(perSeries('5m', range));
    const residents = residentChunks(kernel);
    const budget = residents.stats().budget;
    residents.setBudget(0);
    residents.setBudget(budget);
    const built = KEPT_BATCHES.built;
    for (let i = 0; i < 3; i++) await agrees(perSeries('5m', range));
    expect(KEPT_BATCHES.built).toBe(built + 1);
  });

  it('is built again when the last series loses its last chunk', async () => {
    const range = bounds(START_MS, START_MS + 10_300_000);
    for (let i = 0; i < 3; i++) await agrees(perSeries('2m', range));
    // x2 (the last series) held ten chunks of 100 points and a head: its tenth goes whole.
    await runSql(catalog, `DELETE FROM tdb.multi WHERE hostname = 'x2' AND ${bounds(START_MS + 9_000_000, START_MS + 10_000_000)}`, {
      now: NOW,
    });
    const built = KEPT_BATCHES.built;
    for (let i = 0; i < 3; i++) await agrees(perSeries('2m', range));
    expect(KEPT_BATCHES.built).toBe(built + 1);
  });

  it('keeps nothing for series holding NULLs or overlapping chunks, and answers as before', async () => {
    // x3: NULLs in b. h3: written out of order, its chunks overlap.
    const n = 1030;
    const times = Float64Array.from({ length: n }, (_, i) => START_MS + i * 10_000);
    const b = Float64Array.from({ length: n }, value);
    const validity = Uint8Array.from({ length: n }, (_, i) => (i % 9 === 0 ? 0 : 1));
    await engine.writeColumns({
      database: 'tdb',
      table: 'multi',
      dimensions: { hostname: 'x3' },
      measureName: 'cpu',
      times,
      columns: [
        { name: 'a', type: 'DOUBLE', values: Float64Array.from({ length: n }, value) },
        { name: 'b', type: 'DOUBLE', values: b, validity },
      ],
    });
    for (const odd of [0, 1]) {
      const t = Float64Array.from({ length: 300 }, (_, i) => START_MS + (2 * i + odd) * 10_000);
      await engine.writeColumns({
        database: 'tdb',
        table: 'single',
        dimensions: { hostname: 'h3' },
        measureName: 'm0',
        times: t,
        values: Float64Array.from({ length: 300 }, value),
      });
    }
    const built = KEPT_BATCHES.built;
    const reused = KEPT_BATCHES.reused;
    for (const range of ranges(4)) {
      await agrees(perSeries('1m', range));
      await agrees(grouped('1m', range));
    }
    expect(KEPT_BATCHES.built).toBe(built);
    expect(KEPT_BATCHES.reused).toBe(reused);
  });
});
