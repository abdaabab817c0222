// Value filters that produce a selection vector (row indices, u32) for the executor. The loop is
// branch-free: every row's index is written and the cursor advances only when the row passes.

export const OP_LT = 0;
export const OP_LE = 1;
export const OP_GT = 2;
export const OP_GE = 3;
export const OP_EQ = 4;
export const OP_NE = 5;
/** a <= v && v <= b */
export const OP_BETWEEN = 6;

/**
 * Writes the indices of rows whose value satisfies `op` with `a` (and `b`) to `selection`, skipping
 * rows whose `validity` byte is 0 (when validity is not 0). Returns how many passed. Comparisons
 * follow IEEE: NaN passes only `ne`.
 */
export function filterF64(values: usize, validity: usize, n: i32, op: i32, a: f64, b: f64, selection: usize): i32 {
  // One loop per operator, so the comparison is not re-dispatched for every row.
  let k = 0;
  switch (op) {
    case OP_LT:
      for (let i = 0; i < n; i++) k = select1(selection, k, i, load<f64>(values + ((<usize>i) << 3)) < a);
      break;
    case OP_LE:
      for (let i = 0; i < n; i++) k = select1(selection, k, i, load<f64>(values + ((<usize>i) << 3)) <= a);
      break;
    case OP_GT:
      for (let i = 0; i < n; i++) k = select1(selection, k, i, load<f64>(values + ((<usize>i) << 3)) > a);
      break;
    case OP_GE:
      for (let i = 0; i < n; i++) k = select1(selection, k, i, load<f64>(values + ((<usize>i) << 3)) >= a);
      break;
    case OP_EQ:
      for (let i = 0; i < n; i++) k = select1(selection, k, i, load<f64>(values + ((<usize>i) << 3)) == a);
      break;
    case OP_NE:
      for (let i = 0; i < n; i++) k = select1(selection, k, i, load<f64>(values + ((<usize>i) << 3)) != a);
      break;
    case OP_BETWEEN:
      for (let i = 0; i < n; i++) {
        const v = load<f64>(values + ((<usize>i) << 3));
        k = select1(selection, k, i, v >= a && v <= b);
      }
      break;
    default:
      return 0;
  }
  if (validity == 0) return k;
  // Drop null rows from the selection (compacting in place keeps the order).
  let kept = 0;
  for (let j = 0; j < k; j++) {
    const i = load<u32>(selection + ((<usize>j) << 2));
    store<u32>(selection + ((<usize>kept) << 2), i);
    kept += i32(load<u8>(validity + <usize>i) != 0);
  }
  return kept;
}

/** Writes row `i` at position `k` and returns the next position: k + 1 when the row passes. */
function select1(selection: usize, k: i32, i: i32, pass: bool): i32 {
  store<u32>(selection + ((<usize>k) << 2), <u32>i);
  return k + i32(pass);
}
