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
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(values + ((<usize>i) << 3));
    let pass: bool;
    switch (op) {
      case OP_LT:
        pass = v < a;
        break;
      case OP_LE:
        pass = v <= a;
        break;
      case OP_GT:
        pass = v > a;
        break;
      case OP_GE:
        pass = v >= a;
        break;
      case OP_EQ:
        pass = v == a;
        break;
      case OP_NE:
        pass = v != a;
        break;
      case OP_BETWEEN:
        pass = v >= a && v <= b;
        break;
      default:
        pass = false;
    }
    if (validity != 0) pass = pass && load<u8>(validity + <usize>i) != 0;
    store<u32>(selection + ((<usize>k) << 2), <u32>i);
    k += i32(pass);
  }
  return k;
}
