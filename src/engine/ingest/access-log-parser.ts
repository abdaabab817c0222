import { TidemarkError } from '../../errors/index.ts';
import type { ParserOutput } from './format-parser.ts';
import { LineFault, LineRecordParser } from './line-record-parser.ts';
import { createTimeParser, type TimeParser } from './time-parse.ts';
import type { ImportMapping, IngestValueType } from './types.ts';

/**
 * The fields of an Apache/NGINX Common or Combined log line, in order:
 * `client ident user [time] "method path protocol" status bytes "referer" "user_agent"`.
 */
export const ACCESS_LOG_FIELDS: readonly string[] = [
  'client',
  'ident',
  'user',
  'time',
  'method',
  'path',
  'protocol',
  'status',
  'bytes',
  'referer',
  'user_agent',
];

/** The time layout of access logs: `17/May/2015:10:05:03 +0000`. */
export const ACCESS_LOG_TIME_PATTERN = 'dd/MMM/yyyy:HH:mm:ss Z';

const ENCODER = new TextEncoder();
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** One parsed field: its text ('' when the log wrote `-`) and where it starts in the line. */
interface LogField {
  text: string;
  at: number;
}

/** Reads a `"…"` field at `at` (backslash escapes undone). A quote never closed runs to the end of the line. */
function readQuoted(line: string, at: number): { text: string; next: number } {
  let text = '';
  let i = at + 1;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      text += line[i + 1];
      i += 2;
      continue;
    }
    if (ch === '"') return { text, next: i + 1 };
    text += ch;
    i++;
  }
  // Real logs have such lines (a user agent cut off mid-quote): keep what is there.
  return { text, next: line.length };
}

/**
 * Apache/NGINX access logs (Common and Combined Log Format), one request per line. The fields
 * (`ACCESS_LOG_FIELDS`) are mapped like CSV columns: by default the method and status are dimensions,
 * bytes a BIGINT measure and the client, path, referer and user agent VARCHAR measures. `-` means no value.
 * A quoted field that is never closed (a cut-off user agent) runs to the end of its line rather than
 * losing the request.
 */
export class AccessLogParser extends LineRecordParser {
  private readonly timeParser: TimeParser;
  private readonly fields = ACCESS_LOG_FIELDS.map((): LogField => ({ text: '', at: 0 }));
  private readonly dimensions: { index: number; target: number }[];
  private readonly measures: { index: number; target: number; type: IngestValueType; name: string }[];
  private readonly constants: { index: number; value: string }[];
  private readonly timeIndex: number;

  constructor(mapping: ImportMapping, out: ParserOutput) {
    super(out, false);
    this.timeParser = createTimeParser(mapping.timeFormat, mapping.timeZone);
    const indexOf = (column: string): number => {
      const index = ACCESS_LOG_FIELDS.indexOf(column);
      if (index < 0) throw new TidemarkError('VALIDATION', `"${column}" is not an access log field (${ACCESS_LOG_FIELDS.join(', ')}).`);
      return index;
    };
    this.timeIndex = indexOf(mapping.timeColumn);
    this.dimensions = mapping.dimensions.map((d) => ({ index: indexOf(d.column), target: out.builder.dimensionIndex(d.name) }));
    this.measures = mapping.measures.map((m) => ({
      index: indexOf(m.column),
      target: out.builder.measureIndex(m.name, m.type),
      type: m.type,
      name: m.column,
    }));
    this.constants = (mapping.constantDimensions ?? []).map((d) => ({ index: out.builder.dimensionIndex(d.name), value: d.value }));
  }

  private set(index: number, text: string, at: number): void {
    const field = this.fields[index]!;
    field.text = text === '-' ? '' : text;
    field.at = at;
  }

