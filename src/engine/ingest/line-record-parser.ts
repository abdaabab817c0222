import type { FormatParser, ParserOutput } from './format-parser.ts';
import { LineReader } from './line-reader.ts';

/** Why a line was refused, and where in it (a UTF-16 offset into the line's text). */
export class LineFault {
  constructor(
    readonly at: number,
    readonly reason: string,
    readonly field?: string,
  ) {}
}

/**
 * A format with one record per line (line protocol, Prometheus text, access logs): the line
 * reader, the push/finish plumbing, and the bookkeeping of each line's outcome live here; a
 * subclass only parses one line into the batch builder or returns the fault.
 */
export abstract class LineRecordParser implements FormatParser {
  private readonly reader: LineReader;

  constructor(
    protected readonly out: ParserOutput,
    /** Whether lines starting with `#` are comments to skip. */
    private readonly hashComments: boolean,
  ) {
    this.reader = new LineReader(out, (text, line) => this.line(text, line));
  }

  push(bytes: Uint8Array): void {
    this.reader.push(bytes, false);
  }

  finish(): void {
    this.reader.push(new Uint8Array(0), true);
  }

  /** Parses one line into the builder's current row, or returns why it cannot. */
  protected abstract parseLine(text: string): LineFault | undefined;

  private line(text: string, line: number): void {
    if (this.hashComments && text.trimStart().startsWith('#')) return;
    const fault = this.parseLine(text);
    if (fault) {
      // Columns count code points, as a person counts characters.
      this.out.rejections.add(line, [...text.slice(0, fault.at)].length + 1, fault.reason, text, fault.field);
      this.out.builder.discardRow();
      return;
    }
    this.out.builder.commitRow(line);
  }
}
