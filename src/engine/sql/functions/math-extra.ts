import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { arrayOf, type SqlType, T } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { checkedInt64, divisionByZero } from './arithmetic-errors.ts';
import { impl, scalarFunction } from './define.ts';
import { fixed } from './fixed-signature.ts';
import type { ScalarImpl } from './function-types.ts';
import { numericKind } from './math.ts';

// Presto's mathematical functions beyond abs and round (math.ts). Functions Presto defines only on
// double take any number (integers coerce); those Presto defines per type (ceiling, floor, mod,
// sign) keep the argument's type.

const D = T.double;
const B = T.bigint;

function semantic(message: string): TidemarkError {
  return new TidemarkError('SQL_SEMANTIC', message);
}

/** A function of one double. */
function unaryDouble(name: string, f: (x: number) => number) {
  return scalarFunction(name, [`${name}(double) -> double`], [fixed([D], D, ([x]) => f(x as number))]);
}

/** A function of no arguments returning a constant double. */
function constantDouble(name: string, value: number) {
  return scalarFunction(name, [`${name}() -> double`], [fixed([], D, () => value)]);
}

type SameTypeOps = { double: (x: number) => number; integer: (x: number) => number; bigint: (x: bigint) => bigint };

/** The overload of one numeric argument that keeps its type. */
function sameTypeOverload(ops: SameTypeOps) {
  return (types: readonly SqlType[]): ScalarImpl | null => {
    const kind = types.length === 1 ? numericKind(types[0]!) : null;
    if (kind === 'double') return impl([D], D, ([x]) => ops.double(x as number));
    if (kind === 'integer') return impl([T.integer], T.integer, ([x]) => ops.integer(x as number));
    if (kind === 'bigint') return impl([B], B, ([x]) => ops.bigint(x as bigint));
    return null;
  };
}

/** One overload per numeric kind that keeps the argument's type. */
function sameType(name: string, ops: SameTypeOps) {
  return scalarFunction(
    name,
    [`${name}(integer) -> integer`, `${name}(bigint) -> bigint`, `${name}(double) -> double`],
    [sameTypeOverload(ops)],
  );
}

const identityOps = { integer: (x: number) => x, bigint: (x: bigint) => x };
export const ceilingFunction = sameType('ceiling', { double: Math.ceil, ...identityOps });
export const ceilFunction = sameType('ceil', { double: Math.ceil, ...identityOps });
export const floorFunction = sameType('floor', { double: Math.floor, ...identityOps });
/** truncate(x) keeps x's type; truncate(x, n) is Presto's double x cut (toward zero) to n decimal places, n < 0 cutting digits left of the point. */
export const truncateFunction = scalarFunction(
  'truncate',
  ['truncate(integer) -> integer', 'truncate(bigint) -> bigint', 'truncate(double) -> double', 'truncate(double, integer) -> double'],
  [
    sameTypeOverload({ double: Math.trunc, ...identityOps }),
    fixed([D, T.integer], D, ([x, n]) => truncateToPlaces(x as number, n as number)),
  ],
);

function truncateToPlaces(x: number, places: number): number {
  if (!Number.isFinite(x) || places >= 308) return x;
  // Scaling by a power of ten and truncating the integer part is what Presto does; the decimal
  // text round trip avoids 0.29 * 100 = 28.999999999999996 losing a digit.
  const factor = 10 ** places;
  const scaled = Number((x * factor).toPrecision(15));
  return Math.trunc(scaled) / factor;
}
export const signFunction = sameType('sign', {
  // Math.sign keeps NaN as NaN and -0 as -0, as Java's Math.signum does.
  double: Math.sign,
  integer: Math.sign,
  bigint: (x) => (x > 0n ? 1n : x < 0n ? -1n : 0n),
});

