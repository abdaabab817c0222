// Patched frame of reference for one block of up to 1,024 u64 values: subtract the minimum,
// divide by the common divisor when there is one (regular intervals, round numbers), bit-pack
// at the width that minimises the total size, and store the high bits of the few values that do
// not fit as exceptions. A clock gap in a regular series then costs a couple of bytes instead of
// widening the whole block.
//
// Block layout: u8 width | u8 flags (1 = divisor, 2 = exceptions, 4 = interleaved) | varint base
//   | [varint divisor] | [varint exception count] | packed bits | per exception: varint gap from the
//   previous exception's index (indices ascend), varint high bits.
// Packed bits are sequential (value i at bit i * width), or with flag 4 (widths 1..32, blocks of at
// least 128 values; written since chunk format 2) whole packs of 128 values in the interleaved
// layout of ../interleaved.ts followed by the remaining values packed sequentially. Both take the
// same bytes.

import { extractBits, lowMask, packBits, packedBytes, unpackBits } from '../bits';
import { fail } from '../error';
import { PACK, PACK_SHIFT, packInterleaved, unpackInterleaved64 } from '../interleaved';
import { readVarint, varintEnd, writeVarint } from '../varint';

/** Values per block: one vector, as in ALP and FastLanes. */
export const BLOCK: i32 = 1024;

const FLAG_DIVISOR: u8 = 1;
const FLAG_EXCEPTIONS: u8 = 2;
const FLAG_INTERLEAVED: u8 = 4;
const SIGN_BIT: u64 = 0x8000000000000000;

const normalized = memory.data(BLOCK * 8);
/** Slots per histogram: leading zero counts 0..64, padded to whole v128s (so they sum four at a time). */
const TABLE = 68;
/** Four histograms of the values' leading zero counts (0..64), then their totals (by leading zeros). */
const widthCounts = memory.data(4 * TABLE * 4);
const widthTotals = memory.data(TABLE * 4);
/** tails[x] = above[x] + above[x + 7] + ...: at width x - 7, the exceptions' varint bytes past their first. */
const tailCounts = memory.data(65 * 4);

function gcd(a: u64, b: u64): u64 {
  if (a == 0) return b;
  if (b == 0) return a;
  const shift = ctz(a | b);
  a >>= ctz(a);
  // Binary gcd with the swap as two selects (conditional moves): which of the two is larger is a
  // coin toss on most steps, and a branch on it mispredicted about every other step.
  do {
    b >>= ctz(b);
    const low = min(a, b);
    b = max(a, b) - low;
    a = low;
  } while (b != 0);
  return a << shift;
}

/** Encodes `m` (1..1024) u64 values at `src` into `dst`; returns the end of the block. */
export function pforEncode(src: usize, m: i32, dst: usize): usize {
  // The minimum, two lanes at a time (unsigned order is signed order with the sign bit flipped).
  let base = u64.MAX_VALUE;
  {
    const sign = i64x2.splat(<i64>SIGN_BIT);
    let low = i64x2.splat(i64.MAX_VALUE);
    let i = 0;
    for (; i + 2 <= m; i += 2) {
      const v = v128.xor(v128.load(src + ((<usize>i) << 3)), sign);
      low = v128.bitselect(v, low, i64x2.lt_s(v, low));
    }
    const a = <u64>i64x2.extract_lane(low, 0) ^ SIGN_BIT;
    const b = <u64>i64x2.extract_lane(low, 1) ^ SIGN_BIT;
    base = min(a, b);
    for (; i < m; i++) {
      const v = load<u64>(src + ((<usize>i) << 3));
      if (v < base) base = v;
    }
  }
  return pforEncodeFrom(src, m, dst, base, base);
}

/**
 * As `pforEncode` for a block whose minimum the caller knows: encodes the values `base` +
 * (src[i] - subtract), wrapping, i.e. src[i] itself when subtract == base. ALP passes its signed
 * integer codes with subtract = their minimum and base = that minimum with the sign flipped (the
 * unsigned order of the flipped codes), which saves a pass to flip them and a pass for the minimum.
 */
