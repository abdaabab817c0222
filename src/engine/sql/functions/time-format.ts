import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { T } from '../types/sql-type.ts';
import { floorDiv, floorMod } from '../values/bigint-math.ts';
import { civilFromDays, dayOfWeek, daysFromCivil, daysInMonth, isoWeek, mondayOfIsoWeek } from '../values/civil-time.ts';
import { NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MINUTE, NANOS_PER_SECOND } from '../values/sql-value.ts';
import { checkedInt64 } from './arithmetic-errors.ts';
import { impl, scalarFunction } from './define.ts';

// Formatting and parsing of timestamps with patterns: date_format/date_parse take MySQL
// specifiers (%Y-%m-%d), format_datetime/parse_datetime take Joda patterns (yyyy-MM-dd), as
// in Presto. Also parse_duration ('3.5h') and human_readable_seconds. All UTC.

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The parts of a UTC instant that patterns print. */
interface Fields {
  year: number;
  month: number;
  day: number;
  dayOfYear: number;
  isoDayOfWeek: number;
  /** ISO-8601 week (1-53) and the year it belongs to, which differs from `year` around New Year. */
  isoWeek: number;
  isoWeekYear: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
}

function fieldsOf(nanos: bigint): Fields {
  const days = Number(floorDiv(nanos, NANOS_PER_DAY));
  const ofDay = floorMod(nanos, NANOS_PER_DAY);
  const { year, month, day } = civilFromDays(days);
  const week = isoWeek(days);
  return {
    year,
    month,
    day,
    dayOfYear: days - daysFromCivil(year, 1, 1) + 1,
    isoDayOfWeek: dayOfWeek(days),
    isoWeek: week.week,
    isoWeekYear: week.year,
    hour: Number(ofDay / NANOS_PER_HOUR),
    minute: Number((ofDay % NANOS_PER_HOUR) / NANOS_PER_MINUTE),
    second: Number((ofDay % NANOS_PER_MINUTE) / NANOS_PER_SECOND),
    nanos: Number(ofDay % NANOS_PER_SECOND),
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const hour12 = (h: number): number => (h % 12 === 0 ? 12 : h % 12);
const ordinal = (n: number): string => {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** Fields being read back by a parser; unset fields take Presto's defaults (1970-01-01 00:00:00). */
interface ParsedFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  pm: boolean | null;
  dayOfYear: number | null;
  /** Set by week-based patterns (%x-%v, xxxx-ww): the date is that week's day (Monday unless a day of week is read). */
  isoWeek: number | null;
  isoWeekYear: number | null;
  isoDayOfWeek: number | null;
  offsetMinutes: number;
}

function freshParsed(): ParsedFields {
  return {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    nanos: 0,
    pm: null,
    dayOfYear: null,
    isoWeek: null,
    isoWeekYear: null,
    isoDayOfWeek: null,
    offsetMinutes: 0,
  };
}

/** One pattern element: how to print it, and how to read it (a regex and what to do with the match). */
interface Element {
  print: (f: Fields) => string;
  read: string;
  apply: (p: ParsedFields, text: string) => void;
}

const literal = (text: string): Element => ({
  print: () => text,
  read: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  apply: () => {},
});

const numberElement = (get: (f: Fields) => number, set: (p: ParsedFields, n: number) => void, width: number, maxDigits = 9): Element => ({
  print: (f) => pad(get(f), width),
  read: `(\\d{1,${maxDigits}})`,
  apply: (p, t) => set(p, Number(t)),
});

const nameElement = (
  names: readonly string[],
  short: boolean,
  get: (f: Fields) => number,
  set: ((p: ParsedFields, n: number) => void) | null,
): Element => {
  const shown = names.map((n) => (short ? n.slice(0, 3) : n));
  return {
    print: (f) => shown[get(f)]!,
    read: `(${shown.join('|')})`,
    apply: (p, t) => {
      const index = shown.findIndex((n) => n.toLowerCase() === t.toLowerCase());
      if (set) set(p, index);
    },
  };
};

const fractionElement = (digits: number): Element => ({
  print: (f) => pad(f.nanos, 9).slice(0, digits),
  read: `(\\d{1,${Math.max(digits, 9)}})`,
  apply: (p, t) => {
    p.nanos = Number(t.slice(0, 9).padEnd(9, '0'));
  },
});

const amPm: Element = {
  print: (f) => (f.hour < 12 ? 'AM' : 'PM'),
  read: '(AM|PM|am|pm)',
  apply: (p, t) => {
    p.pm = t.toUpperCase() === 'PM';
  },
};

const setYear = (p: ParsedFields, n: number): void => {
  p.year = n;
};
const setTwoDigitYear = (p: ParsedFields, n: number): void => {
  // Joda and MySQL both pivot two-digit years: 00-69 are 2000s, 70-99 are 1900s.
  p.year = n < 70 ? 2000 + n : 1900 + n;
};
const setMonth = (p: ParsedFields, n: number): void => {
  p.month = n;
};
const setDay = (p: ParsedFields, n: number): void => {
  p.day = n;
};
const setHour = (p: ParsedFields, n: number): void => {
  p.hour = n;
};
const setMinute = (p: ParsedFields, n: number): void => {
  p.minute = n;
};
const setSecond = (p: ParsedFields, n: number): void => {
  p.second = n;
};
const setIsoWeek = (p: ParsedFields, n: number): void => {
  p.isoWeek = n;
};
const setIsoWeekYear = (p: ParsedFields, n: number): void => {
  p.isoWeekYear = n;
};
const setIsoDayOfWeek = (p: ParsedFields, index: number): void => {
  p.isoDayOfWeek = index + 1;
};
const setDayOfYear = (p: ParsedFields, n: number): void => {
  p.dayOfYear = n;
};
const ignore = (): void => {};

// ---- MySQL specifiers (date_format, date_parse) -------------------------------------------------

function mysqlElement(specifier: string, fn: string): Element {
  switch (specifier) {
    case 'a':
      return nameElement(DAY_NAMES, true, (f) => f.isoDayOfWeek - 1, setIsoDayOfWeek);
    case 'b':
      return nameElement(
        MONTH_NAMES,
        true,
        (f) => f.month - 1,
        (p, i) => setMonth(p, i + 1),
      );
    case 'c':
      return numberElement((f) => f.month, setMonth, 1, 2);
    case 'D':
      return { print: (f) => ordinal(f.day), read: '(\\d{1,2})(?:st|nd|rd|th)', apply: (p, t) => setDay(p, Number(t)) };
    case 'd':
      return numberElement((f) => f.day, setDay, 2, 2);
    case 'e':
      return numberElement((f) => f.day, setDay, 1, 2);
    case 'f':
      return fractionElement(6);
    case 'H':
      return numberElement((f) => f.hour, setHour, 2, 2);
    case 'h':
    case 'I':
      return numberElement((f) => hour12(f.hour), setHour, 2, 2);
    case 'i':
      return numberElement((f) => f.minute, setMinute, 2, 2);
    case 'j':
      return numberElement((f) => f.dayOfYear, setDayOfYear, 3, 3);
    case 'k':
      return numberElement((f) => f.hour, setHour, 1, 2);
    case 'l':
      return numberElement((f) => hour12(f.hour), setHour, 1, 2);
    case 'M':
      return nameElement(
        MONTH_NAMES,
        false,
        (f) => f.month - 1,
        (p, i) => setMonth(p, i + 1),
      );
    case 'm':
      return numberElement((f) => f.month, setMonth, 2, 2);
    case 'p':
      return amPm;
    case 'S':
    case 's':
      return numberElement((f) => f.second, setSecond, 2, 2);
    case 'v':
      // Week (01-53) where Monday is the first day of the week, with %x: Presto's only week specifiers (%U, %u, %V, %X are refused as Presto does).
      return numberElement((f) => f.isoWeek, setIsoWeek, 2, 2);
    case 'x':
      return numberElement((f) => f.isoWeekYear, setIsoWeekYear, 4, 4);
    case 'W':
      return nameElement(DAY_NAMES, false, (f) => f.isoDayOfWeek - 1, setIsoDayOfWeek);
    case 'w':
      return numberElement((f) => f.isoDayOfWeek % 7, ignore, 1, 1);
    case 'Y':
      return numberElement((f) => f.year, setYear, 4, 4);
    case 'y':
      return numberElement((f) => f.year % 100, setTwoDigitYear, 2, 2);
    case '%':
      return literal('%');
    default:
      throw new TidemarkError('SQL_SEMANTIC', `${fn} does not support the specifier %${specifier}.`);
  }
}

function mysqlPattern(pattern: string, fn: string): Element[] {
  const elements: Element[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch !== '%' || i === pattern.length - 1) {
      elements.push(literal(ch));
      continue;
    }
    const spec = pattern[++i]!;
    // %r and %T are shorthands for whole times.
    if (spec === 'r') elements.push(...mysqlPattern('%h:%i:%S %p', fn));
    else if (spec === 'T') elements.push(...mysqlPattern('%H:%i:%S', fn));
    else elements.push(mysqlElement(spec, fn));
  }
  return elements;
}

// ---- Joda patterns (format_datetime, parse_datetime) ---------------------------------------------

function jodaElement(letter: string, count: number, fn: string): Element {
  switch (letter) {
    case 'y':
    case 'Y':
      return count === 2 ? numberElement((f) => f.year % 100, setTwoDigitYear, 2, 2) : numberElement((f) => f.year, setYear, count, 9);
    case 'M':
      if (count >= 4)
        return nameElement(
          MONTH_NAMES,
          false,
          (f) => f.month - 1,
          (p, i) => setMonth(p, i + 1),
        );
      if (count === 3)
        return nameElement(
          MONTH_NAMES,
          true,
          (f) => f.month - 1,
          (p, i) => setMonth(p, i + 1),
        );
      return numberElement((f) => f.month, setMonth, count, 2);
    case 'd':
      return numberElement((f) => f.day, setDay, count, 2);
    case 'D':
      return numberElement((f) => f.dayOfYear, setDayOfYear, count, 3);
    case 'E':
      return nameElement(DAY_NAMES, count < 4, (f) => f.isoDayOfWeek - 1, setIsoDayOfWeek);
    case 'e':
      return numberElement(
        (f) => f.isoDayOfWeek,
        (p, n) => setIsoDayOfWeek(p, n - 1),
        count,
        1,
      );
    case 'w':
      return numberElement((f) => f.isoWeek, setIsoWeek, count, 2);
    case 'x':
      return numberElement((f) => f.isoWeekYear, setIsoWeekYear, count, 4);
    case 'H':
      return numberElement((f) => f.hour, setHour, count, 2);
    case 'k':
      return numberElement(
        (f) => (f.hour === 0 ? 24 : f.hour),
        (p, n) => setHour(p, n % 24),
        count,
        2,
      );
    case 'h':
      return numberElement((f) => hour12(f.hour), setHour, count, 2);
    case 'K':
      return numberElement((f) => f.hour % 12, setHour, count, 2);
    case 'a':
      return amPm;
    case 'm':
      return numberElement((f) => f.minute, setMinute, count, 2);
    case 's':
      return numberElement((f) => f.second, setSecond, count, 2);
    case 'S':
      return fractionElement(Math.min(count, 9));
    case 'Z':
      // Every Tidemark time is UTC: the offset prints as zero, and parsing honours the offset given.
      return {
        print: () => (count === 1 ? '+0000' : '+00:00'),
        read: '(Z|[+-]\\d{2}:?\\d{2})',
        apply: (p, t) => {
          if (t === 'Z') return;
          const sign = t.startsWith('-') ? -1 : 1;
          const digits = t.slice(1).replace(':', '');
          p.offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
        },
      };
    case 'z':
      return { print: () => 'UTC', read: '(UTC|Z)', apply: ignore };
    case 'G':
      return { print: (f) => (f.year > 0 ? 'AD' : 'BC'), read: '(AD|BC)', apply: ignore };
    default:
      throw new TidemarkError('SQL_SEMANTIC', `${fn} does not support the pattern letter '${letter}'.`);
  }
}

function jodaPattern(pattern: string, fn: string): Element[] {
  const elements: Element[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      // Quoted text; '' is a literal quote, inside or outside quotes.
      if (pattern[i + 1] === "'") {
        elements.push(literal("'"));
        i += 2;
        continue;
      }
      let text = '';
      i++;
      while (i < pattern.length) {
        if (pattern[i] === "'" && pattern[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (pattern[i] === "'") {
          i++;
          break;
        } else text += pattern[i++];
      }
      elements.push(literal(text));
    } else if (/[a-zA-Z]/.test(ch)) {
      let count = 1;
      while (pattern[i + count] === ch) count++;
      elements.push(jodaElement(ch, count, fn));
      i += count;
    } else {
      elements.push(literal(ch));
      i++;
    }
  }
  return elements;
}

// ---- printing and parsing with elements ----------------------------------------------------------

function printWith(elements: readonly Element[], nanos: bigint): string {
  const fields = fieldsOf(nanos);
  return elements.map((e) => e.print(fields)).join('');
}

function parseWith(elements: readonly Element[], text: string, fn: string, pattern: string): bigint {
  const regex = new RegExp(`^${elements.map((e) => e.read).join('')}$`, 'i');
  const match = regex.exec(text.trim());
  const fail = (): never => {
    throw new TidemarkError('SQL_SEMANTIC', `${fn} cannot read '${text}' with the pattern '${pattern}'.`);
  };
  if (!match) return fail();
  const parsed = freshParsed();
  let group = 1;
  for (const element of elements) {
    // Literals capture nothing; every other element captures exactly one group.
    if (!element.read.startsWith('(')) continue;
    element.apply(parsed, match[group++]!);
  }
  if (parsed.pm !== null) {
    if (parsed.hour < 1 || parsed.hour > 12) fail();
    parsed.hour = (parsed.hour % 12) + (parsed.pm ? 12 : 0);
  }
  const { year, month, day, hour, minute, second } = parsed;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) fail();
  let days: number;
  if (parsed.isoWeek !== null) {
    const weekYear = parsed.isoWeekYear ?? year;
    const dow = parsed.isoDayOfWeek ?? 1;
    if (parsed.isoWeek < 1 || parsed.isoWeek > isoWeek(mondayOfIsoWeek(weekYear + 1, 1) - 1).week || dow < 1 || dow > 7) fail();
    days = mondayOfIsoWeek(weekYear, parsed.isoWeek) + dow - 1;
  } else if (parsed.dayOfYear !== null) {
    const length = daysFromCivil(year + 1, 1, 1) - daysFromCivil(year, 1, 1);
    if (parsed.dayOfYear < 1 || parsed.dayOfYear > length) fail();
    days = daysFromCivil(year, 1, 1) + parsed.dayOfYear - 1;
  } else {
    if (day < 1 || day > daysInMonth(year, month)) fail();
    days = daysFromCivil(year, month, day);
  }
  const nanos =
    BigInt(days) * NANOS_PER_DAY +
    BigInt(hour) * NANOS_PER_HOUR +
    BigInt(minute) * NANOS_PER_MINUTE +
    BigInt(second) * NANOS_PER_SECOND +
    BigInt(parsed.nanos) -
    BigInt(parsed.offsetMinutes) * NANOS_PER_MINUTE;
  return checkedInt64(nanos, fn);
}

/** Compiling a pattern costs more than applying it, and a query applies one pattern to many rows. */
function cachedCompiler(compile: (pattern: string, fn: string) => Element[]): (pattern: string, fn: string) => Element[] {
  const cache = new Map<string, Element[]>();
  return (pattern, fn) => {
    let elements = cache.get(pattern);
    if (!elements) {
      elements = compile(pattern, fn);
      if (cache.size > 256) cache.clear();
      cache.set(pattern, elements);
    }
    return elements;
  };
}

const compileMysql = cachedCompiler(mysqlPattern);
const compileJoda = cachedCompiler(jodaPattern);

function formatFunction(name: string, compile: (pattern: string, fn: string) => Element[]) {
  return scalarFunction(
    name,
    [`${name}(timestamp, varchar) -> varchar`],
    [
      (types) => {
        const [value, pattern] = types;
        if (types.length !== 2 || !value || !pattern || !canCoerce(pattern, T.varchar)) return null;
        if (value.kind === 'date') {
          return impl([T.date, T.varchar], T.varchar, ([d, p]) =>
            printWith(compile(p as string, name), BigInt(d as number) * NANOS_PER_DAY),
          );
        }
        if (!canCoerce(value, T.timestamp)) return null;
        return impl([T.timestamp, T.varchar], T.varchar, ([t, p]) => printWith(compile(p as string, name), t as bigint));
      },
    ],
  );
}

function parseFunction(name: string, compile: (pattern: string, fn: string) => Element[]) {
  return scalarFunction(
    name,
    [`${name}(varchar, varchar) -> timestamp`],
    [
      (types) => {
        const [text, pattern] = types;
        if (types.length !== 2 || !text || !pattern || !canCoerce(text, T.varchar) || !canCoerce(pattern, T.varchar)) return null;
        return impl([T.varchar, T.varchar], T.timestamp, ([s, p]) => parseWith(compile(p as string, name), s as string, name, p as string));
      },
    ],
  );
}

export const dateFormatFunction = formatFunction('date_format', compileMysql);
export const dateParseFunction = parseFunction('date_parse', compileMysql);
export const formatDatetimeFunction = formatFunction('format_datetime', compileJoda);
export const parseDatetimeFunction = parseFunction('parse_datetime', compileJoda);

// ---- durations ------------------------------------------------------------------------------------

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9 };

