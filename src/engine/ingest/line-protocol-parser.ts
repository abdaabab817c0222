import type { ParserOutput } from './format-parser.ts';
import { LineFault, LineRecordParser } from './line-record-parser.ts';
import { createTimeParser, type TimeParser } from './time-parse.ts';
import type { ImportMapping, IngestValueType } from './types.ts';

const INT64_MAX = 0x7fff_ffff_ffff_ffffn;
const INT64_MIN = -0x8000_0000_0000_0000n;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_TEXTS = new Set(['t', 'T', 'true', 'True', 'TRUE']);
const FALSE_TEXTS = new Set(['f', 'F', 'false', 'False', 'FALSE']);
const ENCODER = new TextEncoder();

/** A failure at a character position (0-based) in the line. */
/**
 * Reads up to an unescaped stop character. Backslash escapes the characters in `escapable` (and itself
 * before them); a backslash before anything else is kept, as InfluxDB does.
 */
function readToken(text: string, at: number, stops: string, escapable: string): { value: string; next: number } {
  let value = '';
  let i = at;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && escapable.includes(text[i + 1]!)) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    if (stops.includes(ch)) break;
    value += ch;
    i++;
  }
  return { value, next: i };
}

/** A parsed field value with its Timestream type. */
type FieldValue =
  | { type: 'DOUBLE'; value: number }
  | { type: 'BIGINT'; value: bigint }
  | { type: 'BOOLEAN'; value: boolean }
  | { type: 'VARCHAR'; value: string };

function parseFieldValue(text: string, at: number, key: string): { field: FieldValue; next: number } | LineFault {
  if (text[at] === '"') {
    let value = '';
    let i = at + 1;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      if (ch === '"') return { field: { type: 'VARCHAR', value }, next: i + 1 };
      value += ch;
      i++;
    }
    return new LineFault(at, `The string value of field "${key}" has no closing quote.`, key);
  }
  const { value: raw, next } = readToken(text, at, ', ', '');
  if (raw === '') return new LineFault(at, `Field "${key}" has no value.`, key);
  const last = raw[raw.length - 1];
  if (last === 'i' || last === 'u') {
    const digits = raw.slice(0, -1);
    if (!/^[+-]?\d+$/.test(digits) || (last === 'u' && digits.startsWith('-'))) {
      return new LineFault(at, `"${raw}" is not a valid ${last === 'i' ? 'integer' : 'unsigned integer'} (field "${key}").`, key);
    }
    const value = BigInt(digits);
    if (value > INT64_MAX || value < INT64_MIN) return new LineFault(at, `"${raw}" does not fit a 64-bit BIGINT (field "${key}").`, key);
    return { field: { type: 'BIGINT', value }, next };
  }
  if (TRUE_TEXTS.has(raw)) return { field: { type: 'BOOLEAN', value: true }, next };
  if (FALSE_TEXTS.has(raw)) return { field: { type: 'BOOLEAN', value: false }, next };
  if (!FLOAT_TEXT.test(raw))
    return new LineFault(at, `"${raw}" is not a number, an integer (1i), a string or a boolean (field "${key}").`, key);
  const value = Number(raw);
  if (!Number.isFinite(value)) return new LineFault(at, `"${raw}" is not a finite number (field "${key}").`, key);
  return { field: { type: 'DOUBLE', value }, next };
}

/**
 * InfluxDB line protocol: `measurement[,tag=value…] field=value[,field=value…] [timestamp]`. Tags become
 * dimensions, fields become measures typed by their syntax (float, `i` integer, `u` unsigned, `"string"`,
 * boolean), the measurement becomes the multi-measure record's measure_name (or, single-measure, a
 * `measurement` dimension with one record per field). Timestamps are counts in the mapping's epoch unit
 * (the line protocol's precision, ns by default); a line without one takes `defaultTime`, else is rejected.
 */
export class LineProtocolParser extends LineRecordParser {
  private readonly timeParser: TimeParser;
  private readonly defaultTime: { ms: number; subMsNs: number } | undefined;
  private readonly measurementDimension: number | undefined;

  constructor(
    private readonly mapping: ImportMapping,
    out: ParserOutput,
  ) {
    super(out, true);
    this.timeParser = createTimeParser(mapping.timeFormat.kind === 'epoch' ? mapping.timeFormat : { kind: 'epoch', unit: 'ns' });
    this.defaultTime = defaultTimeOf(mapping);
    this.measurementDimension = mapping.multiMeasure ? undefined : out.builder.dimensionIndex('measurement');
  }

