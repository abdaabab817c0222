import type { TidemarkError } from '../../../errors/index.ts';
import type { Identifier, SourceSpan } from '../ast/nodes.ts';
import { tokenizeRecalling } from '../lexer/relex.ts';
import { sqlSyntaxError } from '../lexer/syntax-error.ts';
import { CLAUSE_WORDS, describeToken, isReservedWord, type Token } from '../lexer/tokens.ts';

/**
 * How deeply expressions and queries may nest. Each level costs a handful of stack frames in the
 * recursive-descent parser, the printer and later tree walkers; 200 levels is far beyond any real
 * query and far below what the JavaScript stack holds.
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * How deep the syntax tree may grow, counting the links of left-deep chains (`a + b + c`,
 * `SELECT ... UNION ALL SELECT ...`) as levels. Chains cost the parser no stack, so they may be
 * longer than parentheses may nest, but later tree walkers recurse on them, so they are bounded too.
 */
export const MAX_TREE_DEPTH = 1000;

/** The parser's cursor over the tokens of one SQL text, with the helpers every grammar file shares. */
export class TokenStream {
  readonly sql: string;
  private readonly tokens: Token[];
  /** The last token, always `eof`. */
  private readonly eof: Token;
  private index = 0;
  /** Levels of recursion in the parser. */
  private depth = 0;
  /** Levels of the tree being built: recursion plus chain links. */
  private treeDepth = 0;
  /** The number of `?` parameters seen so far, to number them in text order. */
  positionalParameters = 0;

  /**
   * For each '(' token, the index of its matching ')' (-1 when unmatched); found once, when first asked
   * (most queries never ask), so look-ahead stays linear.
   */
  private closingParens: Int32Array | undefined;

  /** `lexed`: the text's tokens when the caller lexed it already (the parser never changes them). */
  constructor(sql: string, lexed?: readonly Token[]) {
    this.sql = sql;
    const tokens = (lexed as Token[] | undefined) ?? tokenizeRecalling(sql);
    this.tokens = tokens;
    this.eof = tokens[tokens.length - 1] as Token;
  }

  /** Every token of the text, ending with eof. */
  get allTokens(): readonly Token[] {
    return this.tokens;
  }

  /** How far ahead the ')' matching the '(' at `ahead` is, or undefined when it has none. */
  closingParenAhead(ahead: number): number | undefined {
    this.closingParens ??= matchParentheses(this.tokens);
    const close = this.closingParens[this.index + ahead] ?? -1;
    return close < 0 ? undefined : close - this.index;
  }

  /** The current token (or one further ahead); past the end, the eof token. */
  peek(ahead = 0): Token {
    return this.tokens[this.index + ahead] ?? this.eof;
  }