export function pforEncodeFrom(src: usize, m: i32, dst: usize, base: u64, subtract: u64): usize {
  // The common divisor. Most values of a block with one are multiples of the divisor found so
  // far, which a multiplication tells (Granlund and Montgomery): with divisor = odd * 2^shift, d is
  // a multiple when its low `shift` bits are 0 and (d >> shift) * odd^-1 (mod 2^64) <= max / odd.
  // Only the others take a gcd.
  // Before a divisor is found, the test passes only 0 (every bit is a low bit).
  let divisor: u64 = 0;
  let lowBits: u64 = u64.MAX_VALUE;
  let oddShift: u64 = 0;
  let inverse: u64 = 0;
  let largest: u64 = 0;
  let i = 0;
  while (i < m) {
    // Two at a time while both pass (a block with a divisor, or zeros before one is found); the
    // first that fails goes the one-at-a-time way below, so the gcd takes the values in order as
    // before. Scalar multiplies: a two-lane i64 multiply is several instructions on x86 (no
    // AVX-512 in the JIT), one here.
    for (; i + 2 <= m; i += 2) {
      const d0 = load<u64>(src + ((<usize>i) << 3)) - subtract;
      const d1 = load<u64>(src + ((<usize>i) << 3), 8) - subtract;
      if (((d0 | d1) & lowBits) != 0 || (d0 >> oddShift) * inverse > largest || (d1 >> oddShift) * inverse > largest) break;
    }
    if (i >= m) break;
    const d = load<u64>(src + ((<usize>i) << 3)) - subtract;
    i++;
    if (d == 0 || ((d & lowBits) == 0 && (d >> oddShift) * inverse <= largest)) continue;
    divisor = gcd(divisor, d);
    if (divisor == 1) break;
    oddShift = ctz(divisor);
    lowBits = lowMask(<i32>oddShift);
    const odd = divisor >> oddShift;
    // Newton's iteration for the inverse of an odd number mod 2^64 (each step doubles the bits).
    let x = odd;
    for (let step = 0; step < 5; step++) x *= 2 - odd * x;
    inverse = x;
    largest = u64.MAX_VALUE / odd;
  }
  if (divisor == 0) divisor = 1;
  // Four interleaved histograms: consecutive values usually share a width, and one counter
  // would chain every increment through a store-to-load round trip. They count leading zeros
  // (the slot is the clz itself), the widths are 64 minus those.
  memory.fill(widthCounts, 0, 4 * TABLE * 4);
  // The values packed are data[i] - dataSubtract: the input itself without a divisor (the packers
  // subtract as they go, so no pass stores the differences), else the quotients in `normalized`.
  let data = src;
  let dataSubtract = subtract;
  if (divisor == 1) {
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const at = (<usize>i) << 3;
      const d0 = load<u64>(src + at) - subtract;
      const d1 = load<u64>(src + at, 8) - subtract;
      const d2 = load<u64>(src + at, 16) - subtract;
      const d3 = load<u64>(src + at, 24) - subtract;
      const s0 = widthCounts + ((<usize>clz(d0)) << 2);
      const s1 = widthCounts + TABLE * 4 + ((<usize>clz(d1)) << 2);
      const s2 = widthCounts + 2 * TABLE * 4 + ((<usize>clz(d2)) << 2);
      const s3 = widthCounts + 3 * TABLE * 4 + ((<usize>clz(d3)) << 2);
      store<i32>(s0, load<i32>(s0) + 1);
      store<i32>(s1, load<i32>(s1) + 1);
      store<i32>(s2, load<i32>(s2) + 1);
      store<i32>(s3, load<i32>(s3) + 1);
    }
    for (; i < m; i++) {
      const d = load<u64>(src + ((<usize>i) << 3)) - subtract;
      const slot = widthCounts + ((<usize>clz(d)) << 2);
      store<i32>(slot, load<i32>(slot) + 1);
    }
  } else {
    data = normalized;
    dataSubtract = 0;
    for (let i = 0; i < m; i++) {
      let d = load<u64>(src + ((<usize>i) << 3)) - subtract;
      // Every d is a multiple of the divisor (odd * 2^oddShift): d / divisor is exactly
      // (d >> oddShift) times the inverse of odd mod 2^64, a multiply instead of a 64-bit division.
      d = (d >> oddShift) * inverse;
      store<u64>(normalized + ((<usize>i) << 3), d);
      const slot = widthCounts + ((<usize>(i & 3) * TABLE + <usize>clz(d)) << 2);
      store<i32>(slot, load<i32>(slot) + 1);
    }
  }
  // The four histograms summed, four leading-zero counts per step; values of width b have 64 - b.
  for (let c = 0; c < TABLE; c += 4) {
    const at = widthCounts + ((<usize>c) << 2);
    const sum = i32x4.add(
      i32x4.add(v128.load(at), v128.load(at, TABLE * 4)),
      i32x4.add(v128.load(at, 2 * TABLE * 4), v128.load(at, 3 * TABLE * 4)),
    );
    v128.store(widthTotals + ((<usize>c) << 2), sum);
  }
  // Cost in bits of each candidate width: the packed area plus about 10 + varint bits per exception.
  // An exception of width b costs 10 + 8 * ceil((b - w) / 7) at width w, which is 18 plus 8 for
  // every k >= 1 with b > w + 7k: with above[x] = how many values are wider than x, the cost at w
  // is m * w + 18 * above[w] + 8 * (above[w + 7] + above[w + 14] + ...).
  let maxWidth = 64;
  while (maxWidth > 0 && load<i32>(widthTotals + ((<usize>(64 - maxWidth)) << 2)) == 0) maxWidth--;
  // From the widest down, above[w] as a running count and tails[x] = above[x] + above[x + 7] + ...
  // (below maxWidth), stored as they come (a cost reads the tail 7 widths up), so each width costs
  // a few operations and the walk stops where the original two passes' cost loop stopped.
  const tails = tailCounts;
  let bestWidth = maxWidth;
  let bestCost: i64 = <i64>m * maxWidth;
  // The values wider than the chosen width are the exceptions: the histogram counts them already.
  let exceptions = 0;
  let wider = 0;
  for (let w = maxWidth - 1; w >= 0; w--) {
    wider += load<i32>(widthTotals + ((<usize>(63 - w)) << 2));
    const tail = w + 7 < maxWidth ? load<i32>(tails + ((<usize>(w + 7)) << 2)) : 0;
    store<i32>(tails + ((<usize>w) << 2), wider + tail);
    // A value of width b > w costs 18 + 8 * floor((b - w - 1) / 7) bits as an exception at w, and at
    // least that much at every narrower width: once those alone reach the best cost, no narrower
    // width (with at least these exceptions) can beat it. (Wide frames with a few outliers, whose
    // walk never stopped on the 18 bits alone, stop about two 7-bit steps below the best width.)
    const excess: i64 = 18 * <i64>wider + 8 * <i64>tail;
    if (excess >= bestCost) break;
    const cost: i64 = <i64>m * w + excess;
    if (cost < bestCost) {
      bestCost = cost;
      bestWidth = w;
      exceptions = wider;
    }
  }
  const width = bestWidth;
  const limit = lowMask(width);
  let p = dst;
  const interleaved = width >= 1 && width <= 32 && m >= PACK;
  store<u8>(p, <u8>width);
  store<u8>(p + 1, (divisor != 1 ? FLAG_DIVISOR : 0) | (exceptions != 0 ? FLAG_EXCEPTIONS : 0) | (interleaved ? FLAG_INTERLEAVED : 0));
  p = writeVarint(p + 2, base);
  if (divisor != 1) p = writeVarint(p, divisor);
  if (exceptions != 0) p = writeVarint(p, <u64>exceptions);
  if (interleaved) {
    const packs = m >> PACK_SHIFT;
    p = packInterleaved(data, packs, width, p, dataSubtract);
    p = packBits(data + ((<usize>(packs << PACK_SHIFT)) << 3), m - (packs << PACK_SHIFT), width, p, dataSubtract);
  } else {
    p = packBits(data, m, width, p, dataSubtract);
  }
  if (exceptions != 0) {
    // Which values are above the limit, as a bitmask per 64 values built two lanes at a time with
    // no branch per value; then the set bits in order.
    const sign = i64x2.splat(<i64>SIGN_BIT);
    const top = i64x2.splat(<i64>(limit ^ SIGN_BIT));
    const narrow = maxWidth <= 31;
    const top32 = i32x4.splat(<i32>limit);
    const minus = i64x2.splat(<i64>dataSubtract);
    const minus32 = i32x4.splat(<i32>dataSubtract);
    let previous = -1;
    // The histogram counted them: the scan stops at the last one (often the first value, in a
    // block of deltas after the first code).
    let left = exceptions;
    for (let base = 0; left > 0 && base < m; base += 64) {
      const end = min(m, base + 64);
      let bits: u64 = 0;
      let i = base;
      if (narrow && end - base == 64) {
        // Every value below 2^31: their low halves compare as i32, eight values per bitmask.
        for (; i < end; i += 8) {
          // Values below 2^31 are their low halves' difference.
          const at = data + ((<usize>i) << 3);
          const low0 = i32x4.sub(v128.shuffle<i32>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6), minus32);
          const low1 = i32x4.sub(v128.shuffle<i32>(v128.load(at, 32), v128.load(at, 48), 0, 2, 4, 6), minus32);
          const eight = i16x8.narrow_i32x4_s(i32x4.gt_s(low0, top32), i32x4.gt_s(low1, top32));
          bits |= (<u64>i16x8.bitmask(eight)) << (<u64>(i - base));
        }
      }
      for (; i + 2 <= end; i += 2) {
        const above = i64x2.gt_s(v128.xor(i64x2.sub(v128.load(data + ((<usize>i) << 3)), minus), sign), top);
        bits |= (<u64>i64x2.bitmask(above)) << (<u64>(i - base));
      }
      if (i < end && load<u64>(data + ((<usize>i) << 3)) - dataSubtract > limit) bits |= (<u64>1) << (<u64>(i - base));
      while (bits != 0) {
        const j = base + <i32>ctz(bits);
        bits &= bits - 1;
        p = writeVarint(p, <u64>(j - previous - 1));
        p = writeVarint(p, (load<u64>(data + ((<usize>j) << 3)) - dataSubtract) >> <u64>width);
        previous = j;
        left--;
      }
    }
  }
  return p;
}

