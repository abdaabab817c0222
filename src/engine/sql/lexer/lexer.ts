import type { DurationUnit } from '../ast/nodes.ts';
import { type SourcePoint, sqlSyntaxError } from './syntax-error.ts';
import { DURATION_UNITS, OPERATORS, type Token, type TokenKind } from './tokens.ts';

const IDENTIFIER_START = /[\p{L}_]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_@]/u;

/** Names are ASCII almost always; the Unicode class is consulted only beyond it. */
function isIdentifierStart(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
  return IDENTIFIER_START.test(ch);
}

function isIdentifierPart(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 64;
  return IDENTIFIER_PART.test(ch);
}

/** {@link isIdentifierPart} of the character at `index` (false past the end), reading ASCII without making a string. */
function isIdentifierPartAt(sql: string, index: number): boolean {
  const code = sql.charCodeAt(index);
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 64;
  // Past the end the code is NaN; any other code unit (surrogates too) goes to the Unicode class as before.
  return index < sql.length && IDENTIFIER_PART.test(sql[index] as string);
}

const TWO_CHARACTER_OPERATORS: ReadonlySet<string> = new Set(OPERATORS.filter((op) => op.length === 2));
/** The characters that can end a two-character operator, so most operators are read without slicing a pair. */
const SECOND_CHARACTERS: ReadonlySet<string> = new Set(OPERATORS.filter((op) => op.length === 2).map((op) => op[1] as string));
const ONE_CHARACTER_OPERATORS: ReadonlySet<string> = new Set(OPERATORS.filter((op) => op.length === 1));

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/**
 * Receives what a tolerant scan (for an editor's highlighting) finds besides tokens. With a
 * listener, {@link tokenize} never throws: a malformed piece is reported and skipped.
 */
export interface LexListener {
  comment(start: number, end: number): void;
  error(start: number, end: number, problem: string): void;
}

/** Thrown inside a tolerant scan to abandon one malformed token; caught by the scan loop. */
class MalformedToken {
  constructor(
    readonly start: SourcePoint,
    readonly problem: string,
  ) {}
}

/**
 * Where to start lexing a text part way (relex.ts): `from`, a place between tokens (the end of one, or 0) with
 * its line and the offset its line starts at; and where to stop: before the first token for which `stopBefore`
 * (its offset, line and column) answers true, leaving it and what follows unread and no `eof` pushed.
 */
export interface LexResume {
  readonly from: number;
  readonly line: number;
  readonly lineStart: number;
  stopBefore(offset: number, line: number, column: number): boolean;
}

/**
 * Splits SQL into tokens, ending with one `eof` token. Throws a SQL_SYNTAX TidemarkError for text
 * that cannot start a token; an unterminated string, quoted name or comment is reported where it starts.
 * Given a `listener`, it reports comments and malformed text to it instead, and never throws.
 */
