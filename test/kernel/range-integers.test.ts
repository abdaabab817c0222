import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateChunkRange,
  bucketSpecFor,
  encodeChunk,
  RANGE_FIELD,
  RANGE_WANTS_ALL,
  type RangeWants,
  readChunkHeader,
} from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

// The range pass reduces integer-valued ALP vectors (exponent and factor 0, no exceptions, narrow
// deltas) in i32 lanes. Its sums must equal the sequential double sum bit for bit whenever the
// values are integers whose running magnitudes stay below 2^53; everything else falls back to the
// double path (compared within 1e-9 there, as in range-buckets.test.ts).

const SEC = 1_000_000_000n;
const TWO_53 = 2 ** 53;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

type Kind = 'tsbs' | 'signed' | 'climb' | 'jumpy' | 'near31' | 'huge' | 'mixed' | 'nan' | 'negzero';
const KINDS: readonly Kind[] = ['tsbs', 'signed', 'climb', 'jumpy', 'near31', 'huge', 'mixed', 'nan', 'negzero'];

/** One column of `n` values of a kind, from a seeded generator. */
function column(kind: Kind, n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const values = new Float64Array(n);
  let walk = kind === 'near31' ? 2 ** 31 - 600 : kind === 'huge' ? 2 ** 52 - 1e6 : Math.floor(next() * 100);
  for (let i = 0; i < n; i++) {
    const r = next();
    const step = Math.floor((next() - 0.5) * 7);
    switch (kind) {
      case 'tsbs': // TSBS cpu: an integer random walk clamped to 0..100
        walk = Math.min(100, Math.max(0, walk + step));
        values[i] = walk;
        break;
      case 'signed': // negative and positive, with rare far jumps (patched delta codes)
        walk += step + (r < 0.005 ? Math.floor((next() - 0.5) * 2e6) : 0);
        values[i] = walk;
        break;
      case 'climb': // steps that are all multiples of 3 (zigzagged: of 6): delta blocks with a divisor
        walk += 3 * (1 + Math.floor(r * 3));
        values[i] = walk;
        break;
      case 'jumpy': // steps of -1..1 with rare jumps of up to +/-1,000: patched delta codes, all within the sum-only path's bound
        walk += (r < 0.01 ? Math.floor((next() - 0.5) * 2000) : 0) + Math.floor(next() * 3) - 1;
        values[i] = walk;
        break;
      case 'near31': // around 2^31: lane sums would wrap, and deltas may leave the narrow bound
        walk += step * 100;
        values[i] = r < 0.01 ? -walk : walk;
        break;
      case 'huge': // near 2^52: sums past 2^53, codes past i32 (the double path)
        walk += step * 1000;
        values[i] = r < 0.3 ? -walk : walk;
        break;
      case 'mixed': // integer vectors next to decimal ones
        walk += step;
        values[i] = Math.floor(i / 1024) % 2 === 1 && r < 0.5 ? walk + 0.25 : walk;
        break;
      case 'nan': // integers with rare NaN and infinities (ALP exceptions: the double path)
        walk += step;
        values[i] = r < 0.002 ? Number.NaN : r < 0.003 ? Number.NEGATIVE_INFINITY : walk;
        break;
      case 'negzero': // -0 among integers (an exception: never read as code 0)
        walk = Math.min(3, Math.max(-3, walk + step));
        values[i] = walk === 0 && r < 0.5 ? -0 : walk;
        break;
    }
  }
  return values;
}

interface Cell {
  rows: number;
  sum: number;
  /** Sum of |v|: below 2^53 (and all values integers) the sum must be exact. */
  magnitude: number;
  integers: boolean;
  min: number;
  max: number;
  first: number;
  last: number;
  nan: number;
}

