import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSql } from '../../../src/engine/sql/run-sql.ts';
import type { ValueFilter } from '../../../src/engine/storage/codec.ts';
import type { ScanColumn, SeriesBatch } from '../../../src/engine/storage/scan-types.ts';
import { StorageSqlCatalog } from '../../../src/engine/storage-sql-catalog.ts';
import { codec, DB, HOUR, memoryEngine, T0, TABLE } from './helpers.ts';

/**
 * The late-materialised value filter (ScanRequest.rowFilter) and the last-row scan (lastPointScan) against
 * the plain scan they shortcut: random MULTI writes with nulls, NaN, -0, infinities and values at the
 * thresholds, upserts over earlier points (overlapping chunks), deletes and aging into the magnetic tier;
 * then random ranges and filters. The filtered scan must equal the plain scan with the filter applied row by
 * row, and each series' last row must equal the plain scan's last row.
 */

type Op =
  | { kind: 'columns'; host: number; start: number; count: number; seed: number; version: number }
  | { kind: 'delete'; host: number; from: number; to: number }
  | { kind: 'age'; minutes: number };

const SLOT = 60_000;
const SLOTS = 240;
const ORIGIN = T0 - 3 * HOUR;
const POOL = [Number.NaN, -0, 0, 1, 50, 50, 90, 90.5, -90, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-300];
const COLUMNS = ['a', 'b'] as const;
/** The kernel codec without its filterRows: the storage then filters decoded pieces itself. */
const { filterRows: _unused, ...withoutFilterRows } = codec;
const tNs = (slot: number): bigint => BigInt(ORIGIN + slot * SLOT) * 1_000_000n;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('columns' as const),
      host: fc.nat(2),
      start: fc.nat(SLOTS - 1),
      count: fc.integer({ min: 1, max: 80 }),
      seed: fc.nat(),
      version: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), host: fc.nat(2), from: fc.nat(SLOTS), to: fc.nat(SLOTS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('age' as const), minutes: fc.integer({ min: 10, max: 90 }) }) },
);

const filterArb: fc.Arbitrary<ValueFilter> = fc.record({
  column: fc.constantFrom('a', 'b', 'missing'),
  op: fc.constantFrom('<', '<=', '>', '>=', '=', '<>'),
  value: fc.constantFrom(...POOL, 25, 89.9),
}) as fc.Arbitrary<ValueFilter>;

/** A small deterministic generator, so a write's values follow from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function passes(v: number, f: ValueFilter): boolean {
  switch (f.op) {
    case '<':
      return v < f.value;
    case '<=':
      return v <= f.value;
    case '>':
      return v > f.value;
    case '>=':
      return v >= f.value;
    case '=':
      return v === f.value;
    case '<>':
      return v !== f.value;
  }
}

/** A batch as comparable rows: [time, a | null, b | null] (Object.is keeps -0 and NaN apart). */
function rows(batch: SeriesBatch | undefined, names: readonly string[]): (bigint | number | null)[][] {
  if (!batch) return [];
  return Array.from(batch.times, (t, i) => [
    t,
    ...names.map((name) => {
      const c = batch.columns.find((x) => x.name === name) as ScanColumn | undefined;
      if (!c || (c.validity && c.validity[i] === 0)) return null;
      return c.values[i] as number;
    }),
  ]);
}

