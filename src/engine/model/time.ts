import type { TimeUnit } from './types.ts';

/** Anything the API accepts as a time: ms since the epoch, an ISO string, a Date, or bigint ns. */
export type TimeInput = number | string | Date | bigint;

/** Nanoseconds per unit of each TimeUnit. */
export const NANOS_PER_UNIT: Readonly<Record<TimeUnit, bigint>> = {
  SECONDS: 1_000_000_000n,
  MILLISECONDS: 1_000_000n,
  MICROSECONDS: 1_000n,
  NANOSECONDS: 1n,
};

/** The largest time a signed 64-bit nanosecond count holds (2262-04-11T23:47:16.854775807Z). */
export const MAX_TIME_NS = 0x7fff_ffff_ffff_ffffn;

/** True for a non-empty string of ASCII digits (a loop: cheaper than a regex on the hot path). */
function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Parses a record's `Time` in `unit` into ns since the epoch. Returns a reason string when the
 * value is not a non-negative integer count (Timestream refuses negative times) or overflows.
 */
export function recordTimeToNs(time: string | number | bigint | undefined, unit: TimeUnit): bigint | string {
  if (time === undefined) return 'Time is required.';
  let count: bigint;
  if (typeof time === 'bigint') {
    count = time;
  } else if (typeof time === 'number') {
    if (!Number.isSafeInteger(time)) return `Time ${time} is not an integer count of ${unit.toLowerCase()}.`;
    count = BigInt(time);
  } else if (typeof time === 'string' && isDigits(time)) {
    // Up to 15 digits is a safe integer: converting the number is cheaper than parsing a BigInt.
    count = time.length <= 15 ? BigInt(Number(time)) : BigInt(time);
  } else {
    return `Time "${String(time)}" is not an integer count of ${unit.toLowerCase()} since the epoch.`;
  }
  if (count < 0n) return `Time ${count} is negative; times before 1970-01-01 are not supported.`;
  const ns = count * NANOS_PER_UNIT[unit];
  if (ns > MAX_TIME_NS) return `Time ${count} ${unit.toLowerCase()} is beyond 2262-04-11, the last time a 64-bit nanosecond count holds.`;
  return ns;
}

/** Converts ms (possibly fractional, kept to the ns) to ns. */
export function msToNs(ms: number): bigint {
  const whole = Math.floor(ms);
  const frac = Math.round((ms - whole) * 1e6);
  return BigInt(whole) * 1_000_000n + BigInt(frac);
}

/** Converts ns to ms as a number (rounded down to whole ms when the value is large). */
export function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

/** Converts any accepted time input to ns since the epoch; throws RangeError on nonsense. */
export function toNs(time: TimeInput): bigint {
  if (typeof time === 'bigint') return time;
  if (typeof time === 'number') {
    if (!Number.isFinite(time)) throw new RangeError(`time ${time} is not a finite number of ms`);
    return msToNs(time);
  }
  if (time instanceof Date) {
    const ms = time.getTime();
    if (Number.isNaN(ms)) throw new RangeError('time is an invalid Date');
    return msToNs(ms);
  }
  return parseIsoToNs(time);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO-8601 time (fraction up to ns kept exactly; no zone means UTC). */
export function parseIsoToNs(text: string): bigint {
  const m = ISO.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not an ISO-8601 time`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) throw new RangeError(`"${text}" is not a valid time`);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, '0') || '0');
}

/** Formats ns as an ISO-8601 UTC string with the fraction kept to the ns when it is not whole ms. */
export function formatNs(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const rest = ns % 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  if (rest === 0n) return iso;
  return `${iso.slice(0, -1)}${rest.toString().padStart(6, '0')}Z`;
}
