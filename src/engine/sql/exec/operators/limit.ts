import type { PlanNode } from '../../plan/plan-nodes.ts';
import { type Batch, identitySelection, takeBatch } from '../../vector/index.ts';
import { executePlan } from '../execute-plan.ts';
import type { ExecutionContext } from '../execution-context.ts';

type LimitNode = Extract<PlanNode, { kind: 'Limit' }>;

/** OFFSET then LIMIT; stops pulling from its input as soon as it has enough rows. */
export async function* runLimit(node: LimitNode, context: ExecutionContext): AsyncGenerator<Batch> {
  let toSkip = node.offset;
  let remaining = node.limit ?? Number.POSITIVE_INFINITY;
  if (remaining <= 0) return;
  for await (const batch of executePlan(node.input, context)) {
    const start = Math.min(toSkip, batch.length);
    toSkip -= start;
    const take = Math.min(batch.length - start, remaining);
    if (take > 0) {
      remaining -= take;
      yield start === 0 && take === batch.length
        ? batch
        : takeBatch(
            batch,
            identitySelection(take).map((i) => i + start),
          );
    }
    if (remaining <= 0) return;
  }
}
