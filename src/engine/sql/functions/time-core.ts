import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { T } from '../types/sql-type.ts';
import { floorDiv, floorMod } from '../values/bigint-math.ts';
import { civilFromDays, dayOfWeek, daysFromCivil } from '../values/civil-time.ts';
import { NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MILLI, NANOS_PER_MINUTE, NANOS_PER_SECOND } from '../values/sql-value.ts';
import { BigIntVector, ConstantVector } from '../vector/index.ts';
import { checkedInt64 } from './arithmetic-errors.ts';
import { impl, scalarFunction } from './define.ts';

// Timestream's core time functions: bin, ago, now, current_timestamp, date_trunc and the
// millisecond conversions. Time is UTC nanoseconds throughout.

/** Rounds `time` down to a multiple of `width` counted from the epoch (Timestream's bin). */
export function binTimestamp(time: bigint, width: bigint): bigint {
  if (width <= 0n) throw new TidemarkError('SQL_SEMANTIC', 'bin() needs a positive interval, such as 1m or 15s.');
  return floorDiv(time, width) * width;
}

export const binFunction = scalarFunction(
  'bin',
  ['bin(timestamp, interval day to second) -> timestamp'],
  [
    (types) => {
      const [time, width] = types;
      if (types.length !== 2 || !time || !width) return null;
      if (!canCoerce(time, T.timestamp) || !canCoerce(width, T.intervalDayToSecond)) return null;
      return impl([T.timestamp, T.intervalDayToSecond], T.timestamp, ([t, w]) => binTimestamp(t as bigint, w as bigint), {
        evaluateVector: (args, length) => {
          const [times, widths] = args;
          if (!(times instanceof BigIntVector) || !(widths instanceof ConstantVector)) return null;
          const w = widths.value;
          if (typeof w !== 'bigint') return null;
          if (w <= 0n) throw new TidemarkError('SQL_SEMANTIC', 'bin() needs a positive interval, such as 1m or 15s.');
          const out = new BigInt64Array(length);
          const data = times.data;
          // One division per run of points inside the same bin: sorted times repeat a bin many times.
          let binStart = 1n;
          let binEnd = 0n;
          for (let i = 0; i < length; i++) {
            const t = data[i]!;
            if (t < binStart || t >= binEnd) {
              binStart = floorDiv(t, w) * w;
              binEnd = binStart + w;
            }
            out[i] = binStart;
          }
          return new BigIntVector(T.timestamp, out, times.valid);
        },
      });
    },
  ],
);

export const agoFunction = scalarFunction(
  'ago',
  ['ago(interval day to second) -> timestamp'],
  [
    (types) => {
      if (types.length !== 1 || !canCoerce(types[0]!, T.intervalDayToSecond)) return null;
      return impl([T.intervalDayToSecond], T.timestamp, ([interval], context) => checkedInt64(context.now - (interval as bigint), 'ago'));
    },
  ],
);

function nowFunction(name: string) {
  return scalarFunction(
    name,
    [`${name}() -> timestamp`],
    [(types) => (types.length === 0 ? impl([], T.timestamp, (_, context) => context.now) : null)],
  );
}

export const nowScalar = nowFunction('now');
export const currentTimestampScalar = nowFunction('current_timestamp');

const TRUNC_UNITS = [
  'nanosecond',
  'microsecond',
  'millisecond',
  'second',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'quarter',
  'year',
] as const;
type TruncUnit = (typeof TRUNC_UNITS)[number];

function truncUnit(text: string): TruncUnit {
  const unit = text.trim().toLowerCase().replace(/s$/, '') as TruncUnit;
  if (!TRUNC_UNITS.includes(unit)) {
    throw new TidemarkError('SQL_SEMANTIC', `date_trunc does not know the unit '${text}'; use one of ${TRUNC_UNITS.join(', ')}.`);
  }
  return unit;
}

/** Truncates a timestamp to the start of its unit, in UTC; weeks start on Monday (ISO). */
export function truncateTimestamp(unit: TruncUnit, nanos: bigint): bigint {
  const fixed: Partial<Record<TruncUnit, bigint>> = {
    nanosecond: 1n,
    microsecond: 1000n,
    millisecond: NANOS_PER_MILLI,
    second: NANOS_PER_SECOND,
    minute: NANOS_PER_MINUTE,
    hour: NANOS_PER_HOUR,
    day: NANOS_PER_DAY,
  };
  const width = fixed[unit];
  if (width !== undefined) return nanos - floorMod(nanos, width);
  const days = Number(floorDiv(nanos, NANOS_PER_DAY));
  return BigInt(truncateDays(unit, days)) * NANOS_PER_DAY;
}

function truncateDays(unit: TruncUnit, days: number): number {
  if (unit === 'week') return days - (dayOfWeek(days) - 1);
  const { year, month } = civilFromDays(days);
  if (unit === 'month') return daysFromCivil(year, month, 1);
  if (unit === 'quarter') return daysFromCivil(year, month - ((month - 1) % 3), 1);
  if (unit === 'year') return daysFromCivil(year, 1, 1);
  return days;
}

export const dateTruncFunction = scalarFunction(
  'date_trunc',
  ['date_trunc(varchar unit, timestamp) -> timestamp', 'date_trunc(varchar unit, date) -> date'],
  [
    (types) => {
      const [unit, value] = types;
      if (types.length !== 2 || !unit || !value || !canCoerce(unit, T.varchar)) return null;
      if (value.kind === 'date') {
        return impl([T.varchar, T.date], T.date, ([u, d]) => {
          const parsed = truncUnit(u as string);
          if (!['day', 'week', 'month', 'quarter', 'year'].includes(parsed)) {
            throw new TidemarkError(
              'SQL_SEMANTIC',
              `date_trunc cannot truncate a date to '${u as string}'; use day, week, month, quarter or year.`,
            );
          }
          return truncateDays(parsed, d as number);
        });
      }
      if (!canCoerce(value, T.timestamp)) return null;
      return impl([T.varchar, T.timestamp], T.timestamp, ([u, t]) => truncateTimestamp(truncUnit(u as string), t as bigint));
    },
  ],
);

export const fromMillisecondsFunction = scalarFunction(
  'from_milliseconds',
  ['from_milliseconds(bigint) -> timestamp'],
  [
    (types) => {
      if (types.length !== 1 || !canCoerce(types[0]!, T.bigint)) return null;
      return impl([T.bigint], T.timestamp, ([ms]) => checkedInt64((ms as bigint) * NANOS_PER_MILLI, 'from_milliseconds'));
    },
  ],
);

export const toMillisecondsFunction = scalarFunction(
  'to_milliseconds',
  ['to_milliseconds(timestamp) -> bigint', 'to_milliseconds(interval day to second) -> bigint'],
  [
    (types) => {
      const [value] = types;
      if (types.length !== 1 || !value) return null;
      if (value.kind === 'interval day to second') return impl([value], T.bigint, ([i]) => (i as bigint) / NANOS_PER_MILLI);
      if (!canCoerce(value, T.timestamp)) return null;
      return impl([T.timestamp], T.bigint, ([t]) => floorDiv(t as bigint, NANOS_PER_MILLI));
    },
  ],
);
