import { describe, expect, it } from 'vitest';
import { T } from '../../../../src/engine/sql/types/sql-type.ts';
import { BigIntVector, NumberVector } from '../../../../src/engine/sql/vector/index.ts';

// The specialised gathers (BigInt64 values copied as 32-bit halves, a monomorphic Float64 loop)
// must give exactly the values and NULLs the rows hold, in the order asked, repeats included.
describe('take on typed vectors', () => {
  const indices = Int32Array.from([4, 0, 0, 3, 2, 1]);

  it('gathers bigints of every sign and size, with NULLs', () => {
    const values = BigInt64Array.from([-(2n ** 63n), -1n, 0n, 2n ** 63n - 1n, 1_451_606_400_000_000_000n]);
    const valid = Uint8Array.from([1, 1, 0, 1, 1]);
    const taken = new BigIntVector(T.timestamp, values, valid).take(indices);
    expect(Array.from({ length: taken.length }, (_, i) => taken.get(i))).toEqual([
      1_451_606_400_000_000_000n,
      -(2n ** 63n),
      -(2n ** 63n),
      2n ** 63n - 1n,
      null,
      -1n,
    ]);
  });

  it('gathers from a subarray view at an offset', () => {
    const backing = BigInt64Array.from([9n, 8n, 7n, -6n, 5n, 4n, 3n]);
    const taken = new BigIntVector(T.bigint, backing.subarray(2)).take(Int32Array.from([1, 4, 0]));
    expect([taken.get(0), taken.get(1), taken.get(2)]).toEqual([-6n, 3n, 7n]);
  });

  it('gathers doubles, NaN and -0 included, with NULLs', () => {
    const taken = new NumberVector(T.double, Float64Array.from([1.5, Number.NaN, -0, 7, 2]), Uint8Array.from([1, 1, 1, 0, 1])).take(
      indices,
    );
    const out = Array.from({ length: taken.length }, (_, i) => taken.get(i));
    expect(out[0]).toBe(2);
    expect(out[1]).toBe(1.5);
    expect(out[3]).toBeNull();
    expect(Object.is(out[4], -0)).toBe(true);
    expect(out[5]).toBeNaN();
  });
});
