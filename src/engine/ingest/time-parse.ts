import { TidemarkError } from '../../errors/index.ts';
import { createLocalToUtc, type LocalToUtc } from './time-zone.ts';
import type { EpochUnit, TimeFormat } from './types.ts';

/**
 * A compiled time reader. `parse` reads `bytes[start, end)` and, on success, leaves the instant in `ms`
 * (whole ms since the epoch, UTC) and `subMsNs` (0-999,999 ns within that ms) and returns undefined; on
 * failure it returns the reason. Splitting the instant this way keeps the hot path free of BigInt.
 */
export interface TimeParser {
  ms: number;
  subMsNs: number;
  parse(bytes: Uint8Array, start: number, end: number): string | undefined;
}

/** The last instant a signed 64-bit ns count holds, in ms. */
export const MAX_TIME_MS = 9_223_372_036_854;
/** The first, in ms. */
export const MIN_TIME_MS = -9_223_372_036_854;

const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const DIGITS_OF_UNIT: Readonly<Record<EpochUnit, number>> = { s: 9, ms: 6, us: 3, ns: 0 };

/** Days from 1970-01-01 to a proleptic Gregorian date (the civil-from-days inverse, valid for all years). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function quoteSample(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(bytes.subarray(start, Math.min(end, start + 64)));
}

/** Compiles a time format (and, for times written without a zone, the zone they are in) into a reader. */
export function createTimeParser(format: TimeFormat, timeZone = 'UTC'): TimeParser {
  switch (format.kind) {
    case 'epoch':
      return new EpochTimeParser(format.unit);
    case 'iso8601':
      return new IsoTimeParser(createLocalToUtc(timeZone));
    case 'pattern':
      return FixedLayoutTimeParser.accepts(format.pattern)
        ? new FixedLayoutTimeParser(format.pattern, createLocalToUtc(timeZone))
        : new PatternTimeParser(format.pattern, createLocalToUtc(timeZone));
  }
}

class EpochTimeParser implements TimeParser {
  ms = 0;
  subMsNs = 0;
  private readonly fractionDigits: number;
  constructor(private readonly unit: EpochUnit) {
    this.fractionDigits = DIGITS_OF_UNIT[unit];
  }

  parse(bytes: Uint8Array, start: number, end: number): string | undefined {
    let i = start;
    let negative = false;
    if (i < end && (bytes[i] === 0x2d || bytes[i] === 0x2b)) {
      negative = bytes[i] === 0x2d;
      i++;
    }
    let intEnd = i;
    while (intEnd < end && bytes[intEnd]! >= CHAR_0 && bytes[intEnd]! <= CHAR_9) intEnd++;
    let fracStart = intEnd;
    let fracEnd = intEnd;
    if (intEnd < end && bytes[intEnd] === 0x2e) {
      fracStart = intEnd + 1;
      fracEnd = fracStart;
      while (fracEnd < end && bytes[fracEnd]! >= CHAR_0 && bytes[fracEnd]! <= CHAR_9) fracEnd++;
    }
    if (fracEnd !== end || (intEnd === i && fracEnd === fracStart)) {
      return `"${quoteSample(bytes, start, end)}" is not an epoch time in ${this.unit} (expected an integer count since 1970-01-01 UTC).`;
    }
    // The digits of the count in ns are the integer digits then exactly `fractionDigits` fraction digits
    // (finer digits are below 1 ns and dropped); the last 6 of those are the sub-millisecond part.
    const intDigits = intEnd - i;
    const total = intDigits + this.fractionDigits;
    let high = 0;
    let low = 0;
    for (let p = 0; p < total; p++) {
      let digit = 0;
      if (p < intDigits) digit = bytes[i + p]! - CHAR_0;
      else {
        const at = fracStart + (p - intDigits);
        digit = at < fracEnd ? bytes[at]! - CHAR_0 : 0;
      }
      if (p < total - 6) {
        high = high * 10 + digit;
        if (high > MAX_TIME_MS)
          return `Epoch time "${quoteSample(bytes, start, end)}" ${this.unit} is beyond the year 2262, the last time a 64-bit ns count holds.`;
      } else low = low * 10 + digit;
    }
    if (negative && (high !== 0 || low !== 0)) {
      this.ms = low === 0 ? -high : -high - 1;
      this.subMsNs = low === 0 ? 0 : 1_000_000 - low;
    } else {
      this.ms = high;
      this.subMsNs = low;
    }
    return undefined;
  }
}

