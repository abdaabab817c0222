import { TidemarkError } from '../../../errors/index.ts';
import { parseStatement } from './parse.ts';

/** What may be typed at a cursor, for an editor's completion list. */
export interface CompletionContext {
  /** The part of a name or keyword already typed before the cursor (empty between words). */
  readonly prefix: string;
  /** Keywords that may come next, upper case (SELECT, FROM, BY, ...). */
  readonly keywords: readonly string[];
  /** Whether a table name may come next (after FROM, JOIN, DESCRIBE, SHOW MEASURES FROM). */
  readonly table: boolean;
  /** Whether an expression may come next: a column, a function, a literal. */
  readonly expression: boolean;
  /** The parser's own words for what is expected, as in its error messages. */
  readonly expected: readonly string[];
}

const KEYWORD = /^[A-Z][A-Z_ ]*$/;

/**
 * What can follow the text before `offset`, found by parsing that text and reading what the parser
 * expected where it ran out. A syntax error earlier in the text gives an empty context.
 */
export function completionContext(sql: string, offset: number): CompletionContext {
  const before = sql.slice(0, offset);
  const prefix = /[\p{L}\p{N}_]*$/u.exec(before)?.[0] ?? '';
  const text = before.slice(0, before.length - prefix.length);
  let expected: readonly string[] = [];
  try {
    parseStatement(text);
    // A complete statement: what may still follow is another clause, which the parser cannot list.
    expected = [];
  } catch (error) {
    if (!(error instanceof TidemarkError) || error.code !== 'SQL_SYNTAX') throw error;
    const at = error.details?.offset;
    const list = error.details?.expected;
    // Only an error where the text runs out says what may come next; an earlier one is a real mistake.
    if (typeof at === 'number' && at >= text.trimEnd().length && Array.isArray(list)) expected = list.map(String);
  }
  const keywords = expected
    .map((item) => item.replace(/^'|'$/g, ''))
    .filter((item) => KEYWORD.test(item))
    .flatMap((item) => item.split(' ').slice(0, 1));
  return {
    prefix,
    keywords: [...new Set(keywords)],
    table: expected.some((item) => item.includes('table name')),
    expression: expected.some((item) => /expression|select item|condition|join condition|to sort by/.test(item)),
    expected,
  };
}
