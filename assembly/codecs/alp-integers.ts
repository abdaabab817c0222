// Integer-valued ALP vectors for the aggregate kernels: a vector with exponent and factor 0, no ALP
// exceptions, delta mode and narrow deltas holds only integers v = f64(code) with |code| < 2^31
// (ALP decodes code * 10^0 * 10^-0 = code exactly, and without exceptions no value departs from its
// code). Such a vector is decoded to its i32 codes, half the bytes of the doubles and no conversion,
// so a reduction can run in i32 lanes. Anything else is left to the double decoder (`decodeVector`),
// which also reports corruption: this reader never fails a payload, it only declines it.
//
// Reads the layout of ./alp.ts (u8 e | u8 f | u8 mode | varint exception count | patched-FOR block
// of zigzagged deltas | exceptions) without writing it.

import { lowMask, unpackBits32 } from '../bits';
import { PACK, PACK_SHIFT } from '../interleaved';
import { readVarint, unzigzag, varintEnd } from '../varint';
import {
  BLOCK,
  blockBase,
  blockDivisor,
  blockExceptions,
  blockPacked,
  blockPackedValues,
  blockTail,
  blockWidth,
  exceptionHighMax,
  exceptionIndices,
  exceptionValues,
  packedLowBits,
  readBlockExceptions,
  readBlockHeader,
  readExceptionHighs,
} from './pfor';
import { BYTE_WIDTH, bytePrefix, bytePrefixP, PACK_BYTES8, PACK_POSITIONS, sumBytePacks, sumPacks } from './unpack-deltas16';
import { unpackFixed32 } from './unpack-interleaved32';

/** ALP's delta mode (see ./alp.ts). */
const MODE_DELTA: u8 = 1;

/** End of the vector read by the last successful `decodeIntegerVector`. */
export let integerVectorEnd: usize = 0;

/** What `integerVectorHeader` read: the block's delta frame and the vector's end. */
let headerBase: u64 = 0;
let headerDivisor: u64 = 1;
let headerEnd: usize = 0;
/**
 * Whether exceptionValues holds the exceptions' high parts (OR `high << width` into the unpacked
 * low bits), or else each whole q (store it in place of the low bits).
 */
let headerHighs = false;

/** Patches exception `k` into the unpacked code (u32) at `at` (see headerHighs); small enough that binaryen inlines it. */
function patchCode(at: usize, k: i32, width: i32): void {
  const part = load<u64>(exceptionValues + ((<usize>k) << 3));
  store<u32>(at, headerHighs ? load<u32>(at) | <u32>(part << (<u64>width)) : <u32>part);
}

/**
 * Reads the ALP vector of `m` values at `src` up to its packed deltas and checks that it is
 * integer-valued (see above), its exceptions read (as high parts or whole codes, see
 * headerHighs). Returns false otherwise. Sets the header* globals and pfor's block* globals.
 */
function integerVectorHeader(src: usize, end: usize, m: i32): bool {
  if (end - src < 4 || load<u8>(src) != 0 || load<u8>(src, 1) != 0 || load<u8>(src, 2) != MODE_DELTA) return false;
  const alpExceptions = readVarint(src + 3, end);
  if (varintEnd == 0 || alpExceptions != 0) return false;
  let p = readBlockHeader(varintEnd, end, m);
  if (p == 0 || blockWidth > 32 || blockDivisor > <u64>u32.MAX_VALUE) return false;
  const width = blockWidth;
  // Zigzagged delta i is base + packed_i * divisor (a divisor: every delta even, say, as when a
  // series climbs). The largest, checked against u64 overflow first.
  const base = blockBase;
  const divisor = blockDivisor;
  const top = ((<u64>1) << (<u64>width)) - 1;
  if (top != 0 && divisor > (u64.MAX_VALUE - base) / top) return false;
  let largest = base + top * divisor;
  const exceptions = blockExceptions;
  headerHighs = false;
  if (exceptions != 0) {
    // An exception is base + q * divisor too, q = low | high << width past the packed width. Its
    // low bits are packed in its slot like any code's, so the decoders unpack them with the rest
    // and OR the high part in (`headerHighs`), unless a bound on q fails below: then the exact
    // values decide.
    const after = readExceptionHighs(p, end, m);
    if (after == 0) return false;
    const highMax = exceptionHighMax;
    // q < (highMax + 1) << width must stay below 2^32 (and so the bound below within u64).
    if (width < 32 && highMax < ((<u64>1) << (<u64>(32 - width))) - 1) {
      const bound = base + (((highMax + 1) << (<u64>width)) - 1) * divisor;
      if (bound < <u64>u32.MAX_VALUE / <u64>m) {
        if (bound > largest) largest = bound;
        headerHighs = true;
      }
    }
    if (!headerHighs) {
      p = readBlockExceptions(p, end, m);
      if (p == 0) return false;
      for (let k = 0; k < exceptions; k++) {
        // An exception as a full value: it replaces the packed bits as q (kept in place of its value).
        const at = exceptionValues + ((<usize>k) << 3);
        const value = load<u64>(at);
        const q = (value - base) / divisor;
        if (value < base || q > <u64>u32.MAX_VALUE || (value - base) % divisor != 0) return false;
        if (value > largest) largest = value;
        store<u64>(at, q);
      }
    }
    p = after;
  }
  // Every zigzagged delta below 2^32 / m: each |delta| < 2^31 / m, so every running sum of m of
  // them stays within i32 (as ALP's own narrow delta path proves); base + q * divisor then fits
  // 32 bits for every delta.
  if (largest >= <u64>u32.MAX_VALUE / <u64>m) return false;
  headerBase = base;
  headerDivisor = divisor;
  // No ALP exceptions: the vector ends with its block.
  headerEnd = p;
  return true;
}

