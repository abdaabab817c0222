import { TidemarkError } from '../../errors/index.ts';
import {
  FIELD_ESCAPED,
  FIELD_QUOTED,
  NEED_MORE,
  RecordSpans,
  type ScanBytes,
  scanBytesOf,
  scanRecord,
  unescapeField,
} from './csv-scanner.ts';
import { type FormatParser, hasBom, joinBytes, type ParserOutput } from './format-parser.ts';
import { parseBigintBytes, parseBooleanText, parseDoubleBytes, parseSmallIntegerBytes } from './number-bytes.ts';
import { locate, rawText } from './rejection-sink.ts';
import { createFlexibleTimeParser, createTimeParser, type TimeParser } from './time-parse.ts';
import type { CsvDialect, ImportMapping, IngestValueType } from './types.ts';

const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

const ROLE_TIME = 1;
const ROLE_DIMENSION = 2;
const ROLE_MEASURE = 3;
const ROLE_MEASURE_NAME = 4;

/** What one mapped field of a record becomes. */
interface FieldRole {
  readonly field: number;
  readonly name: string;
  readonly role: number;
  /** Dimension or measure column index in the builder. */
  readonly target: number;
  readonly type: IngestValueType;
  /** TIMESTAMP measures only (always present, so every role has one hidden class and the hot loop stays monomorphic). */
  readonly timeParser: TimeParser | undefined;
}

/** The default column names of a file without a header: column1, column2, … */
export function defaultColumnName(index: number): string {
  return `column${index + 1}`;
}

const LENIENT = new TextDecoder('utf-8');

/**
 * Streams delimited text (CSV, TSV, …) into columnar rows by an import mapping. Works on bytes: numbers
 * and times are parsed without making strings, and dimension strings are decoded once per distinct run.
 * Records may span slices and lines (quoted newlines); line numbers count physical lines, 1-based,
 * including the header.
 */
export class CsvParser implements FormatParser {
  private readonly scan: ScanBytes;
  private readonly spans = new RecordSpans();
  private readonly timeParser: TimeParser;
  private carry: Uint8Array | undefined;
  private started = false;
  /** Line on which the next record starts. */
  private line = 1;
  /** Discarding an over-long line until its end. */
  private skipping = false;
  private columnNames: readonly string[] | undefined;
  private roles: FieldRole[] = [];
  private readonly constantDimensions: { index: number; value: string }[] = [];
  private readonly nullBytes: Uint8Array | undefined;

  constructor(
    private readonly mapping: ImportMapping,
    private readonly dialect: CsvDialect,
    private readonly out: ParserOutput,
  ) {
    if (dialect.delimiter.length !== 1 || dialect.delimiter.charCodeAt(0) > 0x7f) {
      throw new TidemarkError('INVALID_ARGUMENT', `The delimiter must be one ASCII character, not "${dialect.delimiter}".`);
    }
    this.scan = scanBytesOf(dialect);
    this.timeParser = createTimeParser(mapping.timeFormat, mapping.timeZone);
    if (dialect.nullValue !== undefined && dialect.nullValue !== '') this.nullBytes = new TextEncoder().encode(dialect.nullValue);
    for (const constant of mapping.constantDimensions ?? []) {
      this.constantDimensions.push({ index: out.builder.dimensionIndex(constant.name), value: constant.value });
    }
    if (!dialect.header && mapping.columnNames !== undefined) this.resolveRoles(mapping.columnNames);
  }

  push(bytes: Uint8Array): void {
    this.consume(bytes, false);
  }

  finish(): void {
    // An empty file, or one with only a header, is not an error: it simply has no rows.
    this.consume(new Uint8Array(0), true);
  }

