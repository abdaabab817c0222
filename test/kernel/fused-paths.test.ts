// The fused aggregate's and the ALP decoder's faster paths, each checked against the plain
// references on inputs built to reach them: four buckets per step on arithmetic times (fresh,
// merged, merged out of order, and mixed fresh/taken where chunks overlap), bucket ends found 16
// times at a time on irregular times, patched frame-of-reference exceptions patched as they are
// read, one-byte ALP exception distances, and delta vectors summed in i32 segments. A small payload
// parser checks that the inputs really take those paths, and corrupt positions and gaps still fail.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFloat64Payload } from '../../src/kernel/codecs.ts';
import {
  aggregateChunkBuckets,
  type BucketAggregates,
  bucketSpecFor,
  CODEC,
  createBucketAggregates,
  encodeChunk,
  type Kernel,
} from '../../src/kernel/index.ts';
import { bitsOf, kernel, loadNab, type Series } from './helpers.ts';
import { closeSum, type RefBucket, referenceBuckets } from './reference.ts';

const SEC = 1_000_000_000n;
const SPECIAL = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];

/**
 * Sums within reordering error; min and max exact but for the sign of a zero (which of -0 and 0
 * wins a tie depends on the order rows are folded in, which the kernel's wide paths change); the
 * rest exact, first and last by Object.is.
 */
function expectBuckets(got: BucketAggregates, want: RefBucket[]): void {
  const wrong: object[] = [];
  for (const [k, w] of want.entries()) {
    const g = {
      count: got.count[k] as number,
      sum: got.sum[k] as number,
      sumSquares: got.sumSquares[k] as number,
      min: got.min[k] as number,
      max: got.max[k] as number,
      first: got.first[k] as number,
      last: got.last[k] as number,
      firstTime: got.firstTime[k] as bigint,
      lastTime: got.lastTime[k] as bigint,
    };
    const sums = closeSum(g.sum, w.sum, w.absSum, w.count) && closeSum(g.sumSquares, w.sumSquares, w.sumSquares, w.count);
    const exact =
      g.count === w.count &&
      g.min === w.min &&
      g.max === w.max &&
      g.firstTime === w.firstTime &&
      g.lastTime === w.lastTime &&
      (w.count === 0 || (Object.is(g.first, w.first) && Object.is(g.last, w.last)));
    if (!sums || !exact) wrong.push({ bucket: k, got: g, want: w });
  }
  expect(wrong.slice(0, 5)).toEqual([]);
}

/**
 * The reference for chunks aggregated in `order` into one result: rows sorted by time, ties in the
 * order the chunks were given (the earliest chunk keeps `first`, the latest takes `last`).
 */
function referenceOf(chunks: { times: BigInt64Array; values: Float64Array }[], spec: ReturnType<typeof bucketSpecFor>): RefBucket[] {
  const rows: { t: bigint; v: number; k: number }[] = [];
  for (const c of chunks)
    for (let i = 0; i < c.times.length; i++) rows.push({ t: c.times[i] as bigint, v: c.values[i] as number, k: rows.length });
  rows.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.k - b.k));
  return referenceBuckets(
    BigInt64Array.from(rows, (r) => r.t),
    Float64Array.from(rows, (r) => r.v),
    () => true,
    spec.origin,
    spec.width,
    spec.firstBucket,
    spec.bucketCount,
  );
}

function chunkOf(k: Kernel, times: BigInt64Array, values: Float64Array): Uint8Array {
  return encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
}

/** What an ALP payload holds, vector by vector (layout in assembly/codecs/alp.ts and pfor.ts). */
interface AlpVector {
  mode: 'for' | 'delta';
  width: number;
  /** Patched frame-of-reference exceptions, and where their list starts. */
  pforExceptions: number;
  pforExceptionsAt: number;
  /** ALP exceptions, where their u16 positions start, and whether every distance takes one byte. */
  alpExceptions: number;
  positionsAt: number;
  oneByte: boolean;
}

