import { TidemarkError } from '../../../errors/index.ts';
import type { SqlType } from '../types/sql-type.ts';
import { type SqlValue, TimeSeries } from '../values/sql-value.ts';
import { formatTimestamp } from '../values/time-text.ts';

// Helpers shared by the time-series functions (interpolation, derivatives, integral,
// correlation): reading a series' points as numbers, and finding a time in it.

/** Whether a timeseries holds numbers, which the numeric time-series functions need (a bare NULL counts). */
export function isNumericSeries(type: SqlType | undefined): boolean {
  if (type?.kind === 'unknown') return true;
  if (type?.kind !== 'timeseries') return false;
  const kind = type.value.kind;
  return kind === 'integer' || kind === 'bigint' || kind === 'double' || kind === 'unknown';
}

/** A point's value as a double (bigint values widen; the binder already cast most series to double). */
export function numberAt(series: TimeSeries, index: number): number {
  const value = series.values[index];
  return typeof value === 'bigint' ? Number(value) : (value as number);
}

/** The index of the first point at or after `time` (series.length when there is none). */
export function firstIndexAtOrAfter(series: TimeSeries, time: bigint): number {
  let low = 0;
  let high = series.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((series.times[mid] as bigint) < time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The index of the last point at or before `time` (-1 when there is none). */
export function lastIndexAtOrBefore(series: TimeSeries, time: bigint): number {
  let low = 0;
  let high = series.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((series.times[mid] as bigint) <= time) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** A timeseries argument, or an error when a lambda or other value slipped through. */
export function asSeries(value: SqlValue, name: string): TimeSeries {
  if (!(value instanceof TimeSeries)) throw new TidemarkError('SQL_SEMANTIC', `${name} needs a timeseries.`);
  return value;
}

/**
 * The grid of an array-of-timestamps argument: NULL entries dropped, sorted and without
 * repeats, because the result is a timeseries and a timeseries is sorted by time.
 */
export function gridTimes(grid: SqlValue): bigint[] {
  const times = (grid as readonly SqlValue[]).filter((t): t is bigint => typeof t === 'bigint');
  times.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return times.filter((t, i) => i === 0 || t !== times[i - 1]);
}

/** Formats a time for messages the way results print it. */
export function timeText(time: bigint): string {
  return formatTimestamp(time);
}
