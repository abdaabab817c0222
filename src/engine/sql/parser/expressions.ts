import type { TidemarkError } from '../../../errors/index.ts';
import type { BinaryOperator, ColumnRef, ComparisonOperator, Expression, Identifier, SortItem } from '../ast/nodes.ts';
import { describeToken, isReservedWord, type Token } from '../lexer/tokens.ts';
import { CURRENT_TIME_WORDS, MEASURE_VALUE_TYPES } from './keywords.ts';
import { parsePrimary } from './primary.ts';
import { looksLikeQuery, parseQuery } from './query.ts';
import { identifierFromToken, type TokenStream } from './token-stream.ts';
import { parseDataType } from './types.ts';

/**
 * Binding strength of the binary operators, loosest first, following Presto's grammar:
 * OR < AND < NOT < comparisons and predicates < || < + - < * / % < unary - < AT TIME ZONE.
 */
export const Precedence = {
  OR: 1,
  AND: 2,
  NOT: 3,
  PREDICATE: 4,
  CONCAT: 5,
  ADDITIVE: 6,
  MULTIPLICATIVE: 7,
  UNARY: 8,
  AT_TIME_ZONE: 9,
  POSTFIX: 10,
  PRIMARY: 11,
} as const;

const COMPARISON_OPERATORS: ReadonlyMap<string, ComparisonOperator> = new Map([
  ['=', '='],
  ['<>', '<>'],
  ['!=', '<>'],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
]);

const VALUE_OPERATORS: ReadonlyMap<string, { operator: BinaryOperator; precedence: number }> = new Map([
  ['||', { operator: '||', precedence: Precedence.CONCAT }],
  ['+', { operator: '+', precedence: Precedence.ADDITIVE }],
  ['-', { operator: '-', precedence: Precedence.ADDITIVE }],
  ['*', { operator: '*', precedence: Precedence.MULTIPLICATIVE }],
  ['/', { operator: '/', precedence: Precedence.MULTIPLICATIVE }],
  ['%', { operator: '%', precedence: Precedence.MULTIPLICATIVE }],
]);

/** Reserved words that nonetheless start an expression. */
const EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set([
  'NULL',
  'TRUE',
  'FALSE',
  'CASE',
  'CAST',
  'EXISTS',
  'EXTRACT',
  'NOT',
  'GROUPING',
  ...CURRENT_TIME_WORDS,
]);

/** Parses a complete expression, lambdas included. */
export function parseExpression(ts: TokenStream): Expression {
  ts.enter();
  try {
    return parseLogical(ts, 'OR');
  } finally {
    ts.leave();
  }
}

/** Whether the current token can begin an expression; used to give "expected an expression after X" errors. */
export function canStartExpression(ts: TokenStream): boolean {
  const token = ts.peek();
  switch (token.kind) {
    case 'number':
    case 'string':
    case 'duration':
    case 'parameter':
    case 'quotedIdentifier':
      return true;
    case 'operator':
      return token.value === '(' || token.value === '-' || token.value === '+';
    case 'word':
      return !isReservedWord(token.value) || EXPRESSION_KEYWORDS.has(token.value);
    case 'eof':
      return false;
  }
}

/** Fails with "expected an expression <context>" unless one can start here. */
export function expectOperand(ts: TokenStream, context: string): void {
  if (!canStartExpression(ts)) throw missingOperand(ts, context);
}

/** Fails with "expected an expression after '<token>'" unless one can start here (the message is built only then). */
function expectOperandAfter(ts: TokenStream, token: Token): void {
  if (!canStartExpression(ts)) throw missingOperand(ts, `after '${token.text}'`);
}

function missingOperand(ts: TokenStream, context: string): TidemarkError {
  const token = ts.peek();
  return ts.error(token, `expected an expression ${context}, but found ${describeToken(token)}.`, ['an expression']);
}

