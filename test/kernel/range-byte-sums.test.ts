import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateChunkRange, encodeChunk, type Kernel, RANGE_FIELD, type RangeWants, readChunkHeader } from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';
import { checkRangeSums } from './range-sum-check.ts';

// The sum-only range pass over integer ALP vectors whose deltas are zigzagged in 1..3 bits with
// base 0 and divisor 1 (the TSBS walks) sums a vector's packs in i8 lanes in one call
// (sumBytePacks, assembly/codecs/unpack-deltas16.ts), keeping every delta as i8 and the lane sums
// before each pack, then takes each bucket edge's sums from its pack's sums plus the deltas before
// it in the pack, by a position mask. These columns push the i8 sums to their bounds (every delta
// the frame's most negative or most positive, a 0 among them to keep the frame's base 0), put
// bucket edges on every row of a vector, far steps (PFOR exceptions) at pack edges and on bucket
// edges, and end in partial packs (a sequential tail). Runs of one value (width 0, base 0) and old
// sequential layouts take the other paths. Every sum and edge value must equal the sequential
// reference exactly.

const SEC = 1_000_000_000n;
const SUMS_ONLY: RangeWants = { minMax: false, edges: false };
const SUMS_AND_EDGES: RangeWants = { minMax: false, edges: true };

/** The PFOR block of the column's first vector: width, flags (2: exceptions), base (one varint byte). */
function firstBlock(bytes: Uint8Array): { alpInteger: boolean; width: number; flags: number; base: number } {
  const c = readChunkHeader(bytes).columns[0];
  if (!c) throw new Error('no column');
  const at = c.payloadOffset + 1;
  const alpInteger = bytes[at] === 0 && bytes[at + 1] === 0 && bytes[at + 2] === 1 && bytes[at + 3] === 0;
  return { alpInteger, width: bytes[at + 4] ?? -1, flags: bytes[at + 5] ?? -1, base: bytes[at + 6] ?? -1 };
}

function encode(k: Kernel, values: Float64Array, step = SEC): Uint8Array {
  return encodeChunk(k, {
    times: BigInt64Array.from({ length: values.length }, (_, i) => BigInt(i) * step),
    columns: [{ name: 'v', type: 'double', values }],
  });
}

type Pattern = 'lowest' | 'highest' | 'alternate' | 'random';

/**
 * A walk from `start` (0: the first delta, from 0, is in the frame too) whose deltas, zigzagged, fill `width` bits: all the frame's most negative
 * (-2^(width-1)) or most positive (2^(width-1) - 1) delta, the two alternating, or random, with a
 * 0 every 97 rows and a -1 every 89 (the frame's base stays 0, its divisor 1), and far steps (beyond
 * the width, PFOR exceptions) at the rows `far`.
 */
function walk(n: number, width: number, pattern: Pattern, far: readonly number[], seed: number, start = 0): Float64Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const low = -(2 ** (width - 1));
  const high = 2 ** (width - 1) - 1;
  const farRows = new Set(far);
  const values = new Float64Array(n);
  let v = start;
  for (let i = 0; i < n; i++) {
    let delta =
      pattern === 'lowest'
        ? low
        : pattern === 'highest'
          ? high
          : pattern === 'alternate'
            ? i % 2
              ? low
              : high
            : low + Math.floor(next() * (high - low + 1));
    if (i % 97 === 5) delta = 0;
    else if (i % 89 === 7) delta = -1;
    // Far, yet not so far that ALP leaves delta mode.
    if (farRows.has(i)) delta = (next() < 0.5 ? -1 : 1) * (5 + Math.floor(next() * 30));
    v += delta;
    values[i] = v;
  }
  return values;
}

/** Pack and vector edges and rows beside them. */
const EDGES = [0, 1, 15, 16, 127, 128, 129, 255, 256, 383, 384, 511, 895, 1023, 1024, 1025, 1151, 1152, 2047, 2048];

