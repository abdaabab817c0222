// Finding bucket edges in sorted times: the bucket of a time (floor division), and the first row
// at or past a boundary on irregular times (a 16-wide compare, a short scan, then a galloping search).

export function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return a % b != 0 && a < 0 ? q - 1 : q;
}

/**
 * First index in [from, n) whose time is >= boundary (times[from] < boundary). A short linear scan
 * first (predictable branches, and most buckets hold few rows), then a galloping search.
 */
export function findBoundary(times: usize, from: i32, n: i32, boundary: i64): i32 {
  if (from + 17 <= n) {
    // The next 16 times compared at once, their results narrowed to one bit each: the first set
    // bit is the first time at or past the boundary (as the scan finds it, sorted or not), without
    // a branch per row that mispredicts where bucket sizes vary.
    const b = i64x2.splat(boundary);
    const at = times + ((<usize>(from + 1)) << 3);
    const m0 = v128.shuffle<i32>(i64x2.ge_s(v128.load(at), b), i64x2.ge_s(v128.load(at, 16), b), 0, 2, 4, 6);
    const m1 = v128.shuffle<i32>(i64x2.ge_s(v128.load(at, 32), b), i64x2.ge_s(v128.load(at, 48), b), 0, 2, 4, 6);
    const m2 = v128.shuffle<i32>(i64x2.ge_s(v128.load(at, 64), b), i64x2.ge_s(v128.load(at, 80), b), 0, 2, 4, 6);
    const m3 = v128.shuffle<i32>(i64x2.ge_s(v128.load(at, 96), b), i64x2.ge_s(v128.load(at, 112), b), 0, 2, 4, 6);
    const mask = i8x16.bitmask(i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3)));
    if (mask != 0) return from + 1 + <i32>ctz(mask);
    from += 16;
  }
  const scanEnd = min(n, from + 32);
  let i = from + 1;
  for (; i < scanEnd; i++) if (load<i64>(times + ((<usize>i) << 3)) >= boundary) return i;
  if (i == n) return n;
  let low = i - 1;
  let step = 32;
  while (low + step < n && load<i64>(times + ((<usize>(low + step)) << 3)) < boundary) {
    low += step;
    step <<= 1;
  }
  let high = min(low + step, n);
  // Invariant: times[low] < boundary, and high == n or times[high] >= boundary.
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (load<i64>(times + ((<usize>mid) << 3)) < boundary) low = mid;
    else high = mid;
  }
  return high;
}
