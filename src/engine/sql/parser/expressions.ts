import type {
  BinaryOperator,
  ColumnRef,
  ComparisonOperator,
  Expression,
  FrameBound,
  FunctionCall,
  Identifier,
  IntervalField,
  QualifiedName,
  SortItem,
  WindowFrame,
  WindowSpec,
} from '../ast/nodes.ts';
import { describeToken, isReservedWord, type Token } from '../lexer/tokens.ts';
import { looksLikeQuery, parseQuery } from './query.ts';
import { identifierFromToken, spanOfToken, type TokenStream } from './token-stream.ts';
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

/** The fields an ANSI interval literal may name. */
const INTERVAL_FIELDS: ReadonlySet<string> = new Set<IntervalField>([
  'YEAR',
  'QUARTER',
  'MONTH',
  'WEEK',
  'DAY',
  'HOUR',
  'MINUTE',
  'SECOND',
  'MILLISECOND',
  'MICROSECOND',
  'NANOSECOND',
]);

/** The bare words that are calls to the current date and time. */
const CURRENT_TIME_WORDS: ReadonlySet<string> = new Set([
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'LOCALTIME',
  'LOCALTIMESTAMP',
]);

/** Timestream's typed measure columns, named `measure_value::<type>`. */
const MEASURE_VALUE_TYPES: ReadonlySet<string> = new Set(['double', 'bigint', 'varchar', 'boolean', 'timestamp']);

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
  return ts.nested(() => parseOr(ts));
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

function expectOperand(ts: TokenStream, context: string): void {
  if (!canStartExpression(ts)) {
    const token = ts.peek();
    throw ts.error(token, `expected an expression ${context}, but found ${describeToken(token)}.`, ['an expression']);
  }
}

function parseOr(ts: TokenStream): Expression {
  return parseLogical(ts, 'OR', parseAnd);
}

function parseAnd(ts: TokenStream): Expression {
  return parseLogical(ts, 'AND', parseNot);
}

/** A flat chain of AND or OR operands (see LogicalExpr for why it is not a binary tree). */
function parseLogical(ts: TokenStream, operator: 'AND' | 'OR', parseOperand: (ts: TokenStream) => Expression): Expression {
  const start = ts.peek();
  const first = parseOperand(ts);
  if (!ts.isWord(operator)) return first;
  const operands = [first];
  while (ts.acceptWord(operator)) {
    expectOperand(ts, `after ${operator}`);
    operands.push(parseOperand(ts));
  }
  return { kind: 'LogicalExpr', operator, operands, span: ts.spanFrom(start) };
}

function parseNot(ts: TokenStream): Expression {
  const start = ts.peek();
  if (ts.acceptWord('NOT')) {
    expectOperand(ts, 'after NOT');
    const operand = ts.nested(() => parseNot(ts));
    return { kind: 'UnaryExpr', operator: 'NOT', operand, span: ts.spanFrom(start) };
  }
  return parsePredicate(ts);
}

/** Comparisons and the predicates that follow a value: IS, BETWEEN, IN, LIKE, and their NOT forms. */
function parsePredicate(ts: TokenStream): Expression {
  return ts.chain((deepen) => parsePredicateChain(ts, deepen));
}

