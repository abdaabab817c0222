// ALP's encoder: the payload bound, the vector assembly (mode, header, packed codes, exception
// positions and distances) and `alpEncode`, which chooses the column's (e, f) once (./alp-search.ts)
// and codes each vector with it (./alp-encode-codes.ts).

import { bitWidth } from '../bits';
import { writeVarint, zigzag } from '../varint';
import {
  codeHi,
  codeLo,
  deltaHiFound,
  deltaLoFound,
  encodeCodes,
  exceptionDistances,
  exceptionPositions,
  ints,
  rangesKnown,
} from './alp-encode-codes';
import { MODE_DELTA, MODE_FOR, NO_LANES, SIGN } from './alp-format';
import { candidateE, candidateF, chooseCandidates } from './alp-search';
import { BLOCK, pforBound, pforEncodeFrom } from './pfor';

const codes = memory.data(BLOCK * 8);

/** Upper bound of an ALP payload body for `n` values. */
export function alpBound(n: i32): usize {
  const vectors = <usize>((n + BLOCK - 1) / BLOCK);
  return vectors * (3 + 10 + pforBound(BLOCK)) + <usize>n * 12;
}

/** The zigzagged deltas of the `m` codes in `ints` into `codes` (the first code zigzagged as it is). */
function zigzagDeltas(m: i32): void {
  store<u64>(codes, zigzag(load<i64>(ints)));
  let i = 1;
  for (; i + 2 <= m; i += 2) {
    const at = ints + ((<usize>i) << 3);
    const d = i64x2.sub(v128.load(at), v128.load(at - 8));
    v128.store(codes + ((<usize>i) << 3), v128.xor(i64x2.shl(d, 1), i64x2.lt_s(d, NO_LANES)));
  }
  for (; i < m; i++) {
    store<u64>(codes + ((<usize>i) << 3), zigzag(load<i64>(ints + ((<usize>i) << 3)) - load<i64>(ints + ((<usize>(i - 1)) << 3))));
  }
}

function encodeVector(src: usize, m: i32, dst: usize): usize {
  // Every vector takes the column's best pair (e, f), chosen once on samples of the whole column
  // (ALP's row-group sampling without its per-vector second level): re-ranking the finalists on 32
  // values of each vector cost ~12% of the encode for 0.04 bits per value over the benchmark's
  // real series (three NAB series of 43 changed).
  const e = load<i32>(candidateE);
  const f = load<i32>(candidateF);
  // Integer codes (see encodeScalar for the exceptions).
  const exceptions = encodeCodes(src, m, e, f);
  // Frame (signed) and zigzagged delta (unsigned, compared with the sign flipped) ranges, from the
  // code pass when it could take them; the delta codes are written when the deltas are chosen.
  let lo = codeLo;
  let hi = codeHi;
  let deltaLo = deltaLoFound;
  let deltaHi = deltaHiFound;
  const deltasWritten = !rangesKnown;
  if (!rangesKnown) {
    lo = i64.MAX_VALUE;
    hi = i64.MIN_VALUE;
    deltaLo = u64.MAX_VALUE;
    deltaHi = 0;
    const sign = i64x2.splat(<i64>SIGN);
    let lo2 = i64x2.splat(i64.MAX_VALUE);
    let hi2 = i64x2.splat(i64.MIN_VALUE);
    let dlo2 = i64x2.splat(i64.MAX_VALUE);
    let dhi2 = i64x2.splat(i64.MIN_VALUE);
    const first = load<i64>(ints);
    store<u64>(codes, zigzag(first));
    lo = first;
    hi = first;
    let i = 1;
    for (; i + 2 <= m; i += 2) {
      const at = ints + ((<usize>i) << 3);
      const c = v128.load(at);
      const d = i64x2.sub(c, v128.load(at - 8));
      const z = v128.xor(i64x2.shl(d, 1), i64x2.lt_s(d, NO_LANES));
      v128.store(codes + ((<usize>i) << 3), z);
      const zs = v128.xor(z, sign);
      lo2 = v128.bitselect(c, lo2, i64x2.lt_s(c, lo2));
      hi2 = v128.bitselect(c, hi2, i64x2.gt_s(c, hi2));
      dlo2 = v128.bitselect(zs, dlo2, i64x2.lt_s(zs, dlo2));
      dhi2 = v128.bitselect(zs, dhi2, i64x2.gt_s(zs, dhi2));
    }
    for (let lane = 0; lane < 2; lane++) {
      const l = lane == 0 ? i64x2.extract_lane(lo2, 0) : i64x2.extract_lane(lo2, 1);
      const h = lane == 0 ? i64x2.extract_lane(hi2, 0) : i64x2.extract_lane(hi2, 1);
      const dl = <u64>(lane == 0 ? i64x2.extract_lane(dlo2, 0) : i64x2.extract_lane(dlo2, 1)) ^ SIGN;
      const dh = <u64>(lane == 0 ? i64x2.extract_lane(dhi2, 0) : i64x2.extract_lane(dhi2, 1)) ^ SIGN;
      if (l < lo) lo = l;
      if (h > hi) hi = h;
      if (dl < deltaLo) deltaLo = dl;
      if (dh > deltaHi) deltaHi = dh;
    }
    for (; i < m; i++) {
      const code = load<i64>(ints + ((<usize>i) << 3));
      const z = zigzag(code - load<i64>(ints + ((<usize>(i - 1)) << 3)));
      store<u64>(codes + ((<usize>i) << 3), z);
      if (code < lo) lo = code;
      if (code > hi) hi = code;
      if (z < deltaLo) deltaLo = z;
      if (z > deltaHi) deltaHi = z;
    }
  }
  const mode = m > 1 && bitWidth(deltaHi - deltaLo) < bitWidth(<u64>(hi - lo)) ? MODE_DELTA : MODE_FOR;
  store<u8>(dst, <u8>e);
  store<u8>(dst + 1, <u8>f);
  store<u8>(dst + 2, mode);
  let p = writeVarint(dst + 3, <u64>exceptions);
  if (mode == MODE_FOR) {
    // The block holds the codes with the sign flipped (unsigned order): their minimum is the
    // smallest code flipped, and code - lo is each offset, so the codes go in unflipped.
    p = pforEncodeFrom(ints, m, p, <u64>lo ^ SIGN, <u64>lo);
  } else {
    // Zigzagged deltas after the first code's own zigzag: the minimum of both.
    if (!deltasWritten) zigzagDeltas(m);
    p = pforEncodeFrom(codes, m, p, min(load<u64>(codes), deltaLo), min(load<u64>(codes), deltaLo));
  }
  // The u16 positions as they were collected (little-endian, as the decoder reads them).
  memory.copy(p, exceptionPositions, (<usize>exceptions) << 1);
  p += (<usize>exceptions) << 1;
  for (let k = 0; k < exceptions; k++) {
    const distance = load<u64>(exceptionDistances + ((<usize>k) << 3));
    // Float-noise distances usually take one byte: no varint loop for those.
    if (distance < 0x80) {
      store<u8>(p, <u8>distance);
      p++;
    } else {
      p = writeVarint(p, distance);
    }
  }
  return p;
}

/** Encodes `n` (>= 1) doubles at `src` as ALP vectors at `dst`; returns the end. */
export function alpEncode(src: usize, n: i32, dst: usize): usize {
  chooseCandidates(src, n);
  let p = dst;
  for (let start = 0; start < n; start += BLOCK) {
    p = encodeVector(src + ((<usize>start) << 3), min(BLOCK, n - start), p);
  }
  return p;
}