/** Calendar fields of a time being read (reused from row to row). */
interface CalendarFields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  fracNs: number;
}

/** Reads two digits at `at`, or -1 (the unsigned compare folds "below '0'" into "above 9"). */
function twoDigits(bytes: Uint8Array, at: number, end: number): number {
  if (at + 2 > end) return -1;
  const a = bytes[at]! - CHAR_0;
  const b = bytes[at + 1]! - CHAR_0;
  return a >>> 0 <= 9 && b >>> 0 <= 9 ? a * 10 + b : -1;
}

/** Reads four digits at `at`, or -1. */
function fourDigits(bytes: Uint8Array, at: number, end: number): number {
  const high = twoDigits(bytes, at, end);
  const low = twoDigits(bytes, at + 2, end);
  return high < 0 || low < 0 ? -1 : high * 100 + low;
}

/** Reads `count` digits at `at`, or -1 when one is not a digit. */
function readDigits(bytes: Uint8Array, at: number, count: number, end: number): number {
  if (at + count > end) return -1;
  let value = 0;
  for (let k = 0; k < count; k++) {
    const c = bytes[at + k]!;
    if (c < CHAR_0 || c > CHAR_9) return -1;
    value = value * 10 + (c - CHAR_0);
  }
  return value;
}

/** The day number of the last date converted: rows of a file mostly share their date with the previous row. */
let lastDateKey = -1;
let lastDateDays = 0;

/**
 * Validates calendar fields and stores the instant. Returns a reason for an impossible date or time.
 * `offsetMinutes` is undefined for a naive time (then the zone conversion applies).
 */
function settle(
  target: TimeParser,
  toUtc: LocalToUtc,
  fields: CalendarFields,
  offsetMinutes: number | undefined,
  bytes: Uint8Array,
  start: number,
  end: number,
): string | undefined {
  const y = fields.y;
  const mo = fields.mo;
  const d = fields.d;
  const h = fields.h;
  const mi = fields.mi;
  const s = fields.s;
  const fracNs = fields.fracNs;
  if (mo < 1 || mo > 12 || d < 1 || (d > 28 && d > daysInMonth(y, mo)) || h > 23 || mi > 59 || s > 59) {
    return `"${quoteSample(bytes, start, end)}" is not a valid date and time (month, day, hour, minute or second out of range).`;
  }
  const dateKey = y * 10_000 + mo * 100 + d;
  if (dateKey !== lastDateKey) {
    lastDateKey = dateKey;
    lastDateDays = daysFromCivil(y, mo, d);
  }
  const local = lastDateDays * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + Math.floor(fracNs / 1_000_000);
  const ms = offsetMinutes === undefined ? toUtc(local) : local - offsetMinutes * 60_000;
  if (ms > MAX_TIME_MS || ms < MIN_TIME_MS)
    return `"${quoteSample(bytes, start, end)}" is outside the times a 64-bit ns count holds (1677-2262).`;
  target.ms = ms;
  target.subMsNs = fracNs % 1_000_000;
  return undefined;
}

/**
 * Reads an optional fraction `.ddd` (or `,ddd`) at `at` into `fields.fracNs`; returns the position after it,
 * or -1 when a separator has no digits.
 */
function readFraction(bytes: Uint8Array, at: number, end: number, fields: CalendarFields): number {
  fields.fracNs = 0;
  if (at >= end || (bytes[at] !== 0x2e && bytes[at] !== 0x2c)) return at;
  let p = at + 1;
  let ns = 0;
  let count = 0;
  while (p < end && bytes[p]! >= CHAR_0 && bytes[p]! <= CHAR_9) {
    if (count < 9) ns = ns * 10 + (bytes[p]! - CHAR_0);
    count++;
    p++;
  }
  if (count === 0) return -1;
  for (let k = Math.min(count, 9); k < 9; k++) ns *= 10;
  fields.fracNs = ns;
  return p;
}