  /** The token before the current one, for the end of a span. */
  previous(): Token {
    return this.tokens[this.index - 1] ?? this.peek();
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** Whether the token `ahead` is the word `upper` (a keyword, case-insensitively). */
  isWord(upper: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.value === upper;
  }

  isOperator(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'operator' && token.value === text;
  }

  /** Consumes the word if it is next. */
  acceptWord(upper: string): boolean {
    if (!this.isWord(upper)) return false;
    this.index++;
    return true;
  }

  acceptOperator(text: string): boolean {
    if (!this.isOperator(text)) return false;
    this.index++;
    return true;
  }

  /** Consumes the words in order if they are all next (e.g. NULLS FIRST), else consumes nothing. */
  acceptWords(...uppers: string[]): boolean {
    for (let i = 0; i < uppers.length; i++) if (!this.isWord(uppers[i] as string, i)) return false;
    this.index += uppers.length;
    return true;
  }

  expectWord(upper: string, context?: string): Token {
    if (!this.isWord(upper)) throw this.unexpected([upper], context);
    return this.next();
  }

  expectOperator(text: string, context?: string): Token {
    if (!this.isOperator(text)) throw this.unexpected([`'${text}'`], context);
    return this.next();
  }

  /** Whether the current token can be a name: a quoted identifier or a bare word that is not reserved. */
  isIdentifier(ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'quotedIdentifier' || (token.kind === 'word' && !isReservedWord(token.value));
  }

  /** Whether the current token can be an alias written without AS. */
  isImplicitAlias(): boolean {
    const token = this.peek();
    return this.isIdentifier() && !(token.kind === 'word' && CLAUSE_WORDS.has(token.value));
  }

  /** Consumes a name, or fails saying what it was for. */
  expectIdentifier(what: string): Identifier {
    const token = this.peek();
    if (!this.isIdentifier()) {
      const hint = token.kind === 'word' ? ` (${token.value} is a reserved word; write it in double quotes to use it as a name)` : '';
      throw this.error(token, `expected ${what}, but found ${describeToken(token)}${hint}.`, [what]);
    }
    this.next();
    return identifierFromToken(token);
  }

  /** A span from `start` to the end of the last consumed token. */
  spanFrom(start: Token): SourceSpan {
    const end = this.previous();
    return { start: start.offset, end: Math.max(end.end, start.end), line: start.line, column: start.column };
  }

  /** Runs `parse` one nesting level deeper, failing clearly instead of exhausting the stack. */
  nested<T>(parse: () => T): T {
    this.enter();
    try {
      return parse();
    } finally {
      this.leave();
    }
  }

  /**
   * Goes one nesting level deeper (as {@link nested} does, without a closure on the hot paths); the
   * caller must call {@link leave} in a `finally`.
   */
  enter(): void {
    if (this.depth >= MAX_NESTING_DEPTH) {
      throw this.error(
        this.peek(),
        `the query nests more than ${MAX_NESTING_DEPTH} levels deep (parentheses, subqueries or operators); simplify it.`,
      );
    }
    this.depth++;
    this.treeDepth++;
  }

  leave(): void {
    this.depth--;
    this.treeDepth--;
  }

  /**
   * A left-deep chain (`a + b + c`, `x[1][2]`, `t JOIN u JOIN v`) starts here: each link deepens the tree
   * by one level without deepening the parser's stack, and later tree walkers recurse on it; so the loop
   * calls {@link deepen} per link, counted against {@link MAX_TREE_DEPTH}, and releases the count with
   * {@link endChain} (in a `finally`) given what this returned.
   */
  startChain(): number {
    return this.treeDepth;
  }

  /** One more link of the chain being built. */
  deepen(): void {
    if (this.treeDepth >= MAX_TREE_DEPTH) {
      throw this.error(
        this.peek(),
        `the query nests more than ${MAX_TREE_DEPTH} levels deep (counting each link of a chain of operators, subscripts, set operations or joins); simplify it.`,
      );
    }
    this.treeDepth++;
  }

  endChain(base: number): void {
    this.treeDepth = base;
  }

  /** "expected X, but found Y" at the current token. */
  unexpected(expected: readonly string[], context?: string): TidemarkError {
    const token = this.peek();
    const list =
      expected.length <= 1 ? (expected[0] ?? 'something else') : `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
    const where = context === undefined ? '' : ` ${context}`;
    return this.error(token, `expected ${list}${where}, but found ${describeToken(token)}.`, expected);
  }

  error(token: Token, problem: string, expected?: readonly string[]): TidemarkError {
    return sqlSyntaxError(this.sql, token, problem, {
      found: token.kind === 'eof' ? '<end>' : token.text,
      length: token.end - token.offset,
      ...(expected === undefined ? {} : { expected }),
    });
  }
}

/** For each '(' token, the index of its matching ')'; -1 for every other token and an unmatched '('. */
function matchParentheses(tokens: readonly Token[]): Int32Array {
  const closingParens = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== 'operator') continue;
    if (token.value === '(') open.push(i);
    else if (token.value === ')') {
      const opener = open.pop();
      if (opener !== undefined) closingParens[opener] = i;
    }
  }
  return closingParens;
}

/** The name a word or quoted-identifier token spells. */
export function identifierFromToken(token: Token): Identifier {
  return {
    kind: 'Identifier',
    name: token.kind === 'quotedIdentifier' ? token.value : token.text,
    quoted: token.kind === 'quotedIdentifier',
    span: { start: token.offset, end: token.end, line: token.line, column: token.column },
  };
}

/** The span of one token. */
export function spanOfToken(token: Token): SourceSpan {
  return { start: token.offset, end: token.end, line: token.line, column: token.column };
}