/** Upper bound of the bytes `pforEncode` writes for `m` values. */
export function pforBound(m: i32): usize {
  // The width choice estimates exception sizes, so allow a byte per value beyond the raw size.
  return 2 + 10 + 10 + 10 + <usize>m * 9 + 16;
}

/** The header of the block read last by `readBlockHeader`. */
export let blockWidth: i32 = 0;
export let blockBase: u64 = 0;
export let blockDivisor: u64 = 1;
export let blockExceptions: i32 = 0;
/** Whether the packed bits start with interleaved packs (see ../interleaved.ts). */
export let blockInterleaved: bool = false;
/** Values in the interleaved packs (0 when sequential): the rest are packed sequentially after them. */
export let blockPackedValues: i32 = 0;
/** Address of the sequentially packed values (after the packs). */
export let blockTail: usize = 0;
/** Address of the packed bits. */
export let blockPacked: usize = 0;

/**
 * Reads and checks a block header of `m` values at `src`, never past `end`. Returns the address of
 * the exception list (just after the packed bits), or 0 when the header is corrupt.
 */
export function readBlockHeader(src: usize, end: usize, m: i32): usize {
  if (src + 2 > end) return fail(src);
  const width = <i32>load<u8>(src);
  const flags = load<u8>(src + 1);
  if (width > 64) return fail(src);
  if (flags > 7) return fail(src + 1);
  const interleaved = (flags & FLAG_INTERLEAVED) != 0;
  if (interleaved && (width == 0 || width > 32 || m < PACK)) return fail(src + 1);
  const base = readVarint(src + 2, end);
  let p = varintEnd;
  if (p == 0) return 0;
  let divisor: u64 = 1;
  if (flags & FLAG_DIVISOR) {
    divisor = readVarint(p, end);
    if (varintEnd == 0) return 0;
    if (divisor < 2) return fail(p);
    p = varintEnd;
  }
  let exceptions: u64 = 0;
  if (flags & FLAG_EXCEPTIONS) {
    exceptions = readVarint(p, end);
    if (varintEnd == 0) return 0;
    if (exceptions == 0 || exceptions > <u64>m || width == 64) return fail(p);
    p = varintEnd;
  }
  const bytes = packedBytes(m, width);
  if (bytes > end - p) return fail(p);
  blockWidth = width;
  blockBase = base;
  blockDivisor = divisor;
  blockExceptions = <i32>exceptions;
  blockPacked = p;
  blockInterleaved = interleaved;
  const packed = interleaved ? (m >> PACK_SHIFT) << PACK_SHIFT : 0;
  blockPackedValues = packed;
  blockTail = p + ((<usize>packed * <usize>width) >> 3);
  return p + bytes;
}

