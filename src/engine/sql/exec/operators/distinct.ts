import type { PlanNode } from '../../plan/plan-nodes.ts';
import { hashKey } from '../../values/compare.ts';
import { type Batch, takeBatch } from '../../vector/index.ts';
import { executePlan } from '../execute-plan.ts';
import type { ExecutionContext } from '../execution-context.ts';

type DistinctNode = Extract<PlanNode, { kind: 'Distinct' }>;

/** SELECT DISTINCT: keeps the first row of each distinct combination of values, in input order. */
export async function* runDistinct(node: DistinctNode, context: ExecutionContext): AsyncGenerator<Batch> {
  const seen = new Set<string>();
  for await (const batch of executePlan(node.input, context)) {
    const keep: number[] = [];
    for (let row = 0; row < batch.length; row++) {
      const key = batch.columns.map((c) => hashKey(c.get(row))).join('|');
      if (!seen.has(key)) {
        seen.add(key);
        keep.push(row);
      }
    }
    if (keep.length > 0) yield takeBatch(batch, Int32Array.from(keep));
  }
}