  protected parseLine(text: string): LineFault | undefined {
    const builder = this.out.builder;
    let i = 0;
    while (text[i] === ' ' || text[i] === '\t') i++;
    const measurement = readToken(text, i, ', ', ', ');
    if (measurement.value === '') return new LineFault(i, 'The line has no measurement name.');
    i = measurement.next;
    if (this.measurementDimension === undefined) builder.setMeasureName(measurement.value);
    else builder.setDimension(this.measurementDimension, measurement.value);
    while (text[i] === ',') {
      const keyAt = i + 1;
      const key = readToken(text, keyAt, ',= ', ',= ');
      if (text[key.next] !== '=' || key.value === '') return new LineFault(keyAt, 'A tag must be written key=value.');
      const value = readToken(text, key.next + 1, ', ', ',= ');
      if (value.value === '') return new LineFault(key.next + 1, `Tag "${key.value}" has an empty value.`, key.value);
      builder.setDimension(builder.dimensionIndex(this.dimensionName(key.value)), value.value);
      i = value.next;
    }
    if (text[i] !== ' ' && text[i] !== '\t') return new LineFault(i, 'Expected a space and then the fields.');
    while (text[i] === ' ' || text[i] === '\t') i++;
    let fields = 0;
    for (;;) {
      const keyAt = i;
      const key = readToken(text, keyAt, ',= ', ',= ');
      if (text[key.next] !== '=' || key.value === '') return new LineFault(keyAt, 'A field must be written key=value.');
      const parsed = parseFieldValue(text, key.next + 1, key.value);
      if (parsed instanceof LineFault) return parsed;
      const problem = this.setField(key.value, parsed.field);
      if (problem !== undefined) return new LineFault(keyAt, problem, key.value);
      fields++;
      i = parsed.next;
      if (text[i] !== ',') break;
      i++;
    }
    if (fields === 0) return new LineFault(i, 'The line has no fields.');
    while (text[i] === ' ' || text[i] === '\t') i++;
    const timeAt = i;
    let timeEnd = i;
    while (timeEnd < text.length && text[timeEnd] !== ' ' && text[timeEnd] !== '\t') timeEnd++;
    const stamp = text.slice(timeAt, timeEnd);
    let after = timeEnd;
    while (text[after] === ' ' || text[after] === '\t') after++;
    if (after < text.length) return new LineFault(after, 'Unexpected text after the timestamp.');
    if (stamp === '') {
      if (this.defaultTime === undefined) return new LineFault(timeAt, 'The line has no timestamp.');
      builder.setTime(this.defaultTime.ms, this.defaultTime.subMsNs);
      return undefined;
    }
    const bytes = ENCODER.encode(stamp);
    const reason = /^-?\d+$/.test(stamp) ? this.timeParser.parse(bytes, 0, bytes.length) : `"${stamp}" is not an integer timestamp.`;
    if (reason !== undefined) return new LineFault(timeAt, reason);
    builder.setTime(this.timeParser.ms, this.timeParser.subMsNs);
    return undefined;
  }

  private dimensionName(tag: string): string {
    const mapped = this.mapping.dimensions.find((d) => d.column === tag);
    return mapped?.name ?? tag;
  }

  private setField(key: string, field: FieldValue): string | undefined {
    const builder = this.out.builder;
    const mapped = this.mapping.measures.find((m) => m.column === key);
    const name = mapped?.name ?? key;
    const wanted: IngestValueType = mapped?.type ?? builder.measureType(name) ?? field.type;
    if (wanted !== field.type && !(wanted === 'DOUBLE' && field.type === 'BIGINT')) {
      return `Field "${key}" is ${field.type} here but ${wanted} elsewhere; a measure keeps one type.`;
    }
    const index = builder.measureIndex(name, wanted);
    switch (field.type) {
      case 'DOUBLE':
        builder.setDouble(index, field.value);
        break;
      case 'BIGINT':
        if (wanted === 'DOUBLE') builder.setDouble(index, Number(field.value));
        else builder.setBigint(index, field.value);
        break;
      case 'BOOLEAN':
        builder.setBoolean(index, field.value);
        break;
      case 'VARCHAR':
        builder.setString(index, field.value);
        break;
    }
    return undefined;
  }
}

/** The mapping's `defaultTime` (ISO 8601) as ms + sub-ms ns, for records that carry no time. */
export function defaultTimeOf(mapping: ImportMapping): { ms: number; subMsNs: number } | undefined {
  if (mapping.defaultTime === undefined) return undefined;
  const parser = createTimeParser({ kind: 'iso8601' }, 'UTC');
  const bytes = ENCODER.encode(mapping.defaultTime);
  if (parser.parse(bytes, 0, bytes.length) !== undefined) return undefined;
  return { ms: parser.ms, subMsNs: parser.subMsNs };
}
