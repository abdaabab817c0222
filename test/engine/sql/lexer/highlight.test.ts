import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlightSql } from '../../../../src/engine/sql/lexer/highlight.ts';
import { tokenize } from '../../../../src/engine/sql/lexer/lexer.ts';

/** `kind:text` for each span. */
function colours(sql: string): string[] {
  return highlightSql(sql).map((span) => `${span.kind}:${sql.slice(span.start, span.end)}`);
}

describe('highlighting', () => {
  it('colours keywords, functions, names, literals, operators and comments', () => {
    expect(colours('SELECT bin(time, 1m) AS b, "Host" -- note\nFROM t WHERE x IN (?, @p) LIMIT 5 /* end */')).toEqual([
      'keyword:SELECT',
      'function:bin',
      'operator:(',
      'identifier:time',
      'operator:,',
      'duration:1m',
      'operator:)',
      'keyword:AS',
      'identifier:b',
      'operator:,',
      'identifier:"Host"',
      'comment:-- note',
      'keyword:FROM',
      'identifier:t',
      'keyword:WHERE',
      'identifier:x',
      'keyword:IN',
      'operator:(',
      'parameter:?',
      'operator:,',
      'parameter:@p',
      'operator:)',
      'keyword:LIMIT',
      'number:5',
      'comment:/* end */',
    ]);
  });

  it('colours keyword calls and OVER windows sensibly', () => {
    expect(colours('count(*) OVER (ORDER BY a) IN (1)').filter((c) => !c.startsWith('operator'))).toEqual([
      'function:count',
      'keyword:OVER',
      'keyword:ORDER',
      'keyword:BY',
      'identifier:a',
      'keyword:IN',
      'number:1',
    ]);
  });

  it('keeps going past malformed text, marking it as an error', () => {
    const sql = "SELECT # 1abc, 'open\nFROM t /* never closed";
    const spans = highlightSql(sql);
    expect(spans.map((s) => s.kind)).toEqual(['keyword', 'error', 'error', 'operator', 'error', 'keyword', 'identifier', 'error']);
    expect(spans[1]?.problem).toContain("unexpected character '#'");
    expect(spans[4]?.problem).toContain('never closed');
    // The unclosed comment runs to the end of the text.
    expect(spans[7]).toMatchObject({ start: sql.indexOf('/*'), end: sql.length });
  });

  it('never throws, and its spans are in order without overlap', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (sql) => {
        const spans = highlightSql(sql);
        let end = 0;
        for (const span of spans) {
          expect(span.start).toBeGreaterThanOrEqual(end);
          expect(span.end).toBeGreaterThan(span.start);
          end = span.end;
        }
        expect(end).toBeLessThanOrEqual(sql.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a tolerant scan the same tokens as a strict one on valid text', () => {
    const sql = "SELECT a, 'x' FROM t -- c\nWHERE b > 1.5e3 AND c = 15s";
    const strict = tokenize(sql);
    const tolerant = tokenize(sql, { comment: () => undefined, error: () => undefined });
    expect(tolerant).toEqual(strict);
  });
});
