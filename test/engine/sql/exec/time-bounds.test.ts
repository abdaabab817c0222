import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeBounds } from '../../../../src/engine/sql/exec/operators/time-bounds.ts';
import { T } from '../../../../src/engine/sql/types/sql-type.ts';
import { BigIntVector, ValueVector } from '../../../../src/engine/sql/vector/index.ts';

// The runtime filter's time range is the build keys' least and greatest time, read as 32-bit halves when the
// column has no NULLs: it must be exactly what comparing the BigInts finds, over the whole 64-bit range (negative
// times, equal high halves with low halves either side of 2^31) and with NULLs (the row-by-row path).
const time = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.bigInt({ min: -3n, max: 3n }).map((d) => 1_700_000_000_000_000_000n + d * 2n ** 31n),
  fc.bigInt({ min: -(2n ** 33n), max: 2n ** 33n }),
);

function expected(values: readonly (bigint | null)[]): [bigint | null, bigint | null] {
  const present = values.filter((v): v is bigint => v !== null);
  if (present.length === 0) return [null, null];
  // BigInts: Math.min and Math.max do not take them.
  const sorted = [...present].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [sorted[0] ?? null, sorted[sorted.length - 1] ?? null];
}

describe('timeBounds', () => {
  it('finds the least and greatest time as BigInt comparisons do', () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 60 }), fc.nat(3), (times, nulls) => {
        const data = BigInt64Array.from(times);
        expect(timeBounds(new BigIntVector(T.timestamp, data))).toEqual(expected(times));
        // With NULLs: every `nulls + 2`-th row absent.
        const valid = Uint8Array.from(times, (_, i) => (i % (nulls + 2) === 0 ? 0 : 1));
        const withNulls = times.map((t, i) => (valid[i] === 1 ? t : null));
        expect(timeBounds(new BigIntVector(T.timestamp, data, valid))).toEqual(expected(withNulls));
        expect(timeBounds(new ValueVector(T.timestamp, withNulls))).toEqual(expected(withNulls));
      }),
      { numRuns: 500 },
    );
  });
});
