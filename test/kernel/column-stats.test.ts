import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigintStats, doubleStats } from '../../src/kernel/chunk/stats.ts';
import {
  encodeFloat64Payload,
  encodeFloat64PayloadWithStats,
  encodeInt64Payload,
  encodeInt64PayloadWithStats,
} from '../../src/kernel/codecs.ts';
import { kernel } from './helpers.ts';

// The kernel's header stats (assembly/column-stats.ts) against the JavaScript rule in chunk/stats.ts, bit for bit:
// the sequential loop, and the SIMD pass taken when every value is an integer of magnitude <= 2^31 with no -0.

const special = fc.constantFrom(Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, -Number.MAX_VALUE);
const LIMIT = 2 ** 31;
/** Mostly integral columns, with now and then a value that sends them to the sequential loop. */
const integral = fc.integer({ min: -LIMIT, max: LIMIT });
const breaker = fc.constantFrom(-0, 0.5, LIMIT + 1, -LIMIT - 1, Number.NaN, Number.POSITIVE_INFINITY, 1e300);
const column = fc.oneof(
  fc.array(fc.oneof(fc.double(), special, special), { minLength: 1, maxLength: 300 }),
  fc.array(integral, { minLength: 1, maxLength: 300 }),
  fc.array(fc.oneof({ arbitrary: integral, weight: 50 }, { arbitrary: breaker, weight: 1 }), { minLength: 1, maxLength: 300 }),
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 40 }),
);

function same(got: number, want: number | undefined): void {
  expect(Object.is(got, want), `${got} vs ${want}`).toBe(true);
}

describe('kernel column stats', () => {
  it('statsF64 equals doubleStats bit for bit (NaN, -0, infinities, integral and not, every tail length)', async () => {
    const k = await kernel();
    fc.assert(
      fc.property(column, (values) => {
        const v = Float64Array.from(values);
        const want = doubleStats(
          v,
          BigInt64Array.from(values, (_, i) => BigInt(i)),
        );
        const got = encodeFloat64PayloadWithStats(k, v);
        same(got.min, want?.min);
        same(got.max, want?.max);
        same(got.sum, want?.sum);
        expect(got.payload).toEqual(encodeFloat64Payload(k, v));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the integral pass only while every partial sum stays exact (the 2^31 and 2^21 bounds)', async () => {
    const k = await kernel();
    const times = (n: number) => new BigInt64Array(n);
    for (const values of [
      new Float64Array(1 << 21).fill(LIMIT),
      new Float64Array(1 << 21).fill(-LIMIT),
      new Float64Array((1 << 21) + 1).fill(LIMIT),
      Float64Array.from({ length: 10_003 }, (_, i) => (i % 7 === 0 ? LIMIT + 0.5 : i - 5000)),
      Float64Array.from({ length: 8192 }, (_, i) => ((i * 7919) % 201) - 100),
      Float64Array.of(0, 0, 0, -0, 0),
      Float64Array.of(0, 0, 0, 0, -0),
      Float64Array.of(3, 1, 2, 0.1, 0.2, 0.3, 5, 6),
    ]) {
      const want = doubleStats(values, times(values.length));
      const got = encodeFloat64PayloadWithStats(k, values);
      same(got.min, want?.min);
      same(got.max, want?.max);
      same(got.sum, want?.sum);
    }
  });

  it('statsI64 equals bigintStats, with the exact 128-bit sum across overflow of 64 bits', async () => {
    const k = await kernel();
    const i64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, -1n, 0n, 1n));
    fc.assert(
      fc.property(fc.array(i64, { minLength: 1, maxLength: 200 }), (values) => {
        const v = BigInt64Array.from(values);
        const want = bigintStats(v, new BigInt64Array(values.length));
        const got = encodeInt64PayloadWithStats(k, v);
        expect([got.min, got.max, got.sum]).toEqual([want?.min, want?.max, want?.sum]);
        expect(got.payload).toEqual(encodeInt64Payload(k, v, false));
      }),
      { numRuns: 2000 },
    );
    const big = new BigInt64Array(1000).fill(2n ** 63n - 1n);
    expect(encodeInt64PayloadWithStats(k, big).sum).toBe(1000n * (2n ** 63n - 1n));
    const small = new BigInt64Array(1000).fill(-(2n ** 63n));
    expect(encodeInt64PayloadWithStats(k, small).sum).toBe(-1000n * 2n ** 63n);
  });
});
