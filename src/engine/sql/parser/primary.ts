import type { Expression, FunctionCall, Identifier, IntervalField, QualifiedName } from '../ast/nodes.ts';
import { describeToken, isReservedWord, type Token } from '../lexer/tokens.ts';
import { parseCall } from './calls.ts';
import { expectOperand, Precedence, parseExpression, parseExpressionList, parseValue } from './expressions.ts';
import { CURRENT_TIME_WORDS, INTERVAL_FIELDS } from './keywords.ts';
import { looksLikeQuery, parseQuery } from './query.ts';
import { identifierFromToken, spanOfToken, type TokenStream } from './token-stream.ts';
import { parseDataType } from './types.ts';

/**
 * The primary expressions: literals, names and calls, parenthesised forms, and the special syntax
 * of CASE, CAST, EXTRACT, INTERVAL, ARRAY[...], ROW(...), position(... IN ...) and lambdas.
 */
export function parsePrimary(ts: TokenStream): Expression {
  const token = ts.peek();
  switch (token.kind) {
    case 'number':
      ts.next();
      return { kind: 'NumberLiteral', text: token.value, numberKind: token.numberKind ?? 'integer', span: spanOfToken(token) };
    case 'string':
      ts.next();
      return { kind: 'StringLiteral', value: token.value, span: spanOfToken(token) };
    case 'duration':
      ts.next();
      return { kind: 'DurationLiteral', amount: token.value, unit: token.unit ?? 's', span: spanOfToken(token) };
    case 'parameter':
      ts.next();
      if (token.value === '') return { kind: 'Parameter', index: ts.positionalParameters++, span: spanOfToken(token) };
      return { kind: 'Parameter', name: token.value, span: spanOfToken(token) };
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
  const word = token.value;
  switch (word) {
    case 'NULL':
      ts.next();
      return { kind: 'NullLiteral', span: spanOfToken(token) };
    case 'TRUE':
    case 'FALSE':
      ts.next();
      return { kind: 'BooleanLiteral', value: word === 'TRUE', span: spanOfToken(token) };
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
