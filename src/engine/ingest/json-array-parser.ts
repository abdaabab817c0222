import { type FormatParser, hasBom, joinBytes, type ParserOutput } from './format-parser.ts';
import { JsonRecordMapper, type JsonValue } from './json-record-mapper.ts';
import type { ImportMapping } from './types.ts';

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const STRICT = new TextDecoder('utf-8', { fatal: true });
const LENIENT = new TextDecoder('utf-8');

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

const BEFORE_ARRAY = 0;
const BETWEEN = 1;
const IN_ELEMENT = 2;
const AFTER_ARRAY = 3;

/**
 * A top-level JSON array of objects, streamed element by element: a byte scanner finds where each element
 * ends (tracking nesting and strings across slices), and only that element is decoded and JSON.parsed.
 * The file is never parsed whole. Each element is reported at the line and column where it starts.
 */
export class JsonArrayParser implements FormatParser {
  private readonly mapper: JsonRecordMapper;
  private carry: Uint8Array | undefined;
  /** Where scanning resumes in the (carry + slice) buffer. */
  private resumeAt = 0;
  private started = false;
  private phase = BEFORE_ARRAY;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** An element too long to keep: scanned to its end but not kept. */
  private discarding = false;
  private line = 1;
  private column = 1;
  private elementLine = 1;
  private elementColumn = 1;
  private reportedTrailing = false;

  constructor(
    mapping: ImportMapping,
    private readonly out: ParserOutput,
  ) {
    this.mapper = new JsonRecordMapper(mapping, out.builder, out.rejections);
  }

  push(bytes: Uint8Array): void {
    this.consume(bytes, false);
  }

  finish(): void {
    this.consume(new Uint8Array(0), true);
    if (this.phase === IN_ELEMENT)
      this.out.rejections.add(this.elementLine, this.elementColumn, 'The JSON array ends inside this element (truncated file).', '');
    else if (this.phase === BETWEEN) {
      this.out.rejections.add(this.line, this.column, 'The JSON array is not closed with "]" (truncated file).', '');
    }
  }

  private consume(slice: Uint8Array, atEnd: boolean): void {
    const bytes = joinBytes(this.carry, slice);
    this.carry = undefined;
    let i = this.resumeAt;
    this.resumeAt = 0;
    if (!this.started) {
      if (bytes.length < 3 && !atEnd) {
        this.carry = bytes.slice();
        return;
      }
      this.started = true;
      if (hasBom(bytes)) i = 3;
    }
    let elementStart = this.phase === IN_ELEMENT && !this.discarding ? 0 : -1;
    const end = bytes.length;
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (this.phase === IN_ELEMENT) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) this.inString = false;
        } else if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (this.depth === 0) {
            // A scalar element ended by the array's closing bracket.
            this.element(bytes, elementStart, i);
            elementStart = -1;
            this.phase = AFTER_ARRAY;
          } else {
            this.depth--;
            if (this.depth === 0) {
              this.element(bytes, elementStart, i + 1);
              elementStart = -1;
              this.phase = BETWEEN;
            }
          }
        } else if (this.depth === 0 && (c === COMMA || isSpace(c))) {
          this.element(bytes, elementStart, i);
          elementStart = -1;
          this.phase = BETWEEN;
        }
      } else if (!isSpace(c)) {
        if (this.phase === BEFORE_ARRAY) {
          if (c === OPEN_BRACKET) this.phase = BETWEEN;
          else {
            this.out.rejections.add(this.line, this.column, 'A JSON array file must start with "[".', '');
            this.phase = AFTER_ARRAY;
            this.reportedTrailing = true;
          }
        } else if (this.phase === BETWEEN) {
          if (c === COMMA) {
            // Separators between elements; a missing or doubled comma is tolerated, as the elements are whole.
          } else if (c === CLOSE_BRACKET) this.phase = AFTER_ARRAY;
          else {
            this.phase = IN_ELEMENT;
            this.depth = c === OPEN_BRACE || c === OPEN_BRACKET ? 1 : 0;
            this.inString = c === QUOTE;
            this.escaped = false;
            this.discarding = false;
            elementStart = i;
            this.elementLine = this.line;
            this.elementColumn = this.column;
          }
        } else if (!this.reportedTrailing) {
          this.reportedTrailing = true;
          this.out.rejections.add(this.line, this.column, 'Text after the end of the JSON array is ignored.', '');
        }
      }
      if (c === LF) {
        this.line++;
        this.column = 1;
      } else if ((c & 0xc0) !== 0x80) this.column++;
    }
    if (this.phase === IN_ELEMENT && !atEnd) {
      if (!this.discarding && elementStart >= 0 && end - elementStart > this.out.maxRecordBytes) {
        this.out.rejections.add(this.elementLine, this.elementColumn, `The element is longer than ${this.out.maxRecordBytes} bytes.`, '');
        this.discarding = true;
        elementStart = -1;
      }
      if (!this.discarding && elementStart >= 0) {
        this.carry = bytes.slice(elementStart);
        this.resumeAt = end - elementStart;
      }
    } else if (this.phase === IN_ELEMENT && atEnd && this.depth === 0 && !this.inString && elementStart >= 0) {
      // A scalar element running to the end of the input.
      this.element(bytes, elementStart, end);
      this.phase = BETWEEN;
    }
  }

  private element(bytes: Uint8Array, start: number, end: number): void {
    if (this.discarding || start < 0) {
      this.discarding = false;
      return;
    }
    // The limit holds however the element fell into slices (one read whole, within a slice, included).
    if (end - start > this.out.maxRecordBytes) {
      this.out.rejections.add(this.elementLine, this.elementColumn, `The element is longer than ${this.out.maxRecordBytes} bytes.`, '');
      return;
    }
    const part = bytes.subarray(start, end);
    let text: string;
    try {
      text = STRICT.decode(part);
    } catch {
      this.out.rejections.add(this.elementLine, this.elementColumn, 'The element is not valid UTF-8.', LENIENT.decode(part));
      return;
    }
    let value: JsonValue;
    try {
      value = JSON.parse(text) as JsonValue;
    } catch (error) {
      this.out.rejections.add(
        this.elementLine,
        this.elementColumn,
        `The element is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        text,
      );
      return;
    }
    this.mapper.map(value, this.elementLine, this.elementColumn, text);
  }
}