/** Reads a zone designator (`Z`, `+hh`, `+hh:mm`, `+hhmm`) filling `end`; undefined when malformed or absent-but-trailing. */
function readZone(bytes: Uint8Array, at: number, end: number): number | undefined | 'bad' {
  if (at === end) return undefined;
  const c = bytes[at]!;
  if ((c === 0x5a || c === 0x7a) && at + 1 === end) return 0;
  if (c !== 0x2b && c !== 0x2d) return 'bad';
  const sign = c === 0x2d ? -1 : 1;
  const hours = readDigits(bytes, at + 1, 2, end);
  if (hours < 0) return 'bad';
  let p = at + 3;
  let minutes = 0;
  if (p < end) {
    if (bytes[p] === 0x3a) p++;
    minutes = readDigits(bytes, p, 2, end);
    if (minutes < 0 || p + 2 !== end) return 'bad';
  }
  if (hours > 23 || minutes > 59) return 'bad';
  return sign * (hours * 60 + minutes);
}

class IsoTimeParser implements TimeParser {
  ms = 0;
  subMsNs = 0;
  private readonly fields: CalendarFields = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, fracNs: 0 };
  constructor(private readonly toUtc: LocalToUtc) {}

  private bad(bytes: Uint8Array, start: number, end: number): string {
    return `"${quoteSample(bytes, start, end)}" is not an ISO-8601 time (expected yyyy-MM-dd, then optionally THH:mm:ss.fff and a zone).`;
  }

  parse(bytes: Uint8Array, start: number, end: number): string | undefined {
    const f = this.fields;
    f.y = fourDigits(bytes, start, end);
    if (f.y < 0 || bytes[start + 4] !== 0x2d) return this.bad(bytes, start, end);
    f.mo = twoDigits(bytes, start + 5, end);
    if (f.mo < 0 || bytes[start + 7] !== 0x2d) return this.bad(bytes, start, end);
    f.d = twoDigits(bytes, start + 8, end);
    if (f.d < 0) return this.bad(bytes, start, end);
    f.h = 0;
    f.mi = 0;
    f.s = 0;
    f.fracNs = 0;
    let p = start + 10;
    if (p < end && (bytes[p] === 0x54 || bytes[p] === 0x20 || bytes[p] === 0x74)) {
      f.h = twoDigits(bytes, p + 1, end);
      if (f.h < 0 || bytes[p + 3] !== 0x3a) return this.bad(bytes, start, end);
      f.mi = twoDigits(bytes, p + 4, end);
      if (f.mi < 0) return this.bad(bytes, start, end);
      p += 6;
      if (p < end && bytes[p] === 0x3a) {
        f.s = twoDigits(bytes, p + 1, end);
        if (f.s < 0) return this.bad(bytes, start, end);
        p += 3;
        p = readFraction(bytes, p, end, f);
        if (p < 0) return this.bad(bytes, start, end);
      }
    }
    // `Z` is by far the most common ending: no call for it.
    if (p + 1 === end && (bytes[p] === 0x5a || bytes[p] === 0x7a)) return settle(this, this.toUtc, f, 0, bytes, start, end);
    const zone = readZone(bytes, p, end);
    if (zone === 'bad') return this.bad(bytes, start, end);
    return settle(this, this.toUtc, f, zone, bytes, start, end);
  }
}

type PatternToken =
  | { readonly kind: 'field'; readonly field: 'y' | 'mo' | 'd' | 'h' | 'mi' | 's'; readonly minDigits: number; readonly maxDigits: number }
  | { readonly kind: 'month-name' }
  | { readonly kind: 'fraction' }
  | { readonly kind: 'zone' }
  | { readonly kind: 'literal'; readonly byte: number };

