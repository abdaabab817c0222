/**
 * How SQL values live in JavaScript, one representation per type so every operator and function
 * agrees without asking:
 *
 * | SQL type | JavaScript |
 * |---|---|
 * | NULL (any type) | `null` |
 * | boolean | `boolean` |
 * | integer (32-bit) | `number` |
 * | bigint (64-bit) | `bigint` |
 * | double | `number` |
 * | varchar | `string` |
 * | timestamp | `bigint`: nanoseconds since 1970-01-01 00:00:00 UTC |
 * | date | `number`: days since 1970-01-01 |
 * | time | `bigint`: nanoseconds since midnight |
 * | interval day to second | `bigint`: nanoseconds |
 * | interval year to month | `number`: months |
 * | array, row | `readonly SqlValue[]` (a row by field position) |
 * | map | `ReadonlyMap<SqlValue, SqlValue>` |
 * | timeseries | {@link TimeSeries} |
 *
 * Timestamps stay in bigint nanoseconds end to end: a float64 holds only 2^53, which at
 * nanosecond precision is about 104 days.
 */
export type SqlValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly SqlValue[]
  | ReadonlyMap<SqlValue, SqlValue>
  | TimeSeries
  | SqlFunctionValue;

/** Timestream's timeseries: points sorted by time, with their values (never null). */
export class TimeSeries {
  constructor(
    readonly times: readonly bigint[],
    readonly values: readonly SqlValue[],
  ) {}

  get length(): number {
    return this.times.length;
  }
}

/** A lambda, as an argument to filter, reduce, transform... */
export interface SqlFunctionValue {
  readonly kind: 'lambda';
  readonly arity: number;
  invoke(args: readonly SqlValue[]): SqlValue;
}

export function isLambda(value: SqlValue): value is SqlFunctionValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof TimeSeries);
}

export const NANOS_PER_MICRO = 1_000n;
export const NANOS_PER_MILLI = 1_000_000n;
export const NANOS_PER_SECOND = 1_000_000_000n;
export const NANOS_PER_MINUTE = 60n * NANOS_PER_SECOND;
export const NANOS_PER_HOUR = 60n * NANOS_PER_MINUTE;
export const NANOS_PER_DAY = 24n * NANOS_PER_HOUR;
