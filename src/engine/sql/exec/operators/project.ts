import type { PlanNode } from '../../plan/plan-nodes.ts';
import type { Batch } from '../../vector/index.ts';
import { evaluate } from '../evaluate.ts';
import { executePlan } from '../execute-plan.ts';
import type { ExecutionContext } from '../execution-context.ts';
import { prepareSubqueries } from '../subqueries.ts';

type ProjectNode = Extract<PlanNode, { kind: 'Project' }>;

/** Computes the output columns from each input batch; plain column references pass through without copying. */
export async function* runProject(node: ProjectNode, context: ExecutionContext): AsyncGenerator<Batch> {
  for await (const batch of executePlan(node.input, context)) {
    const pending = prepareSubqueries(node.exprs, batch, context);
    if (pending) await pending;
    yield { columns: node.exprs.map((e) => evaluate(e, batch, context)), length: batch.length };
  }
}