const PATTERN_FIELDS: Readonly<Record<string, 'y' | 'mo' | 'd' | 'h' | 'mi' | 's'>> = { y: 'y', M: 'mo', d: 'd', H: 'h', m: 'mi', s: 's' };

/**
 * Compiles a `yyyy-MM-dd HH:mm:ss.SSS` style pattern (`MMM` is an English month abbreviation, as in
 * `dd/MMM/yyyy:HH:mm:ss Z` of web server logs); throws INVALID_ARGUMENT on letters it does not know.
 */
export function compileTimePattern(pattern: string): readonly PatternToken[] {
  const tokens: PatternToken[] = [];
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i]!;
    let run = 1;
    while (pattern[i + run] === ch) run++;
    const field = PATTERN_FIELDS[ch];
    if (ch === 'M' && run === 3) tokens.push({ kind: 'month-name' });
    else if (field !== undefined) {
      if (field === 'y') tokens.push({ kind: 'field', field, minDigits: run === 2 ? 2 : 4, maxDigits: run === 2 ? 2 : 4 });
      else tokens.push({ kind: 'field', field, minDigits: run, maxDigits: 2 });
    } else if (ch === 'S') tokens.push({ kind: 'fraction' });
    else if (ch === 'X' || ch === 'Z') tokens.push({ kind: 'zone' });
    else if (/[A-Za-z]/.test(ch)) {
      throw new TidemarkError(
        'INVALID_ARGUMENT',
        `The time pattern "${pattern}" uses "${ch}", which is not supported (use y M d H m s S X).`,
      );
    } else {
      const code = ch.charCodeAt(0);
      if (code > 0x7f) throw new TidemarkError('INVALID_ARGUMENT', `The time pattern "${pattern}" has a non-ASCII literal "${ch}".`);
      for (let k = 0; k < run; k++) tokens.push({ kind: 'literal', byte: code });
    }
    i += run;
  }
  return tokens;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The month (1-12) of a three-letter English abbreviation in any case, or 0. */
function monthOfName(a: number, b: number, c: number): number {
  const name = String.fromCharCode(a | 0x20, b | 0x20, c | 0x20);
  return MONTH_NAMES.indexOf(name) + 1;
}

const FIXED_LAYOUT = /^yyyy-MM-dd([ T])HH:mm(:ss(\.S+)?)?$/;

/**
 * The most common patterns (`yyyy-MM-dd HH:mm:ss` and its relatives) read at fixed offsets, two digits at a
 * time: the general pattern reader walks tokens, which costs twice as much on short rows such as NAB's.
 */
class FixedLayoutTimeParser implements TimeParser {
  ms = 0;
  subMsNs = 0;
  private readonly separator: number;
  private readonly seconds: boolean;
  private readonly fraction: boolean;
  private readonly fields: CalendarFields = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, fracNs: 0 };

  static accepts(pattern: string): boolean {
    return FIXED_LAYOUT.test(pattern);
  }

  constructor(
    private readonly pattern: string,
    private readonly toUtc: LocalToUtc,
  ) {
    const match = FIXED_LAYOUT.exec(pattern)!;
    this.separator = match[1]!.charCodeAt(0);
    this.seconds = match[2] !== undefined;
    this.fraction = match[3] !== undefined;
  }

  private bad(bytes: Uint8Array, start: number, end: number): string {
    return `"${quoteSample(bytes, start, end)}" does not match the time pattern "${this.pattern}".`;
  }

  parse(bytes: Uint8Array, start: number, end: number): string | undefined {
    const f = this.fields;
    f.y = fourDigits(bytes, start, end);
    f.mo = twoDigits(bytes, start + 5, end);
    f.d = twoDigits(bytes, start + 8, end);
    f.h = twoDigits(bytes, start + 11, end);
    f.mi = twoDigits(bytes, start + 14, end);
    if (
      f.y < 0 ||
      f.mo < 0 ||
      f.d < 0 ||
      f.h < 0 ||
      f.mi < 0 ||
      bytes[start + 4] !== 0x2d ||
      bytes[start + 7] !== 0x2d ||
      bytes[start + 10] !== this.separator ||
      bytes[start + 13] !== 0x3a
    ) {
      return this.bad(bytes, start, end);
    }
    let p = start + 16;
    f.s = 0;
    f.fracNs = 0;
    if (this.seconds) {
      f.s = twoDigits(bytes, p + 1, end);
      if (f.s < 0 || bytes[p] !== 0x3a) return this.bad(bytes, start, end);
      p += 3;
      if (this.fraction) {
        if (bytes[p] !== 0x2e) return this.bad(bytes, start, end);
        p = readFraction(bytes, p, end, f);
        if (p < 0) return this.bad(bytes, start, end);
      }
    }
    if (p !== end) return this.bad(bytes, start, end);
    return settle(this, this.toUtc, f, undefined, bytes, start, end);
  }
}