/** Presto's duration text ('3.5h', '42.8ms') to nanoseconds; Timestream's intervals keep all nine digits. */
export function parseDuration(text: string): bigint {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(text);
  const scale = match ? DURATION_UNITS[match[2]!] : undefined;
  if (!match || scale === undefined) {
    throw new TidemarkError(
      'SQL_SEMANTIC',
      `parse_duration cannot read '${text}'; write a number and a unit (ns, us, ms, s, m, h, d), such as '3.5h'.`,
    );
  }
  const [whole, fraction = ''] = match[1]!.split('.');
  // Whole part in bigint so large durations stay exact; the fraction is rounded to the nanosecond.
  return checkedInt64(BigInt(whole!) * BigInt(scale) + BigInt(Math.round(Number(`0.${fraction || '0'}`) * scale)), 'parse_duration');
}

export const parseDurationFunction = scalarFunction(
  'parse_duration',
  ['parse_duration(varchar) -> interval day to second'],
  [
    (types) =>
      types.length === 1 && canCoerce(types[0]!, T.varchar)
        ? impl([T.varchar], T.intervalDayToSecond, ([s]) => parseDuration(s as string))
        : null,
  ],
);

const READABLE_UNITS: readonly [string, number][] = [
  ['week', 604800],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** Presto's human_readable_seconds: whole seconds (rounded) as weeks, days, hours, minutes, seconds, zeros left out. */
export function humanReadableSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) {
    throw new TidemarkError('SQL_SEMANTIC', `human_readable_seconds cannot describe ${seconds} seconds.`);
  }
  let rest = Math.round(Math.abs(seconds));
  if (rest === 0) return '0 seconds';
  const parts: string[] = [];
  for (const [unit, size] of READABLE_UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.join(', ');
}

export const humanReadableSecondsFunction = scalarFunction(
  'human_readable_seconds',
  ['human_readable_seconds(double) -> varchar'],
  [
    (types) =>
      types.length === 1 && canCoerce(types[0]!, T.double) ? impl([T.double], T.varchar, ([s]) => humanReadableSeconds(s as number)) : null,
  ],
);
