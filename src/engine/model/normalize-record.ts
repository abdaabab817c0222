import { checkAttributeName, checkDimensionName, checkDimensionValue, checkMeasureName, utf8Length } from './names.ts';
import { recordTimeToNs } from './time.ts';
import type { ColumnType, Dimension, MeasureValueType, ScalarMeasureType, WriteRecord } from './types.ts';
import { type CellValue, parseMeasureValue } from './values.ts';

/** One typed value of a normalized record. */
export interface NormalizedCell {
  /** `measure_value::<type>` for a single measure, the attribute name for MULTI. */
  readonly name: string;
  readonly type: ColumnType;
  readonly measureType: ScalarMeasureType;
  readonly value: CellValue;
}

/** A record merged with the request's CommonAttributes and validated on its own (no table state). */
export interface NormalizedRecord {
  readonly index: number;
  /** Sorted by name. */
  readonly dimensions: readonly (readonly [string, string])[];
  readonly measureName: string;
  readonly measureValueType: MeasureValueType;
  readonly time: bigint;
  readonly version: bigint;
  readonly cells: readonly NormalizedCell[];
}

const MEASURE_TYPES = new Set(['DOUBLE', 'BIGINT', 'VARCHAR', 'BOOLEAN', 'TIMESTAMP', 'MULTI']);
const TIME_UNITS = new Set(['MILLISECONDS', 'SECONDS', 'MICROSECONDS', 'NANOSECONDS']);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Merges `record` over `common` (the record's own fields win; dimensions are concatenated, a
 * record dimension overriding a common one of the same name) and checks every stateless rule.
 * Returns the normalized record, or the reason it is rejected, naming the field.
 */
export function normalizeRecord(record: WriteRecord, common: WriteRecord | undefined, index: number): NormalizedRecord | string {
  return normalizeWith(record, prepareCommon(common), index);
}

/** CommonAttributes checked once per request: its dimensions are shared by every record that has none of its own. */
export interface PreparedCommon {
  readonly common: WriteRecord | undefined;
  readonly dims: readonly (readonly [string, string])[] | string;
}

export function prepareCommon(common: WriteRecord | undefined): PreparedCommon {
  const merged = mergeDimensions(common?.Dimensions, undefined);
  return { common, dims: typeof merged === 'string' ? merged : (checkDimensionSet(merged) ?? merged) };
}

function checkDimensionSet(dims: readonly (readonly [string, string])[]): string | undefined {
  if (dims.length === 0) return 'At least one dimension is required for a record (Dimensions is empty).';
  if (dims.length > 128) return `Dimensions has ${dims.length} entries; the limit is 128 per record.`;
  let dimBytes = 0;
  for (const [name, value] of dims) dimBytes += utf8Length(name) + utf8Length(value);
  if (dimBytes > 2048) return `Dimensions total ${dimBytes} bytes of names and values; the limit is 2048 bytes per series.`;
  return undefined;
}

