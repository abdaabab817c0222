import { TidemarkError } from '../../../errors/index.ts';
import type { SourceSpan } from '../ast/nodes.ts';
import { caretExcerpt } from '../lexer/syntax-error.ts';

/**
 * A SQL_SEMANTIC error at a place in the query: an unknown column, a type mismatch, an aggregate
 * where none may be. Like syntax errors, the message shows the line with a caret.
 */
export function semanticError(
  sql: string,
  span: SourceSpan | undefined,
  problem: string,
  details: Record<string, unknown> = {},
): TidemarkError {
  if (!span) return new TidemarkError('SQL_SEMANTIC', problem, { details });
  const excerpt = caretExcerpt(sql, { offset: span.start, line: span.line, column: span.column });
  return new TidemarkError('SQL_SEMANTIC', `Error at line ${span.line}, column ${span.column}: ${problem}\n${excerpt}`, {
    position: { line: span.line, column: span.column },
    details: { problem, excerpt, offset: span.start, ...details },
  });
}

/** Re-raises an error from a function's type resolution at the call's position, keeping its message. */
export function atSpan(sql: string, span: SourceSpan, error: unknown): TidemarkError {
  if (error instanceof TidemarkError && error.position === undefined) {
    return semanticError(sql, span, error.message, error.details ? { ...error.details } : {});
  }
  return TidemarkError.from(error);
}
