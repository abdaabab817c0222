import type { ColumnarColumn, ColumnarResult } from '../sql/result/columnar.ts';
import { formatDate, formatTimestamp } from '../sql/values/time-text.ts';

/** Rows per Blob part: keeps the strings handed to the Blob small, whatever the result's size. */
const ROWS_PER_PART = 8192;

/** A CSV field: quoted when it holds a delimiter, quote or line end, or spaces at its ends. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The text of one cell as Timestream prints it (timestamps with nine fractional digits), or '' for NULL. */
export function cellText(column: ColumnarColumn, row: number): string {
  if (column.kind === 'text') {
    const value = column.data[row];
    return value === null || value === undefined ? '' : csvField(value);
  }
  if (column.valid !== undefined && column.valid[row] === 0) return '';
  switch (column.kind) {
    case 'number': {
      const value = column.data[row] as number;
      if (column.type === 'date') return formatDate(value);
      // JavaScript's shortest round-trip form: reading it back gives the same double.
      return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    }
    case 'bigint': {
      const value = column.data[row] as bigint;
      return column.type === 'timestamp' ? formatTimestamp(value) : String(value);
    }
    case 'boolean':
      return column.data[row] === 1 ? 'true' : 'false';
  }
}

/**
 * A result as CSV (RFC 4180, a header row, CRLF line ends): NULL is an empty field, timestamps are
 * `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` in UTC (which the importer reads back as ISO 8601 with zone UTC),
 * doubles in their shortest exact form. Built as Blob parts of a few thousand rows each.
 */
export function resultToCsv(result: ColumnarResult): Blob {
  const parts: string[] = [`${result.columns.map((c) => csvField(c.name)).join(',')}\r\n`];
  for (let start = 0; start < result.rowCount; start += ROWS_PER_PART) {
    const end = Math.min(result.rowCount, start + ROWS_PER_PART);
    const lines: string[] = [];
    for (let row = start; row < end; row++) lines.push(result.columns.map((c) => cellText(c, row)).join(','));
    parts.push(`${lines.join('\r\n')}\r\n`);
  }
  return new Blob(parts, { type: 'text/csv' });
}