function varint(b: Uint8Array, p: number): [bigint, number] {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    const x = b[p++] as number;
    v |= BigInt(x & 0x7f) << shift;
    shift += 7n;
    if (x < 0x80) return [v, p];
  }
}

function alpVectors(payload: Uint8Array, n: number): AlpVector[] {
  expect(payload[0]).toBe(CODEC.alp);
  const out: AlpVector[] = [];
  let p = 1;
  for (let start = 0; start < n; start += 1024) {
    const m = Math.min(1024, n - start);
    const mode = payload[p + 2] === 0 ? 'for' : 'delta';
    let exceptions: bigint;
    [exceptions, p] = varint(payload, p + 3);
    const width = payload[p] as number;
    const flags = payload[p + 1] as number;
    [, p] = varint(payload, p + 2);
    if (flags & 1) [, p] = varint(payload, p);
    let pfor = 0n;
    if (flags & 2) [pfor, p] = varint(payload, p);
    p += Math.ceil((m * width) / 8);
    const pforExceptionsAt = p;
    for (let k = 0n; k < pfor; k++) {
      [, p] = varint(payload, p);
      [, p] = varint(payload, p);
    }
    const positionsAt = p;
    p += Number(exceptions) * 2;
    let oneByte = true;
    for (let k = 0n; k < exceptions; k++) {
      const q = p;
      [, p] = varint(payload, p);
      if (p - q > 1) oneByte = false;
    }
    out.push({ mode, width, pforExceptions: Number(pfor), pforExceptionsAt, alpExceptions: Number(exceptions), positionsAt, oneByte });
  }
  expect(p).toBe(payload.length);
  return out;
}

/** Decodes a double payload with the kernel; undefined when it reports corruption. */
function decodePayload(k: Kernel, payload: Uint8Array, n: number): Float64Array | undefined {
  const src = k.alloc(payload.length + 16);
  const dst = k.alloc(n * 8 + 16);
  try {
    new Uint8Array(k.exports.memory.buffer, src, payload.length).set(payload);
    if (k.exports.decodeFloat64Column(src, payload.length, n, dst) !== 1) return undefined;
    return new Float64Array(k.exports.memory.buffer.slice(dst, dst + n * 8));
  } finally {
    k.free(dst);
    k.free(src);
  }
}

function expectRoundTrip(k: Kernel, values: Float64Array): Uint8Array {
  const payload = encodeFloat64Payload(k, values);
  const decoded = decodePayload(k, payload, values.length);
  expect(decoded).toBeDefined();
  expect(bitsOf(decoded as Float64Array)).toEqual(bitsOf(values));
  return payload;
}

/** Regular times: `n` rows every `step` from `start`. */
function regularTimes(start: bigint, step: bigint, n: number): BigInt64Array {
  return BigInt64Array.from({ length: n }, (_, i) => start + BigInt(i) * step);
}

