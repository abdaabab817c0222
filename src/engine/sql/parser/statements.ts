import type { Expression, Statement } from '../ast/nodes.ts';
import { describeToken } from '../lexer/tokens.ts';
import { canStartExpression, parseExpression } from './expressions.ts';
import { looksLikeQuery, parseQualifiedName, parseQuery } from './query.ts';
import { misspelledKeyword, STATEMENT_KEYWORDS } from './suggest.ts';
import type { TokenStream } from './token-stream.ts';

/**
 * One statement: a query, SHOW DATABASES | TABLES | MEASURES, DESCRIBE, EXPLAIN [ANALYZE] or
 * Tidemark's DELETE FROM.
 */
export function parseStatementFrom(ts: TokenStream): Statement {
  const start = ts.peek();
  if (ts.acceptWord('SHOW')) {
    if (ts.acceptWord('DATABASES') || ts.acceptWord('SCHEMAS')) {
      const like = parseLike(ts);
      return { kind: 'ShowDatabases', ...(like === undefined ? {} : { like }), span: ts.spanFrom(start) };
    }
    if (ts.acceptWord('TABLES')) {
      const database = ts.acceptWord('FROM') || ts.acceptWord('IN') ? ts.expectIdentifier('a database name') : undefined;
      const like = parseLike(ts);
      return {
        kind: 'ShowTables',
        ...(database === undefined ? {} : { database }),
        ...(like === undefined ? {} : { like }),
        span: ts.spanFrom(start),
      };
    }
    if (ts.acceptWord('MEASURES')) {
      if (!ts.acceptWord('FROM') && !ts.acceptWord('IN')) throw ts.unexpected(['FROM'], 'after SHOW MEASURES');
      const table = parseQualifiedName(ts, 'a table name (database.table)');
      const like = parseLike(ts);
      return { kind: 'ShowMeasures', table, ...(like === undefined ? {} : { like }), span: ts.spanFrom(start) };
    }
    throw ts.unexpected(['DATABASES', 'TABLES', 'MEASURES'], 'after SHOW');
  }
  if (ts.acceptWord('DESCRIBE') || ts.acceptWord('DESC')) {
    const table = parseQualifiedName(ts, 'a table name (database.table)');
    return { kind: 'Describe', table, span: ts.spanFrom(start) };
  }
  if (ts.acceptWord('EXPLAIN')) {
    const analyze = ts.acceptWord('ANALYZE');
    const statement = ts.nested(() => parseStatementFrom(ts));
    return { kind: 'Explain', analyze, statement, span: ts.spanFrom(start) };
  }
  if (ts.acceptWord('DELETE')) {
    ts.expectWord('FROM', 'after DELETE');
    const table = parseQualifiedName(ts, 'a table name (database.table)');
    let where: Expression | undefined;
    if (ts.acceptWord('WHERE')) {
      if (!canStartExpression(ts)) throw ts.unexpected(['a condition'], 'after WHERE');
      where = parseExpression(ts);
    }
    return { kind: 'Delete', table, ...(where === undefined ? {} : { where }), span: ts.spanFrom(start) };
  }
  // Only a query can start with '(' here.
  if (looksLikeQuery(ts, 0) || ts.isOperator('(')) return parseQuery(ts);
  const token = ts.peek();
  if (token.kind === 'word' && token.value === 'UNLOAD') {
    throw ts.error(token, "UNLOAD (Timestream's export to S3) is not supported: run the SELECT and export its result instead.");
  }
  if (token.kind === 'word' && UNSUPPORTED_STATEMENTS.has(token.value)) {
    throw ts.error(
      token,
      `${token.value} is not supported: as in Timestream, tables are created and written through the API, not SQL (DELETE FROM is Tidemark's one extension).`,
    );
  }
  const guess = token.kind === 'word' ? misspelledKeyword(token.text, STATEMENT_KEYWORDS) : undefined;
  throw ts.error(
    token,
    `expected a statement (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN or DELETE), but found ${describeToken(token)}${guess === undefined ? '' : ` (did you mean ${guess}?)`}.`,
    ['SELECT', 'WITH', 'VALUES', 'SHOW', 'DESCRIBE', 'EXPLAIN', 'DELETE'],
  );
}

/** Statements of other SQL dialects, answered with an explanation rather than "expected a statement". */
const UNSUPPORTED_STATEMENTS = new Set(['INSERT', 'UPDATE', 'MERGE', 'UPSERT', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'GRANT', 'REVOKE']);

function parseLike(ts: TokenStream): string | undefined {
  if (!ts.acceptWord('LIKE')) return undefined;
  const pattern = ts.peek();
  if (pattern.kind !== 'string') throw ts.unexpected(["a pattern in quotes, such as 'cpu%'"], 'after LIKE');
  ts.next();
  return pattern.value;
}

const CLAUSE_ORDER = ['FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'OFFSET', 'LIMIT'];

/** Fails unless the statement ended: an optional `;`, then nothing. */
export function expectEndOfStatement(ts: TokenStream): void {
  const semicolon = ts.acceptOperator(';');
  const token = ts.peek();
  if (token.kind === 'eof') return;
  const before = ts.previous();
  const misspelled = before.kind === 'word' ? misspelledKeyword(before.text) : undefined;
  let hint = '';
  if (semicolon) hint = ' (only one statement can run at a time)';
  else if (misspelled !== undefined) hint = ` (did you mean ${misspelled} rather than '${before.text}'?)`;
  else if (token.kind === 'word' && CLAUSE_ORDER.includes(token.value)) {
    hint = ' (the clauses of a query go in this order: FROM, WHERE, GROUP BY, HAVING, ORDER BY, OFFSET, LIMIT)';
  } else if (token.kind === 'operator' && token.value === ')') hint = ' (is there an unmatched closing parenthesis?)';
  else if (token.kind === 'operator' && token.value === '-' && before.kind === 'word' && before.end === token.offset) {
    hint = ` (a name with '-' in it must be in double quotes, as in "${before.text}-...")`;
  } else if (token.kind === 'word' || token.kind === 'quotedIdentifier' || token.kind === 'number' || token.kind === 'string') {
    hint = ' (is a comma, an operator or a keyword missing before it?)';
  }
  throw ts.error(token, `expected the end of the statement, but found ${describeToken(token)}${hint}.`, ['the end of the statement']);
}
