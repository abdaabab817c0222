import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeChunk, type RangeWants, readChunkHeader } from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';
import { checkRangeSums } from './range-sum-check.ts';

// The range pass's sum-only path (assembly/codecs/alp-integers.ts, sumIntegerVector) sums the
// deltas of integer-valued ALP vectors whose zigzagged deltas stay below 2^12 without forming the
// values: whole 128-delta packs in registers (a generated function per width and frame), the packs
// holding a bucket edge also through a buffer up to each edge, and the PFOR exceptions (deltas past
// the packed width) added afterwards as corrections to the sums at every edge past them. These
// columns are integer walks with zigzagged deltas of 1..12 bits, with a divisor or a base above 0
// or neither, and far steps (exceptions, still below 2^12 zigzagged) placed on pack edges, on
// bucket edges and at random; bucket edges fall on every row of a pack, and rows end in partial
// packs and vectors. Every sum (and first/last value, when asked) must equal the sequential
// reference exactly.

const SEC = 1_000_000_000n;
const SUMS_ONLY: RangeWants = { minMax: false, edges: false };
const SUMS_AND_EDGES: RangeWants = { minMax: false, edges: true };

/**
 * The delta frame: `zigzag`, signed deltas with zeros among them (PFOR base 0, divisor 1); `base`,
 * signed deltas never 0 (base 1); `climb`, positive multiples of `divisor` (zigzagged: multiples of
 * 2 * divisor from 2 * divisor on, so both a base and a divisor).
 */
type Frame = 'zigzag' | 'base' | 'climb';

interface Shape {
  n: number;
  /** Zigzagged deltas in [0, 2^width) before the frame. */
  width: number;
  frame: Frame;
  divisor: number;
  start: number;
  /** Rows whose delta is a far step (a PFOR exception), taken modulo n. */
  far: number[];
  seed: number;
}

function walk(shape: Shape): Float64Array {
  let s = shape.seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const far = new Set(shape.far.map((j) => j % shape.n));
  const half = 2 ** (shape.width - 1);
  const values = new Float64Array(shape.n);
  let v = shape.start;
  for (let i = 0; i < shape.n; i++) {
    let delta: number;
    if (shape.frame === 'climb') {
      // Zigzagged 2 * divisor * u, u in 1 .. 2^(width - 1): codes (u - 1) of width - 1 bits (at least 1).
      const u = 1 + Math.floor(next() * Math.max(1, half / 2));
      delta = shape.divisor * u;
      // Far steps: past the packed width, below 2^11 (zigzagged below 2^12).
      if (far.has(i))
        delta = shape.divisor * (half + Math.floor(next() * (Math.min(Math.floor(2000 / shape.divisor), 16 * half) - half + 1)));
    } else {
      const drawn = Math.floor(next() * 2 * half) - half;
      delta = drawn === 0 && shape.frame === 'base' ? -1 : drawn;
      if (far.has(i)) {
        // Past the packed width, below 2^11 (zigzagged below 2^12), and not so far that ALP leaves delta mode.
        const steps = half + 1 + Math.floor(next() * (Math.min(2000, 16 * half) - half));
        delta = next() < 0.5 ? -steps : steps;
      }
    }
    v += delta;
    values[i] = v;
  }
  return values;
}

/** Whether the column's first vector is integer-valued ALP (exponent and factor 0, delta mode): the sum path's shape. */
function integerVector(bytes: Uint8Array): boolean {
  const c = readChunkHeader(bytes).columns[0];
  if (!c) throw new Error('no column');
  return bytes[c.payloadOffset + 1] === 0 && bytes[c.payloadOffset + 2] === 0 && bytes[c.payloadOffset + 3] === 1;
}

/** Pack and vector edges, and rows next to them. */
const EDGES = [0, 1, 7, 8, 126, 127, 128, 129, 255, 256, 360, 383, 511, 512, 720, 895, 1023, 1024, 1025, 1151, 1152, 2047, 2048, 2175];

