import { TidemarkError } from '../../../errors/index.ts';
import { type BoundExpression, boundChildren } from '../plan/bound-expression.ts';
import type { PlanNode } from '../plan/plan-nodes.ts';
import { outerReferences } from '../plan/plan-walk.ts';
import { castValue } from '../values/cast.ts';
import { hashKey } from '../values/compare.ts';
import type { SqlValue } from '../values/sql-value.ts';
import type { Batch } from '../vector/index.ts';
import { evaluateRow, inSubquery } from './evaluate.ts';
import { executePlan } from './execute-plan.ts';
import type { ExecutionContext } from './execution-context.ts';

type SubqueryExpression = Extract<BoundExpression, { kind: 'Subquery' }>;

/** Every subquery in an expression tree (not descending into the subqueries' own plans). */
export function findSubqueries(expr: BoundExpression, out: SubqueryExpression[] = []): SubqueryExpression[] {
  if (expr.kind === 'Subquery') out.push(expr);
  // A lambda's body is not searched: its function evaluates it per element, apart from the batch's preparation.
  if (expr.kind !== 'Lambda') for (const child of boundChildren(expr)) findSubqueries(child, out);
  return out;
}

async function collectRows(plan: PlanNode, context: ExecutionContext, limit = Number.POSITIVE_INFINITY): Promise<SqlValue[][]> {
  const rows: SqlValue[][] = [];
  const visible = plan.output.map((c, i) => (c.hidden ? -1 : i)).filter((i) => i >= 0);
  for await (const batch of executePlan(plan, context)) {
    for (let r = 0; r < batch.length && rows.length < limit; r++) rows.push(visible.map((c) => batch.columns[c]!.get(r)));
    if (rows.length >= limit) break;
  }
  return rows;
}

/** Runs a subquery once (for one outer row when correlated) and reduces it to what its expression needs. */
async function runOnce(expr: SubqueryExpression, context: ExecutionContext): Promise<SqlValue | readonly SqlValue[]> {
  switch (expr.mode) {
    case 'exists':
      return (await collectRows(expr.plan, context, 1)).length > 0;
    case 'scalar': {
      const rows = await collectRows(expr.plan, context, 2);
      if (rows.length > 1) throw new TidemarkError('SQL_SEMANTIC', 'A scalar subquery returned more than one row.');
      return rows[0]?.[0] ?? null;
    }
    case 'in': {
      const from = expr.plan.output.find((c) => !c.hidden)!.type;
      const rows = await collectRows(expr.plan, context);
      return rows.map((r) => castValue(r[0] ?? null, from, expr.compareType!));
    }
  }
}

/**
 * Runs the subqueries a batch's expressions need before the batch is evaluated: uncorrelated
 * ones once per query (cached in the context), correlated ones once per row of the batch with
 * that row pushed as the outer row. Undefined (no promise) when the expressions hold no subquery.
 */
export function prepareSubqueries(exprs: readonly BoundExpression[], batch: Batch, context: ExecutionContext): Promise<void> | undefined {
  const subqueries: SubqueryExpression[] = [];
  for (const e of exprs) findSubqueries(e, subqueries);
  // Nothing to run (most expressions): no promise, so a caller that checks spares an await.
  return subqueries.length === 0 ? undefined : runSubqueries(subqueries, batch, context);
}

async function runSubqueries(subqueries: readonly SubqueryExpression[], batch: Batch, context: ExecutionContext): Promise<void> {
  for (const expr of subqueries) {
    if (!expr.correlated) {
      if (!context.subqueryValues.has(expr)) context.subqueryValues.set(expr, await runOnce(expr, context));
      continue;
    }
    const results = new Array<SqlValue>(batch.length);
    // A correlated subquery depends only on the outer values it reads: rows that agree on them
    // share one run (many rows, few distinct hosts, say).
    const references = outerReferences(expr.plan);
    const memo = memoFor(context, expr);
    for (let row = 0; row < batch.length; row++) {
      const outerRow = batch.columns.map((c) => c.get(row));
      const stack = [outerRow, ...context.outerRows];
      const key = references.map((r) => hashKey(stack[r.depth - 1]?.[r.index] ?? null)).join('|');
      let value = memo.get(key);
      if (value === undefined) {
        const inner: ExecutionContext = { ...context, outerRows: stack, subqueryValues: new Map() };
        value = await runOnce(expr, inner);
        memo.set(key, value);
      }
      results[row] =
        expr.mode === 'in'
          ? inSubquery(evaluateRow(expr.value!, batch, row, context), value as readonly SqlValue[], expr.negated)
          : (value as SqlValue);
      if ((row & 63) === 63) await context.checkpoint();
    }
    context.subqueryValues.set(expr, results);
  }
}

const MEMOS = new WeakMap<ExecutionContext['subqueryValues'], Map<SubqueryExpression, Map<string, SqlValue | readonly SqlValue[]>>>();

/** The results of a correlated subquery by outer values, kept for the whole query. */
function memoFor(context: ExecutionContext, expr: SubqueryExpression): Map<string, SqlValue | readonly SqlValue[]> {
  let byExpression = MEMOS.get(context.subqueryValues);
  if (!byExpression) {
    byExpression = new Map();
    MEMOS.set(context.subqueryValues, byExpression);
  }
  let memo = byExpression.get(expr);
  if (!memo) {
    memo = new Map();
    byExpression.set(expr, memo);
  }
  return memo;
}