describe('fused aggregate: four buckets per step on arithmetic times', () => {
  it('matches the reference alone, merged, merged out of order and over overlapping chunks', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          rows: fc.oneof(fc.constantFrom(1, 2, 12), fc.integer({ min: 1, max: 31 })),
          step: fc.constantFrom(1n, 300n, 1800n, 3600n).map((s) => s * SEC),
          buckets: fc.integer({ min: 1, max: 400 }),
          extra: fc.nat({ max: 40 }),
          // Where the series starts on the bucket grid (in steps), and where the range is cut.
          phase: fc.nat({ max: 40 }),
          shift: fc.integer({ min: -5, max: 5 }),
          scenario: fc.constantFrom('alone', 'same', 'earlier', 'overlap'),
          // How far the second chunk starts after the first's start, in buckets and half steps (an
          // odd count puts its rows between the first's, so merged buckets see later lasts and
          // earlier firsts in both orders).
          offsetBuckets: fc.integer({ min: -6, max: 12 }),
          offsetHalfSteps: fc.nat({ max: 6 }),
          values: fc.array(
            fc.oneof(
              { arbitrary: fc.integer({ min: -100000, max: 100000 }).map((v) => v / 100), weight: 12 },
              { arbitrary: fc.constantFrom(...SPECIAL), weight: 2 },
            ),
            { minLength: 1, maxLength: 64 },
          ),
        }),
        async ({ rows, step, buckets, extra, phase, shift, scenario, offsetBuckets, offsetHalfSteps, values }) => {
          const width = step * BigInt(rows);
          const n = buckets * rows + extra;
          const start = 1_600_000_000n * SEC + BigInt(phase % rows) * step;
          const timesA = regularTimes(start, step, n);
          const valuesA = Float64Array.from({ length: n }, (_, i) => values[(i * 5) % values.length] as number);
          const chunks = [{ times: timesA, values: valuesA }];
          if (scenario !== 'alone') {
            const offset = scenario === 'same' ? 0n : BigInt(offsetBuckets) * width + (BigInt(offsetHalfSteps) * step) / 2n;
            const timesB = regularTimes(start + (scenario === 'earlier' ? -1n : 1n) * offset, step, n);
            const valuesB = Float64Array.from({ length: n }, (_, i) => values[(i * 3 + 1) % values.length] as number);
            // 'earlier': the second chunk's rows come before the first's, so merged buckets take
            // its firsts and keep the stored lasts.
            chunks.push({ times: timesB, values: valuesB });
          }
          const tMin = chunks.reduce((a, c) => ((c.times[0] as bigint) < a ? (c.times[0] as bigint) : a), chunks[0]?.times[0] as bigint);
          const tMax = chunks.reduce(
            (a, c) => ((c.times[n - 1] as bigint) > a ? (c.times[n - 1] as bigint) : a),
            chunks[0]?.times[n - 1] as bigint,
          );
          const full = bucketSpecFor(tMin, tMax, 0n, width);
          const spec = {
            ...full,
            firstBucket: full.firstBucket + BigInt(shift),
            bucketCount: Math.max(1, full.bucketCount - Math.abs(shift)),
          };
          const got = createBucketAggregates(spec);
          for (const c of chunks) aggregateChunkBuckets(k, chunkOf(k, c.times, c.values), 'v', spec, got);
          expectBuckets(got, referenceOf(chunks, spec));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps NaN out of min and max in every lane of a step, beside infinities and zeros of both signs', async () => {
    // One special value at each position of the first steps (four buckets of r rows) and its
    // negation after it, the rest ordinary decimals: min/max fold the stored extremes with the
    // rows, so every lane is checked alone and merged into a filled result.
    const k = await kernel();
    for (const rows of [1, 2, 3, 12]) {
      for (const special of SPECIAL) {
        for (let at = 0; at < 8 * rows; at += Math.max(1, rows >> 1)) {
          const n = 16 * rows + 1;
          const times = regularTimes(3600n * SEC * 1000n, 3600n * SEC, n);
          const values = Float64Array.from({ length: n }, (_, i) => (i === at ? special : i === at + 1 ? -special : (i % 9) / 4 - 1));
          const other = Float64Array.from({ length: n }, (_, i) => (i === at ? -0 : (i % 5) / 8 - 0.25));
          const width = 3600n * SEC * BigInt(rows);
          const spec = bucketSpecFor(times[0] as bigint, times[n - 1] as bigint, 0n, width);
          const alone = aggregateChunkBuckets(k, chunkOf(k, times, values), 'v', spec);
          expectBuckets(alone, referenceOf([{ times, values }], spec));
          aggregateChunkBuckets(k, chunkOf(k, times, other), 'v', spec, alone);
          expectBuckets(
            alone,
            referenceOf(
              [
                { times, values },
                { times, values: other },
              ],
              spec,
            ),
          );
        }
      }
    }
  });
});