/**
 * Decodes the ALP vector of `m` values at `src` as i32 codes into `dst` (m * 4 bytes plus 16 of
 * slack) when it is integer-valued (see above) and returns true, its end in `integerVectorEnd`;
 * returns false otherwise, having written nothing the caller relies on. Only the codes before
 * `limit` (<= m) are wanted: decoding may stop at the first 128-value pack past it.
 */
export function decodeIntegerVector(src: usize, end: usize, m: i32, dst: usize, limit: i32): bool {
  if (!integerVectorHeader(src, end, m)) return false;
  const width = blockWidth;
  const packed = blockPackedValues;
  const base = headerBase;
  const divisor = headerDivisor;
  const exceptions = blockExceptions;
  const lanesBase = i32x4.splat(<i32>base);
  const lanesDivisor = i32x4.splat(<i32>divisor);
  const one = i32x4.splat(1);
  const zero = i32x4.splat(0);
  let carry = i32x4.splat(0);
  // The first exception not yet patched in.
  let e = 0;
  // Packs up to the one holding row limit - 1 (no overflow: limit + 127 is only formed below packed).
  const packs = (limit >= packed ? packed : limit + 127) >> PACK_SHIFT;
  // The interleaved packs (see ../interleaved.ts) in two passes over the L1-resident buffer: the
  // generated fixed-width unpacker (every shift a constant, no branch per step) writes the codes,
  // the exceptions among them are patched in, then one pass turns codes into running sums.
  const n = packs << PACK_SHIFT;
  unpackFixed32(blockPacked, packs, width, dst);
  for (; e < exceptions; e++) {
    const index = load<i32>(exceptionIndices + ((<usize>e) << 2));
    if (index >= n) break;
    patchCode(dst + ((<usize>index) << 2), e, width);
  }
  if (divisor != 1) carry = runningSumsScaled(dst, n, lanesBase, lanesDivisor, carry);
  else if (base != 0) carry = runningSums(dst, n, lanesBase, carry);
  else carry = runningSumsZigzag(dst, n, carry);
  let i = n;
  // The rest, packed sequentially: unpacked, patched, then summed.
  if (i < limit) {
    unpackBits32(blockTail, m - packed, width, dst + ((<usize>packed) << 2));
    for (; e < exceptions; e++) {
      const index = load<i32>(exceptionIndices + ((<usize>e) << 2));
      patchCode(dst + ((<usize>index) << 2), e, width);
    }
    for (; i + 4 <= m; i += 4) {
      const at = dst + ((<usize>i) << 2);
      const raw = v128.load(at);
      const z = i32x4.add(divisor == 1 ? raw : i32x4.mul(raw, lanesDivisor), lanesBase);
      let x = v128.xor(i32x4.shr_u(z, 1), i32x4.neg(v128.and(z, one)));
      x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 4, 5, 6));
      x = i32x4.add(x, v128.shuffle<i32>(zero, x, 0, 1, 4, 5));
      x = i32x4.add(x, carry);
      carry = v128.shuffle<i32>(x, x, 3, 3, 3, 3);
      v128.store(at, x);
    }
    let code = <i64>i32x4.extract_lane(carry, 0);
    for (; i < m; i++) {
      const at = dst + ((<usize>i) << 2);
      code += unzigzag(base + <u64>load<u32>(at) * divisor);
      store<i32>(at, <i32>code);
    }
  }
  integerVectorEnd = headerEnd;
  return true;
}

