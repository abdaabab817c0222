import { hasBom, type ParserOutput } from './format-parser.ts';
import { rawText } from './rejection-sink.ts';

const LF = 0x0a;
const STRICT = new TextDecoder('utf-8', { fatal: true });

/**
 * Cuts a byte stream into text lines for the line-based formats (NDJSON, line protocol, Prometheus, access
 * logs): a line split across slices (or a character split across slices) is joined before it is decoded;
 * CRLF and a BOM are accepted; invalid UTF-8 and over-long lines are rejected with their line number. Blank
 * lines are skipped. The start of a line that spans slices is kept as a list of pieces and joined once,
 * when its end arrives, so a long line costs linear time whatever the slice size.
 */
export class LineReader {
  /** Pieces of the line in progress (each a copy, as the slices they came from are not ours to keep). */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private line = 1;
  private started = false;
  /** Discarding an over-long line until its end. */
  private skipping = false;
  private head: Uint8Array | undefined;

  constructor(
    private readonly out: ParserOutput,
    private readonly onLine: (text: string, line: number) => void,
  ) {}

  push(input: Uint8Array, atEnd: boolean): void {
    let slice = input;
    let pos = 0;
    if (!this.started) {
      // The BOM check needs the first three bytes, which a tiny first slice may not have.
      if (this.head !== undefined) {
        const joined = new Uint8Array(this.head.length + input.length);
        joined.set(this.head, 0);
        joined.set(input, this.head.length);
        slice = joined;
        this.head = undefined;
      }
      if (slice.length < 3 && !atEnd) {
        this.head = slice.slice();
        return;
      }
      this.started = true;
      if (hasBom(slice)) pos = 3;
    }
    while (pos < slice.length) {
      const lf = slice.indexOf(LF, pos);
      if (lf < 0) break;
      if (this.skipping) this.skipping = false;
      else if (this.pendingBytes > 0) this.complete(slice, pos, lf);
      else this.emit(slice, pos, lf);
      this.line++;
      pos = lf + 1;
    }
    if (pos < slice.length && !this.skipping) {
      this.pending.push(slice.slice(pos));
      this.pendingBytes += slice.length - pos;
      if (this.pendingBytes > this.out.maxRecordBytes) {
        const joined = this.takePending();
        this.out.rejections.add(
          this.line,
          1,
          `The line is longer than ${this.out.maxRecordBytes} bytes.`,
          rawText(joined, 0, joined.length),
        );
        this.skipping = true;
      }
    }
    if (atEnd) {
      if (this.pendingBytes > 0) {
        const joined = this.takePending();
        this.emit(joined, 0, joined.length);
      }
      this.skipping = false;
    }
  }

  private takePending(): Uint8Array {
    const joined = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const piece of this.pending) {
      joined.set(piece, at);
      at += piece.length;
    }
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }

  /** Ends the pending line with `slice[start, lf)`. */
  private complete(slice: Uint8Array, start: number, lf: number): void {
    this.pending.push(slice.subarray(start, lf));
    this.pendingBytes += lf - start;
    const joined = this.takePending();
    this.emit(joined, 0, joined.length);
  }

  private emit(bytes: Uint8Array, start: number, end: number): void {
    let stop = end;
    if (stop > start && bytes[stop - 1] === 0x0d) stop--;
    if (stop === start) return;
    // The limit holds however the line fell into slices (a line read whole within one slice included).
    if (stop - start > this.out.maxRecordBytes) {
      this.out.rejections.add(this.line, 1, `The line is longer than ${this.out.maxRecordBytes} bytes.`, rawText(bytes, start, stop));
      return;
    }
    let text: string;
    try {
      text = STRICT.decode(bytes.subarray(start, stop));
    } catch {
      this.out.rejections.add(this.line, 1, 'The line is not valid UTF-8.', rawText(bytes, start, stop));
      return;
    }
    if (text.trim() !== '') this.onLine(text, this.line);
  }
}