/** A flat chain of OR operands, or of AND operands (see LogicalExpr for why it is not a binary tree). */
function parseLogical(ts: TokenStream, operator: 'AND' | 'OR'): Expression {
  const start = ts.peek();
  const first = operator === 'OR' ? parseLogical(ts, 'AND') : parseNot(ts);
  if (!ts.isWord(operator)) return first;
  const operands = [first];
  while (ts.acceptWord(operator)) {
    expectOperand(ts, operator === 'OR' ? 'after OR' : 'after AND');
    operands.push(operator === 'OR' ? parseLogical(ts, 'AND') : parseNot(ts));
  }
  return { kind: 'LogicalExpr', operator, operands, span: ts.spanFrom(start) };
}

function parseNot(ts: TokenStream): Expression {
  const start = ts.peek();
  if (ts.acceptWord('NOT')) {
    expectOperand(ts, 'after NOT');
    let operand: Expression;
    ts.enter();
    try {
      operand = parseNot(ts);
    } finally {
      ts.leave();
    }
    return { kind: 'UnaryExpr', operator: 'NOT', operand, span: ts.spanFrom(start) };
  }
  return parsePredicate(ts);
}

/** Comparisons and the predicates that follow a value: IS, BETWEEN, IN, LIKE, and their NOT forms. */
function parsePredicate(ts: TokenStream): Expression {
  const base = ts.startChain();
  try {
    return parsePredicateChain(ts);
  } finally {
    ts.endChain(base);
  }
}

function parsePredicateChain(ts: TokenStream): Expression {
  const start = ts.peek();
  let left = parseValue(ts, Precedence.CONCAT);
  for (;;) {
    ts.deepen();
    const token = ts.peek();
    const comparison = token.kind === 'operator' ? COMPARISON_OPERATORS.get(token.value) : undefined;
    if (comparison !== undefined) {
      ts.next();
      const quantifier = ts.peek();
      if (
        quantifier.kind === 'word' &&
        (quantifier.value === 'ANY' || quantifier.value === 'SOME' || quantifier.value === 'ALL') &&
        ts.isOperator('(', 1) &&
        looksLikeQuery(ts, 2, true)
      ) {
        ts.next();
        ts.next();
        const query = parseQuery(ts);
        ts.expectOperator(')', 'to close the subquery');
        left = {
          kind: 'QuantifiedComparisonExpr',
          operator: comparison,
          quantifier: quantifier.value === 'ALL' ? 'ALL' : 'ANY',
          value: left,
          query,
          span: ts.spanFrom(start),
        };
        continue;
      }
      expectOperandAfter(ts, token);
      const right = parseValue(ts, Precedence.CONCAT);
      left = { kind: 'BinaryExpr', operator: comparison, left, right, span: ts.spanFrom(start) };
      continue;
    }
    if (ts.acceptWord('IS')) {
      const negated = ts.acceptWord('NOT');
      if (ts.acceptWord('NULL')) {
        left = { kind: 'IsNullExpr', value: left, negated, span: ts.spanFrom(start) };
      } else if (ts.acceptWord('DISTINCT')) {
        ts.expectWord('FROM', 'after IS DISTINCT');
        expectOperand(ts, 'after IS DISTINCT FROM');
        const right = parseValue(ts, Precedence.CONCAT);
        left = { kind: 'IsDistinctFromExpr', left, right, negated, span: ts.spanFrom(start) };
      } else {
        throw ts.unexpected(['NULL', 'DISTINCT FROM'], negated ? 'after IS NOT' : 'after IS');
      }
      continue;
    }
    const negated = ts.isWord('NOT') && (ts.isWord('BETWEEN', 1) || ts.isWord('IN', 1) || ts.isWord('LIKE', 1));
    if (negated) ts.next();
    if (ts.acceptWord('BETWEEN')) {
      expectOperand(ts, 'after BETWEEN');
      const low = parseValue(ts, Precedence.CONCAT);
      ts.expectWord('AND', 'between the bounds of BETWEEN');
      expectOperand(ts, 'after BETWEEN ... AND');
      const high = parseValue(ts, Precedence.CONCAT);
      left = { kind: 'BetweenExpr', value: left, low, high, negated, span: ts.spanFrom(start) };
      continue;
    }
    if (ts.acceptWord('IN')) {
      ts.expectOperator('(', 'after IN');
      if (looksLikeQuery(ts, 0, true)) {
        const query = parseQuery(ts);
        ts.expectOperator(')', 'to close the subquery after IN');
        left = { kind: 'InSubqueryExpr', value: left, query, negated, span: ts.spanFrom(start) };
      } else {
        const list = parseExpressionList(ts, 'in the IN list');
        ts.expectOperator(')', 'to close the IN list');
        left = { kind: 'InListExpr', value: left, list, negated, span: ts.spanFrom(start) };
      }
      continue;
    }
    if (ts.acceptWord('LIKE')) {
      expectOperand(ts, 'after LIKE');
      const pattern = parseValue(ts, Precedence.CONCAT);
      if (ts.acceptWord('ESCAPE')) {
        expectOperand(ts, 'after ESCAPE');
        const escapeCharacter = parseValue(ts, Precedence.CONCAT);
        left = { kind: 'LikeExpr', value: left, pattern, escape: escapeCharacter, negated, span: ts.spanFrom(start) };
      } else {
        left = { kind: 'LikeExpr', value: left, pattern, negated, span: ts.spanFrom(start) };
      }
      continue;
    }
    return left;
  }
}