const OP_LITERAL = 0;
const OP_FIELD = 1;
const OP_MONTH_NAME = 2;
const OP_FRACTION = 3;
const OP_ZONE = 4;
const SLOT_OF_FIELD: Readonly<Record<'y' | 'mo' | 'd' | 'h' | 'mi' | 's', number>> = { y: 0, mo: 1, d: 2, h: 3, mi: 4, s: 5 };

class PatternTimeParser implements TimeParser {
  ms = 0;
  subMsNs = 0;
  // The pattern compiled to parallel arrays: one numeric op per token, so the loop is a switch on small
  // integers with no per-token object shapes or keyed stores.
  private readonly ops: Uint8Array;
  private readonly args: Uint8Array;
  private readonly minDigits: Uint8Array;
  private readonly maxDigits: Uint8Array;
  private readonly twoDigitYear: boolean;
  private readonly slots = new Float64Array(6);
  private readonly fields: CalendarFields = { y: 1970, mo: 1, d: 1, h: 0, mi: 0, s: 0, fracNs: 0 };
  constructor(
    private readonly pattern: string,
    private readonly toUtc: LocalToUtc,
  ) {
    const tokens = compileTimePattern(pattern);
    this.ops = new Uint8Array(tokens.length);
    this.args = new Uint8Array(tokens.length);
    this.minDigits = new Uint8Array(tokens.length);
    this.maxDigits = new Uint8Array(tokens.length);
    let twoDigitYear = false;
    tokens.forEach((token, k) => {
      switch (token.kind) {
        case 'literal':
          this.ops[k] = OP_LITERAL;
          this.args[k] = token.byte;
          break;
        case 'field':
          this.ops[k] = OP_FIELD;
          this.args[k] = SLOT_OF_FIELD[token.field];
          this.minDigits[k] = token.minDigits;
          this.maxDigits[k] = token.maxDigits;
          if (token.field === 'y' && token.maxDigits === 2) twoDigitYear = true;
          break;
        case 'month-name':
          this.ops[k] = OP_MONTH_NAME;
          break;
        case 'fraction':
          this.ops[k] = OP_FRACTION;
          break;
        case 'zone':
          this.ops[k] = OP_ZONE;
          break;
      }
    });
    this.twoDigitYear = twoDigitYear;
  }

  private bad(bytes: Uint8Array, start: number, end: number): string {
    return `"${quoteSample(bytes, start, end)}" does not match the time pattern "${this.pattern}".`;
  }

