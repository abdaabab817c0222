import { TidemarkError } from '../../../errors/index.ts';
import { formatType, type SqlType, typeEquals } from '../types/sql-type.ts';
import { fitsInt64, floorDiv, floorMod } from './bigint-math.ts';
import { formatDouble } from './format-double.ts';
import { NANOS_PER_DAY, type SqlValue, TimeSeries } from './sql-value.ts';
import {
  formatDate,
  formatIntervalDayToSecond,
  formatIntervalYearToMonth,
  formatTime,
  formatTimestamp,
  parseDate,
  parseTime,
  parseTimestamp,
} from './time-text.ts';

/** Thrown by {@link castValue} when a value cannot become the target type; TRY_CAST turns it into NULL. */
export class CastError extends TidemarkError {
  constructor(value: SqlValue, from: SqlType, to: SqlType, why?: string) {
    super('SQL_SEMANTIC', `Cannot cast ${describeValue(value, from)} (${formatType(from)}) to ${formatType(to)}${why ? `: ${why}` : ''}.`);
  }
}

function describeValue(value: SqlValue, type: SqlType): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return valueToText(value, type);
}

/** Rounds half away from zero, as Presto does when a double becomes an integer. */
function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const DOUBLE_TEXT = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|NaN|Infinity)\s*$/;

/**
 * Converts a value between SQL types with Presto's rules. NULL stays NULL. Throws CastError for a
 * value that does not fit (TRY_CAST catches it) and for a pair of types that never convert.
 */
export function castValue(value: SqlValue, from: SqlType, to: SqlType): SqlValue {
  if (value === null) return null;
  if (typeEquals(from, to)) return value;
  switch (to.kind) {
    case 'double':
      return toDouble(value, from, to);
    case 'bigint':
    case 'integer':
      return toInteger(value, from, to);
    case 'boolean':
      return toBoolean(value, from, to);
    case 'varchar':
      return valueToText(value, from);
    case 'timestamp':
      return toTimestamp(value, from, to);
    case 'date':
      return toDate(value, from, to);
    case 'time':
      if (from.kind === 'timestamp') return floorMod(value as bigint, NANOS_PER_DAY);
      if (from.kind === 'varchar') return parseTime(value as string) ?? fail(value, from, to, 'expected HH:MM:SS[.fffffffff]');
      break;
    case 'array':
      if (from.kind === 'array') return (value as readonly SqlValue[]).map((v) => castValue(v, from.element, to.element));
      if (from.kind === 'timeseries' && to.element.kind === 'row') {
        const series = value as TimeSeries;
        return series.times.map((t, i) => castValue([t, series.values[i] ?? null], timeseriesRow(from.value), to.element));
      }
      break;
    case 'row':
      if (from.kind === 'row' && from.fields.length === to.fields.length) {
        return (value as readonly SqlValue[]).map((v, i) => castValue(v, from.fields[i]!.type, to.fields[i]!.type));
      }
      break;
    case 'timeseries':
      if (from.kind === 'timeseries')
        return new TimeSeries(
          (value as TimeSeries).times,
          (value as TimeSeries).values.map((v) => castValue(v, from.value, to.value)),
        );
      break;
    case 'unknown':
      break;
    default:
      break;
  }
  return fail(value, from, to, from.kind === 'unknown' ? undefined : 'these types do not convert');
}

const NUMERIC_OR_BOOLEAN = new Set(['integer', 'bigint', 'double', 'boolean']);

/**
 * Whether CAST can ever turn a `from` value into a `to` value: Presto decides this from the types
 * alone, so `CAST(7 AS timestamp)` is an error before any row is read, and TRY_CAST does not hide
 * it. Mirrors {@link castValue}'s cases.
 */
export function castable(from: SqlType, to: SqlType): boolean {
  if (from.kind === 'unknown' || typeEquals(from, to)) return true;
  switch (to.kind) {
    case 'double':
    case 'bigint':
    case 'integer':
    case 'boolean':
      return NUMERIC_OR_BOOLEAN.has(from.kind) || from.kind === 'varchar';
    case 'varchar':
      return true;
    case 'timestamp':
      return from.kind === 'varchar' || from.kind === 'date';
    case 'date':
      return from.kind === 'varchar' || from.kind === 'timestamp';
    case 'time':
      return from.kind === 'varchar' || from.kind === 'timestamp';
    case 'array':
      if (from.kind === 'array') return castable(from.element, to.element);
      return from.kind === 'timeseries' && to.element.kind === 'row' && castable(timeseriesRow(from.value), to.element);
    case 'row':
      return (
        from.kind === 'row' && from.fields.length === to.fields.length && from.fields.every((f, i) => castable(f.type, to.fields[i]!.type))
      );
    case 'timeseries':
      return from.kind === 'timeseries' && castable(from.value, to.value);
    default:
      return false;
  }
}

