import type { SqlType } from '../types/sql-type.ts';
import { type SqlValue, TimeSeries } from './sql-value.ts';

/**
 * Total order over non-null values of one type, as ORDER BY, min/max and comparisons use it.
 * NaN sorts above every other double (as in Presto), and -0 equals 0.
 */
export function compareValues(a: SqlValue, b: SqlValue, type: SqlType): number {
  switch (type.kind) {
    case 'double':
    case 'integer':
    case 'date':
    case 'interval year to month': {
      const x = a as number;
      const y = b as number;
      if (x < y) return -1;
      if (x > y) return 1;
      if (x === y) return 0;
      const xNaN = Number.isNaN(x);
      const yNaN = Number.isNaN(y);
      return xNaN === yNaN ? 0 : xNaN ? 1 : -1;
    }
    case 'bigint':
    case 'timestamp':
    case 'time':
    case 'interval day to second':
      return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
    case 'boolean':
      return a === b ? 0 : a ? 1 : -1;
    case 'varchar':
      return compareStrings(a as string, b as string);
    case 'array':
      return compareSequences(a as readonly SqlValue[], b as readonly SqlValue[], () => type.element);
    case 'row':
      return compareSequences(a as readonly SqlValue[], b as readonly SqlValue[], (i) => type.fields[i]!.type);
    default:
      return compareLoose(a, b);
  }
}

/**
 * Strings compare by code point, as Presto (and DuckDB) order varchar by UTF-8 bytes. JavaScript's
 * `<` compares UTF-16 code units, which puts U+E000..U+FFFF above astral characters (surrogate
 * pairs); at the first differing unit, surrogates are lifted above that range to restore the order.
 */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** A UTF-16 code unit's rank in code point order: surrogates (D800-DFFF) above E000-FFFF. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

function compareSequences(a: readonly SqlValue[], b: readonly SqlValue[], typeAt: (i: number) => SqlType): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === null || y === null) {
      if (x === y) continue;
      return x === null ? 1 : -1;
    }
    const c = compareValues(x, y, typeAt(i));
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareLoose(a: SqlValue, b: SqlValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A key under which equal values (for GROUP BY, DISTINCT, joins, count(DISTINCT)) collide and
 * unequal ones do not. NaN groups with NaN, and -0 with 0, as in Presto's GROUP BY.
 */
export function hashKey(value: SqlValue): string {
  if (value === null) return 'N';
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? 'dNaN' : `d${value === 0 ? 0 : value}`;
    case 'bigint':
      return `i${value}`;
    case 'string':
      return `s${value.length}:${value}`;
    case 'boolean':
      return value ? 'T' : 'F';
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(hashKey).join(',')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${hashKey(k)}:${hashKey(v)}`).join(',')}}`;
  if (value instanceof TimeSeries) return `ts[${value.times.join(',')}|${value.values.map(hashKey).join(',')}]`;
  return 'fn';
}
