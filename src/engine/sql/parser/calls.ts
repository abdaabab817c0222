import type { Expression, FrameBound, FunctionCall, QualifiedName, SortItem, WindowFrame, WindowSpec } from '../ast/nodes.ts';
import type { Token } from '../lexer/tokens.ts';
import {
  canStartExpression,
  expectOperand,
  Precedence,
  parseExpression,
  parseExpressionList,
  parseSortItems,
  parseValue,
} from './expressions.ts';
import type { TokenStream } from './token-stream.ts';

// Function calls with their aggregate and window parts: DISTINCT, ORDER BY, FILTER, IGNORE NULLS, OVER.

/** `name(...)` with its optional DISTINCT, ORDER BY, FILTER, IGNORE/RESPECT NULLS and OVER parts. */
export function parseCall(ts: TokenStream, start: Token, name: QualifiedName): FunctionCall {
  ts.expectOperator('(');
  let distinct = false;
  let star = false;
  const args: Expression[] = [];
  let orderBy: SortItem[] | undefined;
  if (ts.acceptOperator('*')) {
    star = true;
    if (!ts.isOperator(')')) throw ts.unexpected(["')'"], `after ${callName(name)}(*`);
  } else if (!ts.isOperator(')')) {
    if (ts.acceptWord('DISTINCT')) distinct = true;
    else ts.acceptWord('ALL');
    do {
      if (!canStartExpression(ts)) expectOperand(ts, `as an argument of ${callName(name)}`);
      args.push(parseExpression(ts));
    } while (ts.acceptOperator(','));
    if (ts.acceptWords('ORDER', 'BY')) orderBy = parseSortItems(ts);
  }
  if (!ts.isOperator(')')) ts.expectOperator(')', `to close the arguments of ${callName(name)}`);
  ts.next();

  let filter: Expression | undefined;
  if (ts.isWord('FILTER') && ts.isOperator('(', 1) && ts.isWord('WHERE', 2)) {
    ts.next();
    ts.next();
    ts.next();
    expectOperand(ts, 'after FILTER (WHERE');
    filter = parseExpression(ts);
    ts.expectOperator(')', 'to close FILTER (WHERE ...');
  }
  let nullTreatment: 'IGNORE' | 'RESPECT' | undefined;
  if ((ts.isWord('IGNORE') || ts.isWord('RESPECT')) && ts.isWord('NULLS', 1)) {
    nullTreatment = ts.next().value === 'IGNORE' ? 'IGNORE' : 'RESPECT';
    ts.next();
    if (!ts.isWord('OVER')) throw ts.unexpected(['OVER'], `after ${nullTreatment} NULLS (it applies to window functions)`);
  }
  let over: WindowSpec | undefined;
  if (ts.acceptWord('OVER')) over = parseWindowSpec(ts);

  return {
    kind: 'FunctionCall',
    name,
    args,
    distinct,
    star,
    ...(orderBy === undefined ? {} : { orderBy }),
    ...(filter === undefined ? {} : { filter }),
    ...(nullTreatment === undefined ? {} : { nullTreatment }),
    ...(over === undefined ? {} : { over }),
    span: ts.spanFrom(start),
  };
}

/** The called name as written, for error messages only (so it is spelt out only for one). */
function callName(name: QualifiedName): string {
  return name.map((part) => part.name).join('.');
}

function parseWindowSpec(ts: TokenStream): WindowSpec {
  ts.expectOperator('(', 'after OVER');
  let partitionBy: Expression[] = [];
  let orderBy: SortItem[] = [];
  let frame: WindowFrame | undefined;
  if (ts.acceptWords('PARTITION', 'BY')) partitionBy = parseExpressionList(ts, 'in PARTITION BY');
  if (ts.acceptWords('ORDER', 'BY')) orderBy = parseSortItems(ts);
  if (ts.isWord('ROWS') || ts.isWord('RANGE') || ts.isWord('GROUPS')) {
    const unit = ts.next().value as WindowFrame['unit'];
    if (ts.acceptWord('BETWEEN')) {
      const startBound = parseFrameBound(ts);
      ts.expectWord('AND', 'between the bounds of the window frame');
      const endBound = parseFrameBound(ts);
      frame = { unit, start: startBound, end: endBound };
    } else {
      frame = { unit, start: parseFrameBound(ts) };
    }
  }
  if (!ts.isOperator(')')) {
    const expected =
      frame !== undefined ? ["')'"] : orderBy.length > 0 ? ['ROWS', 'RANGE', "')'"] : ['PARTITION BY', 'ORDER BY', 'ROWS', 'RANGE', "')'"];
    throw ts.unexpected(expected, 'in the window specification');
  }
  ts.next();
  return { partitionBy, orderBy, ...(frame === undefined ? {} : { frame }) };
}

function parseFrameBound(ts: TokenStream): FrameBound {
  if (ts.acceptWords('UNBOUNDED', 'PRECEDING')) return { kind: 'UnboundedPreceding' };
  if (ts.acceptWords('UNBOUNDED', 'FOLLOWING')) return { kind: 'UnboundedFollowing' };
  if (ts.acceptWords('CURRENT', 'ROW')) return { kind: 'CurrentRow' };
  if (!canStartExpression(ts)) throw ts.unexpected(['UNBOUNDED PRECEDING', 'CURRENT ROW', 'an offset'], 'in the window frame');
  const offset = parseValue(ts, Precedence.CONCAT);
  if (ts.acceptWord('PRECEDING')) return { kind: 'Preceding', offset };
  if (ts.acceptWord('FOLLOWING')) return { kind: 'Following', offset };
  throw ts.unexpected(['PRECEDING', 'FOLLOWING'], 'after the frame offset');
}
