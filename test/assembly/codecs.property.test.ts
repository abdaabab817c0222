// Property-based round trips of the kernel's codecs (through the chunk API, which picks the codec)
// on random and adversarial inputs: every double bit pattern class, i64 extremes, unsorted and
// duplicate times, runs, few distinct values, and sizes around the 1,024-value vector boundary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODEC_NAMES, decodeChunk, encodeChunk, readChunkHeader } from '../../src/kernel/index.ts';
import { bitsOf, kernel } from '../kernel/helpers.ts';

const SPECIAL_BITS = [
  0x0000_0000_0000_0000n, // +0
  0x8000_0000_0000_0000n, // -0
  0x7ff0_0000_0000_0000n, // +Inf
  0xfff0_0000_0000_0000n, // -Inf
  0x7ff8_0000_0000_0000n, // quiet NaN
  0x7ff0_0000_0000_0001n, // signalling NaN payload
  0xfff8_dead_beef_0001n, // negative NaN with payload
  0x0000_0000_0000_0001n, // smallest subnormal
  0x000f_ffff_ffff_ffffn, // largest subnormal
  0x0010_0000_0000_0000n, // smallest normal
  0x7fef_ffff_ffff_ffffn, // largest finite
  0xffef_ffff_ffff_ffffn, // most negative finite
  0x43e0_0000_0000_0000n, // 2^63: the edge of the i64 conversion
  0xc3e0_0000_0000_0000n, // -2^63
  0x4340_0000_0000_0000n, // 2^53
];

function fromBits(bits: bigint): number {
  return new Float64Array(BigUint64Array.of(bits).buffer)[0] as number;
}

const anyDouble = fc.oneof(
  { arbitrary: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(fromBits), weight: 2 },
  { arbitrary: fc.constantFrom(...SPECIAL_BITS).map(fromBits), weight: 2 },
  { arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((v) => v / 1000), weight: 3 },
  { arbitrary: fc.integer({ min: -99999, max: 99999 }).map((v) => v / 10), weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
);

/** Columns with structure: plain random, runs, few distinct values, decimal ramps with outliers. */
const doubleColumn = fc.oneof(
  fc.array(anyDouble, { minLength: 0, maxLength: 2600 }),
  fc
    .tuple(fc.array(anyDouble, { minLength: 1, maxLength: 8 }), fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 200 }))
    .map(([pool, picks]) => picks.flatMap((p, i) => Array.from({ length: (p % 9) + 1 }, () => pool[(p + i) % pool.length] as number))),
  fc
    .tuple(fc.integer({ min: 1, max: 2500 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.tuple(fc.nat(), anyDouble), { maxLength: 20 }))
    .map(([n, decimals, outliers]) => {
      const values = Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 40) * 10 ** (decimals + 2)) / 10 ** decimals);
      for (const [at, v] of outliers) values[at % n] = v;
      return values;
    }),
  // Decimals with float-noise tails (a value an ulp or two off, as binary sums leave them) next to
  // far exceptions, in either lane of the encoder's pairs.
  fc
    .tuple(
      fc.integer({ min: 1, max: 2500 }),
      fc.integer({ min: 0, max: 4 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: -2, max: 2 })), { maxLength: 300 }),
      fc.array(fc.tuple(fc.nat(), anyDouble), { maxLength: 6 }),
    )
    .map(([n, decimals, tails, outliers]) => {
      const values = Array.from({ length: n }, (_, i) => Math.round(500 + Math.cos(i / 25) * 10 ** (decimals + 1)) / 10 ** decimals);
      const bits = new BigInt64Array(Float64Array.from(values).buffer);
      for (const [at, ulps] of tails) bits[at % n] = (bits[at % n] as bigint) + BigInt(ulps);
      const noisy = Array.from(new Float64Array(bits.buffer));
      for (const [at, v] of outliers) noisy[at % n] = v;
      return noisy;
    }),
);

describe('double codecs round-trip bit-exactly', () => {
  it('on random and adversarial columns', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(doubleColumn, async (list) => {
        const values = Float64Array.from(list);
        const times = BigInt64Array.from(values, (_, i) => BigInt(i));
        const chunk = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
        const decoded = decodeChunk(k, chunk).columns[0]?.values as Float64Array;
        expect(bitsOf(decoded)).toEqual(bitsOf(values));
      }),
      { numRuns: 300 },
    );
  });
});

