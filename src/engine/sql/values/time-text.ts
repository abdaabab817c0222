import { floorDiv, floorMod } from './bigint-math.ts';
import { civilFromDays, daysFromCivil, daysInMonth } from './civil-time.ts';
import { NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MINUTE, NANOS_PER_SECOND } from './sql-value.ts';

// Text forms of time values, as Timestream prints them: timestamps with nine fractional
// digits (`2022-06-16 18:00:00.000000000`), dates as `2022-06-16`, intervals as `1 02:03:04.000000000`.

const pad = (n: number | bigint, width: number): string => String(n).padStart(width, '0');

function formatYear(year: number): string {
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return year < 0 ? `-${pad(-year, 4)}` : `+${year}`;
}

export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `HH:MM:SS.nnnnnnnnn` for nanoseconds since midnight. */
export function formatTime(nanosOfDay: bigint): string {
  const h = nanosOfDay / NANOS_PER_HOUR;
  const m = (nanosOfDay % NANOS_PER_HOUR) / NANOS_PER_MINUTE;
  const s = (nanosOfDay % NANOS_PER_MINUTE) / NANOS_PER_SECOND;
  const f = nanosOfDay % NANOS_PER_SECOND;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(f, 9)}`;
}

export function formatTimestamp(nanos: bigint): string {
  const days = floorDiv(nanos, NANOS_PER_DAY);
  return `${formatDate(Number(days))} ${formatTime(floorMod(nanos, NANOS_PER_DAY))}`;
}

/** Timestream's interval day to second: `D HH:MM:SS.nnnnnnnnn`, negative with a leading minus. */
export function formatIntervalDayToSecond(nanos: bigint): string {
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  return `${sign}${abs / NANOS_PER_DAY} ${formatTime(abs % NANOS_PER_DAY)}`;
}

/** `Y-M`, as Presto prints interval year to month. */
export function formatIntervalYearToMonth(months: number): string {
  const sign = months < 0 ? '-' : '';
  const abs = Math.abs(months);
  return `${sign}${Math.floor(abs / 12)}-${abs % 12}`;
}

/** Parses `YYYY-MM-DD` (with an optional sign and more year digits) into days since the epoch, or null. */
export function parseDate(text: string): number | null {
  const match = /^\s*([+-]?\d{4,9})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  if (!match) return null;
  return civilDays(Number(match[1]), Number(match[2]), Number(match[3]));
}

function civilDays(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** Parses `HH:MM[:SS[.fffffffff]]` into nanoseconds since midnight, or null. */
export function parseTime(text: string): bigint | null {
  const match = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*$/.exec(text);
  if (!match) return null;
  return timeOfDay(match[1]!, match[2]!, match[3], match[4]);
}

function timeOfDay(h: string, m: string, s: string | undefined, fraction: string | undefined): bigint | null {
  const hours = Number(h);
  const minutes = Number(m);
  const seconds = s === undefined ? 0 : Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const nanos = fraction === undefined ? 0n : BigInt(fraction.padEnd(9, '0'));
  return BigInt(hours) * NANOS_PER_HOUR + BigInt(minutes) * NANOS_PER_MINUTE + BigInt(seconds) * NANOS_PER_SECOND + nanos;
}

const TIMESTAMP_PATTERN =
  /^\s*([+-]?\d{4,9})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?\s*$/i;

/**
 * Parses a timestamp as Timestream accepts it in literals and comparisons: a date, optionally
 * followed by a time (space or `T`), optional fraction up to nanoseconds, and an optional zone
 * (`Z`, `UTC`, `+02:00`, `-0530`); naive times are UTC. Returns nanoseconds, or null.
 */
export function parseTimestamp(text: string): bigint | null {
  const match = TIMESTAMP_PATTERN.exec(text);
  if (!match) return null;
  const days = civilDays(Number(match[1]), Number(match[2]), Number(match[3]));
  if (days === null) return null;
  let nanos = BigInt(days) * NANOS_PER_DAY;
  if (match[4] !== undefined) {
    const time = timeOfDay(match[4], match[5]!, match[6], match[7]);
    if (time === null) return null;
    nanos += time;
  }
  const zone = match[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z' && zone.toUpperCase() !== 'UTC') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const hours = BigInt(digits.slice(0, 2));
    const minutes = BigInt(digits.slice(2, 4) || '0');
    if (hours > 18n || minutes > 59n) return null;
    nanos -= sign * (hours * NANOS_PER_HOUR + minutes * NANOS_PER_MINUTE);
  }
  return nanos;
}
