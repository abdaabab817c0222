import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateChunkBuckets,
  type BucketAggregates,
  bucketSpecFor,
  createBucketAggregates,
  decodeDoubleColumnInto,
  encodeChunk,
  filterDoubles,
  type M4Result,
  m4Chunk,
} from '../../src/kernel/index.ts';
import { bitsOf, kernel } from './helpers.ts';
import { closeSum, type RefBucket, referenceBuckets, referenceM4 } from './reference.ts';

const SEC = 1_000_000_000n;

/** Sorted times with duplicates and gaps, decimal-ish values with some NaN, optional nulls. */
const rowsArbitrary = fc
  .record({
    start: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
    steps: fc.array(fc.oneof(fc.constant(0n), fc.constant(10n * SEC), fc.bigInt({ min: 0n, max: 3600n * SEC })), {
      minLength: 1,
      maxLength: 3000,
    }),
    values: fc.array(
      fc.oneof(
        { arbitrary: fc.integer({ min: -100000, max: 100000 }).map((v) => v / 100), weight: 20 },
        { arbitrary: fc.double(), weight: 1 },
        { arbitrary: fc.constant(Number.NaN), weight: 1 },
      ),
      {
        minLength: 1,
        maxLength: 3000,
      },
    ),
    nullEvery: fc.option(fc.integer({ min: 2, max: 9 }), { nil: undefined }),
  })
  .map(({ start, steps, values, nullEvery }) => {
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
    return { times, values: vals, validity };
  });

/** Compares kernel buckets with the reference: sums within reordering error, everything else exact. */
function expectBuckets(result: BucketAggregates, want: RefBucket[]): void {
  const got = bucketsAsRows(result);
  // Collect the mismatches and assert once: an expect per bucket would dominate the run time.
  const wrong: object[] = [];
  for (const [k, w] of want.entries()) {
    const g = got[k] as Record<string, unknown>;
    const { sum: _s, sumSquares: _q, absSum: _a, ...exact } = w;
    const { sum: _gs, sumSquares: _gq, ...gotExact } = g;
    const sumsClose =
      closeSum(g.sum as number, w.sum, w.absSum, w.count) && closeSum(g.sumSquares as number, w.sumSquares, w.sumSquares, w.count);
    const sameExact = Object.keys(exact).every(
      (key) =>
        Object.is(gotExact[key], (exact as Record<string, unknown>)[key]) || gotExact[key] === (exact as Record<string, unknown>)[key],
    );
    if (!sumsClose || !sameExact) wrong.push({ bucket: k, got: g, want: w });
  }
  expect(wrong).toEqual([]);
}

function bucketsAsRows(result: BucketAggregates): object[] {
  return Array.from({ length: result.spec.bucketCount }, (_, k) => ({
    count: result.count[k],
    sum: result.sum[k],
    sumSquares: result.sumSquares[k],
    min: result.min[k],
    max: result.max[k],
    first: result.first[k],
    last: result.last[k],
    firstTime: result.firstTime[k],
    lastTime: result.lastTime[k],
  }));
}

