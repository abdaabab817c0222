// The encoder makes a double column's M4 block records from the values it holds (ALP and raw
// payloads: block starts by stepping over the vectors, min and max from the values); they must be
// the records the decoding walk (m4BlockIndex) makes from the payload, byte for byte: NaN and
// all-NaN blocks, signed zeros, ties, infinities, decimals with outliers, a partial last block.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFloat64InKernel } from '../../src/kernel/codecs.ts';
import { CODEC, encodeChunk, readChunkHeader } from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

const special = fc.constantFrom(Number.NaN, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, 1e300);
const column = fc.oneof(
  // Decimals (ALP) with specials and repeats.
  fc
    .tuple(fc.integer({ min: 2048, max: 5000 }), fc.array(fc.tuple(fc.nat(), special), { maxLength: 40 }), fc.nat({ max: 3 }))
    .map(([n, specials, digits]) => {
      const values = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 30) * 10 ** (digits + 2)) / 10 ** digits);
      for (const [at, v] of specials) values[at % n] = v;
      return values;
    }),
  // Binary fractions (raw or Gorilla payloads).
  fc.integer({ min: 2048, max: 4000 }).map((n) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * Math.PI)),
  // A block of only NaN among others.
  fc.integer({ min: 2048, max: 3100 }).map((n) => Float64Array.from({ length: n }, (_, i) => (i >= 1024 && i < 2048 ? Number.NaN : i % 7))),
);

describe('M4 block records from the encoder', () => {
  it('equal the records of the decoding walk', async () => {
    const k = await kernel();
    let fromValues = 0;
    fc.assert(
      fc.property(column, (values) => {
        const encoded = encodeFloat64InKernel(k, values, true);
        try {
          const { ptr, length } = encoded.payload;
          const codec = k.bytes()[ptr];
          if (codec !== CODEC.alp && codec !== CODEC.raw) {
            expect(encoded.blockRecords).toBeUndefined();
            return;
          }
          fromValues++;
          const bytes = Math.ceil(values.length / 1024) * 24;
          const out = k.alloc(bytes);
          try {
            expect(k.exports.m4BlockIndex(values.length, ptr, length, 1024, out)).toBe(1);
            expect(encoded.blockRecords).toEqual(k.copyOutBytes(out, bytes));
          } finally {
            k.free(out);
          }
        } finally {
          k.free(encoded.payload.ptr);
        }
      }),
      { numRuns: 60 },
    );
    expect(fromValues).toBeGreaterThan(20);
  });

  it('reach the chunk header', async () => {
    const k = await kernel();
    const n = 3000;
    const times = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_000_000n);
    const values = Float64Array.from({ length: n }, (_, i) => Math.round(Math.cos(i / 40) * 1000) / 10);
    const encoded = encodeFloat64InKernel(k, values, true);
    k.free(encoded.payload.ptr);
    const chunk = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
    const index = readChunkHeader(chunk).m4Blocks?.columns[0];
    expect(index).toBeDefined();
    if (index === undefined || encoded.blockRecords === undefined) return;
    expect(chunk.subarray(index.recordsOffset, index.recordsOffset + index.recordsBytes)).toEqual(encoded.blockRecords);
  });
});