function reference(
  times: BigInt64Array,
  values: Float64Array,
  width: bigint,
  firstBucket: bigint,
  count: number,
  from: bigint,
  to: bigint,
): Cell[] {
  const out: Cell[] = Array.from({ length: count }, () => ({
    rows: 0,
    sum: 0,
    magnitude: 0,
    integers: true,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    first: 0,
    last: 0,
    nan: 0,
  }));
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as bigint;
    if (t < from || t >= to) continue;
    const b = Number(floorDiv(t, width) - firstBucket);
    if (b < 0 || b >= count) continue;
    const c = out[b] as Cell;
    const x = values[i] as number;
    if (c.rows === 0) c.first = x;
    c.last = x;
    c.rows++;
    c.sum += x;
    c.magnitude += Math.abs(x);
    if (!Number.isInteger(x)) c.integers = false;
    if (x < c.min) c.min = x;
    if (x > c.max) c.max = x;
    if (Number.isNaN(x)) c.nan = 1;
  }
  return out;
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('aggregateChunkRange on integer-valued columns', () => {
  it('encodes TSBS-like integer walks as integer ALP vectors (exponent 0, factor 0, delta mode), the case the i32 path takes', async () => {
    const k = await kernel();
    const n = 5000;
    const times = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 10n * SEC);
    const bytes = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values: column('tsbs', n, 7) }] });
    const c = readChunkHeader(bytes).columns[0];
    if (!c) throw new Error('no column');
    // The payload's codec byte, then the first vector's e, f and mode.
    expect([...bytes.subarray(c.payloadOffset + 1, c.payloadOffset + 4)]).toEqual([0, 0, 1]);
  });

  it('sums exactly (bit for bit the sequential double sum), and min/max/first/last exactly, on random integer columns, widths and ranges', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6000 }),
        fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 4 }),
        fc.integer(),
        fc.boolean(),
        fc.constantFrom(10n * SEC, 60n * SEC, 100n * SEC, 3600n * SEC, 86_400n * SEC),
        fc.integer({ min: -100, max: 1100 }).map((x) => x / 1000),
        fc.integer({ min: -100, max: 1100 }).map((x) => x / 1000),
        // Without min/max the integer vectors are summed without their running codes (sumIntegerVector).
        fc.constantFrom<RangeWants>(
          RANGE_WANTS_ALL,
          { minMax: false, edges: true },
          { minMax: false, edges: false },
          { minMax: true, edges: false },
        ),
        async (n, kinds, seed, gaps, width, a, b, wants) => {
          let t = 1_451_606_400n * SEC;
          const times = BigInt64Array.from({ length: n }, (_, i) => {
            t += gaps && i % 97 === 0 ? 3600n * SEC : 10n * SEC;
            return t;
          });
          const columns = kinds.map((kind, c) => ({ name: `c${c}`, type: 'double' as const, values: column(kind, n, seed + c) }));
          const bytes = encodeChunk(k, { times, columns });
          const t0 = times[0] as bigint;
          const tn = times[n - 1] as bigint;
          const at = (f: number) => t0 + BigInt(Math.round(Number(tn - t0) * f));
          const from = at(Math.min(a, b));
          const to = at(Math.max(a, b)) + 1n;
          // biome-ignore lint/complexity/useMathMinMax: bigint operands (Math.max takes numbers).
          const low = from > t0 ? from : t0;
          const high = to - 1n < tn ? to - 1n : tn;
          if (high < low) return;
          const spec = bucketSpecFor(low, high, 0n, width);
          const r = aggregateChunkRange(
            k,
            bytes,
            columns.map((c) => c.name),
            spec,
            from,
            to,
            false,
            wants,
          );
          const B = spec.bucketCount;
          columns.forEach((col, ci) => {
            const ref = reference(times, col.values, width, spec.firstBucket, B, from, to);
            for (let bucket = 0; bucket < B; bucket++) {
              const e = ref[bucket] as Cell;
              expect(r.cells[bucket]).toBe(e.rows);
              if (e.rows === 0) continue;
              const cell = (f: number) => r.cells[3 * B + (ci * 6 + f) * B + bucket] as number;
              const what = `${kinds[ci]} bucket ${bucket}`;
              if (e.integers && e.magnitude < TWO_53) expect(cell(RANGE_FIELD.sum), `sum ${what}`).toBe(e.sum);
              else if (Number.isFinite(e.sum))
                expect(Math.abs(cell(RANGE_FIELD.sum) - e.sum), `sum ${what}`).toBeLessThanOrEqual(1e-9 * Math.max(1, e.magnitude));
              else expect(same(cell(RANGE_FIELD.sum), e.sum), `sum ${what}`).toBe(true);
              if (wants.minMax) {
                expect(cell(RANGE_FIELD.min) === e.min, `min ${what}`).toBe(true);
                expect(cell(RANGE_FIELD.max) === e.max, `max ${what}`).toBe(true);
              }
              if (wants.edges) {
                expect(same(cell(RANGE_FIELD.first), e.first), `first ${what}`).toBe(true);
                expect(same(cell(RANGE_FIELD.last), e.last), `last ${what}`).toBe(true);
              }
              expect(cell(RANGE_FIELD.nan), `nan ${what}`).toBe(e.nan);
            }
          });
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60), endOnFailure: true },
    );
  });

  it('sums a bucket of large integers past where i32 lanes would wrap exactly', async () => {
    const k = await kernel();
    const n = 1024;
    const times = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * SEC);
    // One vector from 10^6 climbing ~3,000 a row: its first code and every delta stay under the
    // narrow bound (zigzagged below 2^32 / 1,024), so the i32 path takes it, and its sum (~2.6e9)
    // is past 2^31, where i32 lane sums wrap.
    const values = Float64Array.from({ length: n }, (_, i) => 1e6 + i * 3000 + (i % 5) - 2 * (i % 3));
    const bytes = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
    const c = readChunkHeader(bytes).columns[0];
    if (!c) throw new Error('no column');
    expect([...bytes.subarray(c.payloadOffset + 1, c.payloadOffset + 4)]).toEqual([0, 0, 1]);
    const spec = { origin: 0n, width: 1024n * SEC, firstBucket: 0n, bucketCount: 1 };
    const r = aggregateChunkRange(k, bytes, ['v'], spec, 0n, BigInt(n) * SEC);
    let sum = 0;
    for (const v of values) sum += v;
    expect(r.cells[3 + RANGE_FIELD.sum]).toBe(sum);
    expect(r.cells[3 + RANGE_FIELD.min]).toBe(Math.min(...values));
    expect(r.cells[3 + RANGE_FIELD.max]).toBe(Math.max(...values));
  });

  it('cuts evenly spaced times (read off the payload, not decoded) at bucket edges that fall on rows, between rows and at range ends', async () => {
    const k = await kernel();
    const n = 3000;
    const values = column('tsbs', n, 11);
    for (const step of [10n * SEC, 7n * SEC, 1n]) {
      // Rows on multiples of the step from an aligned start: bucket edges land exactly on rows.
      const times = BigInt64Array.from({ length: n }, (_, i) => 1_451_606_400n * SEC + BigInt(i) * step);
      const bytes = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
      for (const width of [step, 10n * SEC, 60n * SEC, 3600n * SEC]) {
        for (const [a, b] of [
          [0, n],
          [1, n - 1],
          [17, 2222],
          [360, 720],
        ] as const) {
          const from = times[a] as bigint;
          const to = b === n ? (times[n - 1] as bigint) + 1n : (times[b] as bigint);
          const spec = bucketSpecFor(from, to - 1n, 0n, width);
          if (spec.bucketCount > n + 16) continue;
          const r = aggregateChunkRange(k, bytes, ['v'], spec, from, to);
          const ref = reference(times, values, width, spec.firstBucket, spec.bucketCount, from, to);
          const B = spec.bucketCount;
          ref.forEach((e, bucket) => {
            expect(r.cells[bucket], `rows ${step}/${width}/${a}-${b}/${bucket}`).toBe(e.rows);
            if (e.rows === 0) return;
            expect(r.cells[3 * B + RANGE_FIELD.sum * B + bucket]).toBe(e.sum);
            expect(r.times[B + bucket]).toBe(times[ref.slice(0, bucket).reduce<number>((x, c) => x + c.rows, a)]);
          });
        }
      }
    }
  });

  it('answers the same with reuse (read in kernel memory from its offset, before the next call) as without', async () => {
    const k = await kernel();
    const n = 5000;
    const times = BigInt64Array.from({ length: n }, (_, i) => 1_451_606_400n * SEC + BigInt(i) * 10n * SEC);
    const columns = (['tsbs', 'signed', 'mixed'] as const).map((kind, c) => ({
      name: `c${c}`,
      type: 'double' as const,
      values: column(kind, n, 3 + c),
    }));
    const bytes = encodeChunk(k, { times, columns });
    const names = columns.map((c) => c.name);
    for (const [width, a, b] of [
      [3600n * SEC, 100, 4000],
      [60n * SEC, 7, 4999],
      [86_400n * SEC, 0, 5000],
    ] as const) {
      const from = times[a] as bigint;
      const to = b === n ? (times[n - 1] as bigint) + 1n : (times[b] as bigint);
      const spec = bucketSpecFor(from, to - 1n, 0n, width);
      const fresh = aggregateChunkRange(k, bytes, names, spec, from, to);
      const shared = aggregateChunkRange(k, bytes, names, spec, from, to, true);
      const total = fresh.cells.length;
      expect(fresh.offset).toBe(0);
      const at = shared.offset;
      expect(Array.from(shared.cells.subarray(at, at + total))).toEqual(Array.from(fresh.cells));
      expect(Array.from(shared.times.subarray(at, at + 3 * spec.bucketCount))).toEqual(Array.from(fresh.times));
    }
  });
});
