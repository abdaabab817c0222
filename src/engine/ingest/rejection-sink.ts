import type { Rejection } from './types.ts';

/** The longest raw text a rejection keeps, so a 10 MB bad line does not become a 10 MB report entry. */
export const MAX_RAW_CHARS = 1000;

/** Counts every rejected record and keeps the first `limit` of them for the report. */
export class RejectionSink {
  count = 0;
  readonly kept: Rejection[] = [];

  constructor(
    readonly file: string,
    private readonly limit: number,
  ) {}

  add(line: number, column: number, reason: string, raw: string, field?: string): void {
    this.count++;
    if (this.kept.length >= this.limit) return;
    const cut = raw.length > MAX_RAW_CHARS ? `${raw.slice(0, MAX_RAW_CHARS)}…` : raw;
    this.kept.push({ file: this.file, line, column, reason, raw: cut, ...(field !== undefined ? { field } : {}) });
  }

  /** Forgets rejections past a line (an aborted import reports only what it got through). */
  forgetAfter(line: number): void {
    let dropped = 0;
    for (let k = this.kept.length - 1; k >= 0 && this.kept[k]!.line > line; k--) dropped++;
    this.kept.length -= dropped;
    this.count -= dropped;
  }
}

const LENIENT = new TextDecoder('utf-8');

/**
 * Where a byte offset inside a record falls, as a 1-based line and character column, counting from the
 * record's first byte on `recordLine`. Runs only for rejections, so it may decode.
 */
export function locate(bytes: Uint8Array, recordStart: number, recordLine: number, at: number): { line: number; column: number } {
  let line = recordLine;
  let lineStart = recordStart;
  for (let k = recordStart; k < at; k++) {
    if (bytes[k] === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  // Characters, not bytes: count code points (a UTF-8 continuation byte starts no character).
  let column = 1;
  for (let k = lineStart; k < at; k++) if ((bytes[k]! & 0xc0) !== 0x80) column++;
  return { line, column };
}

/** A record's bytes as text for a report, without its line terminator; invalid UTF-8 shows as U+FFFD. */
export function rawText(bytes: Uint8Array, start: number, end: number): string {
  let stop = Math.min(end, start + MAX_RAW_CHARS * 4);
  while (stop > start && (bytes[stop - 1] === 0x0a || bytes[stop - 1] === 0x0d)) stop--;
  return LENIENT.decode(bytes.subarray(start, stop));
}