export const cbrtFunction = unaryDouble('cbrt', Math.cbrt);
export const degreesFunction = unaryDouble('degrees', (x) => (x * 180) / Math.PI);
export const radiansFunction = unaryDouble('radians', (x) => (x / 180) * Math.PI);
export const expFunction = unaryDouble('exp', Math.exp);
export const lnFunction = unaryDouble('ln', Math.log);
export const log2Function = unaryDouble('log2', Math.log2);
export const log10Function = unaryDouble('log10', Math.log10);
export const sqrtFunction = unaryDouble('sqrt', Math.sqrt);
export const acosFunction = unaryDouble('acos', Math.acos);
export const asinFunction = unaryDouble('asin', Math.asin);
export const atanFunction = unaryDouble('atan', Math.atan);
export const cosFunction = unaryDouble('cos', Math.cos);
export const coshFunction = unaryDouble('cosh', Math.cosh);
export const sinFunction = unaryDouble('sin', Math.sin);
export const tanFunction = unaryDouble('tan', Math.tan);
export const tanhFunction = unaryDouble('tanh', Math.tanh);
export const eFunction = constantDouble('e', Math.E);
export const piFunction = constantDouble('pi', Math.PI);
export const infinityFunction = constantDouble('infinity', Number.POSITIVE_INFINITY);
export const nanFunction = constantDouble('nan', Number.NaN);

export const atan2Function = scalarFunction(
  'atan2',
  ['atan2(double y, double x) -> double'],
  [fixed([D, D], D, ([y, x]) => Math.atan2(y as number, x as number))],
);
export const logFunction = scalarFunction(
  'log',
  ['log(double base, double x) -> double'],
  [fixed([D, D], D, ([base, x]) => Math.log(x as number) / Math.log(base as number))],
);

function power(name: string) {
  return scalarFunction(name, [`${name}(double, double) -> double`], [fixed([D, D], D, ([x, p]) => (x as number) ** (p as number))]);
}
export const powFunction = power('pow');
export const powerFunction = power('power');

function isCheck(name: string, test: (x: number) => boolean) {
  return scalarFunction(name, [`${name}(double) -> boolean`], [fixed([D], T.boolean, ([x]) => test(x as number))]);
}
export const isFiniteFunction = isCheck('is_finite', Number.isFinite);
export const isInfiniteFunction = isCheck('is_infinite', (x) => x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY);
export const isNanFunction = isCheck('is_nan', Number.isNaN);

/** mod(n, m) with the sign of n, as Java's %: integers fail on a zero divisor, doubles give NaN. */
export const modFunction = scalarFunction(
  'mod',
  ['mod(integer, integer) -> integer', 'mod(bigint, bigint) -> bigint', 'mod(double, double) -> double'],
  [
    (types): ScalarImpl | null => {
      if (types.length !== 2) return null;
      const kinds = types.map(numericKind);
      if (kinds.includes(null)) return null;
      if (kinds.includes('double')) return impl([D, D], D, ([n, m]) => (n as number) % (m as number));
      if (kinds.includes('bigint'))
        return impl([B, B], B, ([n, m]) => {
          if ((m as bigint) === 0n) throw divisionByZero();
          return (n as bigint) % (m as bigint);
        });
      return impl([T.integer, T.integer], T.integer, ([n, m]) => {
        if ((m as number) === 0) throw divisionByZero();
        return (n as number) % (m as number);
      });
    },
  ],
);

/** rand()/random(): a double in [0, 1); with n, an integer in [0, n) of n's type. */
function randomFunction(name: string) {
  return scalarFunction(
    name,
    [`${name}() -> double`, `${name}(integer n) -> integer`, `${name}(bigint n) -> bigint`],
    [
      fixed([], D, () => Math.random(), { volatile: true }),
      (types): ScalarImpl | null => {
        const kind = types.length === 1 ? numericKind(types[0]!) : null;
        const bound = (n: number) => {
          if (n <= 0) throw semantic(`${name}: the bound must be positive, got ${n}.`);
          return Math.floor(Math.random() * n);
        };
        if (kind === 'integer') return impl([T.integer], T.integer, ([n]) => bound(n as number), { volatile: true });
        if (kind === 'bigint') return impl([B], B, ([n]) => BigInt(bound(Number(n as bigint))), { volatile: true });
        return null;
      },
    ],
  );
}
export const randFunction = randomFunction('rand');
export const randomScalar = randomFunction('random');

