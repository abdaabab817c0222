import { TidemarkError } from '../../../errors/index.ts';
import { arrayOf, type SqlType, T } from '../types/sql-type.ts';
import { civilFromDays, daysFromCivil, daysInMonth } from '../values/civil-time.ts';
import { NANOS_PER_DAY, type SqlValue } from '../values/sql-value.ts';
import { impl, scalarFunction } from './define.ts';

// sequence(start, stop [, step]): the grid generator Timestream's interpolations are used
// with. Both ends are included. Timestream caps a sequence at 10,000 elements; a longer one is
// an error rather than a silently truncated grid.

const MAX_ELEMENTS = 10_000;

function tooLong(): TidemarkError {
  return new TidemarkError('SQL_SEMANTIC', `sequence would have more than ${MAX_ELEMENTS} elements: use a larger step or a shorter range.`);
}

/** Presto's rule: the step must move from start toward stop (any step works when they are equal). */
function checkDirection(start: bigint, stop: bigint, stepSign: number): void {
  if (stepSign === 0) throw new TidemarkError('SQL_SEMANTIC', 'sequence step must not be zero.');
  if (start < stop && stepSign < 0) {
    throw new TidemarkError('SQL_SEMANTIC', 'sequence step must be positive for an increasing sequence.');
  }
  if (start > stop && stepSign > 0) {
    throw new TidemarkError('SQL_SEMANTIC', 'sequence step must be negative for a decreasing sequence.');
  }
}

function fixedStepSequence(start: bigint, stop: bigint, step: bigint): SqlValue[] {
  checkDirection(start, stop, step > 0n ? 1 : step < 0n ? -1 : 0);
  const count = (stop - start) / step + 1n;
  if (count > BigInt(MAX_ELEMENTS)) throw tooLong();
  return Array.from({ length: Number(count) }, (_, i) => start + BigInt(i) * step);
}

/** A timestamp plus whole months, the day clamped to the target month's length as Presto does. */
function addMonths(time: bigint, months: number): bigint {
  let days = time / NANOS_PER_DAY;
  let timeOfDay = time % NANOS_PER_DAY;
  if (timeOfDay < 0n) {
    timeOfDay += NANOS_PER_DAY;
    days -= 1n;
  }
  const civil = civilFromDays(Number(days));
  const monthIndex = civil.year * 12 + (civil.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const day = Math.min(civil.day, daysInMonth(year, month));
  return BigInt(daysFromCivil(year, month, day)) * NANOS_PER_DAY + timeOfDay;
}

function monthStepSequence(start: bigint, stop: bigint, months: number): SqlValue[] {
  checkDirection(start, stop, Math.sign(months));
  const result: SqlValue[] = [];
  // Each element is start + k months (not the previous element + 1 month), so Jan 31 steps to
  // Feb 29 and then Mar 31, not Mar 29.
  for (let k = 0; ; k++) {
    const next = addMonths(start, k * months);
    if (months > 0 ? next > stop : next < stop) break;
    if (result.length === MAX_ELEMENTS) throw tooLong();
    result.push(next);
  }
  return result;
}

/** Dates are day numbers; Presto lets a date sequence step by whole days only. */
function dateDaySequence(start: number, stop: number, stepNanos: bigint): SqlValue[] {
  if (stepNanos % NANOS_PER_DAY !== 0n) {
    throw new TidemarkError('SQL_SEMANTIC', 'sequence over dates needs a step of whole days.');
  }
  return fixedStepSequence(BigInt(start), BigInt(stop), stepNanos / NANOS_PER_DAY).map((day) => Number(day));
}

function dateMonthSequence(start: number, stop: number, months: number): SqlValue[] {
  const toTime = (day: number) => BigInt(day) * NANOS_PER_DAY;
  return monthStepSequence(toTime(start), toTime(stop), months).map((time) => Number((time as bigint) / NANOS_PER_DAY));
}

const isIntegral = (t: SqlType | undefined) => t?.kind === 'integer' || t?.kind === 'bigint' || t?.kind === 'unknown';
const isTimestamp = (t: SqlType | undefined) => t?.kind === 'timestamp' || t?.kind === 'unknown';

export const sequenceFunction = scalarFunction(
  'sequence',
  [
    'sequence(bigint, bigint) -> array(bigint)',
    'sequence(bigint, bigint, bigint) -> array(bigint)',
    'sequence(timestamp, timestamp, interval day to second) -> array(timestamp)',
    'sequence(timestamp, timestamp, interval year to month) -> array(timestamp)',
    'sequence(date, date [, interval day to second | interval year to month]) -> array(date)',
  ],
  [
    (types) => {
      const [start, stop, step] = types;
      if (types.length < 2 || types.length > 3 || !isIntegral(start) || !isIntegral(stop)) return null;
      if (types.length === 3 && !isIntegral(step)) return null;
      if (types.every((t) => t.kind === 'unknown')) return null;
      return impl(
        types.map(() => T.bigint),
        arrayOf(T.bigint),
        ([a, b, c]) => {
          const from = a as bigint;
          const to = b as bigint;
          // Without a step Presto counts by one toward stop, in either direction.
          return fixedStepSequence(from, to, c === undefined ? (from <= to ? 1n : -1n) : (c as bigint));
        },
      );
    },
    (types) => {
      const [start, stop, step] = types;
      if (types.length !== 3 || !isTimestamp(start) || !isTimestamp(stop)) return null;
      if (step?.kind === 'interval day to second') {
        return impl([T.timestamp, T.timestamp, T.intervalDayToSecond], arrayOf(T.timestamp), ([a, b, c]) =>
          fixedStepSequence(a as bigint, b as bigint, c as bigint),
        );
      }
      if (step?.kind === 'interval year to month') {
        return impl([T.timestamp, T.timestamp, T.intervalYearToMonth], arrayOf(T.timestamp), ([a, b, c]) =>
          monthStepSequence(a as bigint, b as bigint, c as number),
        );
      }
      return null;
    },
    (types) => {
      const [start, stop, step] = types;
      if (types.length < 2 || types.length > 3 || start?.kind !== 'date' || stop?.kind !== 'date') return null;
      const dates = arrayOf(T.date);
      if (types.length === 2) {
        // Without a step Presto counts by one day toward stop, in either direction.
        return impl([T.date, T.date], dates, ([a, b]) =>
          dateDaySequence(a as number, b as number, (a as number) <= (b as number) ? NANOS_PER_DAY : -NANOS_PER_DAY),
        );
      }
      if (step?.kind === 'interval day to second') {
        return impl([T.date, T.date, T.intervalDayToSecond], dates, ([a, b, c]) => dateDaySequence(a as number, b as number, c as bigint));
      }
      if (step?.kind === 'interval year to month') {
        return impl([T.date, T.date, T.intervalYearToMonth], dates, ([a, b, c]) =>
          dateMonthSequence(a as number, b as number, c as number),
        );
      }
      return null;
    },
  ],
);