/** Arithmetic and concatenation by precedence climbing, from `minPrecedence` up. */
export function parseValue(ts: TokenStream, minPrecedence: number): Expression {
  const base = ts.startChain();
  try {
    return parseValueChain(ts, minPrecedence);
  } finally {
    ts.endChain(base);
  }
}

function parseValueChain(ts: TokenStream, minPrecedence: number): Expression {
  const start = ts.peek();
  let left = parseUnary(ts);
  for (;;) {
    const token = ts.peek();
    const entry = token.kind === 'operator' ? VALUE_OPERATORS.get(token.value) : undefined;
    if (entry === undefined || entry.precedence < minPrecedence) return left;
    ts.deepen();
    ts.next();
    expectOperandAfter(ts, token);
    let right: Expression;
    ts.enter();
    try {
      right = parseValue(ts, entry.precedence + 1);
    } finally {
      ts.leave();
    }
    left = { kind: 'BinaryExpr', operator: entry.operator, left, right, span: ts.spanFrom(start) };
  }
}

function parseUnary(ts: TokenStream): Expression {
  const start = ts.peek();
  if (start.kind === 'operator' && (start.value === '-' || start.value === '+')) {
    ts.next();
    expectOperandAfter(ts, start);
    let operand: Expression;
    ts.enter();
    try {
      operand = parseUnary(ts);
    } finally {
      ts.leave();
    }
    return { kind: 'UnaryExpr', operator: start.value, operand, span: ts.spanFrom(start) };
  }
  return parseAtTimeZone(ts);
}

function parseAtTimeZone(ts: TokenStream): Expression {
  const base = ts.startChain();
  try {
    const start = ts.peek();
    let value = parsePostfix(ts);
    while (ts.isWord('AT') && ts.isWord('TIME', 1) && ts.isWord('ZONE', 2)) {
      ts.deepen();
      ts.next();
      ts.next();
      ts.next();
      expectOperand(ts, 'after AT TIME ZONE');
      const zone = parsePostfix(ts);
      value = { kind: 'AtTimeZoneExpr', value, zone, span: ts.spanFrom(start) };
    }
    return value;
  } finally {
    ts.endChain(base);
  }
}

/** Subscripts `a[1]`, field access `x.value`, and `x::type` (or Timestream's `measure_value::double` column). */
function parsePostfix(ts: TokenStream): Expression {
  const base = ts.startChain();
  try {
    return parsePostfixChain(ts);
  } finally {
    ts.endChain(base);
  }
}

