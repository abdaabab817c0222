import type { CsvDialect } from './types.ts';

const LF = 0x0a;
const CR = 0x0d;

/** Field flags: the field was quoted; the field has doubled quotes or escape characters to undo. */
export const FIELD_QUOTED = 1;
export const FIELD_ESCAPED = 2;

/**
 * Where the fields of one record are, as byte spans in the scanned buffer (quoted fields: the text inside
 * the quotes). Reused from record to record so scanning allocates nothing.
 */
export class RecordSpans {
  count = 0;
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  flags = new Uint8Array(256);
  /** Line feeds inside quoted fields: the record spans `1 + newlines` lines. */
  newlines = 0;
  /** End of the record's text (before its line terminator). */
  textEnd = 0;
  /** Byte offset of text after a closing quote, or -1. */
  badQuoteAt = -1;
  /** Byte offset of an opening quote that is never closed (only when scanning at the end of the input), or -1. */
  unterminatedQuoteAt = -1;

  push(start: number, end: number, flags: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.flags[this.count] = flags;
    this.count++;
  }

  /** Doubles the capacity (a record with more fields than ever seen). */
  grow(): void {
    {
      const size = this.count * 2;
      const starts = new Int32Array(size);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(size);
      ends.set(this.ends);
      this.ends = ends;
      const grownFlags = new Uint8Array(size);
      grownFlags.set(this.flags);
      this.flags = grownFlags;
    }
  }
}

/** Result of scanning for a record: the next record's position, or that more bytes are needed. */
export const NEED_MORE = -1;

/** A dialect reduced to bytes for the scanner. */
export interface ScanBytes {
  /** 1 for the bytes that end an unquoted field (delimiter, CR, LF): one table load per byte in the hot loop. */
  readonly stops: Uint8Array;
  /** The largest stop byte: a byte above it (most text: digits, letters) ends no field, without a table load. */
  readonly high: number;
  readonly delimiter: number;
  /** -1 when the dialect has no quoting. */
  readonly quote: number;
  /** -1 when quotes are escaped by doubling. */
  readonly escape: number;
}

export function scanBytesOf(dialect: CsvDialect): ScanBytes {
  const stops = new Uint8Array(256);
  stops[dialect.delimiter.charCodeAt(0)] = 1;
  stops[LF] = 1;
  stops[CR] = 1;
  return {
    stops,
    high: Math.max(dialect.delimiter.charCodeAt(0), LF, CR),
    delimiter: dialect.delimiter.charCodeAt(0),
    quote: dialect.quote === '' ? -1 : dialect.quote.charCodeAt(0),
    escape: dialect.escape === '' ? -1 : dialect.escape.charCodeAt(0),
  };
}

/**
 * Scans one record starting at `start`, filling `spans`. Returns the position after its line terminator,
 * or NEED_MORE when the buffer ends inside the record and `atEnd` is false (the caller keeps the tail and
 * scans it again with the next slice). An empty line yields a record with one empty field.
 */
/** Result of `scanQuotedField` when the input ends before the closing quote (and more may come). */
const QUOTE_OPEN = -2;

/**
 * Scans a quoted field whose opening quote is at `at`; pushes its span and returns the position after the
 * closing quote, NEED_MORE when more input is needed, or the end after marking it unterminated (at the end).
 * Kept out of `scanRecord` so the unquoted hot path stays small for the optimiser.
 */
function scanQuotedField(bytes: Uint8Array, at: number, end: number, atEnd: boolean, dialect: ScanBytes, spans: RecordSpans): number {
  const quote = dialect.quote;
  const escapeByte = dialect.escape;
  const contentStart = at + 1;
  let flags = FIELD_QUOTED;
  let j = contentStart;
  let closed = -1;
  if (escapeByte < 0) {
    for (;;) {
      const q = bytes.indexOf(quote, j);
      if (q < 0 || q >= end) {
        j = end;
        break;
      }
      if (q + 1 < end && bytes[q + 1] === quote) {
        flags |= FIELD_ESCAPED;
        j = q + 2;
        continue;
      }
      if (q + 1 === end && !atEnd) {
        j = end;
        break; // cannot tell "" from a closing quote yet
      }
      closed = q;
      break;
    }
  } else {
    while (j < end) {
      const c = bytes[j]!;
      if (c === quote) {
        closed = j;
        break;
      }
      if (c === escapeByte) {
        flags |= FIELD_ESCAPED;
        j += 2;
        continue;
      }
      j++;
    }
  }
  if (closed < 0) {
    if (!atEnd) return QUOTE_OPEN;
    // Unterminated at the end of the input: the caller reports it; the field runs to the end.
    countNewlines(bytes, contentStart, end, spans);
    spans.push(contentStart, end, flags);
    spans.unterminatedQuoteAt = at;
    spans.textEnd = end;
    return end;
  }
  countNewlines(bytes, contentStart, closed, spans);
  spans.push(contentStart, closed, flags);
  return closed + 1;
}

function countNewlines(bytes: Uint8Array, from: number, to: number, spans: RecordSpans): void {
  for (let k = bytes.indexOf(LF, from); k >= 0 && k < to; k = bytes.indexOf(LF, k + 1)) spans.newlines++;
}

