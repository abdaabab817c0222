import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expression } from '../../../../src/engine/sql/ast/nodes.ts';
import { printExpression } from '../../../../src/engine/sql/ast/print.ts';
import { childExpressions, conjuncts, someExpression, walkExpression } from '../../../../src/engine/sql/ast/walk.ts';
import { parseExpression } from '../../../../src/engine/sql/parser/parse.ts';
import { expression } from './arbitraries.ts';

function visited(sql: string): string[] {
  const seen: string[] = [];
  walkExpression(parseExpression(sql), (node) => {
    seen.push(printExpression(node));
    return undefined;
  });
  return seen;
}

describe('expression walking', () => {
  it('visits parents before children, in source order', () => {
    expect(visited('a + f(b, c) * 2')).toEqual(['a + f(b, c) * 2', 'a', 'f(b, c) * 2', 'f(b, c)', 'b', 'c', '2']);
  });

  it('visits calls fully: arguments, ORDER BY, FILTER and the window', () => {
    expect(
      visited('g(a ORDER BY b) FILTER (WHERE c) OVER (PARTITION BY d ORDER BY e ROWS BETWEEN f PRECEDING AND h FOLLOWING)').slice(1),
    ).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'h']);
  });

  it('does not enter subqueries', () => {
    expect(visited('x IN (SELECT y FROM t) AND EXISTS (SELECT z)')).toEqual([
      'x IN (SELECT y FROM t) AND EXISTS (SELECT z)',
      'x IN (SELECT y FROM t)',
      'x',
      'EXISTS (SELECT z)',
    ]);
  });

  it('skips children when the visitor returns false', () => {
    const seen: string[] = [];
    walkExpression(parseExpression('f(a, g(b)) + c'), (node) => {
      seen.push(printExpression(node));
      return node.kind !== 'FunctionCall';
    });
    expect(seen).toEqual(['f(a, g(b)) + c', 'f(a, g(b))', 'c']);
  });

  it('finds nodes with someExpression', () => {
    const isCount = (node: Expression) => node.kind === 'FunctionCall' && node.name[0]?.name === 'count';
    expect(someExpression(parseExpression('1 + CASE WHEN x THEN count(*) END'), isCount)).toBe(true);
    expect(someExpression(parseExpression('1 + (SELECT count(*) FROM t)'), isCount)).toBe(false);
  });

  it('splits a condition into its conjuncts', () => {
    const parts = conjuncts(parseExpression("time > ago(1h) AND (host = 'a' AND region = 'b') AND (x OR y)"));
    expect(parts.map(printExpression)).toEqual(['time > ago(1h)', "host = 'a'", "region = 'b'", 'x OR y']);
    expect(conjuncts(parseExpression('a OR b')).map(printExpression)).toEqual(['a OR b']);
  });

  it('reaches every node of generated trees exactly once', () => {
    fc.assert(
      fc.property(expression, (tree) => {
        let count = 0;
        walkExpression(tree, () => {
          count++;
          return undefined;
        });
        const recount = (node: Expression): number => 1 + childExpressions(node).reduce((sum, child) => sum + recount(child), 0);
        expect(count).toBe(recount(tree));
      }),
      { numRuns: 300 },
    );
  });

  it('walks a very wide tree without recursion', () => {
    const wide = parseExpression(Array.from({ length: 20_000 }, (_, i) => `a = ${i}`).join(' OR '));
    let count = 0;
    walkExpression(wide, () => {
      count++;
      return undefined;
    });
    expect(count).toBe(1 + 20_000 * 3);
  });
});
