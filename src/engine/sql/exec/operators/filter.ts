import type { BoundExpression } from '../../plan/bound-expression.ts';
import type { PlanNode } from '../../plan/plan-nodes.ts';
import { type Batch, takeBatch } from '../../vector/index.ts';
import { evaluate, selectTrue } from '../evaluate.ts';
import { executePlan } from '../execute-plan.ts';
import type { ExecutionContext } from '../execution-context.ts';
import { prepareSubqueries } from '../subqueries.ts';

type FilterNode = Extract<PlanNode, { kind: 'Filter' }>;

/** Keeps the rows where the predicate is TRUE (FALSE and NULL rows go), as a selection then a gather. */
export async function* runFilter(node: FilterNode, context: ExecutionContext): AsyncGenerator<Batch> {
  const predicate = residualPredicate(node, context);
  if (predicate === null) {
    // Every conjunct is enforced by the scans below: the rows pass as they are.
    yield* executePlan(node.input, context);
    return;
  }
  for await (const batch of executePlan(node.input, context)) {
    await prepareSubqueries([predicate], batch, context);
    const selection = selectTrue(evaluate(predicate, batch, context), batch.length);
    if (selection.length === batch.length) yield batch;
    else if (selection.length > 0) yield takeBatch(batch, selection);
  }
}

/**
 * The predicate minus the conjuncts exact scans already enforce (see Filter.enforcedByScans), or
 * null when nothing is left; the whole predicate when the catalog's scans are not exact or the fast
 * paths are off.
 */
function residualPredicate(node: FilterNode, context: ExecutionContext): BoundExpression | null {
  const enforced = node.enforcedByScans;
  if (!enforced || !context.catalog.exactPushdown || context.aggregatePushdown === false) return node.predicate;
  const conjuncts = node.predicate.kind === 'And' ? node.predicate.args : [node.predicate];
  const rest = conjuncts.filter((_, i) => !enforced.includes(i));
  if (rest.length === 0) return null;
  if (rest.length === 1) return rest[0]!;
  return { ...node.predicate, args: rest } as BoundExpression;
}
