import type { Expression, SortItem, WindowSpec } from './nodes.ts';

function sortExpressions(items: readonly SortItem[] | undefined): Expression[] {
  return items === undefined ? [] : items.map((item) => item.expr);
}

function windowExpressions(window: WindowSpec | undefined): Expression[] {
  if (window === undefined) return [];
  const frame = window.frame;
  const offsets = [frame?.start.offset, frame?.end?.offset].filter((offset): offset is Expression => offset !== undefined);
  return [...window.partitionBy, ...sortExpressions(window.orderBy), ...offsets];
}

/**
 * The expressions directly inside `expr`, in source order. Subqueries are not entered: their
 * expressions belong to another query scope, which a binder walks on its own.
 */
export function childExpressions(expr: Expression): Expression[] {
  switch (expr.kind) {
    case 'NullLiteral':
    case 'BooleanLiteral':
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'DurationLiteral':
    case 'IntervalLiteral':
    case 'TypedLiteral':
    case 'ColumnRef':
    case 'Parameter':
    case 'ExistsExpr':
    case 'SubqueryExpr':
      return [];
    case 'UnaryExpr':
      return [expr.operand];
    case 'BinaryExpr':
    case 'IsDistinctFromExpr':
      return [expr.left, expr.right];
    case 'LogicalExpr':
      return [...expr.operands];
    case 'BetweenExpr':
      return [expr.value, expr.low, expr.high];
    case 'InListExpr':
      return [expr.value, ...expr.list];
    case 'InSubqueryExpr':
    case 'QuantifiedComparisonExpr':
    case 'IsNullExpr':
      return [expr.value];
    case 'LikeExpr':
      return expr.escape === undefined ? [expr.value, expr.pattern] : [expr.value, expr.pattern, expr.escape];
    case 'FunctionCall':
      return [
        ...expr.args,
        ...sortExpressions(expr.orderBy),
        ...(expr.filter === undefined ? [] : [expr.filter]),
        ...windowExpressions(expr.over),
      ];
    case 'CaseExpr':
      return [
        ...(expr.operand === undefined ? [] : [expr.operand]),
        ...expr.whens.flatMap((when) => [when.condition, when.result]),
        ...(expr.else === undefined ? [] : [expr.else]),
      ];
    case 'CastExpr':
    case 'ExtractExpr':
      return [expr.value];
    case 'ArrayExpr':
      return [...expr.elements];
    case 'RowExpr':
      return [...expr.fields];
    case 'SubscriptExpr':
      return [expr.base, expr.index];
    case 'FieldAccessExpr':
      return [expr.base];
    case 'LambdaExpr':
      return [expr.body];
    case 'AtTimeZoneExpr':
      return [expr.value, expr.zone];
  }
}

/**
 * Visits `expr` and everything inside it (not inside subqueries), parents before children, in
 * source order. Returning false from `visit` skips that node's children. Iterative, so a wide or
 * deep tree cannot exhaust the stack.
 */
export function walkExpression(expr: Expression, visit: (node: Expression) => boolean | undefined): void {
  const pending: Expression[] = [expr];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (visit(node) === false) continue;
    const children = childExpressions(node);
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i] as Expression);
  }
}

/** Whether any expression in `expr` (itself included, subqueries excluded) satisfies `test`. */
export function someExpression(expr: Expression, test: (node: Expression) => boolean): boolean {
  let found = false;
  walkExpression(expr, (node) => {
    if (found) return false;
    if (test(node)) found = true;
    return !found;
  });
  return found;
}

/** The operands of a WHERE/ON/HAVING condition's top-level AND, or the condition itself: what a planner pushes down one by one. */
export function conjuncts(condition: Expression): readonly Expression[] {
  return condition.kind === 'LogicalExpr' && condition.operator === 'AND' ? condition.operands.flatMap(conjuncts) : [condition];
}
