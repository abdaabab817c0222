import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doubleStats } from '../../src/kernel/chunk/stats.ts';

/** The header's rule stated plainly: min/max over the non-NaN values (the first seen of equal ones), NaN if none. */
function reference(values: readonly number[]) {
  let min = Number.NaN;
  let max = Number.NaN;
  let sum = 0;
  for (const v of values) {
    sum += v;
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(min) || v < min) min = v;
    if (Number.isNaN(max) || v > max) max = v;
  }
  return { min, max, sum };
}

const special = fc.constantFrom(Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, -Number.MAX_VALUE);

describe('doubleStats', () => {
  it('matches the plain rule on random columns with NaN, -0, infinities and extremes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), special, special), { minLength: 1, maxLength: 300 }), (values) => {
        const column = Float64Array.from(values);
        const times = BigInt64Array.from(values.map((_, i) => BigInt(i)));
        const got = doubleStats(column, times);
        const want = reference(values);
        expect(Object.is(got?.min, want.min)).toBe(true);
        expect(Object.is(got?.max, want.max)).toBe(true);
        expect(Object.is(got?.sum, want.sum)).toBe(true);
        expect(Object.is(got?.first, values[0])).toBe(true);
        expect(Object.is(got?.last, values[values.length - 1])).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps NaN for min and max when every value is NaN, and the first of -0 and 0', () => {
    const times = BigInt64Array.of(1n, 2n, 3n);
    const allNaN = doubleStats(Float64Array.of(Number.NaN, Number.NaN, Number.NaN), times);
    expect(allNaN?.min).toBeNaN();
    expect(allNaN?.max).toBeNaN();
    const zeros = doubleStats(Float64Array.of(Number.NaN, -0, 0), times);
    expect(Object.is(zeros?.min, -0)).toBe(true);
    expect(Object.is(zeros?.max, -0)).toBe(true);
    expect(doubleStats(new Float64Array(0), new BigInt64Array(0))).toBeUndefined();
  });
});
