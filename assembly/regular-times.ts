// Evenly spaced times read off a time payload without decoding it: a delta-of-delta payload whose
// every block is the constant code 0 (width 0, no exceptions), or a delta payload whose blocks all
// hold one constant delta, is the series t0, t0 + step, t0 + 2 step, ... The range pass then
// computes bucket boundaries as row numbers instead of decoding and searching 8 bytes per row.

import { CODEC_DELTA_PFOR, CODEC_DELTA_ZIGZAG_PFOR, CODEC_DOD_PFOR } from './codec-ids';
import { BLOCK, blockBase, blockExceptions, blockWidth, readBlockHeader } from './codecs/pfor';
import { unzigzag } from './varint';

/** The first time of the payload read by the last `regularStep` that returned a step. */
export let regularStart: i64 = 0;

/**
 * The constant step (> 0) of the `n` times in the i64 payload at `src` (`len` bytes), or 0 when
 * the payload is not of that form (uneven, decreasing, too short, wrapping past i64, or anything
 * unexpected: the caller then decodes it, which reports corruption).
 */
export function regularStep(src: usize, len: usize, n: i32): i64 {
  if (n < 2 || len < 17) return 0;
  const end = src + len;
  const kind = load<u8>(src);
  if (kind != CODEC_DOD_PFOR && kind != CODEC_DELTA_PFOR && kind != CODEC_DELTA_ZIGZAG_PFOR) return 0;
  const start = load<i64>(src, 1);
  let p = src + 9;
  let step: i64 = 0;
  let from = 1;
  if (kind == CODEC_DOD_PFOR) {
    step = load<i64>(p);
    p += 8;
    from = 2;
  }
  for (let at = from; at < n; at += BLOCK) {
    // A delta-of-delta block of constant 0 is three zero bytes (width, flags, base): read at once.
    if (kind == CODEC_DOD_PFOR && p + 3 <= end && load<u16>(p) == 0 && load<u8>(p, 2) == 0) {
      p += 3;
      continue;
    }
    const m = min(BLOCK, n - at);
    p = readBlockHeader(p, end, m);
    if (p == 0 || blockWidth != 0 || blockExceptions != 0) return 0;
    if (kind == CODEC_DOD_PFOR) {
      if (blockBase != 0) return 0;
    } else {
      const delta = kind == CODEC_DELTA_PFOR ? <i64>blockBase : unzigzag(blockBase);
      if (at == 1) step = delta;
      else if (delta != step) return 0;
    }
  }
  if (p != end || step <= 0) return 0;
  // The last time, start + (n - 1) * step, must not wrap (the decoder's arithmetic would).
  if (step > i64.MAX_VALUE / <i64>(n - 1) || start > i64.MAX_VALUE - step * <i64>(n - 1)) return 0;
  regularStart = start;
  return step;
}