/** normalizeRecord with the CommonAttributes prepared once for the whole request. */
export function normalizeWith(record: WriteRecord, prepared: PreparedCommon, index: number): NormalizedRecord | string {
  if (record === null || typeof record !== 'object') return 'The record must be an object.';
  const common = prepared.common;
  let dims: readonly (readonly [string, string])[];
  if (record.Dimensions === undefined) {
    // The common dimensions alone: validated once, and the same array for every record (cheap series lookup).
    if (typeof prepared.dims === 'string') return prepared.dims;
    dims = prepared.dims;
  } else {
    const merged = mergeDimensions(common?.Dimensions, record.Dimensions);
    if (typeof merged === 'string') return merged;
    const reason = checkDimensionSet(merged);
    if (reason) return reason;
    dims = merged;
  }

  const measureName = record.MeasureName ?? common?.MeasureName;
  const nameReason = checkMeasureName(measureName);
  if (nameReason) return nameReason;

  const type = record.MeasureValueType ?? common?.MeasureValueType ?? 'DOUBLE';
  if (!MEASURE_TYPES.has(type))
    return `MeasureValueType "${String(type)}" is not one of DOUBLE, BIGINT, VARCHAR, BOOLEAN, TIMESTAMP, MULTI.`;
  const unit = record.TimeUnit ?? common?.TimeUnit ?? 'MILLISECONDS';
  if (!TIME_UNITS.has(unit)) return `TimeUnit "${String(unit)}" is not one of MILLISECONDS, SECONDS, MICROSECONDS, NANOSECONDS.`;

  const time = recordTimeToNs(record.Time ?? common?.Time, unit);
  if (typeof time === 'string') return time;

  const version = parseVersion(record.Version ?? common?.Version);
  if (typeof version === 'string') return version;

  const cells: NormalizedCell[] = [];
  if (type === 'MULTI') {
    if (record.MeasureValue !== undefined) return 'MeasureValue must not be set when MeasureValueType is MULTI; use MeasureValues.';
    const values = record.MeasureValues ?? common?.MeasureValues;
    if (!values || values.length === 0) return 'MeasureValues is required and must not be empty when MeasureValueType is MULTI.';
    if (values.length > 256) return `MeasureValues has ${values.length} entries; the limit is 256 per record.`;
    const seen = new Set<string>();
    for (let i = 0; i < values.length; i++) {
      const mv = values[i];
      const field = `MeasureValues[${i}]`;
      if (!mv || typeof mv !== 'object') return `${field} must be an object with Name, Value and Type.`;
      const reason = checkAttributeName(mv.Name, `${field}.Name`);
      if (reason) return reason;
      if (seen.has(mv.Name)) return `${field}.Name "${mv.Name}" appears more than once in the record.`;
      seen.add(mv.Name);
      if (dims.some(([d]) => d === mv.Name))
        return `${field}.Name "${mv.Name}" is also a dimension name; a dimension name cannot equal a measure attribute name.`;
      if (mv.Type === ('MULTI' as string) || !MEASURE_TYPES.has(mv.Type)) {
        return `${field}.Type "${String(mv.Type)}" is not one of DOUBLE, BIGINT, VARCHAR, BOOLEAN, TIMESTAMP.`;
      }
      const parsed = parseMeasureValue(mv.Value, mv.Type, unit, `${field}.Value`);
      if (!parsed.ok) return parsed.reason;
      cells.push({ name: mv.Name, type: parsed.type, measureType: mv.Type, value: parsed.value });
    }
  } else {
    if (record.MeasureValues !== undefined) return `MeasureValues must not be set when MeasureValueType is ${type}; use MeasureValue.`;
    const parsed = parseMeasureValue(record.MeasureValue ?? common?.MeasureValue, type, unit, 'MeasureValue');
    if (!parsed.ok) return parsed.reason;
    cells.push({ name: `measure_value::${parsed.type}`, type: parsed.type, measureType: type, value: parsed.value });
  }
  return { index, dimensions: dims, measureName: measureName as string, measureValueType: type, time, version, cells };
}

function mergeDimensions(common: readonly Dimension[] | undefined, own: readonly Dimension[] | undefined): [string, string][] | string {
  const out = new Map<string, string>();
  const lists: [string, readonly Dimension[] | undefined][] = [
    ['CommonAttributes.Dimensions', common],
    ['Dimensions', own],
  ];
  for (const [label, list] of lists) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `${label} must be an array.`;
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const d = list[i] as Dimension;
      const field = `${label}[${i}]`;
      if (!d || typeof d !== 'object') return `${field} must be an object with Name and Value.`;
      const reason = checkDimensionName(d.Name, `${field}.Name`) ?? checkDimensionValue(d.Value, `${field}.Value ("${String(d.Name)}")`);
      if (reason) return reason;
      if (d.DimensionValueType !== undefined && d.DimensionValueType !== 'VARCHAR') return `${field}.DimensionValueType must be VARCHAR.`;
      if (seen.has(d.Name)) return `${field}.Name "${d.Name}" appears more than once.`;
      seen.add(d.Name);
      out.set(d.Name, d.Value);
    }
  }
  // Sorted by UTF-16 code unit, which orders like UTF-8 bytes for the BMP: one key per dimension set.
  return [...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function parseVersion(version: number | bigint | undefined): bigint | string {
  if (version === undefined) return 1n;
  let v: bigint;
  if (typeof version === 'bigint') v = version;
  else if (typeof version === 'number' && Number.isSafeInteger(version)) v = BigInt(version);
  else if (typeof version === 'string' && /^[0-9]+$/.test(version)) v = BigInt(version);
  else return `Version ${String(version)} must be an integer of at least 1.`;
  if (v < 1n) return `Version ${v} must be at least 1.`;
  if (v > INT64_MAX) return `Version ${v} is beyond the 64-bit range.`;
  return v;
}
