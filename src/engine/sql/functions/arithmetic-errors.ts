import { TidemarkError } from '../../../errors/index.ts';
import { fitsInt64 } from '../values/bigint-math.ts';

export function divisionByZero(): TidemarkError {
  return new TidemarkError('SQL_SEMANTIC', 'Division by zero.');
}

/** Checks a bigint result against BIGINT's range, as Presto does, instead of wrapping silently. */
export function checkedInt64(value: bigint, operation: string): bigint {
  if (!fitsInt64(value))
    throw new TidemarkError('SQL_SEMANTIC', `bigint ${operation} overflow: the result ${value} does not fit in 64 bits.`);
  return value;
}

export function checkedInt32(value: number, operation: string): number {
  if (value < -2147483648 || value > 2147483647) {
    throw new TidemarkError('SQL_SEMANTIC', `integer ${operation} overflow: the result ${value} does not fit in 32 bits.`);
  }
  return value;
}
