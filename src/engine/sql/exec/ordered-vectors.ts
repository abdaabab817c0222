import type { SortKey } from '../plan/plan-nodes.ts';
import type { Vector } from '../vector/index.ts';

/** A set of vectors whose rows are known to be in order (see markOrdered). */
interface OrderedRun {
  readonly length: number;
}

/** Per marked vector, its run and its place in the run's order. Weak: a mark lives as long as its vector. */
const marks = new WeakMap<Vector, { readonly run: OrderedRun; readonly position: number }>();

/**
 * Records that the rows of `vectors` (the columns of one batch) are in strictly ascending order of
 * (vectors[0], vectors[1], ...): by the first, then the second among equal firsts, and so on, no two
 * rows equal in all, values compared as ORDER BY compares them, NULLs last. A pushed-down aggregate
 * emits its rows so; the Sort above it then need not compare its rows again to find that out.
 */
export function markOrdered(vectors: readonly Vector[]): void {
  const run: OrderedRun = { length: vectors.length };
  vectors.forEach((vector, position) => {
    marks.set(vector, { run, position });
  });
}

/**
 * Whether ORDER BY `keys` (evaluated to `keyVectors`) already holds for rows marked by markOrdered:
 * the leading keys are the run's vectors in its order, ascending with NULLs last, and either every
 * key is one of them (a stable sort then keeps the rows as they are) or they are the whole run
 * (no two rows tie on it, so later keys never decide).
 */
export function knownOrdered(keys: readonly SortKey[], keyVectors: readonly Vector[]): boolean {
  if (keys.length === 0) return true;
  const first = keyVectors[0] ? marks.get(keyVectors[0]) : undefined;
  if (!first) return false;
  let matched = 0;
  while (matched < keys.length && matched < first.run.length) {
    const key = keys[matched] as SortKey;
    const vector = keyVectors[matched];
    const mark = vector ? marks.get(vector) : undefined;
    if (!mark || mark.run !== first.run || mark.position !== matched || key.descending || key.nullsFirst) break;
    matched++;
  }
  return matched === keys.length || matched === first.run.length;
}
