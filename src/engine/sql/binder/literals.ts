import type { DurationLiteral, IntervalField, IntervalLiteral, NumberLiteral } from '../ast/nodes.ts';
import { type SqlType, T } from '../types/sql-type.ts';
import {
  NANOS_PER_DAY,
  NANOS_PER_HOUR,
  NANOS_PER_MICRO,
  NANOS_PER_MILLI,
  NANOS_PER_MINUTE,
  NANOS_PER_SECOND,
  type SqlValue,
} from '../values/sql-value.ts';

// Literal values as the binder reads them. Every function returns null for text it cannot
// read, and the binder reports it at the literal's position.

/** Integer literals are integer when they fit 32 bits and bigint otherwise (Presto); decimals and doubles are double. */
export function numberLiteralValue(literal: NumberLiteral): { value: SqlValue; type: SqlType } | null {
  if (literal.numberKind === 'integer') {
    const value = BigInt(literal.text);
    if (value >= -2147483648n && value <= 2147483647n) return { value: Number(value), type: T.integer };
    if (value > 2n ** 63n - 1n) return null;
    return { value, type: T.bigint };
  }
  const value = Number(literal.text);
  return Number.isFinite(value) ? { value, type: T.double } : null;
}

const UNIT_NANOS: Record<DurationLiteral['unit'], bigint> = {
  ns: 1n,
  us: NANOS_PER_MICRO,
  ms: NANOS_PER_MILLI,
  s: NANOS_PER_SECOND,
  m: NANOS_PER_MINUTE,
  h: NANOS_PER_HOUR,
  d: NANOS_PER_DAY,
};

/** Scales a decimal text exactly: "1.5" × 1e9 → 1500000000n; null when it is not a whole number of nanoseconds. */
function scaleDecimal(text: string, unit: bigint): bigint | null {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return null;
  const whole = BigInt(match[1] || '0');
  const fraction = match[2] ?? '';
  const denominator = 10n ** BigInt(fraction.length);
  const numerator = (whole * denominator + BigInt(fraction || '0')) * unit;
  return numerator % denominator === 0n ? numerator / denominator : null;
}

/** `15s`, `1.5h`, `100ms` → nanoseconds (interval day to second). */
export function durationLiteralNanos(literal: DurationLiteral): bigint | null {
  return scaleDecimal(literal.amount, UNIT_NANOS[literal.unit]);
}

const FIELD_NANOS: Partial<Record<IntervalField, bigint>> = {
  WEEK: 7n * NANOS_PER_DAY,
  DAY: NANOS_PER_DAY,
  HOUR: NANOS_PER_HOUR,
  MINUTE: NANOS_PER_MINUTE,
  SECOND: NANOS_PER_SECOND,
  MILLISECOND: NANOS_PER_MILLI,
  MICROSECOND: NANOS_PER_MICRO,
  NANOSECOND: 1n,
};

const WORD_FIELDS: Record<string, IntervalField> = {
  year: 'YEAR',
  month: 'MONTH',
  week: 'WEEK',
  day: 'DAY',
  hour: 'HOUR',
  minute: 'MINUTE',
  second: 'SECOND',
  millisecond: 'MILLISECOND',
  microsecond: 'MICROSECOND',
  nanosecond: 'NANOSECOND',
};

/**
 * `INTERVAL '2' DAY`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '1 02:03:04.5' DAY TO SECOND`,
 * `INTERVAL '3' MONTH`, and the unit-in-text form `INTERVAL '2 days'`.
 */
export function intervalLiteralValue(literal: IntervalLiteral): { value: SqlValue; type: SqlType } | null {
  const sign = literal.sign;
  let from = literal.from;
  let to = literal.to;
  let text = literal.value.trim();
  let textSign = 1;
  if (text.startsWith('-')) {
    textSign = -1;
    text = text.slice(1).trim();
  }
  if (from === undefined) {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]+?)s?$/i.exec(text);
    const field = match ? WORD_FIELDS[match[2]!.toLowerCase()] : undefined;
    if (!match || !field) return null;
    text = match[1]!;
    from = field;
    to = undefined;
  }
  const total = sign * textSign;
  if (from === 'YEAR' || from === 'MONTH' || from === 'QUARTER') {
    let months: number;
    if (from === 'YEAR' && to === 'MONTH') {
      const m = /^(\d+)-(\d+)$/.exec(text);
      if (!m) return null;
      months = Number(m[1]) * 12 + Number(m[2]);
    } else {
      if (!/^\d+$/.test(text) || to !== undefined) return null;
      months = Number(text) * (from === 'YEAR' ? 12 : from === 'QUARTER' ? 3 : 1);
    }
    return { value: total * months, type: T.intervalYearToMonth };
  }
  if (to !== undefined) {
    const nanos = dayTimeText(text, from, to);
    return nanos === null ? null : { value: BigInt(total) * nanos, type: T.intervalDayToSecond };
  }
  const unit = FIELD_NANOS[from];
  const nanos = unit === undefined ? null : scaleDecimal(text, unit);
  return nanos === null ? null : { value: BigInt(total) * nanos, type: T.intervalDayToSecond };
}

/** The `D HH:MM:SS.fff` family of day-time interval texts, from `from` down to `to`. */
function dayTimeText(text: string, from: IntervalField, to: IntervalField): bigint | null {
  const order: IntervalField[] = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
  const start = order.indexOf(from);
  const end = order.indexOf(to);
  if (start < 0 || end <= start) return null;
  const parts = text.split(/[\s:]+/);
  if (parts.length !== end - start + 1) return null;
  let nanos = 0n;
  for (let i = 0; i < parts.length; i++) {
    const field = order[start + i]!;
    const value = scaleDecimal(parts[i]!, FIELD_NANOS[field]!);
    if (value === null || (field !== 'SECOND' && parts[i]!.includes('.'))) return null;
    nanos += value;
  }
  return nanos;
}