  /** Splits a line into its fields; undefined when it has the shape, else the fault. */
  private split(line: string): LineFault | undefined {
    let i = 0;
    const word = (index: number): LineFault | undefined => {
      while (line[i] === ' ') i++;
      const at = i;
      while (i < line.length && line[i] !== ' ') i++;
      if (at === i) return new LineFault(at, `The line ends before the ${ACCESS_LOG_FIELDS[index]} field.`, ACCESS_LOG_FIELDS[index]);
      this.set(index, line.slice(at, i), at);
      return undefined;
    };
    const problem = word(0) ?? word(1) ?? word(2);
    if (problem) return problem;
    while (line[i] === ' ') i++;
    if (line[i] !== '[') return new LineFault(i, 'Expected the time in [brackets].', 'time');
    const close = line.indexOf(']', i);
    if (close < 0) return new LineFault(i, 'The time has no closing bracket.', 'time');
    this.set(3, line.slice(i + 1, close), i + 1);
    i = close + 1;
    while (line[i] === ' ') i++;
    if (line[i] !== '"') return new LineFault(i, 'Expected the request in "quotes".', 'method');
    const requestAt = i + 1;
    const request = readQuoted(line, i);
    i = request.next;
    const first = request.text.indexOf(' ');
    const last = request.text.lastIndexOf(' ');
    if (first < 0) {
      // `"-"` or a request that is only junk: no method or protocol to tell apart.
      this.set(4, '', requestAt);
      this.set(5, request.text, requestAt);
      this.set(6, '', requestAt);
    } else {
      this.set(4, request.text.slice(0, first), requestAt);
      this.set(5, request.text.slice(first + 1, last > first ? last : undefined), requestAt + first + 1);
      this.set(6, last > first ? request.text.slice(last + 1) : '', requestAt + last + 1);
    }
    const tail = word(7) ?? word(8);
    if (tail) return tail;
    this.set(9, '', i);
    this.set(10, '', i);
    for (const index of [9, 10]) {
      while (line[i] === ' ') i++;
      if (i >= line.length) break;
      if (line[i] !== '"') return new LineFault(i, `Expected the ${ACCESS_LOG_FIELDS[index]} in "quotes".`, ACCESS_LOG_FIELDS[index]);
      const at = i + 1;
      const quoted = readQuoted(line, i);
      this.set(index, quoted.text, at);
      i = quoted.next;
    }
    return undefined;
  }

  protected parseLine(line: string): LineFault | undefined {
    const problem = this.split(line);
    if (problem) return problem;
    const builder = this.out.builder;
    const time = this.fields[this.timeIndex]!;
    const bytes = ENCODER.encode(time.text);
    const reason = this.timeParser.parse(bytes, 0, bytes.length);
    if (reason !== undefined) return new LineFault(time.at, reason, ACCESS_LOG_FIELDS[this.timeIndex]);
    builder.setTime(this.timeParser.ms, this.timeParser.subMsNs);
    for (const d of this.dimensions) {
      const text = this.fields[d.index]!.text;
      if (text !== '') builder.setDimension(d.target, text);
    }
    for (const m of this.measures) {
      const field = this.fields[m.index]!;
      if (field.text === '') continue;
      if (m.type === 'VARCHAR') builder.setString(m.target, field.text);
      else if (m.type === 'BIGINT' && INTEGER_TEXT.test(field.text)) builder.setBigint(m.target, BigInt(field.text));
      else if (m.type === 'DOUBLE' && NUMBER_TEXT.test(field.text)) builder.setDouble(m.target, Number(field.text));
      else return new LineFault(field.at, `"${field.text.slice(0, 64)}" is not a ${m.type} (${m.name}).`, m.name);
    }
    if (!builder.rowHasMeasure()) return new LineFault(0, 'The request has no measure value.');
    for (const c of this.constants) builder.setDimension(c.index, c.value);
    return undefined;
  }
}

/** The mapping an access log gets by default: one multi-measure `request` record per line. */
export function accessLogMapping(target: { database: string; table: string }): ImportMapping {
  return {
    format: 'access-log',
    timeColumn: 'time',
    timeFormat: { kind: 'pattern', pattern: ACCESS_LOG_TIME_PATTERN },
    timeZone: 'UTC',
    dimensions: [
      { column: 'method', name: 'method' },
      { column: 'status', name: 'status' },
    ],
    measures: [
      { column: 'bytes', name: 'bytes', type: 'BIGINT' },
      { column: 'client', name: 'client', type: 'VARCHAR' },
      { column: 'path', name: 'path', type: 'VARCHAR' },
      { column: 'referer', name: 'referer', type: 'VARCHAR' },
      { column: 'user_agent', name: 'user_agent', type: 'VARCHAR' },
    ],
    multiMeasure: true,
    measureNameForSingle: 'request',
    target,
  };
}
