import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { T } from '../types/sql-type.ts';
import { floorDiv, floorMod } from '../values/bigint-math.ts';
import { NANOS_PER_DAY, NANOS_PER_SECOND } from '../values/sql-value.ts';
import { formatDate, formatTimestamp, parseDate, parseTimestamp } from '../values/time-text.ts';
import { checkedInt64 } from './arithmetic-errors.ts';
import { impl, scalarFunction } from './define.ts';

// Conversions between timestamps and numbers or ISO-8601 text: from/to_nanoseconds,
// from/to_unixtime, from_iso8601_timestamp, from_iso8601_date, to_iso8601. All UTC.

export const fromNanosecondsFunction = scalarFunction(
  'from_nanoseconds',
  ['from_nanoseconds(bigint) -> timestamp'],
  [(types) => (types.length === 1 && canCoerce(types[0]!, T.bigint) ? impl([T.bigint], T.timestamp, ([n]) => n!) : null)],
);

export const toNanosecondsFunction = scalarFunction(
  'to_nanoseconds',
  ['to_nanoseconds(timestamp) -> bigint', 'to_nanoseconds(interval day to second) -> bigint'],
  [
    (types) => {
      const [value] = types;
      if (types.length !== 1 || !value) return null;
      if (value.kind === 'interval day to second') return impl([value], T.bigint, ([i]) => i!);
      return canCoerce(value, T.timestamp) ? impl([T.timestamp], T.bigint, ([t]) => t!) : null;
    },
  ],
);

/** Seconds since the epoch as a double to nanoseconds, splitting whole and fractional seconds so large values keep their fraction. */
export function unixSecondsToNanos(seconds: number): bigint {
  if (!Number.isFinite(seconds)) {
    throw new TidemarkError('SQL_SEMANTIC', `from_unixtime cannot convert ${seconds} seconds to a timestamp.`);
  }
  const whole = Math.floor(seconds);
  const fraction = Math.round((seconds - whole) * 1e9);
  return checkedInt64(BigInt(whole) * NANOS_PER_SECOND + BigInt(fraction), 'from_unixtime');
}

export const fromUnixtimeFunction = scalarFunction(
  'from_unixtime',
  ['from_unixtime(double) -> timestamp'],
  [
    (types) =>
      types.length === 1 && canCoerce(types[0]!, T.double) ? impl([T.double], T.timestamp, ([s]) => unixSecondsToNanos(s as number)) : null,
  ],
);

export const toUnixtimeFunction = scalarFunction(
  'to_unixtime',
  ['to_unixtime(timestamp) -> double'],
  [
    (types) =>
      types.length === 1 && canCoerce(types[0]!, T.timestamp)
        ? impl([T.timestamp], T.double, ([t]) => {
            const nanos = t as bigint;
            return Number(floorDiv(nanos, NANOS_PER_SECOND)) + Number(floorMod(nanos, NANOS_PER_SECOND)) / 1e9;
          })
        : null,
  ],
);

export const fromIso8601TimestampFunction = scalarFunction(
  'from_iso8601_timestamp',
  ['from_iso8601_timestamp(varchar) -> timestamp'],
  [
    (types) =>
      types.length === 1 && canCoerce(types[0]!, T.varchar)
        ? impl([T.varchar], T.timestamp, ([s]) => {
            const text = s as string;
            // ISO-8601 separates date and time with T; a date alone means its midnight.
            const nanos = text.includes(' ') ? null : parseTimestamp(text);
            if (nanos === null) {
              throw new TidemarkError(
                'SQL_SEMANTIC',
                `from_iso8601_timestamp cannot read '${text}'; write it as 2020-05-11T11:15:05.055Z (zone optional, UTC if absent).`,
              );
            }
            return nanos;
          })
        : null,
  ],
);

export const fromIso8601DateFunction = scalarFunction(
  'from_iso8601_date',
  ['from_iso8601_date(varchar) -> timestamp'],
  [
    (types) =>
      types.length === 1 && canCoerce(types[0]!, T.varchar)
        ? // Timestream returns the date's midnight UTC as a timestamp (not a date, as Presto does).
          impl([T.varchar], T.timestamp, ([s]) => {
            const days = parseDate(s as string);
            if (days === null) {
              throw new TidemarkError('SQL_SEMANTIC', `from_iso8601_date cannot read '${s as string}'; write it as YYYY-MM-DD.`);
            }
            return BigInt(days) * NANOS_PER_DAY;
          })
        : null,
  ],
);

export const toIso8601Function = scalarFunction(
  'to_iso8601',
  ['to_iso8601(timestamp) -> varchar', 'to_iso8601(date) -> varchar'],
  [
    (types) => {
      const [value] = types;
      if (types.length !== 1 || !value) return null;
      if (value.kind === 'date') return impl([T.date], T.varchar, ([d]) => formatDate(d as number));
      if (!canCoerce(value, T.timestamp)) return null;
      // Nanosecond precision, UTC marked with Z: 2022-06-17T08:04:05.123456789Z.
      return impl([T.timestamp], T.varchar, ([t]) => `${formatTimestamp(t as bigint).replace(' ', 'T')}Z`);
    },
  ],
);
