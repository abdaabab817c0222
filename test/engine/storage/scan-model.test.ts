import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DB, HOUR, memoryEngine, T0, TABLE } from './helpers.ts';

/**
 * Scans against a reference model: random upserts (records and columns), deletes and aging,
 * then random time ranges. 'points' must equal the model; 'chunk-headers' must cover the model
 * exactly once (header counts + batch points), with each header's count/min/max/sum/first/last
 * matching the model's points inside the header's time span.
 */

type Op =
  | { kind: 'records'; rows: { host: number; slot: number; value: number; version: number }[] }
  | { kind: 'columns'; host: number; start: number; count: number; base: number }
  | { kind: 'delete'; host: number; from: number; to: number }
  | { kind: 'age'; minutes: number };

const SLOT = 60_000;
const SLOTS = 300;
const ORIGIN = T0 - 4 * HOUR;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('records' as const),
      rows: fc.array(
        fc.record({
          host: fc.nat(1),
          slot: fc.nat(SLOTS - 1),
          value: fc.integer({ min: -50, max: 50 }),
          version: fc.integer({ min: 1, max: 3 }),
        }),
        { minLength: 1, maxLength: 20 },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('columns' as const),
      host: fc.nat(1),
      start: fc.nat(SLOTS - 1),
      count: fc.integer({ min: 1, max: 60 }),
      base: fc.integer({ min: -100, max: 100 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), host: fc.nat(1), from: fc.nat(SLOTS), to: fc.nat(SLOTS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('age' as const), minutes: fc.integer({ min: 10, max: 120 }) }) },
);

const tNs = (slot: number): bigint => BigInt(ORIGIN + slot * SLOT) * 1_000_000n;

describe('scan against a reference model', () => {
  it('points and chunk headers agree with the model', async () => {
    let headersSeen = 0;
    let magneticSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 15 }),
        fc.array(fc.tuple(fc.nat(SLOTS), fc.nat(SLOTS)), { minLength: 1, maxLength: 4 }),
        async (ops, ranges) => {
          let now = T0;
          const e = await memoryEngine({
            clock: () => now,
            chunkPoints: 16,
            partitionNs: 3_600_000_000_000n,
            table: { memoryStoreRetentionHours: 2, enableMagneticStoreWrites: true },
          });
          // host -> slot -> [value, version]
          const model = [new Map<number, [number, number]>(), new Map<number, [number, number]>()];
          for (const op of ops) {
            if (op.kind === 'records') {
              const res = await e.writeRecords({
                DatabaseName: DB,
                TableName: TABLE,
                Records: op.rows.map((r) => ({
                  Dimensions: [{ Name: 'host', Value: `h${r.host}` }],
                  MeasureName: 'cpu',
                  MeasureValue: String(r.value),
                  Time: String(ORIGIN + r.slot * SLOT),
                  Version: r.version,
                })),
              });
              const rejected = new Set(res.RejectedRecords.map((r) => r.RecordIndex));
              op.rows.forEach((r, i) => {
                if (rejected.has(i)) return;
                const old = model[r.host]?.get(r.slot);
                model[r.host]?.set(r.slot, old && old[0] === r.value ? [r.value, Math.max(old[1], r.version)] : [r.value, r.version]);
              });
            } else if (op.kind === 'columns') {
              const n = Math.min(op.count, SLOTS - op.start);
              const times = Float64Array.from({ length: n }, (_, i) => ORIGIN + (op.start + i) * SLOT);
              const values = Float64Array.from({ length: n }, (_, i) => op.base + i);
              const res = await e.writeColumns({
                database: DB,
                table: TABLE,
                dimensions: { host: `h${op.host}` },
                measureName: 'cpu',
                times,
                values,
              });
              const rejected = new Set(res.RejectedRecords.map((r) => r.RecordIndex));
              for (let i = 0; i < n; i++)
                if (!rejected.has(i) && !model[op.host]?.has(op.start + i)) model[op.host]?.set(op.start + i, [values[i] as number, 1]);
            } else if (op.kind === 'delete') {
              const [a, b] = op.from <= op.to ? [op.from, op.to] : [op.to, op.from];
              await e.deleteRecords({
                database: DB,
                table: TABLE,
                timeRange: { from: tNs(a), to: tNs(b) },
                dimensions: { host: `h${op.host}` },
              });
              for (let s = a; s < b; s++) model[op.host]?.delete(s);
            } else {
              now += op.minutes * 60_000;
              await e.runRetention();
            }
          }
          for (const [x, y] of ranges) {
            const [a, b] = x <= y ? [x, y] : [y, x];
            const timeRange = { from: tNs(a), to: tNs(b) };
            const points = await e.scan({ database: DB, table: TABLE, timeRange });
            const headers = await e.scan({ database: DB, table: TABLE, timeRange, want: 'chunk-headers' });
            for (const host of [0, 1]) {
              const want = [...(model[host] ?? new Map())].filter(([s]) => s >= a && s < b).sort((p, q) => p[0] - q[0]);
              const batch = points.batches.find((bt) => bt.series.dimensions.host === `h${host}`);
              expect([...(batch?.times ?? [])]).toEqual(want.map(([s]) => tNs(s)));
              expect([...((batch?.columns[0]?.values ?? []) as Float64Array)]).toEqual(want.map(([, [v]]) => v));
              const hs = headers.headers.filter((h) => h.series.dimensions.host === `h${host}`);
              headersSeen += hs.length;
              magneticSeen += hs.filter((h) => h.tier === 'magnetic').length;
              const rest = headers.batches.find((bt) => bt.series.dimensions.host === `h${host}`);
              expect(hs.reduce((sum, h) => sum + h.header.count, 0) + (rest?.times.length ?? 0)).toBe(want.length);
              for (const h of hs) {
                const inside = want.filter(([s]) => tNs(s) >= h.header.timeMin && tNs(s) <= h.header.timeMax).map(([, [v]]) => v);
                const col = h.header.columns[0];
                expect(h.header.count).toBe(inside.length);
                if (col?.type === 'double' && col.stats) {
                  expect(col.stats.min).toBe(Math.min(...inside));
                  expect(col.stats.max).toBe(Math.max(...inside));
                  expect(col.stats.sum).toBe(inside.reduce((p, q) => p + q, 0));
                  expect(col.stats.first).toBe(inside[0]);
                  expect(col.stats.last).toBe(inside[inside.length - 1]);
                }
              }
            }
          }
        },
      ),
      { numRuns: 150, seed: 424242 },
    );
    // The header path was really exercised, in both tiers.
    expect(headersSeen).toBeGreaterThan(50);
    expect(magneticSeen).toBeGreaterThan(5);
  });
});
