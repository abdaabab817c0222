import { expect } from 'vitest';
import type { Expression, Statement } from '../../../src/engine/sql/ast/nodes.ts';
import { printStatement } from '../../../src/engine/sql/ast/print.ts';
import { stripSpans } from '../../../src/engine/sql/ast/strip-spans.ts';
import { parseExpression, parseStatement } from '../../../src/engine/sql/parser/parse.ts';
import { TidemarkError } from '../../../src/errors/index.ts';

/** The statement's tree without spans. */
export function tree(sql: string): Statement {
  return stripSpans(parseStatement(sql));
}

/** The expression's tree without spans. */
export function exprTree(sql: string): Expression {
  return stripSpans(parseExpression(sql));
}

/**
 * A compact Lisp-like rendering of an expression's structure, so precedence tests read as
 * `(OR a (AND b c))`. Node kinds without a rule here render as their kind.
 */
export function shape(expr: Expression): string {
  switch (expr.kind) {
    case 'ColumnRef':
      return expr.parts.map((part) => part.name).join('.');
    case 'NumberLiteral':
      return expr.text;
    case 'StringLiteral':
      return `'${expr.value}'`;
    case 'BooleanLiteral':
      return String(expr.value);
    case 'NullLiteral':
      return 'null';
    case 'DurationLiteral':
      return `${expr.amount}${expr.unit}`;
    case 'BinaryExpr':
      return `(${expr.operator} ${shape(expr.left)} ${shape(expr.right)})`;
    case 'LogicalExpr':
      return `(${expr.operator} ${expr.operands.map(shape).join(' ')})`;
    case 'UnaryExpr':
      return `(${expr.operator} ${shape(expr.operand)})`;
    case 'BetweenExpr':
      return `(${expr.negated ? 'NOT-' : ''}BETWEEN ${shape(expr.value)} ${shape(expr.low)} ${shape(expr.high)})`;
    case 'InListExpr':
      return `(${expr.negated ? 'NOT-' : ''}IN ${shape(expr.value)} [${expr.list.map(shape).join(' ')}])`;
    case 'LikeExpr':
      return `(${expr.negated ? 'NOT-' : ''}LIKE ${shape(expr.value)} ${shape(expr.pattern)}${expr.escape ? ` ${shape(expr.escape)}` : ''})`;
    case 'IsNullExpr':
      return `(IS-${expr.negated ? 'NOT-' : ''}NULL ${shape(expr.value)})`;
    case 'IsDistinctFromExpr':
      return `(IS-${expr.negated ? 'NOT-' : ''}DISTINCT ${shape(expr.left)} ${shape(expr.right)})`;
    case 'FunctionCall':
      return `${expr.name.map((part) => part.name).join('.')}(${expr.star ? '*' : expr.args.map(shape).join(' ')})`;
    case 'AtTimeZoneExpr':
      return `(AT ${shape(expr.value)} ${shape(expr.zone)})`;
    case 'SubscriptExpr':
      return `${shape(expr.base)}[${shape(expr.index)}]`;
    case 'FieldAccessExpr':
      return `(. ${shape(expr.base)} ${expr.field.name})`;
    case 'CastExpr':
      return `(${expr.safe ? 'TRY_CAST' : 'CAST'} ${shape(expr.value)} ${expr.type.name})`;
    case 'LambdaExpr':
      return `(LAMBDA [${expr.params.map((p) => p.name).join(' ')}] ${shape(expr.body)})`;
    case 'RowExpr':
      return `(ROW ${expr.fields.map(shape).join(' ')})`;
    case 'ArrayExpr':
      return `[${expr.elements.map(shape).join(' ')}]`;
    default:
      return expr.kind;
  }
}

/** The shape of a parsed expression. */
export function shapeOf(sql: string): string {
  return shape(parseExpression(sql));
}

/** Runs `parse` and returns the SQL_SYNTAX error it throws. */
export function syntaxError(sql: string, parse: (sql: string) => unknown = parseStatement): TidemarkError {
  try {
    parse(sql);
  } catch (error) {
    expect(error).toBeInstanceOf(TidemarkError);
    const typed = error as TidemarkError;
    expect(typed.code).toBe('SQL_SYNTAX');
    return typed;
  }
  throw new Error(`expected a syntax error from ${JSON.stringify(sql)}`);
}

/** Asserts parse(print(parse(sql))) equals parse(sql), and returns the printed text. */
export function expectRoundTrip(sql: string): string {
  const first = parseStatement(sql);
  const printed = printStatement(first);
  let second: Statement;
  try {
    second = parseStatement(printed);
  } catch (error) {
    throw new Error(`printed SQL did not parse:\n${printed}\n${String(error)}`);
  }
  expect(stripSpans(second), printed).toEqual(stripSpans(first));
  return printed;
}