/**
 * Eight zigzagged deltas z0, z1 (four each) into running sums stored at `at`, after `carry` (the
 * running sum before, in every lane); returns the last sum so. Each half's running sums come on
 * their own (pairs first with a 64-bit lane shift, which is no shuffle, then the first pair's total
 * into the second), then the second half adds the first's total, and only then the carry: its
 * dependency chain advances once per eight values. Small enough that binaryen inlines it.
 */
function storeRunningSums(at: usize, z0: v128, z1: v128, carry: v128): v128 {
  const one = i32x4.splat(1);
  const zero = i32x4.splat(0);
  let x0 = v128.xor(i32x4.shr_u(z0, 1), i32x4.neg(v128.and(z0, one)));
  let x1 = v128.xor(i32x4.shr_u(z1, 1), i32x4.neg(v128.and(z1, one)));
  x0 = i32x4.add(x0, i64x2.shl(x0, 32));
  x1 = i32x4.add(x1, i64x2.shl(x1, 32));
  x0 = i32x4.add(x0, v128.shuffle<i32>(zero, x0, 0, 0, 5, 5));
  x1 = i32x4.add(x1, v128.shuffle<i32>(zero, x1, 0, 0, 5, 5));
  x1 = i32x4.add(x1, v128.shuffle<i32>(x0, x0, 3, 3, 3, 3));
  x0 = i32x4.add(x0, carry);
  x1 = i32x4.add(x1, carry);
  v128.store(at, x0);
  v128.store(at, x1, 16);
  return v128.shuffle<i32>(x1, x1, 3, 3, 3, 3);
}

/**
 * Turns the `n` (a multiple of 8) zigzagged delta codes at `values` (u32, unpacked) into running
 * sums in place, each delta unzigzag(base + code) (i32 lanes wrap as the u64 arithmetic's low
 * half), starting from `carry` (the running sum before, in every lane); returns the last sum so.
 */
function runningSums(values: usize, n: i32, base: v128, carry: v128): v128 {
  for (let i = 0; i < n; i += 8) {
    const at = values + ((<usize>i) << 2);
    carry = storeRunningSums(at, i32x4.add(v128.load(at), base), i32x4.add(v128.load(at, 16), base), carry);
  }
  return carry;
}

/** `runningSums` with each delta unzigzag(code) (base 0, the common frame: some delta is 0). */
function runningSumsZigzag(values: usize, n: i32, carry: v128): v128 {
  for (let i = 0; i < n; i += 8) {
    const at = values + ((<usize>i) << 2);
    carry = storeRunningSums(at, v128.load(at), v128.load(at, 16), carry);
  }
  return carry;
}

/** `runningSums` with each delta unzigzag(base + code * divisor). */
function runningSumsScaled(values: usize, n: i32, base: v128, divisor: v128, carry: v128): v128 {
  for (let i = 0; i < n; i += 8) {
    const at = values + ((<usize>i) << 2);
    const z0 = i32x4.add(i32x4.mul(v128.load(at), divisor), base);
    const z1 = i32x4.add(i32x4.mul(v128.load(at, 16), divisor), base);
    carry = storeRunningSums(at, z0, z1, carry);
  }
  return carry;
}

/**
 * Largest zigzagged delta `sumIntegerVector` takes: every |delta| < 2^11, so the position-weighted
 * sums it keeps in i32 lanes (|sum of k * delta over k < 1024| < 2^11 * 2^19 = 2^30) never wrap.
 */
const SUM_LARGEST: u64 = 1 << 12;

/** Bytes per record of `sumIntegerVector`: F (i64), P (i64), delta (i64). */
export const SUM_RECORD: usize = 24;

/** One interleaved pack's 128 deltas as i16 (sumIntegerVector's buffer for a pack holding a position). */
const packDeltas = memory.data(256, 16);

/** sumIntegerVector's lane sums of the packs summed in registers (sumPacks): P (i32x4), then Q (i32x4). */
const laneSums = memory.data(32, 16);

