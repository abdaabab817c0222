import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstAtOrAfter, timeWords } from '../../../src/engine/model/bucket-partials.ts';
import { addPoints, Buckets, floorDiv } from '../../../src/engine/storage/aggregate-buckets.ts';
import type { ChunkColumn } from '../../../src/engine/storage/codec.ts';

// addPoints (heads, decoded chunks, merged pieces) against a row-by-row recomputation: per bucket its rows and
// time range, per bucket and column the count and sum of the present values (summed in row order, so equal to
// the bit), min and max with NaN skipped and whether a NaN was seen, and the first and last row's value; over
// runs that start and end anywhere, NULLs, NaN and infinities, with and without min/max and edges.

const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];

const inputs = fc.record({
  gaps: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 300 }),
  firstTime: fc.integer({ min: -500, max: 500 }),
  width: fc.integer({ min: 1, max: 90 }),
  values: fc.array(fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.constantFrom(...special)), {
    minLength: 300,
    maxLength: 300,
  }),
  nulls: fc.option(fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }), { nil: null }),
  cut: fc.tuple(fc.nat(), fc.nat()),
  minMax: fc.boolean(),
  edges: fc.boolean(),
  // Times and widths far apart (spans past 2^52 ns): buckets walked in BigInts rather than doubles.
  scale: fc.constantFrom(1n, 1n, 2n ** 48n + 12_345n),
});