  private consume(input: Uint8Array, atEnd: boolean): void {
    let slice = input;
    let pos = 0;
    if (!this.started) {
      slice = joinBytes(this.carry, input);
      this.carry = undefined;
      if (slice.length < 3 && !atEnd) {
        this.carry = slice.slice();
        return;
      }
      this.started = true;
      if (hasBom(slice)) pos = 3;
    }
    if (this.skipping) {
      const lf = slice.indexOf(LF, pos);
      if (lf < 0) return;
      this.skipping = false;
      pos = lf + 1;
    }
    const carry = this.carry;
    if (carry !== undefined) {
      // Finish the carried record with as few bytes of the slice as it needs (up to the first line end), so
      // the rest of the slice is parsed where it is rather than copied behind the carry. A record that goes
      // on past that line (quoted newlines) gets the whole slice on the second try: never more than two scans.
      this.carry = undefined;
      let take = pos;
      for (;;) {
        const lf = take === pos ? slice.indexOf(LF, pos) : -1;
        take = lf < 0 ? slice.length : lf + 1;
        const last = take === slice.length;
        const joined = joinBytes(carry, slice.subarray(pos, take));
        const stop = this.run(joined, 0, atEnd && last);
        if (this.skipping) return;
        if (stop === joined.length) {
          pos = take;
          break;
        }
        if (stop >= carry.length) {
          pos += stop - carry.length;
          break;
        }
        if (last) {
          this.carry = joined.slice(stop);
          return;
        }
      }
    }
    if (pos < slice.length || atEnd) {
      const stop = this.run(slice, pos, atEnd);
      if (!this.skipping && stop < slice.length) this.carry = slice.slice(stop);
    }
  }

  /**
   * Parses the records of `bytes` from `pos`; returns where an incomplete last record starts (the caller
   * keeps it for the next slice), or `bytes.length` when all were consumed (or are being skipped).
   */
  private run(bytes: Uint8Array, start: number, atEnd: boolean): number {
    let pos = start;
    const end = bytes.length;
    const spans = this.spans;
    while (pos < end) {
      const next = scanRecord(bytes, pos, end, atEnd, this.scan, spans);
      if (next === NEED_MORE) {
        if (end - pos > this.out.maxRecordBytes) {
          // Too long to be a record: most likely an unterminated quote swallowing the file. Reject the line
          // it starts on and go on from the next line, so memory stays bounded and later lines still count.
          const lf = bytes.indexOf(LF, pos);
          const stop = lf < 0 ? end : lf;
          this.out.rejections.add(
            this.line,
            1,
            `The record is longer than ${this.out.maxRecordBytes} bytes (an unterminated quote, or a line too long to import).`,
            rawText(bytes, pos, stop),
          );
          this.line++;
          if (lf < 0) {
            this.skipping = true;
            return end;
          }
          pos = lf + 1;
          continue;
        }
        return pos;
      }
      if (next - pos > this.out.maxRecordBytes) {
        // The limit holds however the record fell into slices (one read whole within a slice included).
        this.out.rejections.add(
          this.line,
          1,
          `The record is longer than ${this.out.maxRecordBytes} bytes (an unterminated quote, or a line too long to import).`,
          rawText(bytes, pos, Math.min(next, spans.textEnd)),
        );
        this.line += 1 + spans.newlines;
        pos = next;
        continue;
      }
      if (spans.unterminatedQuoteAt >= 0) {
        const at = spans.unterminatedQuoteAt;
        const where = locate(bytes, pos, this.line, at);
        const lf = bytes.indexOf(LF, at);
        const stop = lf < 0 ? end : lf;
        this.out.rejections.add(
          where.line,
          where.column,
          'The quoted field is never closed (unterminated quote).',
          rawText(bytes, pos, stop),
        );
        for (let k = pos; k < stop; k++) if (bytes[k] === LF) this.line++;
        this.line++;
        pos = lf < 0 ? end : lf + 1;
        continue;
      }
      const isEmpty = spans.count === 1 && spans.starts[0] === spans.ends[0] && spans.flags[0] === 0;
      if (!isEmpty) {
        if (this.columnNames === undefined) this.takeHeader(bytes, pos);
        else this.record(bytes, pos);
      }
      this.line += 1 + spans.newlines;
      pos = next;
    }
    return end;
  }

  private takeHeader(bytes: Uint8Array, start: number): void {
    const spans = this.spans;
    if (!this.dialect.header) {
      const names = this.mapping.columnNames ?? Array.from({ length: spans.count }, (_, k) => defaultColumnName(k));
      this.resolveRoles(names);
      this.record(bytes, start);
      return;
    }
    const names: string[] = [];
    for (let f = 0; f < spans.count; f++) names.push(this.fieldText(bytes, f).trim());
    this.resolveRoles(this.mapping.columnNames ?? names);
  }

