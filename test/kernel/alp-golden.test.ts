import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bitsOf, kernel, loadAlpSamples, loadNab } from './helpers.ts';

// Encoder speed work must not change what is stored: every column below encodes to the bytes the
// kernel at commit 953ecb6 wrote, regenerated in session 6 when vectors stopped re-ranking the
// column's (e, f) finalists (fixtures/double-payloads.json: a hash and length per column). The
// columns are the real datasets, slices of them (odd lengths, partial vectors) and adversarial
// columns (NaN with payloads, infinities, -0, codes at and past 2^51, outliers after zeros, runs),
// which take the encoder's exception, fallback and run-length paths. A deliberate format or choice
// change regenerates the fixture with GOLDEN_WRITE=1 and says so in its commit.

const FIXTURE = new URL('./fixtures/double-payloads.json', import.meta.url);

/** Deterministic uniform [0, 1) (LCG), so the adversarial columns are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const SPECIALS = [
  Number.NaN,
  new Float64Array(new BigUint64Array([0x7ff4000000000123n]).buffer)[0] as number,
  -0,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e300,
  -1e300,
  5e-324,
  2 ** 53 + 2,
  -(2 ** 51),
  2 ** 51 - 1,
  2 ** 51,
  -(2 ** 51) + 1,
  -(2 ** 51) / 1000,
  -(2 ** 60),
  123456789.123456,
];

function columns(): [string, Float64Array][] {
  const out: [string, Float64Array][] = [];
  const real = [...loadNab(), ...loadAlpSamples()];
  for (const s of real) {
    out.push([s.name, s.values]);
    for (const length of [1, 2, 3, 7, 33, 127, 129, 1023, 1025, 2049]) {
      for (const offset of [0, 17]) {
        if (offset + length <= s.values.length) out.push([`${s.name}[${offset}+${length}]`, s.values.slice(offset, offset + length)]);
      }
    }
  }
  for (let c = 0; c < 60; c++) {
    const next = random(c + 1);
    const n = 1 + Math.floor(next() * 3000);
    const digits = c % 7;
    const rate = [0, 0.001, 0.02, 0.3][c % 4] as number;
    const zeros = c % 5 === 0;
    const values = new Float64Array(n);
    let x = next() * 1000;
    for (let i = 0; i < n; i++) {
      x += (next() - 0.5) * 10;
      values[i] =
        next() < rate ? (SPECIALS[Math.floor(next() * SPECIALS.length)] as number) : zeros && next() < 0.7 ? 0 : Number(x.toFixed(digits));
    }
    out.push([`adversarial/${c}`, values]);
  }
  // Runs of equal values (constant, run-length and dictionary columns; run counting at every
  // length around its two-lane steps), among them runs of NaN, -0 and 0.
  for (let c = 0; c < 80; c++) {
    const next = random(1000 + c);
    const n = c < 40 ? c + 1 : 1 + Math.floor(next() * 5000);
    const palette = [1.5, 2.25, -0, 0, Number.NaN, 3, 1e-3];
    const values = new Float64Array(n);
    let i = 0;
    while (i < n) {
      const value = palette[Math.floor(next() * palette.length)] as number;
      const length = 1 + Math.floor(next() * (c % 3 === 0 ? 2 : 9));
      for (let j = 0; j < length && i < n; j++) values[i++] = value;
    }
    out.push([`runs/${c}`, values]);
  }
  return out;
}

function payloads(k: Awaited<ReturnType<typeof kernel>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, values] of columns()) {
    const n = values.length;
    const src = k.copyIn(values);
    const dst = k.alloc(k.exports.float64Bound(n) + 16);
    const out = k.alloc(n * 8 + 16);
    try {
      const length = k.exports.encodeFloat64Column(src, n, dst);
      const bytes = k.bytes().slice(dst, dst + length);
      result[name] = `${length}:${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}`;
      expect(k.exports.decodeFloat64Column(dst, length, n, out)).toBe(1);
      expect(bitsOf(new Float64Array(k.bytes().slice(out, out + n * 8).buffer))).toEqual(bitsOf(values));
    } finally {
      k.free(out);
      k.free(dst);
      k.free(src);
    }
  }
  return result;
}

describe('double column payloads', () => {
  it('are byte for byte those of the reference kernel on datasets, slices and adversarial columns', async () => {
    const k = await kernel();
    const actual = payloads(k);
    if (process.env.GOLDEN_WRITE === '1') writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, string>;
    expect(Object.keys(actual).length).toBeGreaterThan(500);
    expect(actual).toEqual(expected);
  });
});
