import type { DurationUnit } from '../ast/nodes.ts';

/**
 * The kinds of token. Keywords are not a kind of their own: a bare word is a `word` and the parser
 * decides from context whether it is a keyword, because most of Presto's keywords (`time`, `date`,
 * `row`, `filter`) are also ordinary names in Timestream tables.
 */
export type TokenKind = 'word' | 'quotedIdentifier' | 'string' | 'number' | 'duration' | 'parameter' | 'operator' | 'eof';

/** Punctuation and operators, longest first where one is a prefix of another. */
export const OPERATORS = [
  '<>',
  '!=',
  '<=',
  '>=',
  '||',
  '::',
  '->',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  ',',
  '.',
  '[',
  ']',
  ';',
  '?',
] as const;

/** The text of one operator or punctuation token. */
export type OperatorText = (typeof OPERATORS)[number];

/** One token with where it starts (0-based offset, 1-based line and column) and where it ends. */
export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token, exactly as written. */
  readonly text: string;
  /**
   * The token's value: a word in upper case (for keyword matching), an identifier or string unescaped,
   * a number's text, a duration's amount, a parameter's name (empty for `?`), an operator's text.
   */
  readonly value: string;
  /** For `duration` tokens: the normalised unit. (Always present, so every token has one shape.) */
  readonly unit: DurationUnit | undefined;
  /** For `number` tokens: how the number was written. */
  readonly numberKind: 'integer' | 'decimal' | 'double' | undefined;
  readonly offset: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/** The unit words a duration shorthand may end with, mapped to their normal form. Timestream has no plurals. */
export const DURATION_UNITS: ReadonlyMap<string, DurationUnit> = new Map<string, DurationUnit>([
  ['ns', 'ns'],
  ['nanosecond', 'ns'],
  ['us', 'us'],
  ['microsecond', 'us'],
  ['ms', 'ms'],
  ['millisecond', 'ms'],
  ['s', 's'],
  ['second', 's'],
  ['m', 'm'],
  ['minute', 'm'],
  ['h', 'h'],
  ['hour', 'h'],
  ['d', 'd'],
  ['day', 'd'],
]);

/**
 * Words that can never be a bare identifier: Presto's reserved words, and ALL, which Presto leaves
 * unreserved although `SELECT all FROM t` could then mean two things. Everything else — `time`,
 * `date`, `value`, `filter`, `row` — may name a column.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'ALL',
  'ALTER',
  'AND',
  'AS',
  'BETWEEN',
  'BY',
  'CASE',
  'CAST',
  'CONSTRAINT',
  'CREATE',
  'CROSS',
  'CUBE',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'DEALLOCATE',
  'DELETE',
  'DESCRIBE',
  'DISTINCT',
  'DROP',
  'ELSE',
  'END',
  'ESCAPE',
  'EXCEPT',
  'EXECUTE',
  'EXISTS',
  'EXTRACT',
  'FALSE',
  'FOR',
  'FROM',
  'FULL',
  'GROUP',
  'GROUPING',
  'HAVING',
  'IN',
  'INNER',
  'INSERT',
  'INTERSECT',
  'INTO',
  'IS',
  'JOIN',
  'LEFT',
  'LIKE',
  'LOCALTIME',
  'LOCALTIMESTAMP',
  'NATURAL',
  'NOT',
  'NULL',
  'ON',
  'OR',
  'ORDER',
  'OUTER',
  'PREPARE',
  'RECURSIVE',
  'RIGHT',
  'ROLLUP',
  'SELECT',
  'TABLE',
  'THEN',
  'TRUE',
  'UNION',
  'UNNEST',
  'USING',
  'VALUES',
  'WHEN',
  'WHERE',
  'WITH',
]);

/** Words that end a select item or a table reference, so they are never taken as an implicit alias. */
export const CLAUSE_WORDS: ReadonlySet<string> = new Set(['LIMIT', 'OFFSET', 'FETCH', 'WINDOW']);

/** Whether a bare word must be quoted to be used as a name. */
export function isReservedWord(upper: string): boolean {
  return RESERVED_WORDS.has(upper);
}

/** How a token reads in an error message: `'FROM'`, `the string 'abc'`, `the end of the query`. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the query';
    case 'string':
      return `the string ${abbreviate(token.text)}`;
    case 'number':
      return `the number ${token.text}`;
    case 'duration':
      return `the duration ${token.text}`;
    case 'quotedIdentifier':
      return `the name ${abbreviate(token.text)}`;
    case 'parameter':
      return `the parameter ${token.text}`;
    case 'word':
      return isReservedWord(token.value) ? `the keyword ${token.value}` : `'${token.text}'`;
    case 'operator':
      return `'${token.text}'`;
  }
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Where tokens start and end in the text: offset -> the first token index starting (ending) there, to map a node's span to its tokens. */
export interface TokenOffsets {
  readonly byStart: ReadonlyMap<number, number>;
  readonly byEnd: ReadonlyMap<number, number>;
}

export function tokenOffsets(tokens: readonly Token[]): TokenOffsets {
  const byStart = new Map<number, number>();
  const byEnd = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (!byStart.has(token.offset)) byStart.set(token.offset, i);
    if (!byEnd.has(token.end)) byEnd.set(token.end, i);
  }
  return { byStart, byEnd };
}
