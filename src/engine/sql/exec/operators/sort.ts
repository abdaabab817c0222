import type { PlanNode, SortKey } from '../../plan/plan-nodes.ts';
import { type Batch, takeBatch, type Vector } from '../../vector/index.ts';
import { evaluate } from '../evaluate.ts';
import { collectBatches } from '../execute-plan.ts';
import type { ExecutionContext } from '../execution-context.ts';
import { BATCH_SIZE } from '../execution-context.ts';
import { concatBatches, sliceBatch } from '../materialize.ts';
import { knownOrdered } from '../ordered-vectors.ts';
import { prepareSubqueries } from '../subqueries.ts';
import { type KeyComparator, keyComparator } from './key-comparator.ts';

type SortNode = Extract<PlanNode, { kind: 'Sort' }>;

/** A comparator over row indices for ORDER BY keys, with each key's direction and NULL placement; ties keep row order. */
export function rowComparator(keys: readonly SortKey[], keyVectors: readonly Vector[]): (a: number, b: number) => number {
  const compares = keys.map((key, k) => keyComparator(key, keyVectors[k] as Vector));
  if (compares.length === 1) {
    const only = compares[0] as KeyComparator;
    return (a, b) => only(a, b) || a - b;
  }
  return (a, b) => {
    for (let k = 0; k < compares.length; k++) {
      const c = (compares[k] as KeyComparator)(a, b);
      if (c !== 0) return c;
    }
    return a - b; // stable
  };
}

/** ORDER BY: gathers the input, sorts row indices by the keys (stable), and emits in order. */
export async function* runSort(node: SortNode, context: ExecutionContext): AsyncGenerator<Batch> {
  const all = concatBatches(node.input.output, await collectBatches(node.input, context));
  if (all.length === 0) return;
  const pending = prepareSubqueries(
    node.keys.map((k) => k.expr),
    all,
    context,
  );
  if (pending) await pending;
  const keyVectors = node.keys.map((k) => evaluate(k.expr, all, context));
  // Rows a pushed-down aggregate emitted in this order already: nothing to compare.
  if (knownOrdered(node.keys, keyVectors)) {
    yield* sliceBatch(all, BATCH_SIZE);
    return;
  }
  const compare = rowComparator(node.keys, keyVectors);
  // Input already in order (a pushed-down aggregate emits its groups so): one pass instead of a sort.
  let sorted = true;
  for (let i = 1; i < all.length && sorted; i++) sorted = compare(i - 1, i) < 0;
  if (sorted) {
    yield* sliceBatch(all, BATCH_SIZE);
    return;
  }
  const order = Int32Array.from({ length: all.length }, (_, i) => i);
  order.sort(compare);
  await context.checkpoint();
  yield* sliceBatch(takeBatch(all, order), BATCH_SIZE);
}