/**
 * For the integer-valued ALP vector of `m` values at `src` (see above, and every |delta| < 2^11):
 * at each of `count` positions p (i32 at `points`, nondecreasing, each in 0..m) writes a record at
 * `records` + index * SUM_RECORD of F(p), the sum of codes 0 .. p - 1; P(p), the running code
 * before row p (code p - 1, 0 at p = 0); and delta p (code p = P(p) + delta p; 0 at the last
 * position). The sum of codes a .. b - 1 is then F(b) - F(a), exact, without the running codes
 * ever being formed: F(p) = p * P(p) - Q(p) with Q(p) the sum of k * delta k over k < p, and P and
 * Q are plain sums of the deltas, eight a step. Returns false (nothing written the caller relies
 * on) when the vector is not such a vector; else true, its end in `integerVectorEnd`. Reads deltas
 * only up to the pack holding the last position. `scratch` takes BLOCK * 4 + 16 bytes (the
 * vector's sequentially packed tail, or first the byte path's deltas and pack sums).
 *
 * The pass sums every delta as its packed low bits give it, the PFOR exceptions' high parts left
 * out, a run of packs at a time in registers (generated per width and frame, ./unpack-deltas16.ts;
 * no delta is loaded back). A pack holding positions leaves its deltas in a buffer too, and each
 * such position's sums are those before the pack plus its deltas up to the position, eight a step
 * then one at a time. Zigzag frames of 1 .. BYTE_WIDTH bits (the common integer walk) go through
 * all their packs in one call instead, in i8 lanes, leaving every delta as i8 and the lane sums
 * before each pack; each position's sums are then those before its pack plus its pack's deltas
 * before it, by a position mask (no branch per row). Then one walk of the exception list (after the packed bits, so read last: its
 * bytes come in with the packs') adds each exception's correction c = delta - low-bits delta to P,
 * and index * c to Q, of every record past it (c to the delta of a record at it): F, P and Q are
 * sums, so the corrections add exactly in i64. Only the exceptions before the last position are
 * checked against SUM_LARGEST: the others are never summed (the lanes take only their low bits,
 * below the frame's bound).
 */
