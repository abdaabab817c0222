import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSorted, stableTimeOrder } from '../../src/kernel/chunk/sort.ts';

/** The plain rule: no time below the one before it. */
function sortedByBigInt(times: readonly bigint[]): boolean {
  for (let i = 1; i < times.length; i++) if ((times[i] as bigint) < (times[i - 1] as bigint)) return false;
  return true;
}

// Times that share their high 32 bits and differ in the low word's top bit, negative ones, and the extremes:
// where a comparison of the halves (or of doubles) would go wrong.
const base = fc.constantFrom(0n, 1_767_000_000_000_000_000n, -(2n ** 40n), 2n ** 63n - 2n ** 33n, -(2n ** 63n));
const time = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.tuple(base, fc.bigInt({ min: 0n, max: 2n ** 33n })).map(([b, d]) => BigInt.asIntN(64, b + d)),
);

describe('chunk time order', () => {
  it('isSorted agrees with a BigInt comparison, and stableTimeOrder sorts stably', () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 60 }), fc.boolean(), (values, sort) => {
        const list = sort ? [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : values;
        const times = BigInt64Array.from(list);
        expect(isSorted(times)).toBe(sortedByBigInt(list));
        const order = stableTimeOrder(times);
        const rows = order ? Array.from(order) : list.map((_, i) => i);
        for (let i = 1; i < rows.length; i++) {
          const a = list[rows[i - 1] as number] as bigint;
          const b = list[rows[i] as number] as bigint;
          expect(a < b || (a === b && (rows[i - 1] as number) < (rows[i] as number))).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('sees a decrease in the low word alone, across its sign bit', () => {
    const hi = 409n << 32n;
    expect(isSorted(BigInt64Array.of(hi + 0x7fffffffn, hi + 0x80000000n))).toBe(true);
    expect(isSorted(BigInt64Array.of(hi + 0x80000000n, hi + 0x7fffffffn))).toBe(false);
    expect(isSorted(BigInt64Array.of(-1n, 0n, -(2n ** 63n)))).toBe(false);
    expect(isSorted(BigInt64Array.of(-(2n ** 63n), -1n, 0n, 2n ** 63n - 1n))).toBe(true);
    expect(isSorted(new BigInt64Array(0))).toBe(true);
  });
});