describe('the sum-only range pass in i8 lanes (zigzag frames of 1..3 bits)', () => {
  it('sums exactly at the i8 bounds with a bucket edge on every row of a vector, far steps on pack and bucket edges, tails after the packs', async () => {
    const k = await kernel();
    for (let width = 1; width <= 3; width++) {
      for (const pattern of ['lowest', 'highest', 'alternate', 'random'] as const) {
        // At one bit the most positive delta is 0: a run of one value, not this frame.
        if (width === 1 && pattern === 'highest') continue;
        for (const far of [[], [0, 127, 128, 300, 301, 511, 1023, 1024, 1100]]) {
          // Two whole vectors and a third of 300 rows: two packs and a sequential tail of 44.
          const n = 2048 + 300;
          const values = walk(n, width, pattern, far, width * 7 + far.length);
          const bytes = encode(k, values);
          const block = firstBlock(bytes);
          const what = `width ${width} ${pattern} far ${far.length}`;
          expect(block.alpInteger, what).toBe(true);
          // The byte path's frame: base 0, no divisor, the width under test (the far steps as exceptions).
          expect(block.width, what).toBe(width);
          expect(block.flags & 1, what).toBe(0);
          expect(block.flags & 2, what).toBe(far.length > 0 ? 2 : 0);
          expect(block.base, what).toBe(0);
          // Buckets of 128 rows from every offset: an edge on every row of a pack, in each vector.
          for (let o = 0; o < 128; o++) checkRangeSums(k, bytes, values, 0, n, 128, o, o % 2 ? SUMS_AND_EDGES : SUMS_ONLY, what);
          // Ranges starting and ending at the edges, 360-row buckets (the TSBS hour at 10 s).
          for (const a of EDGES) {
            for (const b of [1, 127, 128, 129, 1024, 1025, 2100, n]) {
              if (a < b && b <= n) checkRangeSums(k, bytes, values, a, b, 360, 0, SUMS_AND_EDGES, `${what} range ${a}..${b}`);
            }
          }
        }
      }
    }
  });

  it('matches the reference on random walks of 1..3 bits with exceptions anywhere, random ranges and buckets', async () => {
    const k = await kernel();
    let bytePath = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          n: fc.oneof(fc.integer({ min: 1, max: 3200 }), fc.constantFrom(127, 128, 129, 1023, 1024, 1025, 1151, 2048, 2175)),
          width: fc.integer({ min: 1, max: 3 }),
          pattern: fc.constantFrom<Pattern>('lowest', 'highest', 'alternate', 'random', 'random'),
          far: fc.array(fc.oneof(fc.constantFrom(...EDGES), fc.nat(3200)), { maxLength: 12 }),
          seed: fc.integer(),
        }),
        fc.nat(3200),
        fc.nat(3200),
        fc.constantFrom(1, 2, 7, 16, 100, 127, 128, 129, 360, 1024, 5000),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(SUMS_ONLY, SUMS_AND_EDGES),
        async (shape, a, b, rowsPerBucket, origin, wants) => {
          const values = walk(shape.n, shape.width, shape.pattern, shape.far, shape.seed);
          const bytes = encode(k, values);
          const block = firstBlock(bytes);
          runs++;
          if (block.alpInteger && block.base === 0 && block.width >= 1 && block.width <= 3 && (block.flags & 1) === 0) bytePath++;
          const lo = Math.min(a, b) % shape.n;
          const hi = Math.min(shape.n, Math.max(a, b) + 1);
          checkRangeSums(k, bytes, values, lo, hi, rowsPerBucket, origin, wants, `width ${shape.width} ${shape.pattern} n ${shape.n}`);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), endOnFailure: true },
    );
    // Most columns must have taken the byte path, or this test says little about it.
    expect(bytePath).toBeGreaterThan(runs * 0.8);
  });
});

describe('the range pass on evenly spaced times (bucket ends computed, not searched)', () => {
  it('cuts every step against every width, narrower and wider, multiples or not, from any origin', async () => {
    const k = await kernel();
    const n = 3000;
    const values = walk(n, 3, 'random', [0], 5);
    for (const step of [1n, 7n, 10n, 13n]) {
      const bytes = encode(k, values, step * SEC);
      for (const width of [1n, 3n, 7n, 10n, 20n, 26n, 100n, 360n, 3600n]) {
        for (const origin of [0n, 1n, 5n, 12n]) {
          for (const [a, b] of [
            [0, n],
            [1, n - 1],
            [17, 2222],
            [360, 361],
          ] as const) {
            const from = BigInt(a) * step * SEC;
            const to = BigInt(b - 1) * step * SEC + 1n;
            const W = width * SEC;
            const O = origin * SEC;
            // In ns as numbers (exact: below 2^53 here).
            const floor = (x: number) => Math.floor((x - Number(O)) / Number(W));
            const first = floor(Number(from));
            const firstBucket = BigInt(first);
            const bucketCount = floor(Number(to - 1n)) - first + 1;
            const spec = { origin: O, width: W, firstBucket, bucketCount };
            const r = aggregateChunkRange(k, bytes, ['v'], spec, from, to, false, SUMS_AND_EDGES);
            const rows = new Array<number>(bucketCount).fill(0);
            const sums = new Array<number>(bucketCount).fill(0);
            const firsts = new Array<number | undefined>(bucketCount).fill(undefined);
            const lasts = new Array<number | undefined>(bucketCount).fill(undefined);
            for (let i = a; i < b; i++) {
              const bucket = floor(i * Number(step * SEC)) - first;
              rows[bucket] = (rows[bucket] ?? 0) + 1;
              sums[bucket] = (sums[bucket] ?? 0) + (values[i] as number);
              firsts[bucket] ??= values[i];
              lasts[bucket] = values[i];
            }
            const what = `step ${step} width ${width} origin ${origin} rows ${a}..${b}`;
            const B = bucketCount;
            const field = (f: number) => Array.from(r.cells.subarray(3 * B + f * B, 4 * B + f * B));
            const filled = (xs: readonly (number | undefined)[], got: number[]) => xs.map((x, bucket) => (rows[bucket] ? x : got[bucket]));
            expect(Array.from(r.cells.subarray(0, B)), `rows ${what}`).toEqual(rows);
            const got = { sum: field(RANGE_FIELD.sum), first: field(RANGE_FIELD.first), last: field(RANGE_FIELD.last) };
            expect(got.sum, `sums ${what}`).toEqual(sums);
            expect(got.first, `firsts ${what}`).toEqual(filled(firsts, got.first));
            expect(got.last, `lasts ${what}`).toEqual(filled(lasts, got.last));
          }
        }
      }
    }
  });
});
