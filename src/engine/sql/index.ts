/**
 * Tidemark's SQL front end: Timestream's dialect (Presto lineage) tokenised, parsed into a typed
 * syntax tree, and printed back. The binder, planner and executor build on these.
 */
export type * from './ast/nodes.ts';
export {
  formatStatement,
  printDataType,
  printExpression,
  printIdentifier,
  printQuery,
  printRelation,
  printStatement,
} from './ast/print.ts';
export { stripSpans } from './ast/strip-spans.ts';
export { childExpressions, conjuncts, someExpression, walkExpression } from './ast/walk.ts';
export type { HighlightKind, HighlightSpan } from './lexer/highlight.ts';
export { highlightSql } from './lexer/highlight.ts';
export type { LexListener } from './lexer/lexer.ts';
export { tokenize } from './lexer/lexer.ts';
export type { SourcePoint } from './lexer/syntax-error.ts';
export { caretExcerpt, pointAt, sqlSyntaxError } from './lexer/syntax-error.ts';
export type { Token, TokenKind } from './lexer/tokens.ts';
export { isReservedWord } from './lexer/tokens.ts';
export type { CompletionContext } from './parser/completion.ts';
export { completionContext } from './parser/completion.ts';
export { parseExpression, parseScript, parseStatement } from './parser/parse.ts';
export { MAX_NESTING_DEPTH, MAX_TREE_DEPTH } from './parser/token-stream.ts';