function m4AsRows(result: M4Result): object[] {
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

describe('fused decode + bucket aggregate', () => {
  it('matches the TypeScript reference on random chunks and bucket specs', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(
        rowsArbitrary,
        fc.bigInt({ min: 1n, max: 7200n * SEC }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.integer({ min: -3, max: 3 }),
        async (rows, width, origin, shift) => {
          const chunk = encodeChunk(k, {
            times: rows.times,
            columns: [{ name: 'v', type: 'double', values: rows.values, ...(rows.validity ? { validity: rows.validity } : {}) }],
          });
          const full = bucketSpecFor(rows.times[0] as bigint, rows.times[rows.times.length - 1] as bigint, origin, width);
          // Shift and shrink the range so rows before and after it are exercised too.
          const spec = {
            ...full,
            firstBucket: full.firstBucket + BigInt(shift),
            bucketCount: Math.max(1, Math.min(full.bucketCount, 5000) - Math.abs(shift)),
          };
          const got = aggregateChunkBuckets(k, chunk, 'v', spec);
          const present = (i: number) => rows.validity === undefined || rows.validity[i] === 1;
          const want = referenceBuckets(rows.times, rows.values, present, spec.origin, spec.width, spec.firstBucket, spec.bucketCount);
          expectBuckets(got, want);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('matches the reference on regular series (buckets of equal row counts), alone and merged into a filled result', async () => {
    // Regular times make every bucket hold the same number of rows, which the kernel takes two
    // buckets at a time; a few gaps and duplicates break the runs, and aggregating a second chunk
    // with the same times (other values) into one result exercises the merge into buckets that
    // already hold rows, with ties on first and last times.
    const k = await kernel();
    const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          start: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
          step: fc.constantFrom(1n, 10n, 300n, 1800n, 3600n).map((s) => s * SEC),
          rowsPerBucket: fc.integer({ min: 1, max: 40 }),
          origin: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
          n: fc.integer({ min: 1, max: 3000 }),
          // A gap may also shift the step grid (by `skew` thousandths of a step), so the rows after
          // it start part-way into a bucket; and the width may be no multiple of the step.
          breaks: fc.array(
            fc.record({ at: fc.nat(), gap: fc.constantFrom(0n, 1n, 7n, 100n), skew: fc.constantFrom(0n, 0n, 1n, 333n, 999n) }),
            {
              maxLength: 4,
            },
          ),
          widthExtra: fc.constantFrom(0n, 0n, 0n, 1n, 7n),
          values: fc.array(
            fc.oneof(
              { arbitrary: fc.integer({ min: -100000, max: 100000 }).map((v) => v / 100), weight: 20 },
              { arbitrary: fc.constantFrom(...special), weight: 2 },
            ),
            { minLength: 1, maxLength: 50 },
          ),
          twice: fc.boolean(),
          shift: fc.integer({ min: -3, max: 3 }),
        }),
        async ({ start, step, rowsPerBucket, origin, n, breaks, widthExtra, values, twice, shift }) => {
          const gapAt = new Map(breaks.map((b) => [b.at % n, b]));
          const times = new BigInt64Array(n);
          let t = start;
          for (let i = 0; i < n; i++) {
            // A break of 0 repeats the previous time (a duplicate); others skip steps.
            const gap = gapAt.get(i);
            if (i > 0) t += gap === undefined ? step : gap.gap * step + (gap.gap > 0n ? (gap.skew * step) / 1000n : 0n);
            times[i] = t;
          }
          // Distinct decimals (the kernel stores them with ALP, whose fused path reads regular time
          // stretches arithmetically); the special values stay as they are.
          const vals = Float64Array.from({ length: n }, (_, i) => {
            const x = values[(i * 7) % values.length] as number;
            return Number.isFinite(x) && x !== 0 ? Math.round(x * 100 + i * 13) / 100 : x;
          });
          const width = step * BigInt(rowsPerBucket) + widthExtra;
          const chunk = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values: vals }] });
          const full = bucketSpecFor(times[0] as bigint, times[n - 1] as bigint, origin, width);
          const spec = {
            ...full,
            firstBucket: full.firstBucket + BigInt(shift),
            bucketCount: Math.max(1, full.bucketCount - Math.abs(shift)),
          };
          const got = aggregateChunkBuckets(k, chunk, 'v', spec);
          const other = Float64Array.from({ length: n }, (_, i) => values[(i * 7 + 3) % values.length] as number);
          if (twice)
            aggregateChunkBuckets(k, encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values: other }] }), 'v', spec, got);
          // Twice: each row followed by the second chunk's row of the same time (the later chunk
          // wins a tie on last, the earlier on first, as in this order).
          const copies = twice ? 2 : 1;
          const refTimes = BigInt64Array.from({ length: n * copies }, (_, i) => times[Math.floor(i / copies)] as bigint);
          const refValues = Float64Array.from(
            { length: n * copies },
            (_, i) => (i % copies === 0 ? vals : other)[Math.floor(i / copies)] as number,
          );
          expectBuckets(
            got,
            referenceBuckets(refTimes, refValues, () => true, spec.origin, spec.width, spec.firstBucket, spec.bucketCount),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accumulates several chunks into one result', async () => {
    const k = await kernel();
    const n = 10_000;
    const times = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 10n * SEC);
    const values = Float64Array.from({ length: n }, (_, i) => (i % 17) - 8);
    const spec = bucketSpecFor(0n, times[n - 1] as bigint, 0n, 3600n * SEC);
    const result = createBucketAggregates(spec);
    for (let start = 0; start < n; start += 2500) {
      const chunk = encodeChunk(k, {
        times: times.slice(start, start + 2500),
        columns: [{ name: 'v', type: 'double', values: values.slice(start, start + 2500) }],
      });
      aggregateChunkBuckets(k, chunk, 'v', spec, result);
    }
    const want = referenceBuckets(times, values, () => true, spec.origin, spec.width, spec.firstBucket, spec.bucketCount);
    // Integer values: every order of summation is exact, so here the sums must match exactly.
    expect(bucketsAsRows(result)).toEqual(want.map(({ absSum: _a, ...rest }) => rest));
  });
});