/**
 * Scans one record starting at `start`, filling `spans`. Returns the position after its line terminator,
 * or NEED_MORE when the buffer ends inside the record and `atEnd` is false (the caller keeps the tail and
 * scans it again with the next slice). An empty line yields a record with one empty field.
 */
export function scanRecord(bytes: Uint8Array, start: number, end: number, atEnd: boolean, dialect: ScanBytes, spans: RecordSpans): number {
  const delimiter = dialect.delimiter;
  const quote = dialect.quote;
  const stops = dialect.stops;
  const high = dialect.high;
  const escapeByte = dialect.escape;
  spans.count = 0;
  spans.newlines = 0;
  spans.badQuoteAt = -1;
  spans.unterminatedQuoteAt = -1;
  let i = start;
  for (;;) {
    // One field per turn.
    if (i < end && bytes[i] === quote) {
      const after = scanQuotedField(bytes, i, end, atEnd, dialect, spans);
      if (after === QUOTE_OPEN) return NEED_MORE;
      if (spans.unterminatedQuoteAt >= 0) return after;
      i = after;
      if (i < end) {
        const c = bytes[i]!;
        if (c !== delimiter && c !== LF && c !== CR) {
          // Text after the closing quote: keep scanning to the field's end, but remember the fault.
          if (spans.badQuoteAt < 0) spans.badQuoteAt = i;
          while (i < end && stops[bytes[i]!] === 0) i++;
        }
      }
    } else {
      const fieldStart = i;
      let flags = 0;
      if (escapeByte < 0) {
        // Four bytes a turn: one bound check per four bytes; a byte above `high` (most bytes of most text) is
        // no stop without a table load.
        const last4 = end - 4;
        while (i <= last4) {
          const a = bytes[i]!;
          if (a <= high && stops[a] !== 0) break;
          const b = bytes[i + 1]!;
          if (b <= high && stops[b] !== 0) {
            i += 1;
            break;
          }
          const c = bytes[i + 2]!;
          if (c <= high && stops[c] !== 0) {
            i += 2;
            break;
          }
          const d = bytes[i + 3]!;
          if (d <= high && stops[d] !== 0) {
            i += 3;
            break;
          }
          i += 4;
        }
        while (i < end && stops[bytes[i]!] === 0) i++;
      } else {
        while (i < end) {
          const c = bytes[i]!;
          if (stops[c] === 1) break;
          if (c === escapeByte) {
            flags = FIELD_ESCAPED;
            i++;
          }
          i++;
        }
        if (i > end) i = end;
      }
      // The common case, inlined: one field span stored without a call.
      const n = spans.count;
      if (n === spans.starts.length) spans.grow();
      spans.starts[n] = fieldStart;
      spans.ends[n] = i;
      spans.flags[n] = flags;
      spans.count = n + 1;
    }
    if (i >= end) {
      if (!atEnd) return NEED_MORE;
      spans.textEnd = end;
      return end;
    }
    const c = bytes[i]!;
    if (c === delimiter) {
      i++;
      continue;
    }
    spans.textEnd = i;
    if (c === LF) return i + 1;
    // CR: a CRLF pair, or a lone CR as the terminator (old Mac files).
    if (i + 1 < end) return bytes[i + 1] === LF ? i + 2 : i + 1;
    if (!atEnd) return NEED_MORE; // the LF of a CRLF may be in the next slice
    return i + 1;
  }
}

/** A field's text with quotes undone (`""` → `"`, or escape + char → char). */
export function unescapeField(text: string, dialect: ScanBytes): string {
  if (dialect.escape < 0) {
    const q = String.fromCharCode(dialect.quote);
    return text.split(q + q).join(q);
  }
  const e = String.fromCharCode(dialect.escape);
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (ch === e && k + 1 < text.length) {
      out += text[k + 1];
      k++;
    } else out += ch;
  }
  return out;
}

const LENIENT = new TextDecoder('utf-8');

/**
 * Splits text into records of string fields (for sniffing, inference and previews; the import uses the
 * byte scanner directly). Stops after `maxRecords`; a trailing incomplete record is dropped unless `atEnd`.
 */
export function readCsvRows(bytes: Uint8Array, dialect: CsvDialect, maxRecords: number, atEnd: boolean): string[][] {
  const scan = scanBytesOf(dialect);
  const spans = new RecordSpans();
  const rows: string[][] = [];
  let pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (pos < bytes.length && rows.length < maxRecords) {
    const next = scanRecord(bytes, pos, bytes.length, atEnd, scan, spans);
    if (next === NEED_MORE) break;
    const isEmpty = spans.count === 1 && spans.starts[0] === spans.ends[0] && spans.flags[0] === 0;
    if (!isEmpty) {
      const row: string[] = [];
      for (let f = 0; f < spans.count; f++) {
        const text = LENIENT.decode(bytes.subarray(spans.starts[f]!, spans.ends[f]!));
        row.push(spans.flags[f]! & FIELD_ESCAPED ? unescapeField(text, scan) : text);
      }
      rows.push(row);
    }
    pos = next;
  }
  return rows;
}