describe('the sum-only range pass over integer ALP vectors', () => {
  it('sums exactly with a bucket edge at every row of a pack, for every width 1..12 and frame, far steps on the edges', async () => {
    const k = await kernel();
    for (let width = 1; width <= 12; width++) {
      for (const [frame, divisor] of [
        ['zigzag', 1],
        ['base', 1],
        ['climb', 1],
        ['climb', 3],
      ] as const) {
        // Zigzagged deltas of the frame (climb: 2 * divisor * u) must stay below 2^12 for the sum path.
        if (frame === 'climb' && 2 ** width * divisor > 4096) continue;
        const n = 1100;
        // Far steps on pack edges and where the swept bucket edges fall (rows 300..427).
        const far = [0, 127, 128, 255, 256, 300, 301, 310, 383, 384, 427, 1023, 1024, 1099];
        const shape: Shape = { n, width, frame, divisor, start: 17, far, seed: width * 31 + divisor };
        const values = walk(shape);
        const bytes = encodeChunk(k, {
          times: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * SEC),
          columns: [{ name: 'v', type: 'double', values }],
        });
        const what = `width ${width} ${frame} divisor ${divisor}`;
        expect(integerVector(bytes), what).toBe(true);
        // The first vector's PFOR block (after the ALP bytes and a 0 exception count): packed within
        // the generated widths, with exceptions (the far steps) where they can pass the width below 2^12.
        const at = (readChunkHeader(bytes).columns[0]?.payloadOffset ?? 0) + 5;
        expect(bytes[at], what).toBeLessThanOrEqual(12);
        if (width <= 9) expect((bytes[at + 1] ?? 0) & 2, what).toBe(2);
        // Bucket edges at 300 + o + 128 j for o in 0..127: every row of the packs they fall in.
        for (let o = 0; o < 128; o++) {
          const wants = o % 2 === 0 ? SUMS_ONLY : SUMS_AND_EDGES;
          checkRangeSums(k, bytes, values, 0, n, 128, 300 + o, wants, what);
          checkRangeSums(k, bytes, values, o, n - o, 360, o, wants, what);
        }
      }
    }
  });

  it('matches the sequential reference on random walks, widths 1..12, frames, far steps, ranges and buckets', async () => {
    const k = await kernel();
    let integer = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          n: fc.oneof(fc.integer({ min: 1, max: 2300 }), fc.constantFrom(127, 128, 129, 1024, 1100, 2048, 2175, 2176)),
          width: fc.integer({ min: 1, max: 12 }),
          frame: fc.constantFrom<Frame>('zigzag', 'zigzag', 'base', 'climb'),
          divisor: fc.constantFrom(1, 2, 3, 7),
          start: fc.integer({ min: -1000, max: 1000 }),
          far: fc.array(fc.oneof(fc.constantFrom(...EDGES), fc.nat(2300)), { maxLength: 24 }),
          seed: fc.integer(),
        }),
        fc.integer({ min: 0, max: 2300 }),
        fc.integer({ min: 0, max: 2300 }),
        fc.constantFrom(1, 2, 7, 8, 100, 127, 128, 129, 360, 1000, 5000),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom(SUMS_ONLY, SUMS_AND_EDGES),
        async (raw, a, b, rowsPerBucket, origin, wants) => {
          // Keep every delta, far steps included, below 2^11 (the sum path's bound), so the path answers.
          const divisor = 2 ** raw.width * raw.divisor > 4096 ? 1 : raw.divisor;
          const shape: Shape = { ...raw, divisor };
          const n = shape.n;
          const values = walk(shape);
          const bytes = encodeChunk(k, {
            times: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * SEC),
            columns: [{ name: 'v', type: 'double', values }],
          });
          runs++;
          if (integerVector(bytes)) integer++;
          const lo = Math.min(a, b) % n;
          const hi = Math.min(n, Math.max(a, b) + 1);
          checkRangeSums(
            k,
            bytes,
            values,
            lo,
            hi,
            rowsPerBucket,
            origin,
            wants,
            `width ${shape.width} ${shape.frame} divisor ${divisor} n ${n}`,
          );
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), endOnFailure: true },
    );
    // Most columns must have reached the integer path, or this test says little about it.
    expect(integer).toBeGreaterThan(runs * 0.8);
  });
});