describe('M4', () => {
  it('matches the TypeScript reference', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(
        rowsArbitrary,
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: -0.2, max: 1.2, noNaN: true }),
        fc.double({ min: 0.01, max: 1.5, noNaN: true }),
        async (rows, pixels, a, b) => {
          const chunk = encodeChunk(k, {
            times: rows.times,
            columns: [{ name: 'v', type: 'double', values: rows.values, ...(rows.validity ? { validity: rows.validity } : {}) }],
          });
          const t0 = rows.times[0] as bigint;
          const span = (rows.times[rows.times.length - 1] as bigint) - t0 + 1n;
          const from = t0 + BigInt(Math.floor(a * Number(span)));
          const to = from + 1n + BigInt(Math.floor(b * Number(span)));
          const got = m4Chunk(k, chunk, 'v', { from, to, pixels });
          const present = (i: number) => rows.validity === undefined || rows.validity[i] === 1;
          expect(m4AsRows(got)).toEqual(referenceM4(rows.times, rows.values, present, from, to, pixels));
        },
      ),
      { numRuns: Number(process.env.M4_RUNS ?? 150) },
    );
  });
});

describe('M4 edge cases', () => {
  it('records an infinite extreme with its time, and merges chunks keeping the earliest tie', async () => {
    const k = await kernel();
    const times = BigInt64Array.from([-50n, -40n, -30n, -20n]);
    const values = Float64Array.from([Number.POSITIVE_INFINITY, Number.NaN, Number.POSITIVE_INFINITY, 3]);
    const first = encodeChunk(k, { times: times.slice(0, 2), columns: [{ name: 'v', type: 'double', values: values.slice(0, 2) }] });
    const second = encodeChunk(k, { times: times.slice(2), columns: [{ name: 'v', type: 'double', values: values.slice(2) }] });
    const spec = { from: -100n, to: 0n, pixels: 1 };
    const result = m4Chunk(k, second, 'v', spec);
    m4Chunk(k, first, 'v', spec, result);
    expect(m4AsRows(result)).toEqual([
      {
        count: 4,
        first: Number.POSITIVE_INFINITY,
        last: 3,
        min: 3,
        max: Number.POSITIVE_INFINITY,
        firstTime: -50n,
        lastTime: -20n,
        minTime: -20n,
        maxTime: -50n,
      },
    ]);
    expect(m4AsRows(result)).toEqual(referenceM4(times, values, () => true, -100n, 0n, 1));
  });
});

describe('filter and decode into caller buffers', () => {
  it('selects exactly the rows a plain loop selects', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(
        rowsArbitrary,
        fc.constantFrom('lt', 'le', 'gt', 'ge', 'eq', 'ne', 'between' as const),
        fc.oneof(
          fc.integer({ min: -1000, max: 1000 }).map((v) => v / 100),
          fc.constant(Number.NaN),
        ),
        fc.integer({ min: -1000, max: 1000 }).map((v) => v / 100),
        async (rows, op, a, b) => {
          const chunk = encodeChunk(k, {
            times: rows.times,
            columns: [{ name: 'v', type: 'double', values: rows.values, ...(rows.validity ? { validity: rows.validity } : {}) }],
          });
          const n = rows.times.length;
          const values = new Float64Array(n);
          const times = new BigInt64Array(n);
          const validity = new Uint8Array(n);
          decodeDoubleColumnInto(k, chunk, 'v', { values, times, validity });
          expect(bitsOf(values)).toEqual(bitsOf(rows.values));
          expect(times).toEqual(rows.times);
          const predicate = op === 'between' ? { op, low: a, high: b } : { op, value: a };
          const got = filterDoubles(k, values, predicate, validity);
          const test = (v: number): boolean =>
            op === 'lt'
              ? v < a
              : op === 'le'
                ? v <= a
                : op === 'gt'
                  ? v > a
                  : op === 'ge'
                    ? v >= a
                    : op === 'eq'
                      ? v === a
                      : op === 'ne'
                        ? v !== a
                        : v >= a && v <= b;
          const want: number[] = [];
          for (let i = 0; i < n; i++) if (validity[i] && test(values[i] as number)) want.push(i);
          expect([...got]).toEqual(want);
        },
      ),
      { numRuns: 100 },
    );
  });
});