  parse(bytes: Uint8Array, start: number, end: number): string | undefined {
    const slots = this.slots;
    slots[0] = 1970;
    slots[1] = 1;
    slots[2] = 1;
    slots[3] = 0;
    slots[4] = 0;
    slots[5] = 0;
    let fracNs = 0;
    let zone: number | undefined;
    let p = start;
    const ops = this.ops;
    for (let k = 0; k < ops.length; k++) {
      switch (ops[k]) {
        case OP_LITERAL:
          if (p >= end || bytes[p] !== this.args[k]) return this.bad(bytes, start, end);
          p++;
          break;
        case OP_FIELD: {
          const max = this.maxDigits[k]!;
          let value = 0;
          let count = 0;
          while (count < max && p < end) {
            const digit = bytes[p]! - CHAR_0;
            if (digit < 0 || digit > 9) break;
            value = value * 10 + digit;
            p++;
            count++;
          }
          if (count < this.minDigits[k]!) return this.bad(bytes, start, end);
          slots[this.args[k]!] = value;
          break;
        }
        case OP_MONTH_NAME: {
          const month = p + 3 <= end ? monthOfName(bytes[p]!, bytes[p + 1]!, bytes[p + 2]!) : 0;
          if (month === 0) return this.bad(bytes, start, end);
          slots[1] = month;
          p += 3;
          break;
        }
        case OP_FRACTION: {
          // A fraction token reads its separator-less digits: any count from 1 to 9 (more are dropped).
          let count = 0;
          while (p < end && bytes[p]! >= CHAR_0 && bytes[p]! <= CHAR_9) {
            if (count < 9) fracNs = fracNs * 10 + (bytes[p]! - CHAR_0);
            count++;
            p++;
          }
          if (count === 0) return this.bad(bytes, start, end);
          for (let d = Math.min(count, 9); d < 9; d++) fracNs *= 10;
          break;
        }
        default: {
          const parsed = readZone(bytes, p, end);
          if (parsed === 'bad' || parsed === undefined) return this.bad(bytes, start, end);
          zone = parsed;
          p = end;
        }
      }
    }
    if (p !== end) return this.bad(bytes, start, end);
    const f = this.fields;
    f.y = this.twoDigitYear ? slots[0]! + 2000 : slots[0]!;
    f.mo = slots[1]!;
    f.d = slots[2]!;
    f.h = slots[3]!;
    f.mi = slots[4]!;
    f.s = slots[5]!;
    f.fracNs = fracNs;
    return settle(this, this.toUtc, f, zone, bytes, start, end);
  }
}

/** Parses one time text with a format (for tests, previews and detection; the parsers use a compiled reader). */
export function parseTimeText(text: string, format: TimeFormat, timeZone = 'UTC'): bigint | string {
  const parser = createTimeParser(format, timeZone);
  const bytes = new TextEncoder().encode(text.trim());
  const reason = parser.parse(bytes, 0, bytes.length);
  if (reason !== undefined) return reason;
  return BigInt(parser.ms) * 1_000_000n + BigInt(parser.subMsNs);
}

/** The epoch unit a count of `digits` integer digits most likely is in, for times after 2001 (10 digits of seconds). */
export function epochUnitByDigits(digits: number): EpochUnit {
  if (digits <= 11) return 's';
  if (digits <= 14) return 'ms';
  if (digits <= 17) return 'us';
  return 'ns';
}

/**
 * A reader for TIMESTAMP measure values, whose format nobody declares: ISO 8601 when it has a `-` after four
 * digits, else an epoch count whose unit follows from its number of digits.
 */
export function createFlexibleTimeParser(timeZone = 'UTC'): TimeParser {
  const iso = new IsoTimeParser(createLocalToUtc(timeZone));
  const epochs: Record<EpochUnit, EpochTimeParser> = {
    s: new EpochTimeParser('s'),
    ms: new EpochTimeParser('ms'),
    us: new EpochTimeParser('us'),
    ns: new EpochTimeParser('ns'),
  };
  const flexible: TimeParser = {
    ms: 0,
    subMsNs: 0,
    parse(bytes, start, end) {
      let inner: TimeParser;
      if (end - start >= 5 && bytes[start + 4] === 0x2d) inner = iso;
      else {
        let digits = 0;
        for (let k = start; k < end && bytes[k] !== 0x2e; k++) if (bytes[k]! >= CHAR_0 && bytes[k]! <= CHAR_9) digits++;
        inner = epochs[epochUnitByDigits(digits)];
      }
      const reason = inner.parse(bytes, start, end);
      if (reason !== undefined) return reason;
      flexible.ms = inner.ms;
      flexible.subMsNs = inner.subMsNs;
      return undefined;
    },
  };
  return flexible;
}
