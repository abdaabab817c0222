import type { Vector } from './vector.ts';

/** A slice of rows, column by column: what operators pass to each other. */
export interface Batch {
  readonly columns: readonly Vector[];
  readonly length: number;
}

export function takeBatch(batch: Batch, indices: Int32Array): Batch {
  return { columns: batch.columns.map((c) => c.take(indices)), length: indices.length };
}

/** The indices 0..n-1, for operators that need an identity selection. */
export function identitySelection(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