function parsePredicateChain(ts: TokenStream, deepen: () => void): Expression {
  const start = ts.peek();
  let left = parseValue(ts, Precedence.CONCAT);
  for (;;) {
    deepen();
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
      expectOperand(ts, `after '${token.text}'`);
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
function parseValue(ts: TokenStream, minPrecedence: number): Expression {
  return ts.chain((deepen) => {
    const start = ts.peek();
    let left = parseUnary(ts);
    for (;;) {
      const token = ts.peek();
      const entry = token.kind === 'operator' ? VALUE_OPERATORS.get(token.value) : undefined;
      if (entry === undefined || entry.precedence < minPrecedence) return left;
      deepen();
      ts.next();
      expectOperand(ts, `after '${token.text}'`);
      const right = ts.nested(() => parseValue(ts, entry.precedence + 1));
      left = { kind: 'BinaryExpr', operator: entry.operator, left, right, span: ts.spanFrom(start) };
    }
  });
}

function parseUnary(ts: TokenStream): Expression {
  const start = ts.peek();
  if (start.kind === 'operator' && (start.value === '-' || start.value === '+')) {
    ts.next();
    expectOperand(ts, `after '${start.value}'`);
    const operand = ts.nested(() => parseUnary(ts));
    return { kind: 'UnaryExpr', operator: start.value, operand, span: ts.spanFrom(start) };
  }
  return parseAtTimeZone(ts);
}

function parseAtTimeZone(ts: TokenStream): Expression {
  return ts.chain((deepen) => {
    const start = ts.peek();
    let value = parsePostfix(ts);
    while (ts.isWord('AT') && ts.isWord('TIME', 1) && ts.isWord('ZONE', 2)) {
      deepen();
      ts.next();
      ts.next();
      ts.next();
      expectOperand(ts, 'after AT TIME ZONE');
      const zone = parsePostfix(ts);
      value = { kind: 'AtTimeZoneExpr', value, zone, span: ts.spanFrom(start) };
    }
    return value;
  });
}

/** Subscripts `a[1]`, field access `x.value`, and `x::type` (or Timestream's `measure_value::double` column). */
function parsePostfix(ts: TokenStream): Expression {
  return ts.chain((deepen) => parsePostfixChain(ts, deepen));
}

function parsePostfixChain(ts: TokenStream, deepen: () => void): Expression {
  const start = ts.peek();
  // A name in parentheses is a value, so `(x).time` is a field of x, not a column of a table x.
  const parenthesised = ts.isOperator('(');
  let expr = parsePrimary(ts);
  let dottedName = expr.kind === 'ColumnRef' && !parenthesised;
  for (;;) {
    if (!dottedName) deepen();
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

function parsePrimary(ts: TokenStream): Expression {
  const token = ts.peek();
  const span = spanOfToken(token);
  switch (token.kind) {
    case 'number':
      ts.next();
      return { kind: 'NumberLiteral', text: token.value, numberKind: token.numberKind ?? 'integer', span };
    case 'string':
      ts.next();
      return { kind: 'StringLiteral', value: token.value, span };
    case 'duration':
      ts.next();
      return { kind: 'DurationLiteral', amount: token.value, unit: token.unit ?? 's', span };
    case 'parameter':
      ts.next();
      if (token.value === '') return { kind: 'Parameter', index: ts.positionalParameters++, span };
      return { kind: 'Parameter', name: token.value, span };
    case 'operator':
      if (token.value === '(') return parseParenthesised(ts);
      throw ts.unexpected(['an expression']);
    case 'quotedIdentifier':
      return parseNameOrCall(ts);
    case 'word':
      return parseWord(ts, token);
    case 'eof':
      throw ts.unexpected(['an expression']);
  }
}

/** `( ... )`: a lambda's parameters, a scalar subquery, a row `(a, b)`, or a parenthesised expression. */
function parseParenthesised(ts: TokenStream): Expression {
  const start = ts.peek();
  const lambdaParams = lambdaParameterCount(ts);
  if (lambdaParams !== undefined) {
    ts.next();
    const params: Identifier[] = [];
    for (let i = 0; i < lambdaParams; i++) {
      if (i > 0) ts.next();
      params.push(identifierFromToken(ts.next()));
    }
    ts.expectOperator(')');
    ts.expectOperator('->');
    expectOperand(ts, "after '->'");
    const body = parseExpression(ts);
    return { kind: 'LambdaExpr', params, body, span: ts.spanFrom(start) };
  }
  ts.next();
  if (looksLikeQuery(ts, 0)) {
    const query = parseQuery(ts);
    ts.expectOperator(')', 'to close the subquery');
    return { kind: 'SubqueryExpr', query, span: ts.spanFrom(start) };
  }
  expectOperand(ts, "after '('");
  const first = parseExpression(ts);
  if (ts.acceptOperator(',')) {
    const rest = parseExpressionList(ts, 'in the row');
    ts.expectOperator(')', 'to close the row');
    return { kind: 'RowExpr', fields: [first, ...rest], span: ts.spanFrom(start) };
  }
  ts.expectOperator(')', 'to close the parenthesis');
  return first;
}

/** If the tokens at `(` are `(a, b) ->` or `() ->`, how many parameters; otherwise undefined. */
function lambdaParameterCount(ts: TokenStream): number | undefined {
  let ahead = 1;
  let count = 0;
  if (ts.isOperator(')', ahead)) return ts.isOperator('->', ahead + 1) ? 0 : undefined;
  for (;;) {
    if (!ts.isIdentifier(ahead)) return undefined;
    count++;
    ahead++;
    if (ts.isOperator(')', ahead)) return ts.isOperator('->', ahead + 1) ? count : undefined;
    if (!ts.isOperator(',', ahead)) return undefined;
    ahead++;
  }
}

function parseWord(ts: TokenStream, token: Token): Expression {
  const span = spanOfToken(token);
  const word = token.value;
  switch (word) {
    case 'NULL':
      ts.next();
      return { kind: 'NullLiteral', span };
    case 'TRUE':
    case 'FALSE':
      ts.next();
      return { kind: 'BooleanLiteral', value: word === 'TRUE', span };
    case 'CASE':
      return parseCase(ts);
    case 'CAST':
      return parseCast(ts, false);
    case 'EXISTS': {
      ts.next();
      ts.expectOperator('(', 'after EXISTS');
      if (!looksLikeQuery(ts, 0)) throw ts.unexpected(['a subquery (SELECT ...)'], 'after EXISTS (');
      const query = parseQuery(ts);
      ts.expectOperator(')', 'to close the EXISTS subquery');
      return { kind: 'ExistsExpr', query, span: ts.spanFrom(token) };
    }
    case 'EXTRACT':
      return parseExtract(ts);
    case 'GROUPING':
      if (ts.isOperator('(', 1)) return parseNameOrCall(ts);
      break;
  }
  if (CURRENT_TIME_WORDS.has(word)) {
    ts.next();
    // Presto allows a precision, as in current_timestamp(3); Tidemark keeps nanoseconds, so it is read and ignored.
    if (ts.isOperator('(')) {
      ts.next();
      if (ts.peek().kind === 'number') ts.next();
      ts.expectOperator(')', `to close ${word.toLowerCase()}(`);
    }
    return callNode([identifierFromToken(token)], [], ts.spanFrom(token));
  }
  if (isReservedWord(word)) {
    throw ts.error(
      token,
      `expected an expression, but found ${describeToken(token)}${word === 'FROM' ? ' (is a select item missing?)' : ''}.`,
      ['an expression'],
    );
  }
  if (word === 'TRY_CAST' && ts.isOperator('(', 1)) return parseCast(ts, true);
  if (word === 'ARRAY' && ts.isOperator('[', 1)) {
    ts.next();
    ts.next();
    const elements = ts.isOperator(']') ? [] : parseExpressionList(ts, 'in the array');
    ts.expectOperator(']', 'to close ARRAY[');
    return { kind: 'ArrayExpr', elements, span: ts.spanFrom(token) };
  }
  if (word === 'ROW' && ts.isOperator('(', 1)) {
    ts.next();
    ts.next();
    const fields = parseExpressionList(ts, 'in ROW(');
    ts.expectOperator(')', 'to close ROW(');
    return { kind: 'RowExpr', fields, span: ts.spanFrom(token) };
  }
  if (
    word === 'INTERVAL' &&
    (ts.peek(1).kind === 'string' || ((ts.isOperator('-', 1) || ts.isOperator('+', 1)) && ts.peek(2).kind === 'string'))
  ) {
    return parseInterval(ts);
  }
  if (word === 'POSITION' && ts.isOperator('(', 1)) return parsePosition(ts);
  if (ts.peek(1).kind === 'string') {
    // A type name before a string is a typed literal: DATE '2022-05-21', DOUBLE '0.0'.
    const type = parseDataType(ts);
    const value = ts.next().value;
    return { kind: 'TypedLiteral', type, value, span: ts.spanFrom(token) };
  }
  return parseNameOrCall(ts);
}

/** A name: a lambda `x -> ...`, a function call `f(...)`, or a column reference. */
function parseNameOrCall(ts: TokenStream): Expression {
  const token = ts.next();
  const name = identifierFromToken(token);
  if (ts.acceptOperator('->')) {
    expectOperand(ts, "after '->'");
    const body = parseExpression(ts);
    return { kind: 'LambdaExpr', params: [name], body, span: ts.spanFrom(token) };
  }
  if (ts.isOperator('(')) return parseCall(ts, token, [name]);
  return { kind: 'ColumnRef', parts: [name], span: spanOfToken(token) };
}

function callNode(name: QualifiedName, args: Expression[], span: FunctionCall['span']): FunctionCall {
  return { kind: 'FunctionCall', name, args, distinct: false, star: false, span };
}

/** `name(...)` with its optional DISTINCT, ORDER BY, FILTER, IGNORE/RESPECT NULLS and OVER parts. */
function parseCall(ts: TokenStream, start: Token, name: QualifiedName): FunctionCall {
  const functionName = name.map((part) => part.name).join('.');
  ts.expectOperator('(');
  let distinct = false;
  let star = false;
  let args: Expression[] = [];
  let orderBy: SortItem[] | undefined;
  if (ts.acceptOperator('*')) {
    star = true;
    if (!ts.isOperator(')')) throw ts.unexpected(["')'"], `after ${functionName}(*`);
  } else if (!ts.isOperator(')')) {
    if (ts.acceptWord('DISTINCT')) distinct = true;
    else ts.acceptWord('ALL');
    args = parseExpressionList(ts, `as an argument of ${functionName}`);
    if (ts.acceptWords('ORDER', 'BY')) orderBy = parseSortItems(ts);
  }
  ts.expectOperator(')', `to close the arguments of ${functionName}`);

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

function parseCase(ts: TokenStream): Expression {
  const start = ts.next();
  let operand: Expression | undefined;
  if (!ts.isWord('WHEN')) {
    expectOperand(ts, 'after CASE');
    operand = parseExpression(ts);
  }
  const whens: { condition: Expression; result: Expression }[] = [];
  while (ts.acceptWord('WHEN')) {
    expectOperand(ts, 'after WHEN');
    const condition = parseExpression(ts);
    ts.expectWord('THEN', 'after the WHEN condition');
    expectOperand(ts, 'after THEN');
    const result = parseExpression(ts);
    whens.push({ condition, result });
  }
  if (whens.length === 0) throw ts.unexpected(['WHEN'], 'in CASE');
  let elseResult: Expression | undefined;
  if (ts.acceptWord('ELSE')) {
    expectOperand(ts, 'after ELSE');
    elseResult = parseExpression(ts);
  }
  if (!ts.isWord('END')) throw ts.unexpected(elseResult === undefined ? ['WHEN', 'ELSE', 'END'] : ['END'], 'to finish CASE');
  ts.next();
  return {
    kind: 'CaseExpr',
    ...(operand === undefined ? {} : { operand }),
    whens,
    ...(elseResult === undefined ? {} : { else: elseResult }),
    span: ts.spanFrom(start),
  };
}

function parseCast(ts: TokenStream, safe: boolean): Expression {
  const start = ts.next();
  const name = safe ? 'TRY_CAST' : 'CAST';
  ts.expectOperator('(', `after ${name}`);
  expectOperand(ts, `in ${name}(`);
  const value = parseExpression(ts);
  ts.expectWord('AS', `in ${name}(... AS type)`);
  const type = parseDataType(ts);
  ts.expectOperator(')', `to close ${name}(`);
  return { kind: 'CastExpr', value, type, safe, syntax: 'cast', span: ts.spanFrom(start) };
}

function parseExtract(ts: TokenStream): Expression {
  const start = ts.next();
  ts.expectOperator('(', 'after EXTRACT');
  const field = ts.peek();
  if (field.kind !== 'word') throw ts.unexpected(['a field such as YEAR, MONTH, DAY or HOUR'], 'in EXTRACT(');
  ts.next();
  ts.expectWord('FROM', 'in EXTRACT(field FROM value)');
  expectOperand(ts, 'after FROM in EXTRACT');
  const value = parseExpression(ts);
  ts.expectOperator(')', 'to close EXTRACT(');
  return { kind: 'ExtractExpr', field: field.value, value, span: ts.spanFrom(start) };
}

/** `INTERVAL [+|-] 'value' [field [TO field]]` */
function parseInterval(ts: TokenStream): Expression {
  const start = ts.next();
  let sign: 1 | -1 = 1;
  if (ts.acceptOperator('-')) sign = -1;
  else ts.acceptOperator('+');
  const value = ts.next().value;
  let from: IntervalField | undefined;
  let to: IntervalField | undefined;
  const fromToken = ts.peek();
  if (fromToken.kind === 'word' && fromToken.value.endsWith('S') && INTERVAL_FIELDS.has(fromToken.value.slice(0, -1))) {
    // Without this, `interval '2' days` would quietly read as an interval aliased "days".
    throw ts.error(fromToken, `interval fields are singular: write ${fromToken.value.slice(0, -1)}, not ${fromToken.value}.`, [
      fromToken.value.slice(0, -1),
    ]);
  }
  if (fromToken.kind === 'word' && INTERVAL_FIELDS.has(fromToken.value)) {
    ts.next();
    from = fromToken.value as IntervalField;
    if (ts.acceptWord('TO')) {
      const toToken = ts.peek();
      if (toToken.kind !== 'word' || !INTERVAL_FIELDS.has(toToken.value))
        throw ts.unexpected(['an interval field (such as SECOND)'], 'after TO');
      ts.next();
      to = toToken.value as IntervalField;
    }
  }
  return {
    kind: 'IntervalLiteral',
    value,
    sign,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    span: ts.spanFrom(start),
  };
}

/** `position(substring IN string)`, which is strpos(string, substring); kept as a call to position(substring, string). */
function parsePosition(ts: TokenStream): Expression {
  const start = ts.next();
  ts.next();
  expectOperand(ts, 'in position(');
  const needle = parseValue(ts, Precedence.CONCAT);
  if (ts.acceptOperator(',')) {
    // Also accept the plain call form, which is how the printer writes it back.
  } else {
    ts.expectWord('IN', 'in position(substring IN string)');
  }
  expectOperand(ts, 'in position(');
  const haystack = parseValue(ts, Precedence.CONCAT);
  ts.expectOperator(')', 'to close position(');
  return callNode([identifierFromToken(start)], [needle, haystack], ts.spanFrom(start));
}
