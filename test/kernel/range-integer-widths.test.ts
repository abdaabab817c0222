import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateChunkRange,
  encodeChunk,
  RANGE_FIELD,
  RANGE_WANTS_ALL,
  type RangeWants,
  readChunkHeader,
} from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

// The range pass's i32 path for integer-valued ALP vectors (assembly/codecs/alp-integers.ts) unpacks
// each 128-value interleaved pack with a generated unpacker per delta width, patches the PFOR
// exceptions, then takes running sums. These columns are integer walks whose zigzagged deltas span
// a chosen width (0..24 bits), with a divisor or not, and far jumps (PFOR exceptions) placed on
// pack edges; rows cover partial last packs and vectors, and ranges and buckets end mid-pack. Every
// cell must equal the sequential reference exactly.

const SEC = 1_000_000_000n;

interface Shape {
  n: number;
  width: number;
  divisor: number;
  /** No zero delta: the frame's base is then above 0. */
  nonzero: boolean;
  start: number;
  jumps: number[];
  seed: number;
}

function walk(shape: Shape): Float64Array {
  let s = shape.seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const jumps = new Set(shape.jumps.map((j) => j % shape.n));
  const half = shape.width === 0 ? 0 : 2 ** (shape.width - 1);
  const values = new Float64Array(shape.n);
  let v = shape.start;
  for (let i = 0; i < shape.n; i++) {
    // Zigzagged deltas in [0, 2^width): deltas in [-half, half).
    const drawn = shape.width === 0 ? 0 : Math.floor(next() * 2 * half) - half;
    const delta = drawn === 0 && shape.nonzero ? -1 : drawn;
    // Far jumps: past the packed width (PFOR exceptions) yet zigzagged below 2^21 (the path's bound).
    v += delta * shape.divisor + (jumps.has(i) ? (next() < 0.5 ? -1 : 1) * 2 ** Math.min(19, shape.width + 5) : 0);
    // Keep codes well inside i32 (the path's precondition; outside it the double path answers).
    if (Math.abs(v) > 2 ** 30) v = shape.start;
    values[i] = v;
  }
  return values;
}

/** Pack and vector edges, and rows next to them, where the two passes hand over. */
const EDGES = [0, 1, 126, 127, 128, 129, 255, 256, 383, 511, 512, 895, 1023, 1024, 1025, 1151, 1152, 2047, 2048, 2175];

describe('aggregateChunkRange on integer ALP vectors of every delta width', () => {
  it('matches the sequential reference exactly for widths 0..24, divisors, exceptions on pack edges, partial packs and ranges ending mid-pack', async () => {
    const k = await kernel();
    let integerVectors = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          n: fc.oneof(fc.integer({ min: 1, max: 2300 }), fc.constantFrom(128, 255, 1024, 1100, 2048, 2175, 2176)),
          width: fc.integer({ min: 0, max: 24 }),
          divisor: fc.constantFrom(1, 1, 3, 8),
          nonzero: fc.boolean(),
          start: fc.integer({ min: -1000, max: 1000 }),
          jumps: fc.array(fc.oneof(fc.constantFrom(...EDGES), fc.nat(2300)), { maxLength: 12 }),
          seed: fc.integer(),
        }),
        fc.integer({ min: 0, max: 2300 }),
        fc.integer({ min: 0, max: 2300 }),
        fc.constantFrom(1n, 7n, 100n, 128n, 333n, 5000n),
        fc.constantFrom<RangeWants>(RANGE_WANTS_ALL, { minMax: true, edges: false }),
        async (shape, a, b, rowsPerBucket, wants) => {
          const n = shape.n;
          const values = walk(shape);
          const times = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * SEC);
          const bytes = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
          const c = readChunkHeader(bytes).columns[0];
          if (!c) throw new Error('no column');
          runs++;
          // The first vector's e, f and mode: 0, 0, delta (the integer path's shape).
          if (bytes[c.payloadOffset + 1] === 0 && bytes[c.payloadOffset + 2] === 0 && bytes[c.payloadOffset + 3] === 1) integerVectors++;
          const lo = Math.min(a, b) % n;
          const hi = Math.min(n, Math.max(a, b) + 1);
          const width = rowsPerBucket * SEC;
          const firstBucket = BigInt(lo) / rowsPerBucket;
          const bucketCount = Number(BigInt(hi - 1) / rowsPerBucket - firstBucket) + 1;
          const spec = { origin: 0n, width, firstBucket, bucketCount };
          const r = aggregateChunkRange(k, bytes, ['v'], spec, BigInt(lo) * SEC, BigInt(hi) * SEC, false, wants);
          for (let bucket = 0; bucket < bucketCount; bucket++) {
            const from = Math.max(lo, Number((firstBucket + BigInt(bucket)) * rowsPerBucket));
            const to = Math.min(hi, Number((firstBucket + BigInt(bucket) + 1n) * rowsPerBucket));
            let sum = 0;
            let min = Number.POSITIVE_INFINITY;
            let max = Number.NEGATIVE_INFINITY;
            for (let i = from; i < to; i++) {
              const x = values[i] as number;
              sum += x;
              if (x < min) min = x;
              if (x > max) max = x;
            }
            const cell = (f: number) => r.cells[3 * bucketCount + f * bucketCount + bucket];
            const what = `width ${shape.width} divisor ${shape.divisor} rows ${from}..${to} of ${n}`;
            expect(r.cells[bucket], what).toBe(to - from);
            expect(cell(RANGE_FIELD.sum), `sum ${what}`).toBe(sum);
            expect(cell(RANGE_FIELD.min), `min ${what}`).toBe(min);
            expect(cell(RANGE_FIELD.max), `max ${what}`).toBe(max);
            if (wants.edges) {
              expect(cell(RANGE_FIELD.first), `first ${what}`).toBe(values[from]);
              expect(cell(RANGE_FIELD.last), `last ${what}`).toBe(values[to - 1]);
            }
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), endOnFailure: true },
    );
    // Most columns must have reached the integer path, or this test says little about it.
    expect(integerVectors).toBeGreaterThan(runs / 2);
  });
});
