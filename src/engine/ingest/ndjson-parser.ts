import type { FormatParser, ParserOutput } from './format-parser.ts';
import { JsonRecordMapper, type JsonValue } from './json-record-mapper.ts';
import { LineReader } from './line-reader.ts';
import type { ImportMapping } from './types.ts';

/**
 * Newline-delimited JSON (one object per line; blank lines skipped; CRLF accepted). Lines are cut from
 * bytes, so a line split across slices, or a character split across slices, is whole before it is decoded.
 */
export class NdjsonParser implements FormatParser {
  private readonly mapper: JsonRecordMapper;
  private readonly reader: LineReader;

  constructor(
    mapping: ImportMapping,
    private readonly out: ParserOutput,
  ) {
    this.mapper = new JsonRecordMapper(mapping, out.builder, out.rejections);
    this.reader = new LineReader(out, (text, line) => this.record(text, line));
  }

  push(bytes: Uint8Array): void {
    this.reader.push(bytes, false);
  }

  finish(): void {
    this.reader.push(new Uint8Array(0), true);
  }

  private record(text: string, line: number): void {
    let value: JsonValue;
    try {
      value = JSON.parse(text) as JsonValue;
    } catch (error) {
      this.out.rejections.add(line, 1, `The line is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, text);
      return;
    }
    const indent = text.length - text.trimStart().length;
    this.mapper.map(value, line, indent + 1, text);
  }
}
