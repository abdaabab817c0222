import { TidemarkError } from '../../../errors/index.ts';
import { T } from '../types/sql-type.ts';
import { scalarFunction } from './define.ts';
import { fixed } from './fixed-signature.ts';

// Presto's bitwise functions over bigint, in 64-bit two's complement.

const B = T.bigint;

export const bitCountFunction = scalarFunction(
  'bit_count',
  ['bit_count(bigint x, bigint bits) -> bigint'],
  [
    fixed([B, B], B, ([x, b]) => {
      const bits = b as bigint;
      const value = x as bigint;
      if (bits < 2n || bits > 64n) throw new TidemarkError('SQL_SEMANTIC', `bit_count: bits must be between 2 and 64, got ${bits}.`);
      const limit = 1n << (bits - 1n);
      if (value < -limit || value >= limit)
        throw new TidemarkError('SQL_SEMANTIC', `bit_count: ${value} cannot be represented with ${bits} bits.`);
      let pattern = BigInt.asUintN(Number(bits), value);
      let count = 0n;
      while (pattern > 0n) {
        count += pattern & 1n;
        pattern >>= 1n;
      }
      return count;
    }),
  ],
);

function binary(name: string, op: (a: bigint, b: bigint) => bigint) {
  return scalarFunction(
    name,
    [`${name}(bigint, bigint) -> bigint`],
    [fixed([B, B], B, ([a, b]) => BigInt.asIntN(64, op(a as bigint, b as bigint)))],
  );
}
export const bitwiseAndFunction = binary('bitwise_and', (a, b) => a & b);
export const bitwiseOrFunction = binary('bitwise_or', (a, b) => a | b);
export const bitwiseXorFunction = binary('bitwise_xor', (a, b) => a ^ b);
export const bitwiseNotFunction = scalarFunction(
  'bitwise_not',
  ['bitwise_not(bigint) -> bigint'],
  [fixed([B], B, ([x]) => BigInt.asIntN(64, ~(x as bigint)))],
);
