import { hasBom, joinBytes, type ParserOutput } from './format-parser.ts';
import { rawText } from './rejection-sink.ts';

const LF = 0x0a;
const STRICT = new TextDecoder('utf-8', { fatal: true });

/**
 * Cuts a byte stream into text lines for the line-based formats (line protocol, Prometheus): a line split
 * across slices (or a character split across slices) is joined before it is decoded; CRLF and a BOM are
 * accepted; invalid UTF-8 and over-long lines are rejected with their line number. Blank lines are skipped.
 */
export class LineReader {
  private carry: Uint8Array | undefined;
  private line = 1;
  private started = false;
  private skipping = false;

  constructor(
    private readonly out: ParserOutput,
    private readonly onLine: (text: string, line: number) => void,
  ) {}

  push(slice: Uint8Array, atEnd: boolean): void {
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
      let stop = lf;
      if (stop > pos && bytes[stop - 1] === 0x0d) stop--;
      if (stop > pos) {
        let text: string | undefined;
        try {
          text = STRICT.decode(bytes.subarray(pos, stop));
        } catch {
          this.out.rejections.add(this.line, 1, 'The line is not valid UTF-8.', rawText(bytes, pos, stop));
        }
        if (text !== undefined && text.trim() !== '') this.onLine(text, this.line);
      }
      this.line++;
      pos = lf + 1;
    }
  }
}

/** Whether a string of digits (and an optional sign) is a whole number. */
export function isIntegerText(text: string): boolean {
  return /^[+-]?\d+$/.test(text);
}
