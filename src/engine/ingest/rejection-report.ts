import type { Rejection } from './types.ts';

/** The columns of a rejection report, in order. */
export const REJECTION_REPORT_COLUMNS: readonly string[] = ['file', 'line', 'column', 'field', 'reason', 'raw'];

function csvField(value: string): string {
  // Spreadsheet apps run cells that start with = + - @ as formulas: a report of untrusted text must not.
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) || guarded !== value ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * Formats rejections as CSV (RFC 4180, CRLF line ends, a header row), for the "download report" button.
 * `total` is the number of rejected lines when more were counted than listed; the report says so.
 */
export function formatRejectionsCsv(rejections: readonly Rejection[], total: number = rejections.length): string {
  const lines = [REJECTION_REPORT_COLUMNS.join(',')];
  for (const r of rejections) {
    lines.push([r.file, String(r.line), String(r.column), r.field ?? '', r.reason, r.raw].map(csvField).join(','));
  }
  if (total > rejections.length)
    lines.push(['', '', '', '', csvField(`${total - rejections.length} more rejected lines are not listed.`), ''].join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Formats rejections as plain text, one block per line: `file:line:column: reason` then the raw text. */
export function formatRejectionsText(rejections: readonly Rejection[], total: number = rejections.length): string {
  const out: string[] = [];
  out.push(total === 0 ? 'No lines were rejected.' : `${total} line${total === 1 ? ' was' : 's were'} rejected.`);
  for (const r of rejections) {
    out.push(`${r.file}:${r.line}:${r.column}: ${r.field !== undefined ? `[${r.field}] ` : ''}${r.reason}`);
    out.push(`    ${r.raw}`);
  }
  if (total > rejections.length) out.push(`… and ${total - rejections.length} more not listed.`);
  return `${out.join('\n')}\n`;
}