describe('codec choice', () => {
  it('picks each double codec where it is the smallest, and round-trips it', async () => {
    const k = await kernel();
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const n = 4096;
    const pool = Array.from({ length: 40 }, () => random() * 1000);
    const cases: [string, Float64Array][] = [
      ['constant', new Float64Array(n).fill(-0)],
      ['rle', Float64Array.from({ length: n }, (_, i) => (pool[Math.floor(i / 300)] as number) + 0.5)],
      ['alp', Float64Array.from({ length: n }, (_, i) => Math.round(1e4 * Math.sin(i / 100)) / 100)],
      ['dictionary', Float64Array.from({ length: n }, () => pool[Math.floor(random() * pool.length)] as number)],
      ['gorilla', Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000) * Math.PI)],
      [
        'raw',
        Float64Array.from({ length: n }, () =>
          fromBits(BigInt(Math.floor(random() * 2 ** 32)) | (BigInt(Math.floor(random() * 2 ** 32)) << 32n)),
        ),
      ],
    ];
    for (const [codec, values] of cases) {
      const times = BigInt64Array.from(values, (_, i) => BigInt(i));
      const chunk = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
      expect(CODEC_NAMES[readChunkHeader(chunk).columns[0]?.codec ?? -1], codec).toBe(codec);
      expect(bitsOf(decodeChunk(k, chunk).columns[0]?.values as Float64Array)).toEqual(bitsOf(values));
    }
  });
});

describe('the XOR codec is never skipped where it would win', () => {
  it("keeps a payload no larger than Gorilla's whenever Gorilla is tried (ALP above 40 bits per value)", async () => {
    // The encoder skips Gorilla when a lower bound of its stream already loses: the column's payload
    // must then still be at most 1 + Gorilla's stream, on columns around the cut.
    const k = await kernel();
    const binaryColumn = fc
      .tuple(fc.integer({ min: 1, max: 2500 }), fc.integer({ min: 0, max: 52 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }))
      .map(([n, bits, scale]) => Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 37) * scale * 2 ** bits) / 2 ** bits));
    await fc.assert(
      fc.asyncProperty(fc.oneof(doubleColumn, binaryColumn), async (list) => {
        const values = Float64Array.from(list);
        const n = values.length;
        if (n === 0) return;
        const times = BigInt64Array.from(values, (_, i) => BigInt(i));
        const column = readChunkHeader(encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] })).columns[0];
        const length = column?.payloadLength ?? 0;
        if (length <= 5 * n) return;
        const src = k.copyIn(values);
        const dst = k.alloc(n * 10 + 64);
        try {
          expect(length).toBeLessThanOrEqual(1 + k.exports.gorillaBaselineEncode(src, n, dst));
        } finally {
          k.free(dst);
          k.free(src);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('i64 codecs round-trip exactly', () => {
  const anyI64 = fc.oneof(
    fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
    fc.constantFrom(-(1n << 63n), (1n << 63n) - 1n, 0n, -1n, 1n),
    fc.bigInt({ min: -1000n, max: 1000n }),
  );
  const i64Column = fc.oneof(
    fc.array(anyI64, { maxLength: 2600 }),
    fc
      .tuple(anyI64, fc.array(fc.oneof(fc.constant(10n), fc.bigInt({ min: -5n, max: 5n }), anyI64), { maxLength: 2600 }))
      .map(([start, steps]) => {
        let v = start;
        return steps.map((s) => {
          v = BigInt.asIntN(64, v + s);
          return v;
        });
      }),
  );

  it('for BIGINT columns and for times in any order', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(i64Column, i64Column, async (a, b) => {
        const n = Math.min(a.length, b.length);
        const times = BigInt64Array.from(a.slice(0, n));
        const values = BigInt64Array.from(b.slice(0, n));
        const decoded = decodeChunk(k, encodeChunk(k, { times, columns: [{ name: 'v', type: 'bigint', values }] }));
        const order = [...times.keys()].sort((x, y) => (times[x]! < times[y]! ? -1 : times[x]! > times[y]! ? 1 : x - y));
        expect(decoded.times).toEqual(BigInt64Array.from(order, (i) => times[i]!));
        expect(decoded.columns[0]?.values).toEqual(BigInt64Array.from(order, (i) => values[i]!));
      }),
      { numRuns: 300 },
    );
  });
});