function checkRadix(radix: bigint): number {
  if (radix < 2n || radix > 36n) throw semantic(`The radix must be between 2 and 36, got ${radix}.`);
  return Number(radix);
}

export const toBaseFunction = scalarFunction(
  'to_base',
  ['to_base(bigint x, bigint radix) -> varchar'],
  [fixed([B, B], T.varchar, ([x, radix]) => (x as bigint).toString(checkRadix(radix as bigint)))],
);

export const fromBaseFunction = scalarFunction(
  'from_base',
  ['from_base(varchar string, bigint radix) -> bigint'],
  [
    fixed([T.varchar, B], B, ([s, radixValue]) => {
      const radix = checkRadix(radixValue as bigint);
      const text = s as string;
      const negative = text.startsWith('-');
      const digits = negative || text.startsWith('+') ? text.slice(1) : text;
      if (digits === '') throw semantic(`Not a valid base-${radix} number: '${text}'.`);
      let value = 0n;
      for (const c of digits.toLowerCase()) {
        const digit = Number.parseInt(c, 36);
        if (Number.isNaN(digit) || digit >= radix) throw semantic(`Not a valid base-${radix} number: '${text}'.`);
        value = value * BigInt(radix) + BigInt(digit);
      }
      return checkedInt64(negative ? -value : value, 'from_base');
    }),
  ],
);

/** width_bucket(x, bound1, bound2, n): Presto's equal-width buckets, 0 below and n + 1 above; reversed bounds count down. */
function widthBucket(operand: number, bound1: number, bound2: number, bucketCount: bigint): bigint {
  if (bucketCount <= 0n) throw semantic('width_bucket: the bucket count must be greater than 0.');
  if (Number.isNaN(operand)) throw semantic('width_bucket: the operand must not be NaN.');
  if (!Number.isFinite(bound1) || !Number.isFinite(bound2)) throw semantic('width_bucket: the bounds must be finite.');
  if (bound1 === bound2) throw semantic('width_bucket: the bounds cannot equal each other.');
  const lower = Math.min(bound1, bound2);
  const upper = Math.max(bound1, bound2);
  let result: bigint;
  if (operand < lower) result = 0n;
  else if (operand >= upper) result = checkedInt64(bucketCount + 1n, 'width_bucket');
  else result = BigInt(Math.trunc((Number(bucketCount) * (operand - lower)) / (upper - lower) + 1));
  return bound1 > bound2 ? bucketCount - result + 1n : result;
}

/** width_bucket(x, bins): how many of the sorted bins are at or below x. */
function widthBucketBins(operand: number, bins: readonly SqlValue[]): bigint {
  let count = 0n;
  let previous = Number.NEGATIVE_INFINITY;
  for (const bin of bins) {
    if (bin === null) throw semantic('width_bucket: the bins must not contain NULL.');
    const edge = bin as number;
    if (edge < previous) throw semantic('width_bucket: the bins must be sorted in ascending order.');
    previous = edge;
    if (edge <= operand) count++;
  }
  return count;
}

export const widthBucketFunction = scalarFunction(
  'width_bucket',
  ['width_bucket(double x, double bound1, double bound2, bigint n) -> bigint', 'width_bucket(double x, array(double) bins) -> bigint'],
  [
    fixed([D, D, D, B], B, ([x, b1, b2, n]) => widthBucket(x as number, b1 as number, b2 as number, n as bigint)),
    (types: readonly SqlType[]): ScalarImpl | null =>
      types.length === 2 && canCoerce(types[0]!, D) && canCoerce(types[1]!, arrayOf(D))
        ? impl([D, arrayOf(D)], B, ([x, bins]) => widthBucketBins(x as number, bins as SqlValue[]))
        : null,
  ],
);
