import { type FormatParser, hasBom, joinBytes, type ParserOutput } from './format-parser.ts';
import { JsonRecordMapper, type JsonValue } from './json-record-mapper.ts';
import { rawText } from './rejection-sink.ts';
import type { ImportMapping } from './types.ts';

const LF = 0x0a;
const STRICT = new TextDecoder('utf-8', { fatal: true });

/**
 * Newline-delimited JSON (one object per line; blank lines skipped; CRLF accepted). Lines are cut from
 * bytes, so a line split across slices, or a character split across slices, is whole before it is decoded.
 */
export class NdjsonParser implements FormatParser {
  private readonly mapper: JsonRecordMapper;
  private carry: Uint8Array | undefined;
  private line = 1;
  private started = false;
  private skipping = false;

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
  }

  private consume(slice: Uint8Array, atEnd: boolean): void {
    const bytes = joinBytes(this.carry, slice);
    this.carry = undefined;
    let pos = 0;
    if (!this.started) {
      if (bytes.length < 3 && !atEnd) {
        this.carry = bytes.slice();
        return;
      }
      this.started = true;
      if (hasBom(bytes)) pos = 3;
    }
    if (this.skipping) {
      const lf = bytes.indexOf(LF, pos);
      if (lf < 0) return;
      this.skipping = false;
      pos = lf + 1;
    }
    while (pos < bytes.length) {
      let lf = bytes.indexOf(LF, pos);
      if (lf < 0) {
        if (bytes.length - pos > this.out.maxRecordBytes) {
          this.out.rejections.add(
            this.line,
            1,
            `The line is longer than ${this.out.maxRecordBytes} bytes.`,
            rawText(bytes, pos, bytes.length),
          );
          this.line++;
          this.skipping = true;
          return;
        }
        if (!atEnd) {
          this.carry = bytes.slice(pos);
          return;
        }
        lf = bytes.length;
      }
      this.record(bytes, pos, lf);
      this.line++;
      pos = lf + 1;
    }
  }

  private record(bytes: Uint8Array, start: number, end: number): void {
    let stop = end;
    if (stop > start && bytes[stop - 1] === 0x0d) stop--;
    let first = start;
    while (first < stop && (bytes[first] === 0x20 || bytes[first] === 0x09)) first++;
    if (first === stop) return;
    let text: string;
    try {
      text = STRICT.decode(bytes.subarray(start, stop));
    } catch {
      this.out.rejections.add(this.line, 1, 'The line is not valid UTF-8.', rawText(bytes, start, stop));
      return;
    }
    let value: JsonValue;
    try {
      value = JSON.parse(text) as JsonValue;
    } catch (error) {
      this.out.rejections.add(this.line, 1, `The line is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, text);
      return;
    }
    this.mapper.map(value, this.line, first - start + 1, text);
  }
}