describe('fused aggregate: bucket ends found 16 times at a time', () => {
  it('matches the reference on buckets of 1 to 40 rows with duplicate times', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ rows: fc.integer({ min: 1, max: 40 }), skip: fc.constantFrom(0, 0, 0, 1, 3) }), {
          minLength: 1,
          maxLength: 120,
        }),
        fc.array(fc.integer({ min: 0, max: 59 }), { minLength: 40, maxLength: 40 }),
        fc.boolean(),
        async (buckets, offsets, twice) => {
          const width = 60n * SEC;
          const times: bigint[] = [];
          let bucket = 1000n;
          for (const b of buckets) {
            bucket += BigInt(b.skip) + 1n;
            // Sorted offsets within the bucket, with repeats (duplicate times).
            const inBucket = offsets.slice(0, b.rows).sort((x, y) => x - y);
            for (const o of inBucket) times.push(bucket * width + BigInt(o) * SEC);
          }
          const n = times.length;
          const t = BigInt64Array.from(times);
          const values = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i) * 10000) / 100);
          const spec = bucketSpecFor(t[0] as bigint, t[n - 1] as bigint, 0n, width);
          const got = aggregateChunkBuckets(k, chunkOf(k, t, values), 'v', spec);
          const chunks = [{ times: t, values }];
          if (twice) {
            const other = Float64Array.from(values, (v) => -v);
            aggregateChunkBuckets(k, chunkOf(k, t, other), 'v', spec, got);
            chunks.push({ times: t, values: other });
          }
          expectBuckets(got, referenceOf(chunks, spec));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('ALP decode paths', () => {
  it('patches frame-of-reference exceptions as they are read, at vector edges, for width 0 and wider codes', async () => {
    const k = await kernel();
    const n = 3000;
    const cases: { values: Float64Array; times: BigInt64Array; widthZero: boolean }[] = [];
    for (const spread of [1000, 100000]) {
      for (const outliers of [
        [0],
        [1023, 1024],
        [0, 127, 128, 511, 1023, 1024, 2047, 2999],
        Array.from({ length: 90 }, (_, i) => i * 33),
      ]) {
        const values = Float64Array.from({ length: n }, (_, i) => 25 + ((i * 7919) % spread) / 10);
        for (const [j, at] of outliers.entries()) values[at] = 123456.7 + j * 1.3;
        cases.push({ values, times: regularTimes(0n, 60n * SEC, n), widthZero: false });
      }
    }
    // Mostly one value with an outlier every ten or so rows: width-0 vectors with patched
    // exceptions (run-length and dictionary coding lose on it).
    const disk = loadNab().find((s) => s.name === 'nab/ec2_disk_write_bytes_1ef3de');
    expect(disk).toBeDefined();
    cases.push({ values: (disk as Series).values, times: (disk as Series).times, widthZero: true });
    for (const { values, times, widthZero } of cases) {
      const payload = expectRoundTrip(k, values);
      const vectors = alpVectors(payload, values.length);
      expect(vectors.every((v) => v.mode === 'for')).toBe(true);
      expect(vectors.some((v) => v.pforExceptions > 0 && (v.width === 0) === widthZero)).toBe(true);
      // The fused aggregate decodes the same vectors.
      const spec = bucketSpecFor(times[0] as bigint, times[times.length - 1] as bigint, 0n, 3600n * SEC);
      expectBuckets(aggregateChunkBuckets(k, chunkOf(k, times, values), 'v', spec), referenceOf([{ times, values }], spec));
    }
  });

  it('reads one-byte exception distances up to the first longer one, fewer and more than 16 per vector, at the first and last position', async () => {
    const k = await kernel();
    const n = 2100;
    // A decimal a few units in the last place off (float noise, as 0.1 + 0.2 is): one-byte
    // distances; `far` positions are thousands or millions of units off (two- and three-byte ones).
    const bits = new BigInt64Array(1);
    const float = new Float64Array(bits.buffer);
    const noisy = (i: number, far: boolean) => {
      float[0] = ((i * 13) % 1000) / 10 + 0.5;
      bits[0] = (bits[0] as bigint) + (far ? BigInt((i % 2 ? -1 : 1) * (i % 3 ? 3000 : 3_000_000)) : BigInt((i % 5) - 2 || 1));
      return float[0] as number;
    };
    const cases: [number[], number[]][] = [
      [[0], []],
      [[1023], []],
      [[0, 5, 1023, 1024, 2099], []],
      [Array.from({ length: 40 }, (_, i) => i * 25), []],
      [Array.from({ length: 300 }, (_, i) => i * 7), []],
      // The first longer distance inside the first 16, at a 16-byte boundary, after it, and last.
      [Array.from({ length: 300 }, (_, i) => i * 7), [21, 112, 700, 1022]],
      [Array.from({ length: 40 }, (_, i) => i * 25), [0]],
      [Array.from({ length: 40 }, (_, i) => i * 25), [975]],
    ];
    for (const [positions, far] of cases) {
      const values = Float64Array.from({ length: n }, (_, i) => ((i * 13) % 1000) / 10);
      for (const at of positions) values[at] = noisy(at, far.includes(at));
      const payload = expectRoundTrip(k, values);
      const vectors = alpVectors(payload, n);
      expect(vectors.some((v) => v.alpExceptions > 0 && v.oneByte === (far.length === 0))).toBe(true);
      const times = regularTimes(0n, 10n * SEC, n);
      const spec = bucketSpecFor(0n, times[n - 1] as bigint, 0n, 30n * SEC);
      expectBuckets(aggregateChunkBuckets(k, chunkOf(k, times, values), 'v', spec), referenceOf([{ times, values }], spec));
    }
  });

  it('rejects an exception position past its vector and a patched exception gap past its block', async () => {
    const k = await kernel();
    const n = 1500;
    const values = Float64Array.from({ length: n }, (_, i) => 25 + ((i * 7) % 40) / 10);
    for (const at of [3, 700, 1200]) values[at] = 987654.3;
    // Float noise: 0.1 + 0.2 is one unit in the last place above 0.3.
    for (const at of [10, 20, 30, 40, 50, 60, 70, 80, 90, 1100]) values[at] = 0.1 + 0.2;
    const payload = encodeFloat64Payload(k, values);
    const vectors = alpVectors(payload, n);
    const first = vectors[0] as AlpVector;
    expect(first.alpExceptions).toBeGreaterThan(8);
    expect(first.oneByte).toBe(true);
    expect(first.pforExceptions).toBeGreaterThan(0);
    // Each of the first nine positions in turn, then the last, moved past the vector.
    for (let e = 0; e < 10; e++) {
      const bad = payload.slice();
      const at = first.positionsAt + 2 * (e === 9 ? first.alpExceptions - 1 : e);
      bad[at] = 0x00;
      bad[at + 1] = 0x04; // 1024
      expect(decodePayload(k, bad, n)).toBeUndefined();
    }
    // A gap that jumps past the block's last value.
    const bad = payload.slice();
    bad[first.pforExceptionsAt] = 0x7f;
    bad[first.pforExceptionsAt + 1] = 0x7f;
    expect(decodePayload(k, bad, n)).toBeUndefined();
  });

  it('sums delta vectors whose first code is wide in i32 segments, for small and large steps', async () => {
    const k = await kernel();
    const n = 2500;
    for (const bits of [4, 12, 20, 24, 26, 28]) {
      // Three-decimal values from integer codes far from zero (the first code of each delta vector
      // is then a wide exception) walking by deltas of both signs below 2^(bits - 1) (zigzagged:
      // no common divisor): the delta width sets the segment of i32 sums (1,024 values down to
      // four, then the f64 path).
      let code = 3_000_000_000 + bits;
      const values = Float64Array.from({ length: n }, (_, i) => {
        code += ((i * 7919 + bits * 104729) % 2 ** bits) - 2 ** (bits - 1);
        return code / 1000;
      });
      const payload = expectRoundTrip(k, values);
      const vectors = alpVectors(payload, n);
      expect(vectors.some((v) => v.mode === 'delta' && v.width >= Math.min(bits, 20))).toBe(true);
      const times = regularTimes(0n, 300n * SEC, n);
      const spec = bucketSpecFor(0n, times[n - 1] as bigint, 0n, 3600n * SEC);
      expectBuckets(aggregateChunkBuckets(k, chunkOf(k, times, values), 'v', spec), referenceOf([{ times, values }], spec));
    }
  });
});