export function tokenize(sql: string, listener?: LexListener, resume?: LexResume): Token[] {
  const tokens: Token[] = [];
  let pos = resume?.from ?? 0;
  let line = resume?.line ?? 1;
  let lineStart = resume?.lineStart ?? 0;

  const fail = (at: SourcePoint, problem: string): never => {
    if (listener !== undefined) throw new MalformedToken(at, problem);
    throw sqlSyntaxError(sql, at, problem);
  };

  /** Moves past `count` characters, keeping line and column right across line breaks inside them. */
  const advance = (count: number): void => {
    const stop = pos + count;
    while (pos < stop) {
      const ch = sql.charCodeAt(pos);
      pos++;
      if (ch === 10 || (ch === 13 && sql.charCodeAt(pos) !== 10)) {
        line++;
        lineStart = pos;
      }
    }
  };

  // Where the token being read starts: kept as numbers, since most tokens never need a SourcePoint.
  let tokenOffset = 0;
  let tokenLine = 1;
  let tokenColumn = 1;
  const tokenStart = (): SourcePoint => ({ offset: tokenOffset, line: tokenLine, column: tokenColumn });

  const push = (
    kind: TokenKind,
    value: string,
    unit: DurationUnit | undefined = undefined,
    numberKind: 'integer' | 'decimal' | 'double' | undefined = undefined,
    text: string = sql.slice(tokenOffset, pos),
  ): void => {
    // One object literal with every field: a single hidden class keeps the parser's token reads fast.
    tokens.push({
      kind,
      text,
      value,
      unit,
      numberKind,
      offset: tokenOffset,
      end: pos,
      line: tokenLine,
      column: tokenColumn,
    });
  };

  /** Reads a quoted run closed by `quote`, where a doubled quote stands for one; returns the unescaped text. */
  const readQuoted = (quote: string, what: string): string => {
    // The quote starts the token, so the token's start is where it is reported unclosed.
    advance(1);
    let value = '';
    for (;;) {
      const close = sql.indexOf(quote, pos);
      if (close < 0) fail(tokenStart(), `${what} starting here is never closed with ${quote}.`);
      value += sql.slice(pos, close);
      advance(close - pos + 1);
      if (sql[pos] === quote) {
        value += quote;
        advance(1);
      } else {
        return value;
      }
    }
  };

  /** Reads one token (or comment) starting at the token start. */
  const lexToken = (ch: string): void => {
    if (ch === '-' && sql[pos + 1] === '-') {
      let end = pos + 2;
      while (end < sql.length && sql[end] !== '\n' && sql[end] !== '\r') end++;
      advance(end - pos);
      listener?.comment(tokenOffset, pos);
      return;
    }
    if (ch === '/' && sql[pos + 1] === '*') {
      const close = sql.indexOf('*/', pos + 2);
      if (close < 0) fail(tokenStart(), 'the comment starting here is never closed with */.');
      advance(close + 2 - pos);
      listener?.comment(tokenOffset, pos);
      return;
    }
    if (ch === "'") {
      const value = readQuoted("'", 'the string');
      push('string', value);
      return;
    }
    if (ch === '"') {
      const value = readQuoted('"', 'the quoted name');
      if (value.length === 0) fail(tokenStart(), 'a quoted name cannot be empty ("").');
      push('quotedIdentifier', value);
      return;
    }
    if (ch === '`') {
      fail(tokenStart(), 'backquotes do not quote names in this dialect; use double quotes, as in "my column".');
    }
    if (isDigit(ch) || (ch === '.' && isDigit(sql[pos + 1]))) {
      lexNumber();
      return;
    }
    if (isIdentifierStart(ch)) {
      let end = pos + 1;
      while (isIdentifierPartAt(sql, end)) end++;
      const word = sql.slice(pos, end);
      // A name holds no line break: the position moves without the line bookkeeping.
      pos = end;
      push('word', word.toUpperCase(), undefined, undefined, word);
      return;
    }
    if (ch === '@') {
      let end = pos + 1;
      while (isIdentifierPart(sql[end])) end++;
      if (end === pos + 1) fail(tokenStart(), "'@' must be followed by a parameter name, as in @scheduled_runtime.");
      const name = sql.slice(pos + 1, end);
      advance(end - pos);
      push('parameter', name);
      return;
    }
    const second = sql[pos + 1];
    const pair = second !== undefined && SECOND_CHARACTERS.has(second) ? sql.slice(pos, pos + 2) : '';
    const operator = TWO_CHARACTER_OPERATORS.has(pair) ? pair : ONE_CHARACTER_OPERATORS.has(ch) ? ch : undefined;
    if (operator !== undefined) {
      advance(operator.length);
      push(operator === '?' ? 'parameter' : 'operator', operator === '?' ? '' : operator, undefined, undefined, operator);
      return;
    }
    const hint =
      ch === '|'
        ? " (did you mean '||'?)"
        : ch === '!'
          ? " (did you mean '!=' or NOT?)"
          : ch === '$'
            ? ' (Grafana macros such as $__timeFilter must be expanded before the query runs)'
            : '';
    fail(tokenStart(), `unexpected character '${ch}'${hint}.`);
  };

  while (pos < sql.length) {
    const ch = sql[pos] as string;
    if (ch === ' ' || ch === '\t') {
      pos++;
      continue;
    }
    if (ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v') {
      advance(1);
      continue;
    }
    tokenOffset = pos;
    tokenLine = line;
    tokenColumn = pos - lineStart + 1;
    if (resume?.stopBefore(tokenOffset, tokenLine, tokenColumn)) return tokens;
    if (listener === undefined) {
      lexToken(ch);
      continue;
    }
    const start = tokenStart();
    try {
      lexToken(ch);
    } catch (error) {
      if (!(error instanceof MalformedToken)) throw error;
      // Start again from the bad token and skip what it spoils: an unclosed quote or comment, the
      // rest of its line (or, for a comment, the text); anything else, the word it begins.
      pos = start.offset;
      line = start.line;
      lineStart = start.offset - start.column + 1;
      let stop = pos + 1;
      if (ch === "'" || ch === '"') while (stop < sql.length && sql[stop] !== '\n' && sql[stop] !== '\r') stop++;
      else if (ch === '/') stop = sql.length;
      else while (isIdentifierPart(sql[stop])) stop++;
      advance(stop - pos);
      listener.error(start.offset, pos, error.problem);
    }
  }
  tokens.push({
    kind: 'eof',
    text: '',
    value: '',
    unit: undefined,
    numberKind: undefined,
    offset: pos,
    end: pos,
    line,
    column: pos - lineStart + 1,
  });
  return tokens;

  /**
   * Numbers, and Timestream's duration shorthands: a number immediately followed by a unit (`15s`,
   * `100ms`, `12second`). A number followed by any other letters is an error rather than two tokens,
   * since `1abc` is never what someone meant.
   */
  function lexNumber(): void {
    let end = pos;
    while (isDigit(sql[end])) end++;
    let numberKind: 'integer' | 'decimal' | 'double' = 'integer';
    if (sql[end] === '.') {
      numberKind = 'decimal';
      end++;
      while (isDigit(sql[end])) end++;
    }
    if (
      (sql[end] === 'e' || sql[end] === 'E') &&
      (isDigit(sql[end + 1]) || ((sql[end + 1] === '+' || sql[end + 1] === '-') && isDigit(sql[end + 2])))
    ) {
      numberKind = 'double';
      end += 2;
      while (isDigit(sql[end])) end++;
    }
    const numberText = sql.slice(pos, end);
    let wordEnd = end;
    while (isIdentifierPart(sql[wordEnd])) wordEnd++;
    if (wordEnd === end) {
      advance(end - pos);
      push('number', numberText, undefined, numberKind);
      return;
    }
    const suffix = sql.slice(end, wordEnd);
    const unit = DURATION_UNITS.get(suffix.toLowerCase());
    if (unit === undefined || numberKind === 'double') {
      fail(
        tokenStart(),
        `'${numberText}${suffix}' is neither a number nor a duration; durations end in ns, us, ms, s, m, h or d (as in 15s), and names cannot start with a digit unless quoted.`,
      );
      return;
    }
    advance(wordEnd - pos);
    push('duration', numberText, unit);
  }
}
