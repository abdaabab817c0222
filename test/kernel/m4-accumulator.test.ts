import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeChunk, M4Accumulator, type M4Result } from '../../src/kernel/index.ts';
import { catchTidemark, kernel } from './helpers.ts';
import { referenceM4 } from './reference.ts';

const SEC = 1_000_000_000n;

function rows(result: M4Result): object[] {
  return Array.from({ length: result.spec.pixels }, (_, k) => ({
    count: result.count[k],
    first: result.first[k],
    last: result.last[k],
    min: result.min[k],
    max: result.max[k],
    firstTime: result.firstTime[k],
    lastTime: result.lastTime[k],
    minTime: result.minTime[k],
    maxTime: result.maxTime[k],
  }));
}

/** Sorted times (duplicates allowed), values with some NaN, split into consecutive pieces. */
const series = fc
  .record({
    start: fc.bigInt({ min: 0n, max: 10n ** 15n }),
    steps: fc.array(fc.oneof(fc.constant(0n), fc.constant(SEC), fc.bigInt({ min: 0n, max: 600n * SEC })), {
      minLength: 1,
      maxLength: 2000,
    }),
    values: fc.array(
      fc.oneof(
        { arbitrary: fc.integer({ min: -5000, max: 5000 }).map((v) => v / 10), weight: 20 },
        { arbitrary: fc.constant(Number.NaN), weight: 1 },
      ),
      { minLength: 1, maxLength: 50 },
    ),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
    nullEvery: fc.option(fc.integer({ min: 2, max: 7 }), { nil: undefined }),
    asValues: fc.boolean(),
  })
  .map(({ start, steps, values, cuts, nullEvery, asValues }) => {
    const n = steps.length;
    const times = new BigInt64Array(n);
    let t = start;
    for (let i = 0; i < n; i++) {
      t += steps[i] as bigint;
      times[i] = t;
    }
    const vals = Float64Array.from({ length: n }, (_, i) => values[i % values.length] as number);
    const validity = nullEvery === undefined ? undefined : Uint8Array.from({ length: n }, (_, i) => (i % nullEvery === 1 ? 0 : 1));
    if (validity) for (let i = 0; i < n; i++) if (!validity[i]) vals[i] = 0;
    const bounds = [...new Set([0, ...cuts.map((c) => Math.floor(c * n)), n])].sort((a, b) => a - b);
    return { times, values: vals, validity, bounds, asValues };
  });

describe('M4Accumulator', () => {
  it('over chunks (and decoded pieces) equals the reference over all rows', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(series, fc.integer({ min: 1, max: 500 }), fc.double({ min: -0.1, max: 0.5, noNaN: true }), async (s, pixels, a) => {
        const t0 = s.times[0] as bigint;
        const span = (s.times[s.times.length - 1] as bigint) - t0 + 1n;
        const from = t0 + BigInt(Math.floor(a * Number(span)));
        const to = t0 + span + 1n;
        const accumulator = new M4Accumulator(k, { from, to, pixels });
        for (let p = 1; p < s.bounds.length; p++) {
          const lo = s.bounds[p - 1] as number;
          const hi = s.bounds[p] as number;
          if (hi <= lo) continue;
          const times = s.times.slice(lo, hi);
          const values = s.values.slice(lo, hi);
          const validity = s.validity?.slice(lo, hi);
          // Every other piece as already-decoded rows, when asked.
          if (s.asValues && p % 2 === 0) accumulator.addValues(times, values, validity);
          else
            accumulator.addChunk(
              encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values, ...(validity ? { validity } : {}) }] }),
              'v',
            );
        }
        const present = (i: number) => s.validity === undefined || s.validity[i] === 1;
        expect(rows(accumulator.close())).toEqual(referenceM4(s.times, s.values, present, from, to, pixels));
      }),
      { numRuns: Number(process.env.M4_RUNS ?? 100) },
    );
  });

  it('refuses use after close and reports a corrupt chunk typed', async () => {
    const k = await kernel();
    const times = BigInt64Array.of(1n, 2n, 3n);
    const chunk = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values: Float64Array.of(1, 2, 3) }] });
    const accumulator = new M4Accumulator(k, { from: 0n, to: 10n, pixels: 2 });
    const damaged = chunk.slice();
    damaged[damaged.length - 3] = (damaged[damaged.length - 3] as number) ^ 0xff;
    expect(catchTidemark(() => accumulator.addChunk(damaged, 'v')).code).toBe('CORRUPT_CHUNK');
    expect(catchTidemark(() => accumulator.addChunk(chunk, 'nope')).code).toBe('NOT_FOUND');
    accumulator.addChunk(chunk, 'v');
    expect(accumulator.close().count[0]).toBe(3);
    expect(catchTidemark(() => accumulator.addChunk(chunk, 'v')).code).toBe('INVALID_ARGUMENT');
    expect(catchTidemark(() => new M4Accumulator(k, { from: 5n, to: 5n, pixels: 2 })).code).toBe('INVALID_ARGUMENT');
  });
});