describe('late-materialised value filters and last rows', () => {
  it('agree with the plain scan over random writes, upserts, deletes and aging', async () => {
    let filteredRows = 0;
    let pointRows = 0;
    let magneticChunks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(SLOTS), fc.nat(SLOTS), fc.array(filterArb, { minLength: 1, maxLength: 2 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        async (ops, probes, plainCodec) => {
          let now = T0;
          const e = await memoryEngine({
            clock: () => now,
            chunkPoints: 16,
            partitionNs: 3_600_000_000_000n,
            table: { memoryStoreRetentionHours: 2, enableMagneticStoreWrites: true },
            // Half the runs without the kernel's filterRows: the storage's own per-piece filter.
            ...(plainCodec ? { codec: withoutFilterRows } : {}),
          });
          for (const op of ops) {
            if (op.kind === 'columns') {
              const n = Math.min(op.count, SLOTS - op.start);
              const next = rng(op.seed);
              const times = Float64Array.from({ length: n }, (_, i) => ORIGIN + (op.start + i) * SLOT);
              await e.writeColumns({
                database: DB,
                table: TABLE,
                dimensions: { host: `h${op.host}` },
                measureName: 'm',
                times,
                versions: new BigInt64Array(n).fill(BigInt(op.version)),
                columns: COLUMNS.map((name) => {
                  const values = Float64Array.from({ length: n }, () => POOL[Math.floor(next() * POOL.length)] as number);
                  const validity = Uint8Array.from({ length: n }, () => (next() < 0.2 ? 0 : 1));
                  return { name, type: 'DOUBLE' as const, values, validity };
                }),
              });
            } else if (op.kind === 'delete') {
              const [a, b] = op.from <= op.to ? [op.from, op.to] : [op.to, op.from];
              await e.deleteRecords({
                database: DB,
                table: TABLE,
                timeRange: { from: tNs(a), to: tNs(b) },
                dimensions: { host: `h${op.host}` },
              });
            } else {
              now += op.minutes * 60_000;
              await e.runRetention();
            }
          }
          for (const [x, y, filters] of probes) {
            const [a, b] = x <= y ? [x, y] : [y, x];
            const timeRange = { from: tNs(a), to: tNs(b) };
            const plain = await e.scan({ database: DB, table: TABLE, timeRange, columns: ['a', 'b'] });
            const filtered = await e.scan({ database: DB, table: TABLE, timeRange, columns: ['a', 'b'], rowFilter: filters });
            // Point lookups: every third slot of hosts 0 and 2 (host 1 has no entry, so none of its rows).
            const wanted = BigInt64Array.from({ length: SLOTS }, (_, i) => tNs(i * 3 + (a % 3))).filter((t) => t < tNs(SLOTS));
            const pointTimes = {
              keys: ['host', 'measure_name'],
              times: new Map([
                ['h0\u0000m', wanted],
                ['h2\u0000m', wanted],
              ]),
            };
            const pointed = await e.scan({ database: DB, table: TABLE, timeRange, columns: ['a', 'b'], pointTimes });
            const pointedFiltered = await e.scan({
              database: DB,
              table: TABLE,
              timeRange,
              columns: ['a', 'b'],
              pointTimes,
              rowFilter: filters,
            });
            magneticChunks += plain.stats.chunksConsidered;
            for (const host of [0, 1, 2]) {
              const batch = plain.batches.find((bt) => bt.series.dimensions.host === `h${host}`);
              const all = rows(batch, ['a', 'b']);
              const want = all.filter((row) =>
                filters.every((f) => {
                  const v = f.column === 'a' ? row[1] : f.column === 'b' ? row[2] : null;
                  return typeof v === 'number' && passes(v, f);
                }),
              );
              const got = rows(
                filtered.batches.find((bt) => bt.series.dimensions.host === `h${host}`),
                ['a', 'b'],
              );
              expect(got).toEqual(want);
              filteredRows += got.length;
              const wantedSet = new Set(host === 1 ? [] : wanted);
              const atPoints = (rs: typeof all) => rs.filter((row) => wantedSet.has(row[0] as bigint));
              const byHost = (result: typeof plain) => result.batches.find((bt) => bt.series.dimensions.host === `h${host}`);
              expect(rows(byHost(pointed), ['a', 'b'])).toEqual(atPoints(all));
              expect(rows(byHost(pointedFiltered), ['a', 'b'])).toEqual(atPoints(want));
              pointRows += atPoints(all).length;

              // The last row in range, per series, as lastPointScan answers it.
              const last = await e.lastPointScan({
                database: DB,
                table: TABLE,
                timeRange,
                seriesFilter: { dimensions: { host: `h${host}` } },
                bucketWidth: null,
                columns: ['b', 'missing', 'a'],
                edges: true,
              });
              const series = last?.series ?? [];
              const lastRow = all[all.length - 1];
              if (!lastRow) {
                expect(series).toEqual([]);
                continue;
              }
              expect(series).toHaveLength(1);
              const s = series[0]!;
              expect(s.rows[0]).toBeGreaterThan(0);
              expect(s.timeMax[0]).toBe(lastRow[0]);
              const cell = (c: number) => (s.lastValid[c] === 1 ? s.last[c] : null);
              expect([cell(0), cell(1), cell(2)]).toEqual([lastRow[2], null, lastRow[1]]);
            }
          }
        },
      ),
      { numRuns: 120, seed: 77_001 },
    );
    expect(filteredRows).toBeGreaterThan(200);
    expect(pointRows).toBeGreaterThan(100);
    expect(magneticChunks).toBeGreaterThan(50);
  });

  it('skips chunks by their zone map and decodes only the passing rows', async () => {
    const e = await memoryEngine({ chunkPoints: 100 });
    const n = 1000;
    const times = Float64Array.from({ length: n }, (_, i) => ORIGIN + i * 1000);
    // Chunk k holds values k*100 .. k*100+99: only the last chunk has values above 900.
    const values = Float64Array.from({ length: n }, (_, i) => i);
    await e.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'h' },
      measureName: 'm',
      times,
      columns: [
        { name: 'a', type: 'DOUBLE', values },
        { name: 'b', type: 'DOUBLE', values: values.map((v) => -v) },
      ],
    });
    const result = await e.scan({ database: DB, table: TABLE, columns: ['b'], rowFilter: [{ column: 'a', op: '>', value: 950.5 }] });
    expect(result.stats.chunksDecoded).toBe(1);
    expect(result.stats.chunksPruned).toBeGreaterThanOrEqual(9);
    expect(Array.from(result.batches[0]!.columns[0]!.values as Float64Array)).toEqual(Array.from({ length: 49 }, (_, i) => -(951 + i)));
  });

  it('gives SQL the same answers as the plain operators (filters in WHERE, lastpoint with GROUP BY)', async () => {
    let now = T0;
    const e = await memoryEngine({
      clock: () => now,
      chunkPoints: 16,
      partitionNs: 3_600_000_000_000n,
      table: { memoryStoreRetentionHours: 2, enableMagneticStoreWrites: true },
    });
    const next = rng(99);
    for (let round = 0; round < 6; round++) {
      for (const host of [0, 1, 2, 3]) {
        // host 3 writes only early (its last row ages into the magnetic tier); others overlap earlier rounds.
        if (host === 3 && round > 1) continue;
        const start = Math.floor(next() * 150) + round * 10;
        const n = 20 + Math.floor(next() * 60);
        await e.writeColumns({
          database: DB,
          table: TABLE,
          dimensions: { host: `h${host}` },
          measureName: 'm',
          times: Float64Array.from({ length: n }, (_, i) => ORIGIN + (start + i) * SLOT),
          versions: new BigInt64Array(n).fill(BigInt(round + 1)),
          columns: COLUMNS.map((name) => ({
            name,
            type: 'DOUBLE' as const,
            values: Float64Array.from({ length: n }, () => POOL[Math.floor(next() * POOL.length)] as number),
            validity: Uint8Array.from({ length: n }, () => (next() < 0.15 ? 0 : 1)),
          })),
        });
      }
      if (round === 2) {
        now += 70 * 60_000;
        await e.runRetention();
      }
      if (round === 4)
        await e.deleteRecords({ database: DB, table: TABLE, timeRange: { from: tNs(150), to: tNs(400) }, dimensions: { host: 'h1' } });
    }
    const catalog = new StorageSqlCatalog(e);
    const T = `"${DB}"."${TABLE}"`;
    const at = (slot: number) => new Date(ORIGIN + slot * SLOT).toISOString().replace('T', ' ').replace('Z', '');
    const queries = [
      `SELECT host, time, a, b FROM ${T} WHERE a > 50.0 ORDER BY host, time`,
      `SELECT host, time, a, b FROM ${T} WHERE a >= 90.0 AND b <> 0.0 AND time >= '${at(40)}' AND time < '${at(200)}' ORDER BY host, time`,
      `SELECT host, time, b FROM ${T} WHERE 90.0 < a AND host IN ('h0', 'h2') ORDER BY host, time`,
      `SELECT count(*), sum(b) FROM ${T} WHERE a < 1.0`,
      `SELECT host, max(time) AS t, max_by(a, time) AS a, max_by(b, time) AS b FROM ${T} GROUP BY host ORDER BY host`,
      `SELECT host, max(time) AS t, max_by(b, time) AS b FROM ${T} WHERE time < '${at(120)}' GROUP BY host ORDER BY host`,
      `SELECT max(time), max_by(a, time) FROM ${T} WHERE time >= '${at(500)}'`,
    ];
    const nowNs = BigInt(now) * 1_000_000n;
    for (const sql of queries) {
      const fast = await runSql(catalog, sql, { now: nowNs });
      // The plain form: the same comparisons over `column + 0.0`, which is no value filter (evaluated row by row).
      const unpushed = sql.replace(/\b([ab]) (>=|>|<|<>) /g, '$1 + 0.0 $2 ').replace('90.0 < a', '90.0 < a + 0.0');
      const filtered = unpushed !== sql;
      const plain = await runSql(catalog, unpushed, { now: nowNs, pushdown: false });
      const explained = await runSql(catalog, `EXPLAIN ${sql}`, { now: nowNs });
      const plan = Array.from({ length: explained.rowCount }, (_, i) => explained.vectors[0]!.get(i)).join('\n');
      expect(plan.includes('late materialised'), sql).toBe(filtered);
      const table = (r: typeof fast) => Array.from({ length: r.rowCount }, (_, i) => r.vectors.map((v) => v.get(i)));
      expect(table(fast), sql).toEqual(table(plain));
      // And the same text with the fast paths off (the scan then gets no value filters).
      expect(table(fast), sql).toEqual(table(await runSql(catalog, sql, { now: nowNs, pushdown: false })));
      expect(fast.rowCount, sql).toBeGreaterThan(0);
    }
  });
});
