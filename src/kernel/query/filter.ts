import { TidemarkError } from '../../errors/index.ts';
import type { Kernel } from '../kernel.ts';

/** A comparison of a double column with constants. `between` is inclusive: low <= v <= high. */
export type DoublePredicate =
  | { readonly op: 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne'; readonly value: number }
  | { readonly op: 'between'; readonly low: number; readonly high: number };

const OPS = { lt: 0, le: 1, gt: 2, ge: 3, eq: 4, ne: 5, between: 6 } as const;

/**
 * The indices of the rows whose value passes `predicate` (a selection vector), in row order.
 * Rows with validity 0 never pass. Comparisons follow IEEE: NaN passes only `ne`.
 */
export function filterDoubles(kernel: Kernel, values: Float64Array, predicate: DoublePredicate, validity?: Uint8Array): Uint32Array {
  const n = values.length;
  if (validity && validity.length !== n) throw new TidemarkError('INVALID_ARGUMENT', 'The validity must have one byte per value.');
  const a = predicate.op === 'between' ? predicate.low : predicate.value;
  const b = predicate.op === 'between' ? predicate.high : 0;
  const v = kernel.copyIn(values);
  const valid = validity ? kernel.copyIn(validity) : 0;
  const selection = kernel.alloc(n * 4 + 16);
  try {
    const count = kernel.exports.filterF64(v, valid, n, OPS[predicate.op], a, b, selection);
    const out = new Uint32Array(count);
    kernel.copyOut(selection, out);
    return out;
  } finally {
    kernel.free(selection);
    if (valid) kernel.free(valid);
    kernel.free(v);
  }
}
