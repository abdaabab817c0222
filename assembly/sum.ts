// Sum of a float64 column: the smallest real kernel, used by the loader's self-test and the
// worker's health check. Two f64x2 accumulators hide the add latency.

export function sumF64(ptr: usize, count: i32): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let i = 0;
  const end4 = count & ~3;
  for (; i < end4; i += 4) {
    const p = ptr + ((<usize>i) << 3);
    acc0 = f64x2.add(acc0, v128.load(p));
    acc1 = f64x2.add(acc1, v128.load(p, 16));
  }
  const acc = f64x2.add(acc0, acc1);
  let total = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < count; i++) total += load<f64>(ptr + ((<usize>i) << 3));
  return total;
}
