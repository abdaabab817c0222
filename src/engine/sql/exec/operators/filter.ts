import type { PlanNode } from '../../plan/plan-nodes.ts';
import { type Batch, takeBatch } from '../../vector/index.ts';
import { evaluate, selectTrue } from '../evaluate.ts';
import { executePlan } from '../execute-plan.ts';
import type { ExecutionContext } from '../execution-context.ts';
import { prepareSubqueries } from '../subqueries.ts';

type FilterNode = Extract<PlanNode, { kind: 'Filter' }>;

/** Keeps the rows where the predicate is TRUE (FALSE and NULL rows go), as a selection then a gather. */
export async function* runFilter(node: FilterNode, context: ExecutionContext): AsyncGenerator<Batch> {
  for await (const batch of executePlan(node.input, context)) {
    await prepareSubqueries([node.predicate], batch, context);
    const selection = selectTrue(evaluate(node.predicate, batch, context), batch.length);
    if (selection.length === batch.length) yield batch;
    else if (selection.length > 0) yield takeBatch(batch, selection);
  }
}