export function sumIntegerVector(src: usize, end: usize, m: i32, points: usize, count: i32, records: usize, scratch: usize): bool {
  if (count <= 0 || end - src < 4 || load<u8>(src) != 0 || load<u8>(src, 1) != 0 || load<u8>(src, 2) != MODE_DELTA) return false;
  const alpExceptions = readVarint(src + 3, end);
  if (varintEnd == 0 || alpExceptions != 0) return false;
  const list = readBlockHeader(varintEnd, end, m);
  // Deltas below 2^12 are packed in at most 12 bits (the generated widths).
  if (list == 0 || blockWidth > 12) return false;
  const width = blockWidth;
  const base = blockBase;
  const divisor = blockDivisor;
  // Every delta as packed (base + code * divisor, code below 2^width) below SUM_LARGEST; the
  // exceptions are checked as they are added.
  if (base >= SUM_LARGEST || divisor >= SUM_LARGEST || base + lowMask(width) * divisor >= SUM_LARGEST) return false;
  const packed = blockPackedValues;
  const lastPoint = load<i32>(points + ((<usize>(count - 1)) << 2));
  // Base 0 and divisor 1, the common frame: the deltas are the codes unzigzagged.
  const scaled = base != 0 || divisor != 1;
  // Narrow zigzag frames are summed in i8 lanes (see sumBytePacks; width 0 has no packs).
  const bytes = !scaled && width >= 1 && width <= BYTE_WIDTH;
  const zero = i32x4.splat(0);
  v128.store(laneSums, zero);
  v128.store(laneSums, zero, 16);
  let sP: i64 = 0;
  let sQ: i64 = 0;
  // The next position to record.
  let q = 0;
  let np = load<i32>(points);
  const packs = (lastPoint >= packed ? packed : lastPoint + 127) >> PACK_SHIFT;
  const packBytes = (<usize>width) << 4;
  let pack = 0;
  if (bytes) {
    // One pass over the packs (every delta as i8 and the lane sums before each pack, in scratch),
    // then each position's sums: those before its pack plus its pack's deltas before it.
    const deltas = scratch;
    const packSums = scratch + BLOCK;
    sumBytePacks(blockPacked, packs, width, packSums, deltas);
    const n = packs << PACK_SHIFT;
    while (np < n) {
      const at = np;
      const sums = packSums + ((<usize>(at >> PACK_SHIFT)) << 5);
      let xP = <i64>sumLanes(v128.load(sums));
      let xQ = <i64>sumLanes(v128.load(sums, 16));
      const offset = at & (PACK - 1);
      if (offset != 0) {
        // Its pack's deltas before it, by a position mask (no branch per row).
        const dQ = <i64>bytePrefix(deltas + <usize>(at - offset), offset);
        const dP = <i64>bytePrefixP;
        xP += dP;
        xQ += dQ + <i64>(at - offset) * dP;
      }
      // The delta at the position (none past the last position).
      const d = at < lastPoint ? <i64>load<i8>(deltas + <usize>(at - offset) + <usize>load<u8>(PACK_BYTES8 + <usize>offset)) : 0;
      while (np == at) {
        putSumRecord(records, q, at, xP, xQ, d);
        q++;
        np = q < count ? load<i32>(points + ((<usize>q) << 2)) : i32.MAX_VALUE;
      }
    }
    const last = packSums + ((<usize>packs) << 5);
    sP = <i64>sumLanes(v128.load(last));
    sQ = <i64>sumLanes(v128.load(last, 16));
    pack = packs;
  }
  while (pack < packs) {
    const packStart = pack << PACK_SHIFT;
    const packEnd = packStart + PACK;
    const s = blockPacked + <usize>pack * packBytes;
    if (np >= packEnd) {
      // Packs up to the one holding the next position (or starting at it), summed in registers.
      const stop = min(packs, np >> PACK_SHIFT);
      sumPacks(s, stop - pack, width, scaled, <i32>base, <i32>divisor, packStart, laneSums, packDeltas);
      pack = stop;
      continue;
    }
    // A pack holding positions: the sums before it, then the pack summed (its deltas left in
    // packDeltas), then each position's sums: those before the pack plus its deltas up to the
    // position, from the pack's start or back from its end, whichever is nearer, eight a step, then
    // one at a time.
    sP += <i64>sumLanes(v128.load(laneSums));
    sQ += <i64>sumLanes(v128.load(laneSums, 16));
    v128.store(laneSums, zero);
    v128.store(laneSums, zero, 16);
    sumPacks(s, 1, width, scaled, <i32>base, <i32>divisor, packStart, laneSums, packDeltas);
    const packP = <i64>sumLanes(v128.load(laneSums));
    const packQ = <i64>sumLanes(v128.load(laneSums, 16));
    v128.store(laneSums, zero);
    v128.store(laneSums, zero, 16);
    while (np < packEnd) {
      const target = (np - packStart) >> 3;
      // Groups [0, target) or [target, 16): P in i16 lanes (at most 8 deltas a lane).
      const from = target < 8 ? 0 : target;
      const to = target < 8 ? target : 16;
      let p16 = zero;
      let q32 = zero;
      for (let group = from; group < to; group++) {
        const d = v128.load(packDeltas + ((<usize>group) << 4));
        p16 = i16x8.add(p16, d);
        q32 = i32x4.add(q32, i32x4.dot_i16x8_s(d, v128.load(PACK_POSITIONS + ((<usize>group) << 4))));
      }
      const dP = <i64>sumLanes(i32x4.extadd_pairwise_i16x8_s(p16));
      const dQ = <i64>sumLanes(q32) + <i64>packStart * dP;
      // The sums before packStart + 8 * target.
      let xP = target < 8 ? sP + dP : sP + packP - dP;
      let xQ = target < 8 ? sQ + dQ : sQ + packQ - dQ;
      for (let at = packStart + (target << 3); at < np; at++) {
        const dk = <i64>load<i16>(packDeltas + ((<usize>(at - packStart)) << 1));
        xP += dk;
        xQ += <i64>at * dk;
      }
      // The delta at the position (none past the last position: the pack may go on past it).
      const at = np;
      const d = at < lastPoint ? <i64>load<i16>(packDeltas + ((<usize>(at - packStart)) << 1)) : 0;
      while (np == at) {
        putSumRecord(records, q, at, xP, xQ, d);
        q++;
        np = q < count ? load<i32>(points + ((<usize>q) << 2)) : i32.MAX_VALUE;
      }
    }
    sP += packP;
    sQ += packQ;
    pack++;
  }
  sP += <i64>sumLanes(v128.load(laneSums));
  sQ += <i64>sumLanes(v128.load(laneSums, 16));
  if (lastPoint > packed) {
    // The rest, packed sequentially after the packs: unpacked, then one delta at a time.
    // (Over the byte path's deltas and pack sums, all read by now.)
    const sumTail = scratch;
    unpackBits32(blockTail, m - packed, width, sumTail);
    for (let at = packed; at < lastPoint; at++) {
      const d = unzigzag(base + <u64>load<u32>(sumTail + ((<usize>(at - packed)) << 2)) * divisor);
      while (np == at) {
        putSumRecord(records, q, at, sP, sQ, d);
        q++;
        np = q < count ? load<i32>(points + ((<usize>q) << 2)) : i32.MAX_VALUE;
      }
      sP += d;
      sQ += <i64>at * d;
    }
  }
  // Positions at the last one (past every delta read): the sums so far.
  for (; q < count; q++) putSumRecord(records, q, load<i32>(points + ((<usize>q) << 2)), sP, sQ, 0);
  const after = blockExceptions != 0 ? correctExceptions(list, end, m, records, points, count, lastPoint) : list;
  if (after == 0) return false;
  // No ALP exceptions: the vector ends with its block.
  integerVectorEnd = after;
  return true;
}