/** Indices (i32) and full values (u64) of the current block's exceptions, filled by `readBlockExceptions`. */
export const exceptionIndices = memory.data(BLOCK * 4);
export const exceptionValues = memory.data(BLOCK * 8);

/** The largest high part `readExceptionHighs` read. */
export let exceptionHighMax: u64 = 0;

/**
 * Reads all `blockExceptions` exceptions of the current block at `p` into `exceptionIndices` and,
 * in `exceptionValues`, their high parts only (the bits past the packed width): a caller that has
 * the packed low bits unpacked already ORs them in (`high << width`), with no lookup in the packs.
 * One tight loop: most gaps and high parts take one byte each. Returns the next address, or 0
 * when corrupt.
 */
export function readExceptionHighs(p: usize, end: usize, m: i32): usize {
  const count = blockExceptions;
  const width = blockWidth;
  let previous = -1;
  let highMax: u64 = 0;
  for (let k = 0; k < count; k++) {
    const gapAt = p;
    let highAt = p + 1;
    let gap = <u64>load<u8>(p);
    let high = <u64>load<u8>(p, 1);
    if ((gap | high) < 0x80 && p + 1 < end) {
      p += 2;
    } else {
      gap = readVarint(p, end);
      if (varintEnd == 0) return 0;
      highAt = varintEnd;
      high = readVarint(highAt, end);
      if (varintEnd == 0) return 0;
      p = varintEnd;
    }
    if (gap >= <u64>(m - 1 - previous)) return fail(gapAt);
    const index = previous + 1 + <i32>gap;
    previous = index;
    if (width > 0 && high >> <u64>(64 - width) != 0) return fail(highAt);
    if (high > highMax) highMax = high;
    store<i32>(exceptionIndices + ((<usize>k) << 2), index);
    store<u64>(exceptionValues + ((<usize>k) << 3), high);
  }
  exceptionHighMax = highMax;
  return p;
}

