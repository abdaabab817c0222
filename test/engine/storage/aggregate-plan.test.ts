import { describe, expect, it } from 'vitest';
import { interned } from '../../../src/engine/storage/aggregate-chunks.ts';
import { DB, memoryEngine, TABLE } from './helpers.ts';

// The aggregate scan keeps each series' plan (which requested columns it holds) for the next scan
// with the same columns (known by one array per distinct list); a series that gains an attribute in
// between must be planned again, and every other list is planned as its own.

const START_MS = Date.UTC(2024, 0, 1);
const HOUR_NS = 3_600_000_000_000n;

describe('aggregate scan plans', () => {
  it('sees an attribute a series gained after a scan with the same columns', async () => {
    const engine = await memoryEngine({
      clock: () => START_MS + 2 * 3_600_000,
      chunkPoints: 100,
      table: { memoryStoreRetentionHours: 48 },
    });
    const write = (from: number, n: number, names: string[]) =>
      engine.writeColumns({
        database: DB,
        table: TABLE,
        dimensions: { host: 'h' },
        measureName: 'm',
        times: Float64Array.from({ length: n }, (_, i) => START_MS + (from + i) * 10_000),
        columns: names.map((name) => ({ name, type: 'DOUBLE' as const, values: Float64Array.from({ length: n }, (_, i) => from + i) })),
      });
    const scan = async () => {
      const result = await engine.aggregateScan({ database: DB, table: TABLE, bucketWidth: HOUR_NS, columns: ['a', 'b'] });
      const s = result.series?.[0];
      if (!s) throw new Error('no series');
      let a = 0;
      let b = 0;
      for (let k = 0; k < s.bucketCount; k++) {
        a += s.count[k * 2] as number;
        b += s.count[k * 2 + 1] as number;
      }
      return { a, b };
    };
    await write(0, 250, ['a']);
    expect(await scan()).toEqual({ a: 250, b: 0 });
    await write(250, 250, ['a', 'b']);
    expect(await scan()).toEqual({ a: 500, b: 250 });
  });

  it('plans each column list as its own, lists that join alike and lists met in turn included', async () => {
    const engine = await memoryEngine({
      clock: () => START_MS + 2 * 3_600_000,
      chunkPoints: 100,
      table: { memoryStoreRetentionHours: 48 },
    });
    // Attribute names that give the same string when a list of them is joined with a NUL.
    const names = ['x', 'x\u0000', 'y', '\u0000y'];
    const n = 120;
    const r = await engine.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'h' },
      measureName: 'm',
      times: Float64Array.from({ length: n }, (_, i) => START_MS + i * 10_000),
      columns: names.map((name, c) => ({ name, type: 'DOUBLE' as const, values: Float64Array.from({ length: n }, () => c + 1) })),
    });
    expect(r.RejectedRecords).toEqual([]);
    const sums = async (columns: string[]) => {
      const result = await engine.aggregateScan({ database: DB, table: TABLE, bucketWidth: null, columns });
      const s = result.series?.[0];
      if (!s) throw new Error('no series');
      return columns.map((_, c) => s.sum[c] as number);
    };
    for (let round = 0; round < 2; round++) {
      expect(await sums(['x\u0000', 'y'])).toEqual([2 * n, 3 * n]);
      expect(await sums(['x', '\u0000y'])).toEqual([1 * n, 4 * n]);
      expect(await sums(['y', 'x'])).toEqual([3 * n, 1 * n]);
      expect(await sums(['x', 'y'])).toEqual([1 * n, 3 * n]);
    }
  });

  it('shares one frozen array among equal lists of names or slots, and only among equal ones', () => {
    const a = interned(['x', 'y']);
    expect(interned(['x', 'y'])).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(interned([0, 2])).toBe(interned([0, 2]));
    // Lists that would join alike, or differ only in type, are each their own.
    for (const [p, q] of [
      [['x\u0000y'], ['x', 'y']],
      [[1], ['1']],
      [[], ['']],
      [
        [0, 2],
        [0, 2, 0],
      ],
    ] as [(string | number)[], (string | number)[]][]) {
      expect(interned(p)).toEqual(p);
      expect(interned(q)).toEqual(q);
      expect(interned(p)).not.toBe(interned(q));
    }
  });
});
