import { TidemarkError } from '../../../errors/index.ts';

/** A place in the SQL text: 0-based offset and 1-based line and column. */
export interface SourcePoint {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * The line holding `point`, with a caret under its column, as shown in every syntax error:
 *
 * ```
 *   2 | WHERE a = = 1
 *     |           ^
 * ```
 */
export function caretExcerpt(sql: string, point: SourcePoint): string {
  const fullLine = sql.split(/\r\n|\r|\n/)[point.line - 1] ?? '';
  const gutter = String(point.line);
  // A long line (a generated IN list, a query on one line) is cut to a window around the column,
  // so a message never carries megabytes of SQL.
  let lineText = fullLine;
  let caretIndex = point.column - 1;
  if (fullLine.length > EXCERPT_WIDTH) {
    const from = Math.max(0, Math.min(caretIndex - EXCERPT_WIDTH / 2, fullLine.length - EXCERPT_WIDTH));
    const to = Math.min(fullLine.length, from + EXCERPT_WIDTH);
    const head = from > 0 ? '...' : '';
    lineText = `${head}${fullLine.slice(from, to)}${to < fullLine.length ? '...' : ''}`;
    caretIndex = caretIndex - from + head.length;
  }
  // Tabs are kept under the caret so it lines up whatever width the reader's tabs have.
  const lead = lineText.slice(0, caretIndex).replace(/[^\t]/g, ' ');
  return `${gutter} | ${lineText}\n${' '.repeat(gutter.length)} | ${lead}^`;
}

/** How many characters of a long line an excerpt shows. */
const EXCERPT_WIDTH = 100;

/** Where the offset lies in the text, counting lines like the lexer does (\n, \r\n and \r each end one). */
export function pointAt(sql: string, offset: number): SourcePoint {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < sql.length; i++) {
    const ch = sql.charCodeAt(i);
    if (ch === 10 || (ch === 13 && sql.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/**
 * The SQL_SYNTAX error: the message says where, what was wrong, and shows the line with a caret;
 * `details` carries the same pieces for a UI to lay out itself: `problem`, `excerpt`, `offset`, and
 * when known `found`, `expected` and `length` (how many characters to underline).
 */
export function sqlSyntaxError(
  sql: string,
  point: SourcePoint,
  problem: string,
  extra: { found?: string; expected?: readonly string[]; length?: number } = {},
): TidemarkError {
  const excerpt = caretExcerpt(sql, point);
  const message = `Syntax error at line ${point.line}, column ${point.column}: ${problem}\n${excerpt}`;
  return new TidemarkError('SQL_SYNTAX', message, {
    position: { line: point.line, column: point.column },
    details: {
      problem,
      excerpt,
      offset: point.offset,
      ...(extra.found === undefined ? {} : { found: extra.found }),
      ...(extra.length === undefined ? {} : { length: extra.length }),
      ...(extra.expected === undefined ? {} : { expected: [...extra.expected] }),
    },
  });
}
