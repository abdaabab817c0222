import { tokenize } from './lexer.ts';
import { isReservedWord } from './tokens.ts';

/** What a stretch of SQL is, for colouring it in an editor. */
export type HighlightKind =
  | 'keyword'
  | 'function'
  | 'identifier'
  | 'string'
  | 'number'
  | 'duration'
  | 'operator'
  | 'parameter'
  | 'comment'
  | 'error';

/** A stretch of SQL text, `start` inclusive and `end` exclusive (UTF-16 offsets), and its kind. */
export interface HighlightSpan {
  readonly kind: HighlightKind;
  readonly start: number;
  readonly end: number;
  /** For `error` spans: what is wrong, as the parser would say it. */
  readonly problem?: string;
}

/**
 * Words that are keywords where they appear in a query but may also name columns; an editor shows
 * them as keywords, which is what they almost always are.
 */
const CONTEXTUAL_KEYWORDS: ReadonlySet<string> = new Set([
  'ANALYZE',
  'ANY',
  'ASC',
  'AT',
  'CURRENT',
  'DATABASES',
  'DESC',
  'FILTER',
  'FIRST',
  'FOLLOWING',
  'GROUPS',
  'IGNORE',
  'INTERVAL',
  'LAST',
  'LIMIT',
  'MEASURES',
  'NULLS',
  'OFFSET',
  'ORDINALITY',
  'OVER',
  'PARTITION',
  'PRECEDING',
  'RANGE',
  'RESPECT',
  'ROW',
  'ROWS',
  'SCHEMAS',
  'SETS',
  'SHOW',
  'SOME',
  'TABLES',
  'TO',
  'TRY_CAST',
  'UNBOUNDED',
  'ZONE',
  'EXPLAIN',
]);

/**
 * Splits SQL into coloured stretches for an editor, in text order. Never throws: malformed pieces
 * (an unclosed string, a stray character) become `error` spans and the rest is still coloured.
 */
export function highlightSql(sql: string): HighlightSpan[] {
  const spans: HighlightSpan[] = [];
  const tokens = tokenize(sql, {
    comment: (start, end) => spans.push({ kind: 'comment', start, end }),
    error: (start, end, problem) => spans.push({ kind: 'error', start, end, problem }),
  });
  tokens.forEach((token, i) => {
    const span = { start: token.offset, end: token.end };
    switch (token.kind) {
      case 'eof':
        return;
      case 'word': {
        const next = tokens[i + 1];
        const called = next?.kind === 'operator' && next.value === '(';
        let kind: HighlightKind = 'identifier';
        if (isReservedWord(token.value) || CONTEXTUAL_KEYWORDS.has(token.value)) kind = 'keyword';
        // A name right before '(' is a call, unless it is a keyword such as IN or OVER.
        if (called && (kind === 'identifier' || token.value === 'GROUPING' || token.value === 'TRY_CAST')) kind = 'function';
        spans.push({ kind, ...span });
        return;
      }
      case 'quotedIdentifier':
        spans.push({ kind: 'identifier', ...span });
        return;
      default:
        spans.push({ kind: token.kind, ...span });
    }
  });
  return spans.sort((a, b) => a.start - b.start);
}
