import type { Expression, FunctionCall } from '../ast/nodes.ts';

/**
 * Visits every expression node below `expr` (itself included) without entering subqueries, which
 * have their own scope. `enter` returns false to skip a node's children.
 */
export function walkExpression(expr: Expression, enter: (node: Expression) => boolean | undefined): void {
  if (enter(expr) === false) return;
  // Children are visited through plain calls and loops (a walk runs for every select item): no closure per node.
  switch (expr.kind) {
    case 'UnaryExpr':
      visitChild(expr.operand, enter);
      break;
    case 'BinaryExpr':
      visitChild(expr.left, enter);
      visitChild(expr.right, enter);
      break;
    case 'LogicalExpr':
      visitAll(expr.operands, enter);
      break;
    case 'BetweenExpr':
      visitChild(expr.value, enter);
      visitChild(expr.low, enter);
      visitChild(expr.high, enter);
      break;
    case 'InListExpr':
      visitChild(expr.value, enter);
      visitAll(expr.list, enter);
      break;
    case 'InSubqueryExpr':
    case 'QuantifiedComparisonExpr':
      visitChild(expr.value, enter);
      break;
    case 'LikeExpr':
      visitChild(expr.value, enter);
      visitChild(expr.pattern, enter);
      visitChild(expr.escape, enter);
      break;
    case 'IsNullExpr':
      visitChild(expr.value, enter);
      break;
    case 'IsDistinctFromExpr':
      visitChild(expr.left, enter);
      visitChild(expr.right, enter);
      break;
    case 'FunctionCall':
      visitAll(expr.args, enter);
      visitChild(expr.filter, enter);
      for (const s of expr.orderBy ?? []) visitChild(s.expr, enter);
      visitAll(expr.over?.partitionBy, enter);
      for (const s of expr.over?.orderBy ?? []) visitChild(s.expr, enter);
      break;
    case 'CaseExpr':
      visitChild(expr.operand, enter);
      for (const w of expr.whens) {
        visitChild(w.condition, enter);
        visitChild(w.result, enter);
      }
      visitChild(expr.else, enter);
      break;
    case 'CastExpr':
      visitChild(expr.value, enter);
      break;
    case 'ArrayExpr':
      visitAll(expr.elements, enter);
      break;
    case 'RowExpr':
      visitAll(expr.fields, enter);
      break;
    case 'SubscriptExpr':
      visitChild(expr.base, enter);
      visitChild(expr.index, enter);
      break;
    case 'FieldAccessExpr':
      visitChild(expr.base, enter);
      break;
    case 'LambdaExpr':
      visitChild(expr.body, enter);
      break;
    case 'AtTimeZoneExpr':
      visitChild(expr.value, enter);
      visitChild(expr.zone, enter);
      break;
    case 'ExtractExpr':
      visitChild(expr.value, enter);
      break;
    default:
      break;
  }
}

function visitChild(child: Expression | undefined, enter: (node: Expression) => boolean | undefined): void {
  if (child) walkExpression(child, enter);
}

function visitAll(children: readonly Expression[] | undefined, enter: (node: Expression) => boolean | undefined): void {
  if (children === undefined) return;
  for (let i = 0; i < children.length; i++) walkExpression(children[i] as Expression, enter);
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
