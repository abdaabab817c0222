import type { Expression, FunctionCall } from '../ast/nodes.ts';

/**
 * Visits every expression node below `expr` (itself included) without entering subqueries, which
 * have their own scope. `enter` returns false to skip a node's children.
 */
export function walkExpression(expr: Expression, enter: (node: Expression) => boolean | undefined): void {
  if (enter(expr) === false) return;
  forEachChild(expr, walkExpression, enter);
}

/**
 * Calls `visit(child, state)` for each expression directly below `expr`, in source order, not entering
 * subqueries. Children are visited through plain calls and loops (a walk runs for every select item, and
 * mostly unoptimised): no closure per node.
 */
function forEachChild<S>(expr: Expression, visit: (child: Expression, state: S) => void, state: S): void {
  switch (expr.kind) {
    case 'UnaryExpr':
      visit(expr.operand, state);
      break;
    case 'BinaryExpr':
      visit(expr.left, state);
      visit(expr.right, state);
      break;
    case 'LogicalExpr':
      visitAll(expr.operands, visit, state);
      break;
    case 'BetweenExpr':
      visit(expr.value, state);
      visit(expr.low, state);
      visit(expr.high, state);
      break;
    case 'InListExpr':
      visit(expr.value, state);
      visitAll(expr.list, visit, state);
      break;
    case 'InSubqueryExpr':
    case 'QuantifiedComparisonExpr':
      visit(expr.value, state);
      break;
    case 'LikeExpr':
      visit(expr.value, state);
      visit(expr.pattern, state);
      if (expr.escape) visit(expr.escape, state);
      break;
    case 'IsNullExpr':
      visit(expr.value, state);
      break;
    case 'IsDistinctFromExpr':
      visit(expr.left, state);
      visit(expr.right, state);
      break;
    case 'FunctionCall':
      visitAll(expr.args, visit, state);
      if (expr.filter) visit(expr.filter, state);
      if (expr.orderBy) for (const s of expr.orderBy) visit(s.expr, state);
      if (expr.over) {
        visitAll(expr.over.partitionBy, visit, state);
        for (const s of expr.over.orderBy) visit(s.expr, state);
      }
      break;
    case 'CaseExpr':
      if (expr.operand) visit(expr.operand, state);
      for (const w of expr.whens) {
        visit(w.condition, state);
        visit(w.result, state);
      }
      if (expr.else) visit(expr.else, state);
      break;
    case 'CastExpr':
      visit(expr.value, state);
      break;
    case 'ArrayExpr':
      visitAll(expr.elements, visit, state);
      break;
    case 'RowExpr':
      visitAll(expr.fields, visit, state);
      break;
    case 'SubscriptExpr':
      visit(expr.base, state);
      visit(expr.index, state);
      break;
    case 'FieldAccessExpr':
      visit(expr.base, state);
      break;
    case 'LambdaExpr':
      visit(expr.body, state);
      break;
    case 'AtTimeZoneExpr':
      visit(expr.value, state);
      visit(expr.zone, state);
      break;
    case 'ExtractExpr':
      visit(expr.value, state);
      break;
    default:
      break;
  }
}

function visitAll<S>(children: readonly Expression[], visit: (child: Expression, state: S) => void, state: S): void {
  for (let i = 0; i < children.length; i++) visit(children[i] as Expression, state);
}

/** What collectCalls is looking for below the node being visited, and what it found. */
interface CallCollector {
  readonly isAggregate: (call: FunctionCall) => boolean;
  readonly aggregates: FunctionCall[];
  readonly windows: FunctionCall[];
  wantAggregates: boolean;
  wantWindows: boolean;
}

/**
 * In one walk, what two walks would find (the aggregate calls outside windows, the window calls: see the
 * reference in test/engine/sql/binder/ast-walk.test.ts), where the aggregate walk covers
 * `both` and `aggregatesOnly` and the window walk `both`, in that order: each list outermost first,
 * not looking for more of its kind inside a call it found (the other kind is still looked for there).
 */
export function findAggregateAndWindowCalls(
  both: readonly (Expression | undefined)[],
  aggregatesOnly: readonly (Expression | undefined)[],
  bothAfter: readonly (Expression | undefined)[],
  isAggregate: (call: FunctionCall) => boolean,
): { aggregates: FunctionCall[]; windows: FunctionCall[] } {
  const collector: CallCollector = { isAggregate, aggregates: [], windows: [], wantAggregates: true, wantWindows: true };
  for (const expr of both) if (expr) collectCalls(expr, collector);
  collector.wantWindows = false;
  for (const expr of aggregatesOnly) if (expr) collectCalls(expr, collector);
  collector.wantWindows = true;
  for (const expr of bothAfter) if (expr) collectCalls(expr, collector);
  return { aggregates: collector.aggregates, windows: collector.windows };
}

function collectCalls(expr: Expression, collector: CallCollector): void {
  if (expr.kind !== 'FunctionCall') {
    forEachChild(expr, collectCalls, collector);
    return;
  }
  const wantAggregates = collector.wantAggregates;
  const wantWindows = collector.wantWindows;
  if (expr.over !== undefined) {
    if (wantWindows) {
      collector.windows.push(expr);
      collector.wantWindows = false;
    }
  } else if (wantAggregates && collector.isAggregate(expr)) {
    collector.aggregates.push(expr);
    collector.wantAggregates = false;
  }
  if (collector.wantAggregates || collector.wantWindows) forEachChild(expr, collectCalls, collector);
  collector.wantAggregates = wantAggregates;
  collector.wantWindows = wantWindows;
}
