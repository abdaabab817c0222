// Times of an arithmetic stretch written out, for the rows `accumulateRegular` hands to `accumulate`.

import { BLOCK } from '../codecs/pfor';

/** Times written out for the rows `accumulateRegular` leaves to `accumulate` (at most BLOCK). */
const regularTimes = memory.data(BLOCK * 8);

/** Writes t0, t0 + step, ... (n <= BLOCK times) into `regularTimes`. */
export function writeSteps(t0: i64, step: i64, n: i32): usize {
  let pair = i64x2(t0, t0 + step);
  const stride = i64x2.splat(step * 2);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    v128.store(regularTimes + ((<usize>j) << 3), pair);
    pair = i64x2.add(pair, stride);
  }
  if (j < n) store<i64>(regularTimes + ((<usize>j) << 3), t0 + <i64>j * step);
  return regularTimes;
}