/**
 * sumIntegerVector's exceptions: reads the current block's exception list at `p` (readExceptionHighs)
 * and adds to the `count` records (at positions `points`) what each exception before `lastPoint`
 * changes: c = unzigzag(its zigzagged delta) - unzigzag(that of its low bits alone, as summed) to P,
 * index * c to Q (so p * c - index * c to F) of every record past it, and c to the delta of a record
 * at it. Returns the list's end, or 0 when the list is corrupt or an exception's delta is not below
 * SUM_LARGEST (the vector is then not summed here).
 */
function correctExceptions(p: usize, end: usize, m: i32, records: usize, points: usize, count: i32, lastPoint: i32): usize {
  p = readExceptionHighs(p, end, m);
  if (p == 0) return 0;
  const exceptions = blockExceptions;
  const width = blockWidth;
  const base = blockBase;
  const divisor = blockDivisor;
  // Corrections of the exceptions so far: to P and to Q.
  let cP: i64 = 0;
  let cQ: i64 = 0;
  let q = 0;
  for (let k = 0; k < exceptions; k++) {
    const index = load<i32>(exceptionIndices + ((<usize>k) << 2));
    // Ascending: the rest are past every position too.
    if (index >= lastPoint) break;
    // Its zigzagged delta base + (low | high << width) * divisor, at least high: below 2^12 only
    // if high is (and then no step overflows u64: divisor and base are below 2^12 too).
    const high = load<u64>(exceptionValues + ((<usize>k) << 3));
    if (high >= SUM_LARGEST) return 0;
    const low = packedLowBits(index);
    const z = base + (low | (high << (<u64>width))) * divisor;
    if (z >= SUM_LARGEST) return 0;
    const c = unzigzag(z) - unzigzag(base + low * divisor);
    // Records up to this index: the corrections before it, and c to the delta of one at it.
    while (q < count) {
      const at = load<i32>(points + ((<usize>q) << 2));
      if (at > index) break;
      correctSumRecord(records, q, at, cP, cQ, at == index ? c : 0);
      q++;
    }
    cP += c;
    cQ += <i64>index * c;
  }
  for (; q < count; q++) correctSumRecord(records, q, load<i32>(points + ((<usize>q) << 2)), cP, cQ, 0);
  return p;
}

function sumLanes(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

/** Record q of sumIntegerVector: at position p, F = p * P - Q, P and the delta at p. */
function putSumRecord(records: usize, q: i32, p: i32, sP: i64, sQ: i64, d: i64): void {
  const r = records + <usize>q * SUM_RECORD;
  store<i64>(r, <i64>p * sP - sQ);
  store<i64>(r, sP, 8);
  store<i64>(r, d, 16);
}

/** Adds to record q (at position p) corrections cP to P and cQ to Q, and d to its delta. */
function correctSumRecord(records: usize, q: i32, p: i32, cP: i64, cQ: i64, d: i64): void {
  const r = records + <usize>q * SUM_RECORD;
  store<i64>(r, load<i64>(r) + <i64>p * cP - cQ);
  store<i64>(r, load<i64>(r, 8) + cP, 8);
  store<i64>(r, load<i64>(r, 16) + d, 16);
}
