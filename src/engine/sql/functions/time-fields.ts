import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { type SqlType, T } from '../types/sql-type.ts';
import { floorDiv, floorMod } from '../values/bigint-math.ts';
import { civilFromDays, dayOfWeek, daysFromCivil, daysInMonth, isoWeek } from '../values/civil-time.ts';
import { NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MILLI, NANOS_PER_MINUTE, NANOS_PER_SECOND, type SqlValue } from '../values/sql-value.ts';
import { impl, scalarFunction } from './define.ts';
import type { ScalarImpl } from './function-types.ts';

// Presto's field extractors (year ... millisecond, which EXTRACT binds to) and the calendar
// functions built on the same day arithmetic: date_add, date_diff, last_day_of_month,
// current_date/current_time/current_timezone and date(). Everything is UTC, as in Timestream.

type DayField = (days: number) => number;
type NanosOfDayField = (nanosOfDay: bigint) => bigint;

const DAY_FIELDS: Record<string, DayField> = {
  year: (d) => civilFromDays(d).year,
  quarter: (d) => Math.floor((civilFromDays(d).month - 1) / 3) + 1,
  month: (d) => civilFromDays(d).month,
  week: (d) => isoWeek(d).week,
  day: (d) => civilFromDays(d).day,
  day_of_month: (d) => civilFromDays(d).day,
  day_of_week: dayOfWeek,
  dow: dayOfWeek,
  day_of_year: (d) => d - daysFromCivil(civilFromDays(d).year, 1, 1) + 1,
  doy: (d) => d - daysFromCivil(civilFromDays(d).year, 1, 1) + 1,
  year_of_week: (d) => isoWeek(d).year,
  yow: (d) => isoWeek(d).year,
};

const TIME_FIELDS: Record<string, NanosOfDayField> = {
  hour: (n) => n / NANOS_PER_HOUR,
  minute: (n) => (n % NANOS_PER_HOUR) / NANOS_PER_MINUTE,
  second: (n) => (n % NANOS_PER_MINUTE) / NANOS_PER_SECOND,
  millisecond: (n) => (n % NANOS_PER_SECOND) / NANOS_PER_MILLI,
};

/** Presto's interval fields: day..millisecond of a day-to-second interval, year and month of a year-to-month one. */
function intervalField(name: string, type: SqlType): ((value: SqlValue) => SqlValue) | null {
  if (type.kind === 'interval day to second') {
    const units: Record<string, (n: bigint) => bigint> = {
      day: (n) => n / NANOS_PER_DAY,
      hour: (n) => (n % NANOS_PER_DAY) / NANOS_PER_HOUR,
      minute: (n) => (n % NANOS_PER_HOUR) / NANOS_PER_MINUTE,
      second: (n) => (n % NANOS_PER_MINUTE) / NANOS_PER_SECOND,
      millisecond: (n) => (n % NANOS_PER_SECOND) / NANOS_PER_MILLI,
    };
    const unit = units[name];
    return unit ? (v) => unit(v as bigint) : null;
  }
  if (type.kind === 'interval year to month') {
    if (name === 'year') return (v) => BigInt(Math.trunc((v as number) / 12));
    if (name === 'month') return (v) => BigInt((v as number) % 12);
  }
  return null;
}

function fieldFunction(name: string) {
  const dayField = DAY_FIELDS[name];
  const timeField = TIME_FIELDS[name];
  const accepts = [dayField ? 'timestamp | date' : 'timestamp | time', 'interval'].join(' | ');
  return scalarFunction(
    name,
    [`${name}(${accepts}) -> bigint`],
    [
      (types) => {
        const [value] = types;
        if (types.length !== 1 || !value) return null;
        const ofInterval = intervalField(name, value);
        if (ofInterval) return impl([value], T.bigint, ([v]) => ofInterval(v!));
        if (value.kind === 'date' && dayField) return impl([T.date], T.bigint, ([d]) => BigInt(dayField(d as number)));
        if (value.kind === 'time' && timeField) return impl([T.time], T.bigint, ([t]) => timeField(t as bigint));
        if (!canCoerce(value, T.timestamp)) return null;
        if (dayField) return impl([T.timestamp], T.bigint, ([t]) => BigInt(dayField(Number(floorDiv(t as bigint, NANOS_PER_DAY)))));
        if (timeField) return impl([T.timestamp], T.bigint, ([t]) => timeField(floorMod(t as bigint, NANOS_PER_DAY)));
        return null;
      },
    ],
  );
}

export const fieldFunctions = [...Object.keys(DAY_FIELDS), ...Object.keys(TIME_FIELDS)].map(fieldFunction);

