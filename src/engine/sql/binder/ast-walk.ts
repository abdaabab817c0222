import type { Expression, FunctionCall } from '../ast/nodes.ts';

/**
 * Visits every expression node below `expr` (itself included) without entering subqueries, which
 * have their own scope. `enter` returns false to skip a node's children.
 */
export function walkExpression(expr: Expression, enter: (node: Expression) => boolean | undefined): void {
  if (enter(expr) === false) return;
  const visit = (child: Expression | undefined) => {
    if (child) walkExpression(child, enter);
  };
  switch (expr.kind) {
    case 'UnaryExpr':
      visit(expr.operand);
      break;
    case 'BinaryExpr':
      visit(expr.left);
      visit(expr.right);
      break;
    case 'LogicalExpr':
      expr.operands.forEach(visit);
      break;
    case 'BetweenExpr':
      visit(expr.value);
      visit(expr.low);
      visit(expr.high);
      break;
    case 'InListExpr':
      visit(expr.value);
      expr.list.forEach(visit);
      break;
    case 'InSubqueryExpr':
    case 'QuantifiedComparisonExpr':
      visit(expr.value);
      break;
    case 'LikeExpr':
      visit(expr.value);
      visit(expr.pattern);
      visit(expr.escape);
      break;
    case 'IsNullExpr':
      visit(expr.value);
      break;
    case 'IsDistinctFromExpr':
      visit(expr.left);
      visit(expr.right);
      break;
    case 'FunctionCall':
      expr.args.forEach(visit);
      visit(expr.filter);
      for (const s of expr.orderBy ?? []) visit(s.expr);
      expr.over?.partitionBy.forEach(visit);
      for (const s of expr.over?.orderBy ?? []) visit(s.expr);
      break;
    case 'CaseExpr':
      visit(expr.operand);
      for (const w of expr.whens) {
        visit(w.condition);
        visit(w.result);
      }
      visit(expr.else);
      break;
    case 'CastExpr':
      visit(expr.value);
      break;
    case 'ArrayExpr':
      expr.elements.forEach(visit);
      break;
    case 'RowExpr':
      expr.fields.forEach(visit);
      break;
    case 'SubscriptExpr':
      visit(expr.base);
      visit(expr.index);
      break;
    case 'FieldAccessExpr':
      visit(expr.base);
      break;
    case 'LambdaExpr':
      visit(expr.body);
      break;
    case 'AtTimeZoneExpr':
      visit(expr.value);
      visit(expr.zone);
      break;
    case 'ExtractExpr':
      visit(expr.value);
      break;
    default:
      break;
  }
}

/** The calls in `exprs` that satisfy `isWanted`, outermost first, not looking inside the calls found. */
export function findCalls(exprs: readonly (Expression | undefined)[], isWanted: (call: FunctionCall) => boolean): FunctionCall[] {
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
