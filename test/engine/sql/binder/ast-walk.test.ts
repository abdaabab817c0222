import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expression, FunctionCall } from '../../../../src/engine/sql/ast/nodes.ts';
import { printExpression } from '../../../../src/engine/sql/ast/print.ts';
import { findAggregateAndWindowCalls, walkExpression } from '../../../../src/engine/sql/binder/ast-walk.ts';
import { parseExpression } from '../../../../src/engine/sql/parser/parse.ts';
import { expression } from '../ast/arbitraries.ts';

// The binder finds a SELECT's aggregate and window calls in one walk; it must find exactly what the two
// separate walks find (the aggregates in the select list, HAVING and ORDER BY, the windows in the select
// list and ORDER BY), in the same order.

const AGGREGATES = new Set(['sum', 'count', 'max', 'avg']);
const byName = (call: FunctionCall) => AGGREGATES.has(call.name[0]!.name.toLowerCase());
/** For generated trees: about half the names are aggregates. */
const byFirstLetter = (call: FunctionCall) => call.name[0]!.name.toLowerCase() < 'n';

/** The reference: the calls in `exprs` that satisfy `isWanted`, outermost first, not looking inside the calls found. */
function findCalls(exprs: readonly (Expression | undefined)[], isWanted: (call: FunctionCall) => boolean): FunctionCall[] {
  const found: FunctionCall[] = [];
  for (const expr of exprs) {
    if (!expr) continue;
    walkExpression(expr, (node) => {
      if (node.kind === 'FunctionCall' && isWanted(node)) {
        found.push(node);
        return false;
      }
      return true;
    });
  }
  return found;
}

function separately(
  select: Expression[],
  having: Expression | undefined,
  orderBy: Expression[],
  isAggregate: (c: FunctionCall) => boolean,
) {
  return {
    aggregates: findCalls([...select, having, ...orderBy], (call) => !call.over && isAggregate(call)),
    windows: findCalls([...select, ...orderBy], (call) => call.over !== undefined),
  };
}

describe('finding aggregate and window calls in one walk', () => {
  it('finds the outermost calls of each kind, windows inside aggregates and aggregates inside windows', () => {
    const select = [
      'sum(x) + max(sum(y))',
      'rank() OVER (ORDER BY sum(z))',
      'avg(lag(v) OVER (PARTITION BY count(*) ORDER BY w))',
      'CASE WHEN f(count(a)) THEN 1 ELSE sum(b) FILTER (WHERE max(c) > 0) END',
      'g(x IN (SELECT sum(q) FROM t))',
    ].map((s) => parseExpression(s));
    const having = parseExpression('count(*) > 1');
    const orderBy = [parseExpression('row_number() OVER (ORDER BY max(t))')];
    const found = findAggregateAndWindowCalls(select, [having], orderBy, (call) => !call.over && byName(call));
    expect(found.aggregates.map(printExpression)).toEqual([
      'sum(x)',
      'max(sum(y))',
      'sum(z)',
      'avg(lag(v) OVER (PARTITION BY count(*) ORDER BY w))',
      'count(a)',
      'sum(b) FILTER (WHERE max(c) > 0)',
      'count(*)',
      'max(t)',
    ]);
    expect(found.windows.map(printExpression)).toEqual([
      'rank() OVER (ORDER BY sum(z))',
      'lag(v) OVER (PARTITION BY count(*) ORDER BY w)',
      'row_number() OVER (ORDER BY max(t))',
    ]);
    expect(found).toEqual(separately(select, having, orderBy, byName));
  });

  it('finds what the two walks find, in their order, in generated trees', () => {
    fc.assert(
      fc.property(
        fc.array(expression, { maxLength: 3 }),
        fc.option(expression, { nil: undefined }),
        fc.array(expression, { maxLength: 2 }),
        (select, having, orderBy) => {
          const found = findAggregateAndWindowCalls(select, [having], orderBy, (call) => !call.over && byFirstLetter(call));
          const expected = separately(select, having, orderBy, byFirstLetter);
          // The very nodes, not just equal ones.
          expect(found.aggregates.length).toBe(expected.aggregates.length);
          for (const [i, call] of found.aggregates.entries()) expect(call).toBe(expected.aggregates[i]);
          expect(found.windows.length).toBe(expected.windows.length);
          for (const [i, call] of found.windows.entries()) expect(call).toBe(expected.windows[i]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