  private resolveRoles(names: readonly string[]): void {
    this.columnNames = names;
    const indexOf = (column: string, what: string): number => {
      const index = names.indexOf(column);
      if (index < 0) {
        throw new TidemarkError('VALIDATION', `The ${what} column "${column}" is not in the file (its columns: ${names.join(', ')}).`, {
          position: { line: 1 },
        });
      }
      return index;
    };
    const { builder } = this.out;
    const roles: FieldRole[] = [];
    roles.push({
      field: indexOf(this.mapping.timeColumn, 'time'),
      name: this.mapping.timeColumn,
      role: ROLE_TIME,
      target: 0,
      type: 'TIMESTAMP',
      timeParser: undefined,
    });
    for (const dimension of this.mapping.dimensions) {
      roles.push({
        field: indexOf(dimension.column, 'dimension'),
        name: dimension.column,
        role: ROLE_DIMENSION,
        target: builder.dimensionIndex(dimension.name),
        type: 'VARCHAR',
        timeParser: undefined,
      });
    }
    if (this.mapping.measureNameColumn !== undefined) {
      const column = this.mapping.measureNameColumn;
      roles.push({
        field: indexOf(column, 'measure name'),
        name: column,
        role: ROLE_MEASURE_NAME,
        target: 0,
        type: 'VARCHAR',
        timeParser: undefined,
      });
    }
    for (const measure of this.mapping.measures) {
      roles.push({
        field: indexOf(measure.column, 'measure'),
        name: measure.column,
        role: ROLE_MEASURE,
        target: builder.measureIndex(measure.name, measure.type),
        type: measure.type,
        timeParser: measure.type === 'TIMESTAMP' ? createFlexibleTimeParser(this.mapping.timeZone) : undefined,
      });
    }
    this.roles = roles;
  }

  /** A field's text, quotes undone (for headers, strings and the rare escaped number). */
  private fieldText(bytes: Uint8Array, f: number): string {
    const spans = this.spans;
    const text = LENIENT.decode(bytes.subarray(spans.starts[f]!, spans.ends[f]!));
    return spans.flags[f]! & FIELD_ESCAPED ? unescapeField(text, this.scan) : text;
  }

  private reject(bytes: Uint8Array, recordStart: number, at: number, reason: string, field?: string): void {
    const where = locate(bytes, recordStart, this.line, at);
    this.out.rejections.add(where.line, where.column, reason, rawText(bytes, recordStart, this.spans.textEnd), field);
    this.out.builder.discardRow();
  }

  private isNull(bytes: Uint8Array, start: number, end: number): boolean {
    const nullBytes = this.nullBytes;
    if (nullBytes === undefined || end - start !== nullBytes.length) return false;
    for (let k = 0; k < nullBytes.length; k++) if (bytes[start + k] !== nullBytes[k]) return false;
    return true;
  }