/**
 * The low `blockWidth` bits packed at row `index` of the current block (an exception's low part, which
 * its slot holds like any code's), from the interleaved packs or the sequential tail.
 */
export function packedLowBits(index: i32): u64 {
  const width = blockWidth;
  const mask = lowMask(width);
  if (index < blockPackedValues) {
    // The lane's word and the next word of the same lane, read as one u64 (never past the
    // block's packed bits plus the exception list that follows them).
    const r = index & 127;
    const bit = (r >> 2) * width;
    const word = blockPacked + <usize>(index >> 7) * ((<usize>width) << 4) + ((<usize>(bit >> 5)) << 4) + ((<usize>(r & 3)) << 2);
    return ((<u64>load<u32>(word) | ((<u64>load<u32>(word, 16)) << 32)) >> <u64>(bit & 31)) & mask;
  }
  if (width <= 56) {
    const bit = <usize>(index - blockPackedValues) * <usize>width;
    return (load<u64>(blockTail + (bit >> 3)) >> <u64>(bit & 7)) & mask;
  }
  return extractBits(blockTail, index - blockPackedValues, width);
}

/**
 * Reads all `blockExceptions` exceptions of the current block at `p` into `exceptionIndices` and
 * `exceptionValues` (full values: base + (low | high << width) * divisor, each low part looked up
 * in the packed bits). Returns the next address, or 0 when corrupt.
 */
export function readBlockExceptions(p: usize, end: usize, m: i32): usize {
  p = readExceptionHighs(p, end, m);
  if (p == 0) return 0;
  const count = blockExceptions;
  const width = blockWidth;
  const base = blockBase;
  const divisor = blockDivisor;
  for (let k = 0; k < count; k++) {
    const at = exceptionValues + ((<usize>k) << 3);
    const low = packedLowBits(load<i32>(exceptionIndices + ((<usize>k) << 2)));
    store<u64>(at, base + (low | (load<u64>(at) << (<u64>width))) * divisor);
  }
  return p;
}

/**
 * Decodes a block of `m` values at `src` (never reading past `end`, plus the 8-byte slack) into
 * u64 at `dst`. Returns the end of the block, or 0 when the block is corrupt.
 */
export function pforDecode(src: usize, end: usize, m: i32, dst: usize): usize {
  let p = readBlockHeader(src, end, m);
  if (p == 0) return 0;
  unpackBlock(m, dst);
  const exceptions = blockExceptions;
  if (exceptions == 0) return p;
  p = readBlockExceptions(p, end, m);
  if (p == 0) return 0;
  for (let k = 0; k < exceptions; k++) {
    const index = <usize>load<i32>(exceptionIndices + ((<usize>k) << 2));
    store<u64>(dst + (index << 3), load<u64>(exceptionValues + ((<usize>k) << 3)));
  }
  return p;
}

/** Unpacks the block read last by `readBlockHeader` (m values) as `base + code * divisor` u64 to `dst`. */
export function unpackBlock(m: i32, dst: usize): void {
  const packed = blockPackedValues;
  if (packed > 0) unpackInterleaved64(blockPacked, packed >> PACK_SHIFT, blockWidth, blockBase, blockDivisor, dst);
  unpackBits(blockTail, m - packed, blockWidth, blockBase, blockDivisor, dst + ((<usize>packed) << 3));
}