function timeseriesRow(value: SqlType): SqlType {
  return {
    kind: 'row',
    fields: [
      { name: 'time', type: { kind: 'timestamp' } },
      { name: 'value', type: value },
    ],
  };
}

function fail(value: SqlValue, from: SqlType, to: SqlType, why?: string): never {
  throw new CastError(value, from, to, why);
}

function toDouble(value: SqlValue, from: SqlType, to: SqlType): number {
  switch (from.kind) {
    case 'integer':
      return value as number;
    case 'bigint':
      return Number(value as bigint);
    case 'boolean':
      return value ? 1 : 0;
    case 'varchar': {
      const text = value as string;
      if (!DOUBLE_TEXT.test(text)) fail(value, from, to, 'not a number');
      return Number(text.trim());
    }
    default:
      return fail(value, from, to, 'these types do not convert');
  }
}

function toInteger(value: SqlValue, from: SqlType, to: SqlType): number | bigint {
  let result: bigint;
  switch (from.kind) {
    case 'integer':
      result = BigInt(value as number);
      break;
    case 'bigint':
      result = value as bigint;
      break;
    case 'double': {
      const x = value as number;
      if (!Number.isFinite(x)) return fail(value, from, to, 'not a finite number');
      result = BigInt(roundHalfAwayFromZero(x));
      break;
    }
    case 'boolean':
      result = value ? 1n : 0n;
      break;
    case 'varchar': {
      const text = value as string;
      if (!INTEGER_TEXT.test(text)) return fail(value, from, to, 'not an integer');
      result = BigInt(text.trim());
      break;
    }
    default:
      return fail(value, from, to, 'these types do not convert');
  }
  if (to.kind === 'integer') {
    if (result < -2147483648n || result > 2147483647n) fail(value, from, to, 'out of range for integer');
    return Number(result);
  }
  if (!fitsInt64(result)) fail(value, from, to, 'out of range for bigint');
  return result;
}

function toBoolean(value: SqlValue, from: SqlType, to: SqlType): boolean {
  switch (from.kind) {
    case 'integer':
    case 'double':
      return (value as number) !== 0;
    case 'bigint':
      return (value as bigint) !== 0n;
    case 'varchar': {
      const text = (value as string).trim().toLowerCase();
      if (text === 'true' || text === 't' || text === '1') return true;
      if (text === 'false' || text === 'f' || text === '0') return false;
      return fail(value, from, to, "expected 'true' or 'false'");
    }
    default:
      return fail(value, from, to, 'these types do not convert');
  }
}

function toTimestamp(value: SqlValue, from: SqlType, to: SqlType): bigint {
  switch (from.kind) {
    case 'varchar':
      return parseTimestamp(value as string) ?? fail(value, from, to, 'expected an ISO 8601 timestamp such as 2022-06-16 18:00:00');
    case 'date':
      return BigInt(value as number) * NANOS_PER_DAY;
    default:
      return fail(value, from, to, 'these types do not convert');
  }
}

function toDate(value: SqlValue, from: SqlType, to: SqlType): number {
  switch (from.kind) {
    case 'varchar':
      return parseDate(value as string) ?? fail(value, from, to, 'expected YYYY-MM-DD');
    case 'timestamp':
      return Number(floorDiv(value as bigint, NANOS_PER_DAY));
    default:
      return fail(value, from, to, 'these types do not convert');
  }
}

/** A value as text: CAST(x AS varchar) for scalars, and a readable form for composite values. */
export function valueToText(value: SqlValue, type?: SqlType): string {
  if (value === null) return 'NULL';
  if (type) {
    switch (type.kind) {
      case 'timestamp':
        return formatTimestamp(value as bigint);
      case 'date':
        return formatDate(value as number);
      case 'time':
        return formatTime(value as bigint);
      case 'interval day to second':
        return formatIntervalDayToSecond(value as bigint);
      case 'interval year to month':
        return formatIntervalYearToMonth(value as number);
      case 'double':
        return formatDouble(value as number);
      case 'array':
        return `[${(value as readonly SqlValue[]).map((v) => valueToText(v, type.element)).join(', ')}]`;
      case 'row':
        return `{${(value as readonly SqlValue[]).map((v, i) => `${type.fields[i]?.name ?? `field${i}`}=${valueToText(v, type.fields[i]?.type)}`).join(', ')}}`;
      case 'timeseries': {
        const series = value as TimeSeries;
        return `[${series.times.map((t, i) => `{time=${formatTimestamp(t)}, value=${valueToText(series.values[i] ?? null, type.value)}}`).join(', ')}]`;
      }
      default:
        break;
    }
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) && type?.kind !== 'double' ? String(value) : formatDouble(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => valueToText(v)).join(', ')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${valueToText(k)}=${valueToText(v)}`).join(', ')}}`;
  if (value instanceof TimeSeries) return valueToText(value, { kind: 'timeseries', value: { kind: 'unknown' } });
  return '<function>';
}
