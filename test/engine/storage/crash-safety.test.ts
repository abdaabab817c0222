import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StorageEngine } from '../../../src/engine/storage/index.ts';
import { DB, HOUR, T0, TABLE } from './helpers.ts';
import { IDBFactory, idbEngine, snapshot } from './idb-helpers.ts';

/**
 * Randomized crash safety: run a random mix of writes (upserts, versions, columnar batches),
 * deletes, retention passes (memory -> magnetic) and checkpoints; at a random point between
 * operations, with unacknowledged writes possibly in flight, drop the engine's memory and reopen
 * from IndexedDB. Every acknowledged point must be there exactly once with its last
 * acknowledged value. Unacknowledged writes only touch their own series, which must merely
 * hold no duplicates.
 */

type Op =
  | { kind: 'records'; rows: { host: number; slot: number; value: number; version: number }[] }
  | { kind: 'columns'; host: number; start: number; count: number; base: number }
  | { kind: 'delete'; host: number; from: number; to: number }
  | { kind: 'age'; minutes: number }
  | { kind: 'checkpoint' };

const SLOT_MS = 60_000;
const HOSTS = 3;
const SLOTS = 240;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('records' as const),
      rows: fc.array(
        fc.record({ host: fc.nat(HOSTS - 1), slot: fc.nat(SLOTS - 1), value: fc.nat(3), version: fc.integer({ min: 1, max: 3 }) }),
        { minLength: 1, maxLength: 12 },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('columns' as const),
      host: fc.nat(HOSTS - 1),
      start: fc.nat(SLOTS - 1),
      count: fc.integer({ min: 1, max: 40 }),
      base: fc.nat(100),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), host: fc.nat(HOSTS - 1), from: fc.nat(SLOTS), to: fc.nat(SLOTS) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('age' as const), minutes: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'checkpoint' as const }) },
);

/** What Timestream's rules make of acknowledged operations: key -> [value, version]. */
class Model {
  readonly points = new Map<string, [number, number]>();
  static key(host: number, slot: number): string {
    return `cpu/host,h${host}|${BigInt(T0 - 3 * HOUR + slot * SLOT_MS) * 1_000_000n}`;
  }
}

async function apply(e: StorageEngine, op: Op, model: Model, clock: { now: number }): Promise<void> {
  const origin = T0 - 3 * HOUR;
  switch (op.kind) {
    case 'records': {
      const res = await e.writeRecords({
        DatabaseName: DB,
        TableName: TABLE,
        Records: op.rows.map((r) => ({
          Dimensions: [{ Name: 'host', Value: `h${r.host}` }],
          MeasureName: 'cpu',
          MeasureValue: String(r.value),
          Time: String(origin + r.slot * SLOT_MS),
          Version: r.version,
        })),
      });
      const rejected = new Set(res.RejectedRecords.map((r) => r.RecordIndex));
      op.rows.forEach((r, i) => {
        const key = Model.key(r.host, r.slot);
        const old = model.points.get(key);
        const accepted = !rejected.has(i);
        // The model applies Timestream's rule independently of the engine.
        const inWindow = origin + r.slot * SLOT_MS <= clock.now + 15 * 60_000;
        const expected = inWindow && (!old || old[0] === r.value || r.version > old[1]);
        expect(accepted).toBe(expected);
        if (accepted) model.points.set(key, old && old[0] === r.value ? [r.value, Math.max(old[1], r.version)] : [r.value, r.version]);
      });
      return;
    }
    case 'columns': {
      const n = Math.min(op.count, SLOTS - op.start);
      const times = Float64Array.from({ length: n }, (_, i) => origin + (op.start + i) * SLOT_MS);
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
      for (let i = 0; i < n; i++) {
        const key = Model.key(op.host, op.start + i);
        const old = model.points.get(key);
        const inWindow = (times[i] as number) <= clock.now + 15 * 60_000;
        const expected = inWindow && (!old || old[0] === values[i]);
        expect(!rejected.has(i)).toBe(expected);
        if (!rejected.has(i) && !old) model.points.set(key, [values[i] as number, 1]);
      }
      return;
    }
    case 'delete': {
      const [a, b] = op.from <= op.to ? [op.from, op.to] : [op.to, op.from];
      await e.deleteRecords({
        database: DB,
        table: TABLE,
        timeRange: { from: BigInt(origin + a * SLOT_MS) * 1_000_000n, to: BigInt(origin + b * SLOT_MS) * 1_000_000n },
        dimensions: { host: `h${op.host}` },
      });
      for (let s = a; s < b; s++) model.points.delete(Model.key(op.host, s));
      return;
    }
    case 'age':
      clock.now += op.minutes * 60_000;
      await e.runRetention();
      return;
    case 'checkpoint':
      await e.checkpoint();
      return;
  }
}

function expectMatches(snap: { points: Map<string, string>; duplicates: number }, model: Model): void {
  expect(snap.duplicates).toBe(0);
  const acked = new Map([...snap.points].filter(([k]) => k.startsWith('cpu/host,h')));
  const expected = new Map([...model.points].map(([k, [v]]) => [k, String(v)]));
  expect(acked).toEqual(expected);
}

describe('crash safety', () => {
  it('loses and duplicates no acknowledged point over 200 random crashes', async () => {
    let trials = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 14 }),
        fc.nat(3),
        fc.array(opArb, { maxLength: 6 }),
        async (ops, inFlight, after) => {
          trials++;
          const factory = new IDBFactory();
          // Times are fixed in the past; the clock only moves forward with 'age' (memory retention 2 h, magnetic writes on).
          const clock = { now: T0 };
          const open = () => idbEngine(factory, { clock: () => clock.now, chunkPoints: 8, checkpointEvery: 5 });
          let e = await open();
          await e.createDatabase(DB);
          await e.createTable(DB, TABLE, { memoryStoreRetentionHours: 2, enableMagneticStoreWrites: true });
          const model = new Model();
          for (const op of ops) await apply(e, op, model, clock);
          // Unacknowledged writes in flight at the crash, on their own series.
          for (let i = 0; i < inFlight; i++) {
            void e
              .writeColumns({
                database: DB,
                table: TABLE,
                dimensions: { host: `u${i}` },
                measureName: 'cpu',
                times: Float64Array.of(T0 - 1000 * (i + 1)),
                values: Float64Array.of(i),
              })
              .catch(() => undefined);
          }
          e.abandon();
          e = await open();
          expectMatches(await snapshot(e), model);
          // Life goes on after the crash, and a second crash is just as safe.
          for (const op of after) await apply(e, op, model, clock);
          e.abandon();
          e = await open();
          expectMatches(await snapshot(e), model);
          e.abandon();
        },
      ),
      { numRuns: 200, seed: 20261124 },
    );
    expect(trials).toBeGreaterThanOrEqual(200);
  });
});
