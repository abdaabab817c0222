import type { PlanNode } from '../../plan/plan-nodes.ts';
import { castValue } from '../../values/cast.ts';
import { hashKey } from '../../values/compare.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import { type Batch, takeBatch, type Vector, vectorFromValues } from '../../vector/index.ts';
import { collectBatches, executePlan } from '../execute-plan.ts';
import type { ExecutionContext } from '../execution-context.ts';

type SetOperationNode = Extract<PlanNode, { kind: 'SetOperation' }>;

/** Casts a side's columns to the set operation's column types (UNION of integer and double gives double). */
function conform(batch: Batch, from: PlanNode, node: SetOperationNode): Batch {
  const columns: Vector[] = batch.columns.map((vector, i) => {
    const to = node.output[i]!.type;
    const type = from.output[i]!.type;
    if (type.kind === to.kind && JSON.stringify(type) === JSON.stringify(to)) return vector;
    const values = new Array<SqlValue>(batch.length);
    for (let r = 0; r < batch.length; r++) values[r] = castValue(vector.get(r), type, to);
    return vectorFromValues(to, values);
  });
  return { columns, length: batch.length };
}

const rowKey = (batch: Batch, row: number) => batch.columns.map((c) => hashKey(c.get(row))).join('|');

/**
 * UNION, INTERSECT and EXCEPT, with ALL (multiset) or DISTINCT (set) semantics. UNION ALL
 * streams; the others count rows of the right side first.
 */
export async function* runSetOperation(node: SetOperationNode, context: ExecutionContext): AsyncGenerator<Batch> {
  if (node.operator === 'UNION') {
    const seen = node.all ? null : new Set<string>();
    for (const [side, input] of [
      ['left', node.left],
      ['right', node.right],
    ] as const) {
      for await (const raw of executePlan(input, context)) {
        const batch = conform(raw, side === 'left' ? node.left : node.right, node);
        if (!seen) {
          yield batch;
          continue;
        }
        const keep: number[] = [];
        for (let row = 0; row < batch.length; row++) {
          const key = rowKey(batch, row);
          if (!seen.has(key)) {
            seen.add(key);
            keep.push(row);
          }
        }
        if (keep.length > 0) yield takeBatch(batch, Int32Array.from(keep));
      }
    }
    return;
  }
  const counts = new Map<string, number>();
  for (const raw of await collectBatches(node.right, context)) {
    const batch = conform(raw, node.right, node);
    for (let row = 0; row < batch.length; row++) {
      const key = rowKey(batch, row);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const emitted = new Set<string>();
  for await (const raw of executePlan(node.left, context)) {
    const batch = conform(raw, node.left, node);
    const keep: number[] = [];
    for (let row = 0; row < batch.length; row++) {
      const key = rowKey(batch, row);
      const count = counts.get(key) ?? 0;
      if (node.all) {
        // INTERSECT ALL keeps min(m, n) copies; EXCEPT ALL keeps max(m - n, 0).
        if (node.operator === 'INTERSECT' ? count > 0 : count === 0) keep.push(row);
        if (count > 0) counts.set(key, count - 1);
      } else if ((node.operator === 'INTERSECT') === count > 0 && !emitted.has(key)) {
        emitted.add(key);
        keep.push(row);
      }
    }
    if (keep.length > 0) yield takeBatch(batch, Int32Array.from(keep));
  }
}