// ---- date_add and date_diff ------------------------------------------------------------------

const UNIT_NANOS: Record<string, bigint> = {
  nanosecond: 1n,
  microsecond: 1000n,
  millisecond: NANOS_PER_MILLI,
  second: NANOS_PER_SECOND,
  minute: NANOS_PER_MINUTE,
  hour: NANOS_PER_HOUR,
  day: NANOS_PER_DAY,
  week: 7n * NANOS_PER_DAY,
};
const UNIT_MONTHS: Record<string, number> = { month: 1, quarter: 3, year: 12 };
const DATE_UNITS = ['day', 'week', 'month', 'quarter', 'year'];
const ALL_UNITS = [...Object.keys(UNIT_NANOS), ...Object.keys(UNIT_MONTHS)];

function unitOf(fn: string, text: string, forDate: boolean): string {
  const unit = text.trim().toLowerCase();
  const allowed = forDate ? DATE_UNITS : ALL_UNITS;
  if (!allowed.includes(unit)) {
    throw new TidemarkError(
      'SQL_SEMANTIC',
      `${fn} does not know the unit '${text}'${forDate ? ' for a date' : ''}; use one of ${allowed.join(', ')}.`,
    );
  }
  return unit;
}

/** Adds months to a day number, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29). */
function addMonthsToDays(days: number, months: number): number {
  const { year, month, day } = civilFromDays(days);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  return daysFromCivil(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

function addMonthsToNanos(nanos: bigint, months: number): bigint {
  const days = floorDiv(nanos, NANOS_PER_DAY);
  return BigInt(addMonthsToDays(Number(days), months)) * NANOS_PER_DAY + floorMod(nanos, NANOS_PER_DAY);
}

function rangeChecked(value: bigint, fn: string): bigint {
  if (value < -(2n ** 63n) || value > 2n ** 63n - 1n) {
    throw new TidemarkError('SQL_SEMANTIC', `${fn} went outside the timestamps Timestream can hold (1677-09-21 to 2262-04-11).`);
  }
  return value;
}

export function dateAddNanos(unit: string, amount: bigint, nanos: bigint): bigint {
  const months = UNIT_MONTHS[unit];
  if (months !== undefined) return rangeChecked(addMonthsToNanos(nanos, Number(amount) * months), 'date_add');
  return rangeChecked(nanos + amount * UNIT_NANOS[unit]!, 'date_add');
}

/**
 * Whole months from `from` to `to`, counted as Joda (and so Presto) does: the calendar month
 * difference, less one when adding it to `from` overshoots `to`.
 */
function monthsBetween(from: bigint, to: bigint): number {
  const a = civilFromDays(Number(floorDiv(from, NANOS_PER_DAY)));
  const b = civilFromDays(Number(floorDiv(to, NANOS_PER_DAY)));
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (months > 0 && addMonthsToNanos(from, months) > to) months--;
  else if (months < 0 && addMonthsToNanos(from, months) < to) months++;
  return months;
}

export function dateDiffNanos(unit: string, from: bigint, to: bigint): bigint {
  const months = UNIT_MONTHS[unit];
  if (months !== undefined) return BigInt(Math.trunc(monthsBetween(from, to) / months));
  // Bigint division truncates toward zero, as Presto's whole-unit difference does.
  return (to - from) / UNIT_NANOS[unit]!;
}

export const dateAddFunction = scalarFunction(
  'date_add',
  ['date_add(varchar unit, bigint, timestamp) -> timestamp', 'date_add(varchar unit, bigint, date) -> date'],
  [
    (types) => {
      const [unit, amount, value] = types;
      if (types.length !== 3 || !unit || !amount || !value) return null;
      if (!canCoerce(unit, T.varchar) || !canCoerce(amount, T.bigint)) return null;
      if (value.kind === 'date') {
        return impl([T.varchar, T.bigint, T.date], T.date, ([u, n, d]) => {
          const parsed = unitOf('date_add', u as string, true);
          const months = UNIT_MONTHS[parsed];
          if (months !== undefined) return addMonthsToDays(d as number, Number(n as bigint) * months);
          return (d as number) + Number((n as bigint) * (UNIT_NANOS[parsed]! / NANOS_PER_DAY));
        });
      }
      if (!canCoerce(value, T.timestamp)) return null;
      return impl([T.varchar, T.bigint, T.timestamp], T.timestamp, ([u, n, t]) =>
        dateAddNanos(unitOf('date_add', u as string, false), n as bigint, t as bigint),
      );
    },
  ],
);

export const dateDiffFunction = scalarFunction(
  'date_diff',
  ['date_diff(varchar unit, timestamp, timestamp) -> bigint', 'date_diff(varchar unit, date, date) -> bigint'],
  [
    (types) => {
      const [unit, from, to] = types;
      if (types.length !== 3 || !unit || !from || !to || !canCoerce(unit, T.varchar)) return null;
      if (from.kind === 'date' && to.kind === 'date') {
        return impl([T.varchar, T.date, T.date], T.bigint, ([u, a, b]) =>
          dateDiffNanos(unitOf('date_diff', u as string, true), BigInt(a as number) * NANOS_PER_DAY, BigInt(b as number) * NANOS_PER_DAY),
        );
      }
      // A date beside a timestamp counts from its midnight, as Presto coerces date to timestamp.
      const asTimestamp = (type: SqlType): SqlType | null =>
        type.kind === 'date' ? T.date : canCoerce(type, T.timestamp) ? T.timestamp : null;
      const fromType = asTimestamp(from);
      const toType = asTimestamp(to);
      if (!fromType || !toType) return null;
      const nanosOf = (value: SqlValue, type: SqlType): bigint =>
        type.kind === 'date' ? BigInt(value as number) * NANOS_PER_DAY : (value as bigint);
      return impl([T.varchar, fromType, toType], T.bigint, ([u, a, b]) =>
        dateDiffNanos(unitOf('date_diff', u as string, false), nanosOf(a!, fromType), nanosOf(b!, toType)),
      );
    },
  ],
);

// ---- dates and the current instant -----------------------------------------------------------

export const lastDayOfMonthFunction = scalarFunction(
  'last_day_of_month',
  ['last_day_of_month(timestamp | date) -> date'],
  [
    (types) => {
      const [value] = types;
      if (types.length !== 1 || !value) return null;
      const lastDay = (days: number): number => {
        const { year, month } = civilFromDays(days);
        return daysFromCivil(year, month, daysInMonth(year, month));
      };
      if (value.kind === 'date') return impl([T.date], T.date, ([d]) => lastDay(d as number));
      if (!canCoerce(value, T.timestamp)) return null;
      return impl([T.timestamp], T.date, ([t]) => lastDay(Number(floorDiv(t as bigint, NANOS_PER_DAY))));
    },
  ],
);

export const currentDateFunction = scalarFunction(
  'current_date',
  ['current_date -> date'],
  [(types) => (types.length === 0 ? impl([], T.date, (_, context) => Number(floorDiv(context.now, NANOS_PER_DAY))) : null)],
);

export const currentTimeFunction = scalarFunction(
  'current_time',
  ['current_time -> time'],
  [(types) => (types.length === 0 ? impl([], T.time, (_, context) => floorMod(context.now, NANOS_PER_DAY)) : null)],
);

/** localtime and localtimestamp: in a UTC-only engine the local time is the UTC time. */
export const localtimeFunction = scalarFunction(
  'localtime',
  ['localtime -> time'],
  [(types) => (types.length === 0 ? impl([], T.time, (_, context) => floorMod(context.now, NANOS_PER_DAY)) : null)],
);

export const localtimestampFunction = scalarFunction(
  'localtimestamp',
  ['localtimestamp -> timestamp'],
  [(types) => (types.length === 0 ? impl([], T.timestamp, (_, context) => context.now) : null)],
);

export const currentTimezoneFunction = scalarFunction(
  'current_timezone',
  ['current_timezone() -> varchar'],
  // Timestream keeps every time in UTC, so the session's zone is always UTC.
  [(types) => (types.length === 0 ? impl([], T.varchar, () => 'UTC') : null)],
);

export const dateFunction = scalarFunction(
  'date',
  ['date(varchar) -> date', 'date(timestamp) -> date', 'date(date) -> date'],
  [
    (types): ScalarImpl | null => {
      const [value] = types;
      if (types.length !== 1 || !value) return null;
      if (value.kind === 'date') return impl([T.date], T.date, ([d]) => d!);
      if (value.kind === 'varchar') {
        return impl([T.varchar], T.date, ([s]) => {
          const text = (s as string).trim();
          const match = /^([+-]?\d{4,9})-(\d{1,2})-(\d{1,2})$/.exec(text);
          const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
          if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            throw new TidemarkError('SQL_SEMANTIC', `date() cannot read '${s as string}' as a date; write it as YYYY-MM-DD.`);
          }
          return daysFromCivil(year, month, day);
        });
      }
      if (!canCoerce(value, T.timestamp)) return null;
      return impl([T.timestamp], T.date, ([t]) => Number(floorDiv(t as bigint, NANOS_PER_DAY)));
    },
  ],
);