function parsePostfixChain(ts: TokenStream): Expression {
  const start = ts.peek();
  // A name in parentheses is a value, so `(x).time` is a field of x, not a column of a table x.
  const parenthesised = ts.isOperator('(');
  let expr = parsePrimary(ts);
  let dottedName = expr.kind === 'ColumnRef' && !parenthesised;
  for (;;) {
    if (!dottedName) ts.deepen();
    if (ts.acceptOperator('[')) {
      expectOperand(ts, "after '['");
      const index = parseExpression(ts);
      ts.expectOperator(']', 'to close the subscript');
      expr = { kind: 'SubscriptExpr', base: expr, index, span: ts.spanFrom(start) };
      dottedName = false;
    } else if (ts.isOperator('.') && ts.isIdentifier(1)) {
      ts.next();
      const field = identifierFromToken(ts.next());
      if (dottedName && expr.kind === 'ColumnRef') {
        expr = { kind: 'ColumnRef', parts: [...expr.parts, field], span: ts.spanFrom(start) };
      } else {
        expr = { kind: 'FieldAccessExpr', base: expr, field, span: ts.spanFrom(start) };
      }
    } else if (ts.isOperator('.')) {
      const after = ts.peek(1);
      throw ts.error(after, `expected a field name after '.', but found ${describeToken(after)}.`, ['a field name']);
    } else if (ts.acceptOperator('::')) {
      const measureColumn = dottedName && expr.kind === 'ColumnRef' ? asMeasureValueColumn(ts, expr) : undefined;
      if (measureColumn !== undefined) {
        expr = measureColumn;
        continue;
      }
      const type = parseDataType(ts);
      expr = { kind: 'CastExpr', value: expr, type, safe: false, syntax: 'colons', span: ts.spanFrom(start) };
      dottedName = false;
    } else {
      return expr;
    }
  }
}

/**
 * In Timestream `measure_value::double` is the name of a column, not a cast: when `::` follows a bare
 * `measure_value` and one of the measure types, the three tokens become that one name.
 */
function asMeasureValueColumn(ts: TokenStream, ref: ColumnRef): ColumnRef | undefined {
  const last = ref.parts[ref.parts.length - 1];
  const typeToken = ts.peek();
  if (last === undefined || last.quoted || last.name.toLowerCase() !== 'measure_value') return undefined;
  const typeName = typeToken.kind === 'word' ? typeToken.value.toLowerCase() : '';
  if (!MEASURE_VALUE_TYPES.has(typeName) || ts.isOperator('(', 1)) return undefined;
  ts.next();
  const name: Identifier = {
    kind: 'Identifier',
    name: `measure_value::${typeName}`,
    quoted: false,
    span: { ...last.span, end: typeToken.end },
  };
  return { kind: 'ColumnRef', parts: [...ref.parts.slice(0, -1), name], span: { ...ref.span, end: typeToken.end } };
}

/** `expr [ASC|DESC] [NULLS FIRST|LAST], ...` */
export function parseSortItems(ts: TokenStream): SortItem[] {
  const items: SortItem[] = [];
  do {
    expectOperand(ts, 'to sort by');
    const expr = parseExpression(ts);
    let direction: 'ASC' | 'DESC' | undefined;
    if (ts.acceptWord('ASC')) direction = 'ASC';
    else if (ts.acceptWord('DESC')) direction = 'DESC';
    let nulls: 'FIRST' | 'LAST' | undefined;
    if (ts.acceptWord('NULLS')) {
      if (ts.acceptWord('FIRST')) nulls = 'FIRST';
      else if (ts.acceptWord('LAST')) nulls = 'LAST';
      else throw ts.unexpected(['FIRST', 'LAST'], 'after NULLS');
    }
    items.push({
      expr,
      ...(direction === undefined ? {} : { direction }),
      ...(nulls === undefined ? {} : { nulls }),
    });
  } while (ts.acceptOperator(','));
  return items;
}

/** One or more comma-separated expressions. */
export function parseExpressionList(ts: TokenStream, context: string): Expression[] {
  const list: Expression[] = [];
  do {
    expectOperand(ts, context);
    list.push(parseExpression(ts));
  } while (ts.acceptOperator(','));
  return list;
}
