import { utf8Length } from './names.ts';
import { NANOS_PER_UNIT } from './time.ts';
import { type ColumnType, columnTypeOf, type ScalarMeasureType, type TimeUnit } from './types.ts';

/** A parsed value as the storage keeps it: double -> number, bigint/timestamp -> bigint (ns), boolean -> 0|1, varchar -> string. */
export type CellValue = number | bigint | string;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^[+-]?[0-9]+$/;
const NUMBER_TEXT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Digits with at most a sign, one point and an exponent's characters: the shapes Number and the grammar agree on once Number is finite. */
function isPlainDecimal(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 40) return false;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (
      c === 46 ||
      ((c === 43 || c === 45) && (i === 0 || text.charCodeAt(i - 1) === 101 || text.charCodeAt(i - 1) === 69)) ||
      c === 101 ||
      c === 69
    )
      continue;
    else return false;
  }
  return digits > 0;
}

/** A parsed cell with its storage type, or the reason it could not be parsed. */
export type ParsedValue =
  | { readonly ok: true; readonly type: ColumnType; readonly value: CellValue }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses a `MeasureValue` string by its declared type. `field` names the field in the reason.
 * TIMESTAMP values are counts of the record's `TimeUnit` since the epoch.
 */
export function parseMeasureValue(text: unknown, type: ScalarMeasureType, unit: TimeUnit, field: string): ParsedValue {
  if (typeof text !== 'string') return { ok: false, reason: `${field} is required and must be a string.` };
  const col = columnTypeOf(type);
  switch (type) {
    case 'DOUBLE': {
      if (isPlainDecimal(text)) {
        const value = Number(text);
        // Plain decimal text that Number reads as finite is a valid DOUBLE (the common case, no regex).
        if (value - value === 0) return { ok: true, type: col, value };
      }
      const trimmed = text.trim();
      if (/^[+-]?(nan|inf|infinity)$/i.test(trimmed)) {
        return { ok: false, reason: `${field} "${text}" is not a finite number; DOUBLE values cannot be NaN or Infinity.` };
      }
      if (!NUMBER_TEXT.test(trimmed)) return { ok: false, reason: `${field} "${text}" cannot be parsed as a DOUBLE.` };
      const value = Number(trimmed);
      if (!Number.isFinite(value)) {
        return { ok: false, reason: `${field} "${text}" is not a finite number; DOUBLE values cannot be NaN or Infinity.` };
      }
      return { ok: true, type: col, value };
    }
    case 'BIGINT': {
      const trimmed = text.trim();
      if (!INTEGER_TEXT.test(trimmed)) return { ok: false, reason: `${field} "${text}" cannot be parsed as a BIGINT.` };
      const value = BigInt(trimmed);
      if (value < INT64_MIN || value > INT64_MAX) return { ok: false, reason: `${field} "${text}" is out of the BIGINT (64-bit) range.` };
      return { ok: true, type: col, value };
    }
    case 'BOOLEAN': {
      const lower = text.trim().toLowerCase();
      if (lower === 'true') return { ok: true, type: col, value: 1 };
      if (lower === 'false') return { ok: true, type: col, value: 0 };
      return { ok: false, reason: `${field} "${text}" cannot be parsed as a BOOLEAN (expected true or false).` };
    }
    case 'VARCHAR': {
      const bytes = utf8Length(text);
      if (bytes > 2048) return { ok: false, reason: `${field} is ${bytes} bytes long; the limit is 2048 bytes.` };
      return { ok: true, type: col, value: text };
    }
    case 'TIMESTAMP': {
      const trimmed = text.trim();
      if (!/^[0-9]+$/.test(trimmed)) {
        return { ok: false, reason: `${field} "${text}" cannot be parsed as a TIMESTAMP (a non-negative count of ${unit.toLowerCase()}).` };
      }
      const value = BigInt(trimmed) * NANOS_PER_UNIT[unit];
      if (value > INT64_MAX) return { ok: false, reason: `${field} "${text}" is beyond the TIMESTAMP range.` };
      return { ok: true, type: col, value };
    }
  }
}

/** Equality of two cells of the same column (used by upserts: identical value is a no-op). */
export function sameCell(a: CellValue | null, b: CellValue | null): boolean {
  if (a === null || b === null) return a === b;
  // Object.is keeps -0 and 0 apart, as a stored bit pattern would.
  return typeof a === 'number' && typeof b === 'number' ? Object.is(a, b) : a === b;
}
