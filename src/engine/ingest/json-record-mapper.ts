import type { BatchBuilder } from './batch-builder.ts';
import { parseBooleanText } from './number-bytes.ts';
import type { RejectionSink } from './rejection-sink.ts';
import { createFlexibleTimeParser, createTimeParser, type TimeParser } from './time-parse.ts';
import type { ImportMapping, IngestValueType } from './types.ts';

/** A JSON value as JSON.parse returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ENCODER = new TextEncoder();

/** Reads a dotted key path (`a.b.c`) in an object; a key that itself has dots is found first as a whole. */
export function valueAtPath(object: { [key: string]: JsonValue }, path: string): JsonValue | undefined {
  // Own keys only: a record without "constructor" must not find Object.prototype's.
  if (Object.hasOwn(object, path)) return object[path];
  let current: JsonValue | undefined = object;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Flattens nested objects into dotted keys (arrays stay values), for the preview and inference. */
export function flattenObject(
  object: { [key: string]: JsonValue },
  prefix = '',
  out: Record<string, JsonValue> = {},
): Record<string, JsonValue> {
  for (const [key, value] of Object.entries(object)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flattenObject(value, path, out);
    else out[path] = value;
  }
  return out;
}

interface MappedMeasure {
  readonly path: string;
  readonly index: number;
  readonly type: IngestValueType;
  readonly timeParser?: TimeParser;
}

/**
 * Writes parsed JSON objects into the builder by an import mapping (NDJSON and JSON arrays share it).
 * Keys are dotted paths into nested objects. Numbers may be JSON numbers or numeric strings; the time
 * may be a string in the mapping's format, or a number of epoch units when the format is epoch.
 */
export class JsonRecordMapper {
  private readonly timeParser: TimeParser;
  private readonly dimensions: { path: string; index: number }[];
  private readonly measures: MappedMeasure[];
  private readonly constants: { index: number; value: string }[];

  constructor(
    private readonly mapping: ImportMapping,
    private readonly builder: BatchBuilder,
    private readonly rejections: RejectionSink,
  ) {
    this.timeParser = createTimeParser(mapping.timeFormat, mapping.timeZone);
    this.dimensions = mapping.dimensions.map((d) => ({ path: d.column, index: builder.dimensionIndex(d.name) }));
    this.measures = mapping.measures.map((m) => ({
      path: m.column,
      index: builder.measureIndex(m.name, m.type),
      type: m.type,
      ...(m.type === 'TIMESTAMP' ? { timeParser: createFlexibleTimeParser(mapping.timeZone) } : {}),
    }));
    this.constants = (mapping.constantDimensions ?? []).map((d) => ({ index: builder.dimensionIndex(d.name), value: d.value }));
  }

  private reject(line: number, column: number, reason: string, raw: string, field?: string): void {
    this.rejections.add(line, column, reason, raw, field);
    this.builder.discardRow();
  }

  private parseTime(parser: TimeParser, value: JsonValue | undefined): string | undefined {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `${value} is not a time.`;
      value = String(value);
    }
    if (typeof value !== 'string') return `Expected a time, found ${value === undefined ? 'nothing' : JSON.stringify(value)}.`;
    const bytes = ENCODER.encode(value.trim());
    return parser.parse(bytes, 0, bytes.length);
  }

  /** Maps one element; `column` is where it starts on `line`, for reports. */
  map(value: JsonValue, line: number, column: number, raw: string): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.reject(line, column, 'Expected a JSON object per record.', raw);
      return;
    }
    const builder = this.builder;
    const timeValue = valueAtPath(value, this.mapping.timeColumn);
    const timeReason = this.parseTime(this.timeParser, timeValue);
    if (timeReason !== undefined) {
      this.reject(line, column, timeReason, raw, this.mapping.timeColumn);
      return;
    }
    builder.setTime(this.timeParser.ms, this.timeParser.subMsNs);
    for (const dimension of this.dimensions) {
      const v = valueAtPath(value, dimension.path);
      if (v === undefined || v === null || v === '') continue;
      if (typeof v === 'object') {
        this.reject(line, column, 'A dimension must be a string, number or boolean, not an object or array.', raw, dimension.path);
        return;
      }
      builder.setDimension(dimension.index, String(v));
    }
    for (const measure of this.measures) {
      const v = valueAtPath(value, measure.path);
      if (v === undefined || v === null || v === '') continue;
      const reason = this.measure(measure, v);
      if (reason !== undefined) {
        this.reject(line, column, reason, raw, measure.path);
        return;
      }
    }
    if (!builder.rowHasMeasure()) {
      this.reject(line, column, 'The record has no measure value.', raw);
      return;
    }
    for (const constant of this.constants) builder.setDimension(constant.index, constant.value);
    builder.commitRow(line);
  }

  private measure(measure: MappedMeasure, v: JsonValue): string | undefined {
    const builder = this.builder;
    const shown = JSON.stringify(v).slice(0, 64);
    switch (measure.type) {
      case 'DOUBLE': {
        const n = typeof v === 'number' ? v : typeof v === 'string' && NUMBER_TEXT.test(v.trim()) ? Number(v) : Number.NaN;
        if (!Number.isFinite(n)) return `${shown} is not a finite number (DOUBLE).`;
        builder.setDouble(measure.index, n);
        return undefined;
      }
      case 'BIGINT': {
        if (typeof v === 'number' && Number.isSafeInteger(v)) builder.setBigintSafe(measure.index, v);
        else if (typeof v === 'string' && INTEGER_TEXT.test(v.trim())) {
          const n = BigInt(v.trim());
          if (n > 0x7fff_ffff_ffff_ffffn || n < -0x8000_0000_0000_0000n) return `${shown} is out of the BIGINT (64-bit) range.`;
          builder.setBigint(measure.index, n);
        } else
          return `${shown} is not a 64-bit integer (BIGINT)${typeof v === 'number' ? ' that JSON can carry exactly; write it as a string' : ''}.`;
        return undefined;
      }
      case 'BOOLEAN': {
        const b = typeof v === 'boolean' ? v : typeof v === 'string' ? parseBooleanText(v.trim()) : undefined;
        if (b === undefined) return `${shown} is not a BOOLEAN (true or false).`;
        builder.setBoolean(measure.index, b);
        return undefined;
      }
      case 'VARCHAR':
        if (typeof v === 'object') builder.setString(measure.index, JSON.stringify(v));
        else builder.setString(measure.index, String(v));
        return undefined;
      case 'TIMESTAMP': {
        const parser = measure.timeParser!;
        const reason = this.parseTime(parser, v);
        if (reason !== undefined) return reason;
        builder.setTimestamp(measure.index, parser.ms, parser.subMsNs);
        return undefined;
      }
    }
  }
}