  private record(bytes: Uint8Array, recordStart: number): void {
    const spans = this.spans;
    const names = this.columnNames!;
    if (spans.badQuoteAt >= 0) {
      this.reject(
        bytes,
        recordStart,
        spans.badQuoteAt,
        'Unexpected text after a closing quote (a quote inside a quoted field must be doubled).',
      );
      return;
    }
    if (spans.count !== names.length) {
      const at = spans.count > names.length ? spans.starts[names.length]! - (spans.flags[names.length]! & FIELD_QUOTED) : spans.textEnd;
      this.reject(bytes, recordStart, at, `Expected ${names.length} fields but found ${spans.count}.`);
      return;
    }
    const { builder } = this.out;
    const decimalComma = this.dialect.decimalComma;
    const trimAll = this.dialect.trimWhitespace === true;
    const roles = this.roles;
    for (let r = 0; r < roles.length; r++) {
      const role = roles[r]!;
      const f = role.field;
      const flags = spans.flags[f]!;
      let start = spans.starts[f]!;
      let end = spans.ends[f]!;
      const fieldAt = start - (flags & FIELD_QUOTED);
      let own: Uint8Array = bytes;
      if (flags & FIELD_ESCAPED) {
        own = new TextEncoder().encode(this.fieldText(bytes, f));
        start = 0;
        end = own.length;
      }
      // Numbers and times tolerate padding; strings only when the dialect asks to trim.
      if (trimAll || (role.role !== ROLE_DIMENSION && role.type !== 'VARCHAR')) {
        while (start < end && (own[start] === SPACE || own[start] === TAB)) start++;
        while (end > start && (own[end - 1] === SPACE || own[end - 1] === TAB)) end--;
      }
      const empty = start === end || ((flags & FIELD_QUOTED) === 0 && this.nullBytes !== undefined && this.isNull(own, start, end));
      switch (role.role) {
        case ROLE_TIME: {
          if (empty) {
            this.reject(bytes, recordStart, fieldAt, 'The time is empty.', role.name);
            return;
          }
          const reason = this.timeParser.parse(own, start, end);
          if (reason !== undefined) {
            this.reject(bytes, recordStart, fieldAt, reason, role.name);
            return;
          }
          builder.setTime(this.timeParser.ms, this.timeParser.subMsNs);
          break;
        }
        case ROLE_DIMENSION:
          if (!empty && !builder.setDimensionBytes(role.target, own, start, end)) {
            this.reject(bytes, recordStart, fieldAt, 'The text is not valid UTF-8.', role.name);
            return;
          }
          break;
        case ROLE_MEASURE_NAME:
          if (empty) {
            this.reject(bytes, recordStart, fieldAt, 'The measure name is empty.', role.name);
            return;
          }
          if (!builder.setMeasureNameBytes(own, start, end)) {
            this.reject(bytes, recordStart, fieldAt, 'The text is not valid UTF-8.', role.name);
            return;
          }
          break;
        default: {
          if (empty) break;
          const reason = this.measure(role, own, start, end, decimalComma);
          if (reason !== undefined) {
            this.reject(bytes, recordStart, fieldAt, reason, role.name);
            return;
          }
        }
      }
    }
    if (!builder.rowHasMeasure()) {
      const first = this.roles.find((role) => role.role === ROLE_MEASURE);
      const at = first === undefined ? recordStart : spans.starts[first.field]! - (spans.flags[first.field]! & FIELD_QUOTED);
      this.reject(bytes, recordStart, at, 'The row has no measure value (every measure field is empty).', first?.name);
      return;
    }
    for (const constant of this.constantDimensions) builder.setDimension(constant.index, constant.value);
    builder.commitRow(this.line);
  }

  /** Parses one measure field into the builder; returns the reason it cannot be. */
  private measure(role: FieldRole, bytes: Uint8Array, start: number, end: number, decimalComma: boolean): string | undefined {
    const { builder } = this.out;
    switch (role.type) {
      case 'DOUBLE': {
        const value = parseDoubleBytes(bytes, start, end, decimalComma);
        if (Number.isNaN(value))
          return `"${LENIENT.decode(bytes.subarray(start, Math.min(end, start + 64)))}" is not a finite number (DOUBLE).`;
        builder.setDouble(role.target, value);
        return undefined;
      }
      case 'BIGINT': {
        const small = parseSmallIntegerBytes(bytes, start, end);
        if (!Number.isNaN(small)) {
          builder.setBigintSafe(role.target, small);
          return undefined;
        }
        const value = parseBigintBytes(bytes, start, end);
        if (value === undefined)
          return `"${LENIENT.decode(bytes.subarray(start, Math.min(end, start + 64)))}" is not a 64-bit integer (BIGINT).`;
        builder.setBigint(role.target, value);
        return undefined;
      }
      case 'BOOLEAN': {
        const value = parseBooleanText(LENIENT.decode(bytes.subarray(start, Math.min(end, start + 8))));
        if (value === undefined || end - start > 5) {
          return `"${LENIENT.decode(bytes.subarray(start, Math.min(end, start + 64)))}" is not a BOOLEAN (true or false).`;
        }
        builder.setBoolean(role.target, value);
        return undefined;
      }
      case 'VARCHAR': {
        // Short ASCII text skips the decoder call; anything else is decoded strictly.
        const text = builder.decodeUtf8(bytes, start, end);
        if (text === undefined) return 'The text is not valid UTF-8.';
        builder.setString(role.target, text);
        return undefined;
      }
      case 'TIMESTAMP': {
        const parser = role.timeParser!;
        const reason = parser.parse(bytes, start, end);
        if (reason !== undefined) return reason;
        builder.setTimestamp(role.target, parser.ms, parser.subMsNs);
        return undefined;
      }
    }
  }
}
