import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../../src/engine/ingest/batch-builder.ts';
import { planBatchWrites } from '../../../src/engine/ingest/batch-writes.ts';

const target = { database: 'db', table: 't' };

// A row: its host and region (null: the field was empty), and whether cpu is present.
const row = fc.record({
  host: fc.option(fc.constantFrom('a', 'b', 'c'), { freq: 4 }),
  region: fc.option(fc.constantFrom('x', 'y'), { freq: 4 }),
  cpu: fc.boolean(),
});
// Runs of equal rows, as monitoring exports come (a host's readings together), with rows of no dimension among them.
const rows = fc
  .array(fc.tuple(row, fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 40 })
  .map((runs) => runs.flatMap(([r, n]) => Array.from({ length: n }, () => r)));

describe('planBatchWrites (multi-measure, numeric series keys)', () => {
  it('puts every row with a dimension in its series, in row order, series in order of first row; the others are unwritable', () => {
    fc.assert(
      fc.property(rows, (input) => {
        const builder = new BatchBuilder({
          batchRows: 1000,
          multiMeasure: true,
          withMeasureNames: false,
          dimensions: ['host', 'region'],
          measures: [
            { name: 'cpu', type: 'DOUBLE' },
            { name: 'mem', type: 'DOUBLE' },
          ],
        });
        input.forEach((r, i) => {
          builder.setTime(i, 0);
          if (r.host !== null) builder.setDimension(0, r.host);
          if (r.region !== null) builder.setDimension(1, r.region);
          if (r.cpu) builder.setDouble(0, i / 4);
          builder.setDouble(1, i);
          builder.commitRow(i + 2);
        });
        builder.flush();
        const batch = builder.ready[0]!;
        const plan = planBatchWrites(batch, target);

        // The reference: group by the (host, region) pair in order of first appearance.
        const expected = new Map<string, number[]>();
        const unwritable: number[] = [];
        input.forEach((r, i) => {
          if (r.host === null && r.region === null) unwritable.push(i);
          else {
            const key = `${r.host}|${r.region}`;
            if (!expected.has(key)) expected.set(key, []);
            expected.get(key)!.push(i);
          }
        });
        expect(plan.unwritable.map((u) => u.row)).toEqual(unwritable);
        expect(plan.writes.map((w) => Array.from(w.rows))).toEqual([...expected.values()]);
        for (const write of plan.writes) {
          const rowsOf = Array.from(write.rows);
          const first = input[rowsOf[0]!]!;
          expect(write.request.dimensions).toEqual({
            ...(first.host !== null ? { host: first.host } : {}),
            ...(first.region !== null ? { region: first.region } : {}),
          });
          expect(Array.from(write.request.times as BigInt64Array)).toEqual(rowsOf.map((i) => BigInt(i) * 1_000_000n));
          if (!('columns' in write.request)) throw new Error('a multi-measure write has columns');
          const mem = write.request.columns.find((c) => c.name === 'mem')!;
          expect(Array.from(mem.values as Float64Array)).toEqual(rowsOf.map((i) => i));
          const cpu = write.request.columns.find((c) => c.name === 'cpu');
          const cpuRows = rowsOf.filter((i) => input[i]!.cpu);
          if (cpuRows.length === 0) expect(cpu).toBeUndefined();
          else {
            const present = rowsOf.map((i) => (input[i]!.cpu ? 1 : 0));
            if (cpuRows.length < rowsOf.length) expect(Array.from(cpu!.validity!)).toEqual(present);
            const values = Array.from(cpu!.values as Float64Array);
            rowsOf.forEach((i, k) => {
              if (input[i]!.cpu) expect(values[k]).toBe(i / 4);
            });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
