import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cells, DB, memoryEngine, ns, T0, TABLE } from './helpers.ts';

/**
 * A time range that cuts a chunk is read through the kernel's row selection (times decoded, then only the
 * vectors holding rows in range), not the whole-chunk decode a range covering every chunk takes. The two
 * must give the same rows and values, bit for bit: here the cut scan against the whole scan narrowed in
 * JavaScript, over MULTI series of every attribute type (with NULLs), several chunks and a head, upserts
 * that make chunks overlap, and chunks of 1,024-row vectors that a range cuts inside a vector.
 */

const ROWS = 5000;
const STEP_MS = 1000;

async function engineWithData(seed: number) {
  const e = await memoryEngine({ chunkPoints: 2048 });
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x / 2 ** 32;
  };
  for (const host of ['a', 'b']) {
    const times = Float64Array.from({ length: ROWS }, (_, i) => T0 - (ROWS - i) * STEP_MS);
    const load = Float64Array.from({ length: ROWS }, (_, i) => Math.round((50 + 40 * Math.sin(i / 50) + next()) * 100) / 100);
    const loadValid = Uint8Array.from({ length: ROWS }, () => (next() < 0.05 ? 0 : 1));
    await e.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host },
      measureName: 'm',
      times,
      columns: [
        { name: 'load', type: 'DOUBLE', values: load, validity: loadValid },
        { name: 'noise', type: 'DOUBLE', values: Float64Array.from({ length: ROWS }, () => next() * 1e6 - 5e5) },
        { name: 'count', type: 'BIGINT', values: BigInt64Array.from({ length: ROWS }, (_, i) => BigInt(i * 7 - 1000)) },
        {
          name: 'state',
          type: 'VARCHAR',
          values: Array.from({ length: ROWS }, (_, i) => (i % 97 === 0 ? null : ['up', 'down', 'idle'][i % 3]!)),
        },
        { name: 'ok', type: 'BOOLEAN', values: Uint8Array.from({ length: ROWS }, (_, i) => (i % 5 === 0 ? 0 : 1)) },
      ],
    });
  }
  // Upserts into the middle of host a's first chunk: later rows with the same times make pieces overlap.
  const upsert = Float64Array.from({ length: 300 }, (_, i) => T0 - (ROWS - 1000 - i) * STEP_MS);
  await e.writeColumns({
    database: DB,
    table: TABLE,
    dimensions: { host: 'a' },
    measureName: 'm',
    times: upsert,
    columns: [{ name: 'load', type: 'DOUBLE', values: Float64Array.from({ length: 300 }, (_, i) => -i - 0.5) }],
  });
  return e;
}

describe('a range that cuts chunks', () => {
  it('reads the same rows and values as the whole-chunk decode', async () => {
    const e = await engineWithData(7);
    const first = ns(T0 - ROWS * STEP_MS);
    const end = ns(T0);
    const whole = await e.scan({ database: DB, table: TABLE, timeRange: { from: first, to: end } });
    await fc.assert(
      fc.asyncProperty(fc.nat(ROWS), fc.nat(ROWS), fc.boolean(), async (a, b, narrow) => {
        const from = first + BigInt(Math.min(a, b)) * 1_000_000_000n + (narrow ? 1n : 0n);
        const to = first + BigInt(Math.max(a, b)) * 1_000_000_000n;
        const cut = await e.scan({ database: DB, table: TABLE, timeRange: { from, to } });
        expect(cells(cut, from, to)).toEqual(cells(whole, from, to));
        // Columns asked for by name, as SQL asks.
        const named = await e.scan({ database: DB, table: TABLE, timeRange: { from, to }, columns: ['state', 'load'] });
        expect(cells(named, from, to)).toEqual(
          cells(await e.scan({ database: DB, table: TABLE, timeRange: { from: first, to: end }, columns: ['state', 'load'] }), from, to),
        );
      }),
      { numRuns: 60, seed: 99 },
    );
  });
});
