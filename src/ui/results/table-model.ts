import { bigintKeys, doubleKeys, radixOrder } from './radix-order.ts';
import type { ColumnarColumn, ColumnarResult } from './result-types.ts';

/** The text shown for a NULL cell (and written as an empty CSV field). */
export const NULL_TEXT = 'NULL';

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** A nanosecond timestamp as Timestream prints it: "2024-05-01 12:00:00.000000000" (UTC). */
export function formatTimestampNs(ns: bigint): string {
  const seconds = floorDiv(ns, 1_000_000_000n);
  const frac = ns - seconds * 1_000_000_000n;
  const iso = new Date(Number(seconds) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${frac.toString().padStart(9, '0')}`;
}

function formatDateDays(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** True when the cell is NULL. */
export function isNullCell(column: ColumnarColumn, row: number): boolean {
  if (column.kind === 'text') return column.data[row] === null;
  return column.valid?.[row] === 0;
}

/** The cell as text, as the table shows it and as it is copied. */
export function formatCell(column: ColumnarColumn, row: number): string {
  if (isNullCell(column, row)) return NULL_TEXT;
  switch (column.kind) {
    case 'text':
      return column.data[row] ?? NULL_TEXT;
    case 'boolean':
      return column.data[row] === 1 ? 'true' : 'false';
    case 'bigint':
      return column.type === 'timestamp' ? formatTimestampNs(column.data[row]!) : column.data[row]!.toString();
    case 'number': {
      const v = column.data[row]!;
      return column.type === 'date' ? formatDateDays(v) : String(v);
    }
  }
}

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  readonly column: number;
  readonly direction: SortDirection;
}

/**
 * Row order for a sort: a permutation of 0..rowCount-1, stable, NULLs last in both directions.
 * Null `sort` gives the result's own order. Every kind sorts by a linear radix pass over
 * order-preserving keys (text by the rank of each distinct string), so a million rows sort in
 * tens of milliseconds on the UI thread.
 */
export function sortOrder(result: ColumnarResult, sort: SortState | null): Uint32Array {
  const n = result.rowCount;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!sort) return order;
  const column = result.columns[sort.column];
  if (!column) return order;
  // The non-NULL rows, in result order; NULLs go after them, also in result order.
  let rows = order;
  const nulls: number[] = [];
  const hasNulls = column.kind === 'text' ? column.data.includes(null) : column.valid !== undefined;
  if (hasNulls) {
    const present: number[] = [];
    for (let i = 0; i < n; i++) (isNullCell(column, i) ? nulls : present).push(i);
    rows = Uint32Array.from(present);
  }
  const invert = sort.direction === 'desc';
  let keys: { hi: Uint32Array; lo: Uint32Array };
  switch (column.kind) {
    case 'number':
      keys = doubleKeys(column.data, rows, invert);
      break;
    case 'bigint':
      keys = bigintKeys(column.data, rows, invert);
      break;
    case 'boolean':
      keys = { hi: new Uint32Array(rows.length), lo: Uint32Array.from(rows, (r) => (invert ? 1 - column.data[r]! : column.data[r]!)) };
      break;
    case 'text': {
      // Rank the distinct strings (UTF-16 order, as < compares them), then sort rows by rank.
      const distinct = [...new Set(column.data.filter((v): v is string => v !== null))].sort();
      const rank = new Map(distinct.map((v, i) => [v, i]));
      const top = distinct.length - 1;
      keys = {
        hi: new Uint32Array(rows.length),
        lo: Uint32Array.from(rows, (r) => (invert ? top - rank.get(column.data[r]!)! : rank.get(column.data[r]!)!)),
      };
      break;
    }
  }
  const sorted = radixOrder(rows, keys);
  const out = new Uint32Array(n);
  out.set(sorted, 0);
  for (let i = 0; i < nulls.length; i++) out[sorted.length + i] = nulls[i]!;
  return out;
}

/** A CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The result as CSV (header row, CRLF line ends, NULL as an empty field), in `order`. Returned
 * as chunks of about `chunkRows` rows so a million rows become a Blob without one giant string.
 */
export function toCsvChunks(result: ColumnarResult, order: Uint32Array, chunkRows = 10_000): string[] {
  const cols = result.columns;
  const chunks: string[] = [`${cols.map((c) => csvField(c.name)).join(',')}\r\n`];
  let lines: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    lines.push(cols.map((c) => (isNullCell(c, row) ? '' : csvField(formatCell(c, row)))).join(','));
    if (lines.length === chunkRows) {
      chunks.push(`${lines.join('\r\n')}\r\n`);
      lines = [];
    }
  }
  if (lines.length > 0) chunks.push(`${lines.join('\r\n')}\r\n`);
  return chunks;
}

/** A rectangle of cells in view order (rows are positions in the sorted order). */
export interface CellRange {
  readonly fromRow: number;
  readonly toRow: number;
  readonly fromCol: number;
  readonly toCol: number;
}

export function normaliseRange(anchor: { row: number; col: number }, focus: { row: number; col: number }): CellRange {
  return {
    fromRow: Math.min(anchor.row, focus.row),
    toRow: Math.max(anchor.row, focus.row),
    fromCol: Math.min(anchor.col, focus.col),
    toCol: Math.max(anchor.col, focus.col),
  };
}

/** Cells as tab-separated text (one line per row), as spreadsheets paste it. */
export function rangeToTsv(result: ColumnarResult, order: Uint32Array, range: CellRange): string {
  const lines: string[] = [];
  for (let r = range.fromRow; r <= range.toRow && r < order.length; r++) {
    const row = order[r]!;
    const cells: string[] = [];
    for (let c = range.fromCol; c <= range.toCol; c++) {
      const column = result.columns[c];
      if (column) cells.push(formatCell(column, row));
    }
    lines.push(cells.join('\t'));
  }
  return lines.join('\n');
}

/** Which rows to render for a scroll position: the visible ones plus `overscan` on each side. */
export function visibleWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan = 8,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last };
}

/** A column's width in pixels from its type and name. */
export function columnWidth(column: ColumnarColumn): number {
  const byType = column.type === 'timestamp' ? 240 : column.kind === 'text' ? 160 : column.kind === 'boolean' ? 80 : 120;
  return Math.max(byType, Math.min(320, column.name.length * 8 + 40));
}
