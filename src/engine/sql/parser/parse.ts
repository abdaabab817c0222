import { TidemarkError } from '../../../errors/index.ts';
import type { Expression, Statement } from '../ast/nodes.ts';
import { sqlSyntaxError } from '../lexer/syntax-error.ts';
import type { Token } from '../lexer/tokens.ts';
import { canStartExpression, parseExpression as parseExpressionFrom } from './expressions.ts';
import { cachedStatement, cachedStatementShaped, rememberedShape, type StatementShape } from './statement-cache.ts';
import { expectEndOfStatement, parseStatementFrom } from './statements.ts';
import { MAX_NESTING_DEPTH, TokenStream } from './token-stream.ts';

/**
 * Parses one SQL statement (an optional trailing `;` allowed). Throws only TidemarkError:
 * SQL_SYNTAX with `position` {line, column} and `details.excerpt` for anything malformed.
 */
export function parseStatement(sql: string): Statement {
  return guard(sql, () => {
    const ts = new TokenStream(sql);
    // A text of a shape parsed before is rebuilt from the cache (see statement-cache.ts for why that is exact).
    return cachedStatement(ts.allTokens, () => parseWhole(ts));
  });
}

/**
 * The tokens of `sql` (ending with eof) and the handle of their shape when the statement cache remembers
 * it, without building the statement: a caller holding what it needs under that handle skips the parse.
 * Throws SQL_SYNTAX for text that does not lex.
 */
export function lexForShape(sql: string): { readonly tokens: readonly Token[]; readonly shape: StatementShape | undefined } {
  return guard(sql, () => {
    const tokens = new TokenStream(sql).allTokens;
    return { tokens, shape: rememberedShape(tokens) };
  });
}

/** {@link parseStatement} that also gives the tokens and the handle of the statement's shape (see statement-cache.ts). */
export function parseStatementShaped(
  sql: string,
  lexed?: { readonly tokens: readonly Token[] },
): {
  readonly statement: Statement;
  readonly tokens: readonly Token[];
  readonly shape: StatementShape | undefined;
  readonly repeated: boolean;
} {
  return guard(sql, () => {
    const ts = new TokenStream(sql, lexed?.tokens);
    const tokens = ts.allTokens;
    const { statement, shape, repeated } = cachedStatementShaped(tokens, () => parseWhole(ts));
    return { statement, tokens, shape, repeated };
  });
}

/** {@link parseStatement} without the statement cache: the parser's own answer, for tests that check the cache against it. */
export function parseStatementUncached(sql: string): Statement {
  return guard(sql, () => parseWhole(new TokenStream(sql)));
}

function parseWhole(ts: TokenStream): Statement {
  const statement = parseStatementFrom(ts);
  expectEndOfStatement(ts);
  return statement;
}

/**
 * Parses a script of statements separated by semicolons, as pasted into a query editor; empty
 * statements (`;;`) are skipped.
 */
export function parseScript(sql: string): Statement[] {
  return guard(sql, () => {
    const ts = new TokenStream(sql);
    const statements: Statement[] = [];
    for (;;) {
      while (ts.acceptOperator(';')) {
        // Empty statement.
      }
      if (ts.peek().kind === 'eof') return statements;
      // Each statement runs on its own, with its own `?` parameters numbered from 0.
      ts.positionalParameters = 0;
      statements.push(parseStatementFrom(ts));
      if (!ts.acceptOperator(';') && ts.peek().kind !== 'eof') expectEndOfStatement(ts);
    }
  });
}

/** Parses a lone expression, as typed in a filter box or used in tests. */
export function parseExpression(sql: string): Expression {
  return guard(sql, () => {
    const ts = new TokenStream(sql);
    if (!canStartExpression(ts)) throw ts.unexpected(['an expression']);
    const expression = parseExpressionFrom(ts);
    const token = ts.peek();
    if (token.kind !== 'eof') throw ts.unexpected(['an operator', 'the end of the expression']);
    return expression;
  });
}

/**
 * The nesting limit should stop every deep recursion first; this is the backstop for a stack that is
 * already nearly full when parsing starts, so even then the caller gets a typed error, never a RangeError.
 */
function guard<T>(sql: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TidemarkError) throw error;
    if (error instanceof RangeError) {
      throw sqlSyntaxError(
        sql,
        { offset: 0, line: 1, column: 1 },
        `the query is nested too deeply to parse (the limit is ${MAX_NESTING_DEPTH} levels); simplify it.`,
      );
    }
    throw TidemarkError.from(error, 'INTERNAL');
  }
}