describe('addPoints', () => {
  it('gives each bucket what a row-by-row recomputation gives', () => {
    fc.assert(
      fc.property(inputs, ({ gaps, firstTime, width, values, nulls, cut, minMax, edges, scale }) => {
        const n = gaps.length;
        const times = new BigInt64Array(n);
        let t = BigInt(firstTime) * scale;
        for (let i = 0; i < n; i++) {
          t += BigInt(gaps[i] as number) * scale;
          // Off the scale's grid (rows and bucket ends are then not multiples of one large power of two).
          times[i] = scale === 1n ? t : t + BigInt(((i * 7919) % 601) - 300);
        }
        const start = cut[0] % n;
        const end = start + 1 + (cut[1] % (n - start));
        const column: ChunkColumn = {
          name: 'v',
          type: 'double',
          values: Float64Array.from(values.slice(0, n)),
          ...(nulls ? { validity: Uint8Array.from(nulls.slice(0, n), (present) => (present ? 1 : 0)) } : {}),
        } as ChunkColumn;
        const w = BigInt(width) * scale;
        const first = floorDiv(times[start] as bigint, w);
        const count = Number(floorDiv(times[end - 1] as bigint, w) - first) + 1;
        // Two slots: the column feeds slot 1, slot 0 gets nothing.
        const buckets = new Buckets(w, 2, first, count, edges, undefined, minMax);
        addPoints(buckets, times, [column], [1], start, end);

        for (let b = 0; b < count; b++) {
          const rows: number[] = [];
          for (let r = start; r < end; r++) if (floorDiv(times[r] as bigint, w) - first === BigInt(b)) rows.push(r);
          expect(buckets.rows[b]).toBe(rows.length);
          expect(buckets.count[2 * b]).toBe(0);
          if (rows.length === 0) continue;
          expect(buckets.timeMin[b]).toBe(times[rows[0] as number]);
          expect(buckets.timeMax[b]).toBe(times[rows.at(-1) as number]);
          const present = rows.filter((r) => column.validity?.[r] !== 0);
          let sum = 0;
          let min = Number.POSITIVE_INFINITY;
          let max = Number.NEGATIVE_INFINITY;
          let nan = false;
          for (const r of present) {
            const x = column.values[r] as number;
            sum += x;
            if (Number.isNaN(x)) nan = true;
            else {
              if (x < min) min = x;
              if (x > max) max = x;
            }
          }
          const i = 2 * b + 1;
          expect(buckets.count[i]).toBe(present.length);
          expect(Object.is(buckets.sum[i], present.length === 0 ? 0 : sum)).toBe(true);
          if (minMax && present.length > 0) {
            // Only their order matters for -0 and 0 (the first of equal values stays).
            expect(buckets.min[i] === min).toBe(true);
            expect(buckets.max[i] === max).toBe(true);
            expect(buckets.nan[i]).toBe(nan ? 1 : 0);
          }
          if (edges) {
            const at = (r: number) => (column.validity?.[r] === 0 ? null : (column.values[r] as number));
            const [firstValue, lastValue] = [at(rows[0] as number), at(rows.at(-1) as number)];
            expect(buckets.firstValid[i]).toBe(firstValue === null ? 0 : 1);
            expect(buckets.lastValid[i]).toBe(lastValue === null ? 0 : 1);
            if (firstValue !== null) expect(Object.is(buckets.first[i], firstValue)).toBe(true);
            if (lastValue !== null) expect(Object.is(buckets.last[i], lastValue)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

// Sums of long runs without min/max (sumOnly, the heads' hot loop) must be the row-order sum bit for bit, whatever
// shortcut the loop takes: runs of small integers, integers near the int32 limits and past them (up to 2^53, where
// another order rounds otherwise), decimals, and a fraction, NaN, an infinity or -0 anywhere in a run.
const integerRuns = fc.record({
  kind: fc.constantFrom('small', 'int32', 'past-int32', 'huge', 'decimals'),
  n: fc.integer({ min: 1, max: 700 }),
  width: fc.integer({ min: 1, max: 260 }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  odd: fc.option(
    fc.record({ at: fc.nat(), value: fc.constantFrom(0.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, -(2 ** 31) - 1, 1e-300) }),
    { nil: null },
  ),
});

describe('addPoints sums without min and max', () => {
  it('equal the row-order sum bit for bit, integer runs or not', () => {
    fc.assert(
      fc.property(integerRuns, ({ kind, n, width, seed, odd }) => {
        let x = seed;
        const next = () => {
          x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
          return x / 2 ** 31;
        };
        const values = Float64Array.from({ length: n }, () => {
          const u = next();
          if (kind === 'small') return Math.floor(u * 200) - 100;
          if (kind === 'int32') return u < 0.5 ? 2 ** 31 - 1 - Math.floor(u * 9) : -(2 ** 31) + Math.floor(u * 9);
          if (kind === 'past-int32') return Math.floor(u * 2 ** 33) - 2 ** 32;
          // Every low bit set somewhere: sums past 2^53 round, and in another order round otherwise.
          if (kind === 'huge')
            return (u < 0.5 ? 1 : -1) * (2 ** 52 + Math.floor(next() * 2 ** 31) * 2 ** 20 + Math.floor(next() * 2 ** 20));
          return Math.round(u * 1e6) / 10 ** Math.floor(next() * 7);
        });
        if (odd) values[odd.at % n] = odd.value;
        const times = BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
        const w = BigInt(width);
        const count = Math.floor((n - 1) / width) + 1;
        const buckets = new Buckets(w, 1, 0n, count, false, undefined, false);
        addPoints(buckets, times, [{ name: 'v', type: 'double', values } as ChunkColumn], [0]);
        for (let b = 0; b < count; b++) {
          let sum = 0;
          for (let r = b * width; r < Math.min(n, (b + 1) * width); r++) sum += values[r] as number;
          expect(Object.is(buckets.sum[b], sum), `bucket ${b}: ${buckets.sum[b]} vs ${sum}`).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
  });
});

describe('addPoints with spans past what doubles hold exactly', () => {
  it('places a row 1 ns before a bucket end of 2^54 + 1 ns in its bucket (the BigInt walk, not the doubles one)', () => {
    const width = 2n ** 54n + 1n;
    const times = BigInt64Array.from([0n, 2n ** 54n, 2n ** 54n + 1n, 2n ** 55n + 1n, 2n ** 55n + 2n]);
    const buckets = new Buckets(width, 1, 0n, 3, false, undefined, true);
    const column = { name: 'v', type: 'double', values: Float64Array.from([1, 2, 4, 8, 16]) } as ChunkColumn;
    addPoints(buckets, times, [column], [0]);
    expect(Array.from(buckets.rows)).toEqual([2, 2, 1]);
    expect(Array.from(buckets.sum)).toEqual([3, 12, 16]);
  });

  it('places rows 1 ns either side of a bucket end past 2^53 ns from the first row in their buckets', () => {
    const width = 2n ** 40n + 1n;
    for (const m of [8199n, 8200n, 8201n]) {
      const end = m * width;
      const times = BigInt64Array.from([0n, end - 1n, end, end + 1n]);
      const buckets = new Buckets(width, 1, 0n, Number(m) + 1, false, undefined, true);
      const column = { name: 'v', type: 'double', values: Float64Array.from([1, 2, 4, 8]) } as ChunkColumn;
      addPoints(buckets, times, [column], [0]);
      expect([buckets.rows[0], buckets.rows[Number(m) - 1], buckets.rows[Number(m)]]).toEqual([1, 1, 2]);
      expect(buckets.sum[Number(m) - 1]).toBe(2);
    }
  });
});

describe('firstAtOrAfter', () => {
  // The search a run's end comes from: a guess from the times' spread, a gallop, then halving. Against a linear
  // scan, over regular series (where the guess is exact), gaps, repeated times, times below 1970 and near 2^63.
  const series = fc.record({
    base: fc.oneof(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), fc.constant(1_451_606_400_000_000_000n)),
    step: fc.oneof(fc.constant(10_000_000_000n), fc.bigInt({ min: 0n, max: 2n ** 40n })),
    jitter: fc.array(fc.bigInt({ min: 0n, max: 2n ** 36n }), { minLength: 1, maxLength: 400 }),
    regular: fc.boolean(),
    probe: fc.tuple(fc.nat(), fc.nat(), fc.bigInt({ min: -(2n ** 38n), max: 2n ** 38n })),
  });
  it('finds the first row at or after t between lo and hi, as a scan does', () => {
    fc.assert(
      fc.property(series, ({ base, step, jitter, regular, probe }) => {
        const times = new BigInt64Array(jitter.length);
        let t = base;
        for (let i = 0; i < jitter.length; i++) {
          times[i] = t;
          t += regular ? step : step + (jitter[i] as bigint);
          if (t > 2n ** 63n - 2n ** 41n) t = 2n ** 63n - 2n ** 41n;
        }
        const n = times.length;
        const lo = probe[0] % n;
        const hi = lo + (probe[1] % (n - lo));
        // A target inside the run (hi's time at or after it, as the caller guarantees), sometimes exactly a row's time.
        const target = (times[lo + (probe[0] % (hi - lo + 1))] as bigint) + (probe[2] < 0n ? probe[2] : 0n);
        const t0 = target > (times[hi] as bigint) ? (times[hi] as bigint) : target;
        let want = lo;
        while (want < hi && (times[want] as bigint) < t0) want++;
        expect(firstAtOrAfter(timeWords(times), lo, hi, t0)).toBe(want);
      }),
      { numRuns: 3000 },
    );
  });
});
