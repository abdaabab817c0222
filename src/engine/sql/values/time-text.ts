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
  const canonical = parseCanonicalTimestamp(text);
  return canonical === undefined ? parseTimestampText(text) : canonical;
}

/** Digit value of the character at `i`, or -1. */
function digitAt(text: string, i: number): number {
  const code = text.charCodeAt(i) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** The two-digit number at `i`, or -1. */
function twoDigits(text: string, i: number): number {
  const tens = digitAt(text, i);
  const ones = digitAt(text, i + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

/**
 * The commonest forms, as queries and tools write them: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` and
 * `YYYY-MM-DD HH:MM:SS.f` (1 to 9 fraction digits; `T` for the space), read without the pattern and
 * with one BigInt product (a query's WHERE compares time with such texts on every run, and the
 * binder mostly runs unoptimised). Undefined for any other text, which parseTimestampText reads;
 * the answer is always the one parseTimestampText gives (tested against it).
 */
function parseCanonicalTimestamp(text: string): bigint | null | undefined {
  const length = text.length;
  if (length !== 10 && length !== 19 && (length < 21 || length > 29)) return undefined;
  const y0 = digitAt(text, 0);
  const y1 = digitAt(text, 1);
  const y2 = digitAt(text, 2);
  const y3 = digitAt(text, 3);
  if (y0 < 0 || y1 < 0 || y2 < 0 || y3 < 0 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (month < 0 || day < 0) return undefined;
  const days = civilDays(y0 * 1000 + y1 * 100 + y2 * 10 + y3, month, day);
  if (days === null) return null;
  if (length === 10) return BigInt(days) * NANOS_PER_DAY;
  const separator = text.charCodeAt(10);
  if ((separator !== 32 && separator !== 84 && separator !== 116) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58)
    return undefined;
  const hours = twoDigits(text, 11);
  const minutes = twoDigits(text, 14);
  const seconds = twoDigits(text, 17);
  if (hours < 0 || minutes < 0 || seconds < 0) return undefined;
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  let fraction = 0;
  if (length > 19) {
    if (text.charCodeAt(19) !== 46 && text.charCodeAt(19) !== 44) return undefined;
    let scale = 100_000_000;
    for (let i = 20; i < length; i++) {
      const digit = digitAt(text, i);
      if (digit < 0) return undefined;
      fraction += digit * scale;
      scale /= 10;
    }
  }
  // Seconds since the epoch stay well inside 2^53 for four-digit years, and a fraction below 10^9.
  const epochSeconds = days * 86_400 + hours * 3_600 + minutes * 60 + seconds;
  return BigInt(epochSeconds) * NANOS_PER_SECOND + BigInt(fraction);
}

/** parseTimestamp by the general pattern (every form it accepts). */
export function parseTimestampText(text: string): bigint | null {
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
