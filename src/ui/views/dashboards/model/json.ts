import { TidemarkError } from '../../../../client/index.ts';
import type { Dashboard } from './types.ts';
import { parseDashboard } from './validate.ts';

/** The dashboard as pretty JSON, the file format of export and import. */
export function exportDashboardJson(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

/**
 * Reads an exported dashboard. Bad JSON is a VALIDATION error at its line and column;
 * JSON that is not a valid dashboard is a VALIDATION error naming each field that is wrong.
 */
export function importDashboardJson(text: string, fileName = 'The file'): Dashboard {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(error, text);
    const at = offset === null ? null : lineColumn(text, offset);
    const detail =
      error instanceof Error
        ? error.message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+$/, '')
        : String(error);
    const where = at ? ` at line ${at.line}, column ${at.column}` : '';
    throw new TidemarkError('VALIDATION', `${fileName} is not valid JSON${where}: ${detail}.`, {
      ...(at ? { position: { line: at.line, column: at.column } } : {}),
      cause: error,
    });
  }
  return parseDashboard(value, fileName);
}

/** The character offset V8 names in a JSON.parse error ("at position 42", or end of input). */
function jsonErrorOffset(error: unknown, text: string): number | null {
  if (!(error instanceof Error)) return null;
  const position = /at position (\d+)/.exec(error.message);
  if (position) return Number(position[1]);
  const lc = /line (\d+) column (\d+)/.exec(error.message);
  if (lc) {
    const lines = text.split('\n');
    let offset = 0;
    for (let i = 0; i < Number(lc[1]) - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
    return offset + Number(lc[2]) - 1;
  }
  if (/end of (JSON|data) input/i.test(error.message)) return text.length;
  return null;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
