import { describe, expect, it } from 'vitest';
import { CODEC_NAMES, decodeChunk, encodeChunk, readChunkHeader } from '../../src/kernel/index.ts';
import { bitsOf, kernel, loadAlpSamples } from './helpers.ts';

/** Deterministic uniform [0, 1) (LCG), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

// The (e, f) search skips pairs whose digit count cannot fit the sampled values. If it skipped the
// right digit count, every value would be an exception (24+ bits each) instead of a code as wide as
// the column's span in units of its last decimal.
describe('ALP (e, f) search', () => {
  for (const digits of [0, 1, 2, 3, 4, 6, 8]) {
    for (const magnitude of [1, 100, 100_000]) {
      // Up to 12 significant digits (more are float noise, not decimals).
      if (magnitude * 10 ** digits > 1e12) continue;
      it(`finds ${digits}-decimal codes for values around ${magnitude}`, async () => {
        const k = await kernel();
        const next = random(digits * 1000 + magnitude);
        const n = 3000;
        const values = new Float64Array(n);
        let x = magnitude;
        for (let i = 0; i < n; i++) {
          // Steps of many units of the last decimal, so the column is neither constant nor runs.
          x += (next() - 0.5) * Math.max(magnitude * 0.01, 100 / 10 ** digits);
          values[i] = Number(x.toFixed(digits));
        }
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (const v of values) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        const codeBits = Math.ceil(Math.log2(Math.round((hi - lo) * 10 ** digits) + 1));
        const times = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_000_000n);
        const chunk = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
        const column = readChunkHeader(chunk).columns[0];
        expect(column).toBeDefined();
        if (column === undefined) return;
        expect(CODEC_NAMES[column.codec]).toBe('alp');
        expect((column.payloadLength * 8) / n).toBeLessThanOrEqual(codeBits + 1);
        expect(bitsOf(decodeChunk(k, chunk).columns[0]?.values as Float64Array)).toEqual(bitsOf(values));
      });
    }
  }

  // Columns whose best pairs have f > 0 (the pairs the pruning may skip): with f = 0 pairs only,
  // they fall back to Gorilla (~56 bits) and raw (64). Bits as of session 3 (bench:codecs) + 5%.
  for (const [name, bits] of [
    ['cms1', 39.82],
    ['cms25', 40.5],
  ] as const) {
    it(`keeps ${name} at ${bits} bits per value`, async () => {
      const k = await kernel();
      const values = loadAlpSamples().find((s) => s.name === `alp/${name}`)?.values;
      expect(values).toBeDefined();
      if (values === undefined) return;
      const times = BigInt64Array.from({ length: values.length }, (_, i) => BigInt(i));
      const column = readChunkHeader(encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] })).columns[0];
      expect(column === undefined ? '' : CODEC_NAMES[column.codec]).toBe('alp');
      expect(((column?.payloadLength ?? 0) * 8) / values.length).toBeLessThanOrEqual(bits * 1.05);
    });
  }
});

// The code pass keeps a value that decodes a few ulps off (a float-noise tail) as an exception with
// its own code, and gives a far exception (NaN, infinities, outliers) the code before it and a code
// past 2^51 its own. All kinds in one column, at positions that fall in either lane.
describe('ALP exceptions', () => {
  function column(n: number, far: (i: number) => number | undefined): Float64Array {
    const next = random(7);
    const values = new Float64Array(n);
    let x = 500;
    for (let i = 0; i < n; i++) {
      x = Number((x + (next() - 0.5) * 2).toFixed(2));
      // x * (1 + 2^-52) is x one ulp up: what a sum in binary leaves on a decimal.
      values[i] = far(i) ?? (i % 7 === 3 || i % 11 === 0 ? x * (1 + Number.EPSILON) : x);
    }
    return values;
  }

  for (const [name, far] of [
    ['noise tails only', () => undefined],
    ['noise tails with far exceptions', (i: number) => [Number.NaN, Number.POSITIVE_INFINITY, -0, 1e300, 5e-324, 2 ** 60][i % 997]],
    ['an odd tail value that is far', (i: number) => (i === 2048 ? Number.NEGATIVE_INFINITY : undefined)],
  ] as const) {
    it(`round trips ${name} bit-exactly at decimal cost`, async () => {
      const k = await kernel();
      const values = column(2049, far);
      const times = BigInt64Array.from({ length: values.length }, (_, i) => BigInt(i));
      const chunk = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
      const header = readChunkHeader(chunk).columns[0];
      expect(header === undefined ? '' : CODEC_NAMES[header.codec]).toBe('alp');
      // About 14 bits per code plus about 24 per tail (one value in 4.6); a subnormal next to
      // codes near 50,000 keeps its own code 0 (it is 1 ulp from 0), which widens its vector.
      const gorilla = k.alloc(values.length * 10 + 64);
      const src = k.copyIn(values);
      const gorillaBits = (k.exports.gorillaBaselineEncode(src, values.length, gorilla) * 8) / values.length;
      k.free(src);
      k.free(gorilla);
      const bits = ((header?.payloadLength ?? 0) * 8) / values.length;
      expect(bits).toBeLessThan(far(5) === undefined ? 18 : 26);
      expect(bits * 1.5).toBeLessThan(gorillaBits);
      expect(bitsOf(decodeChunk(k, chunk).columns[0]?.values as Float64Array)).toEqual(bitsOf(values));
    });
  }
});
