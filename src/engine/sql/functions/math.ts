import { canCoerce } from '../types/coercion.ts';
import { type SqlType, T } from '../types/sql-type.ts';
import { checkedInt32, checkedInt64 } from './arithmetic-errors.ts';
import { impl, scalarFunction } from './define.ts';
import type { ScalarImpl } from './function-types.ts';

// Mathematical functions. This file holds the ones the query engine needs first (abs, round);
// the rest of Presto's family is in math-extra.ts.

export function numericKind(type: SqlType): 'integer' | 'bigint' | 'double' | null {
  if (type.kind === 'unknown') return 'bigint';
  return type.kind === 'integer' || type.kind === 'bigint' || type.kind === 'double' ? type.kind : null;
}

export const absFunction = scalarFunction(
  'abs',
  ['abs(integer) -> integer', 'abs(bigint) -> bigint', 'abs(double) -> double'],
  [
    (types) => {
      const kind = types.length === 1 ? numericKind(types[0]!) : null;
      if (kind === 'double') return impl([T.double], T.double, ([x]) => Math.abs(x as number));
      if (kind === 'integer') return impl([T.integer], T.integer, ([x]) => checkedInt32(Math.abs(x as number), 'abs'));
      if (kind === 'bigint')
        return impl([T.bigint], T.bigint, ([x]) => checkedInt64((x as bigint) < 0n ? -(x as bigint) : (x as bigint), 'abs'));
      return null;
    },
  ],
);

/**
 * Rounds half away from zero to `digits` decimals the way Presto does for doubles: scale, round,
 * unscale. Like Presto, it rounds the binary value, so round(2.675, 2) is 2.67 (2.675 is stored as 2.67499...).
 */
export function roundDouble(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const factor = 10 ** digits;
  if (!Number.isFinite(factor) || factor === 0) return x;
  const result = x < 0 ? -(Math.round(-x * factor) / factor) : Math.round(x * factor) / factor;
  return Number.isFinite(result) ? result : x;
}

function roundBigint(x: bigint, digits: number): bigint {
  if (digits >= 0) return x;
  const factor = 10n ** BigInt(-digits);
  const half = factor / 2n;
  const magnitude = x < 0n ? -x : x;
  const rounded = ((magnitude + half) / factor) * factor;
  return checkedInt64(x < 0n ? -rounded : rounded, 'round');
}

function roundOverload(types: readonly SqlType[]): ScalarImpl | null {
  const [value, digits] = types;
  if (!value || types.length > 2) return null;
  const kind = numericKind(value);
  if (!kind) return null;
  if (digits && !canCoerce(digits, T.integer)) return null;
  const argTypes = digits ? [T[kind], T.integer] : [T[kind]];
  if (kind === 'double') return impl(argTypes, T.double, ([x, d]) => roundDouble(x as number, (d as number | undefined) ?? 0));
  if (kind === 'integer')
    return impl(argTypes, T.integer, ([x, d]) => Number(roundBigint(BigInt(x as number), (d as number | undefined) ?? 0)));
  return impl(argTypes, T.bigint, ([x, d]) => roundBigint(x as bigint, (d as number | undefined) ?? 0));
}

export const roundFunction = scalarFunction('round', ['round(x) -> same type', 'round(x, integer digits) -> same type'], [roundOverload]);
