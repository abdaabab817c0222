// M4 over a chunk crossing pixel edges without decoding the whole chunk. The chunk header (format 3)
// keeps, per block of rows of a NULL-free double column (1,024 for ALP: one vector; 256 for a Gorilla
// stream, which decodes value by value), the block's smallest
// and largest non-NaN value with their row inside the block and the byte offset of its vector in the
// values payload. A pixel run of rows then takes the blocks lying wholly inside it from those
// records and decodes only the one or two blocks it cuts (and the blocks holding its first and last
// rows). Rows are combined in row order with strict comparisons, so ties keep the earliest row, as
// the plain M4 (m4.ts) keeps the earliest time.
//
// Block record (24 bytes): f64 min | f64 max | u32 where the block starts in the payload | u16 row
// of the min | u16 row of the max (0xffff when the block holds only NaN). The start is the byte
// offset of the block's vector in the payload (ALP) or of its values (raw); for a Gorilla stream it
// is the bit offset in the stream (after the codec byte) of the block's first value, and the records
// are followed by one 12-byte resume state per block: u64 the previous value's bits | i8 window
// leading zeros (-1 before the first window) | u8 window trailing zeros | u16 zero.
//
// Piece (72 bytes), one per pixel run: i32 pixel | i32 count | f64 first | f64 last | f64 min |
// f64 max | i64 first time | i64 last time | i64 min time | i64 max time (min/max NaN, times 0 when
// the run holds only NaN).

import { lowMask } from './bits';
import { CODEC_ALP, CODEC_GORILLA, CODEC_RAW } from './codec-ids';
import { decodeVector, skipVector } from './codecs/alp';
import { BLOCK } from './codecs/pfor';
import { fail } from './error';

const RECORD: usize = 24;
const PIECE: usize = 72;
const NONE: u32 = 0xffff;
const RESUME: usize = 12;

/** Two decoded blocks: a pixel edge inside a block makes two runs read it. */
const slots = memory.data(2 * BLOCK * 8);
let slotBlock0: i32 = -1;
let slotBlock1: i32 = -1;
let slotNext: i32 = 0;

let gTimes: usize = 0;
let gTimeMin: i64 = 0;
let gTimeMax: i64 = 0;
let gStep: i64 = 0;
let gRows: i32 = 0;
let gPayload: usize = 0;
let gEnd: usize = 0;
let gIndex: usize = 0;
let gNeeds: usize = 0;
let gCodec: u8 = 0;
let gBlocks: i32 = 0;
let gBlockRows: i32 = BLOCK;

// A bit reader over [bitBase, bitBase + bitLimit bits), least significant bit first (as
// bitstream.ts writes Gorilla streams), that can start at any bit.
let bitBase: usize = 0;
let bitPos: usize = 0;
let bitLimit: usize = 0;
let bitOverrun = false;

function bits(count: i32): u64 {
  if (bitPos + <usize>count > bitLimit) {
    bitOverrun = true;
    return 0;
  }
  const byte = bitPos >> 3;
  const shift = <u64>(bitPos & 7);
  let v = load<u64>(bitBase + byte) >> shift;
  if (count > 56 && shift != 0) v |= (<u64>load<u8>(bitBase + byte + 8)) << (64 - shift);
  bitPos += <usize>count;
  return v & lowMask(count);
}

/** `count` (1..64) bits at bit `pos` of `stream` (the caller checks the limit afterwards). */
function peek(stream: usize, pos: usize, count: i32): u64 {
  const byte = pos >> 3;
  const shift = <u64>(pos & 7);
  let v = load<u64>(stream + byte) >> shift;
  if (count > 56 && shift != 0) v |= (<u64>load<u8>(stream + byte + 8)) << (64 - shift);
  return v & lowMask(count);
}

/**
 * Decodes `m` Gorilla values from bit `at` of the stream (`streamBytes` bytes at `stream`), with the
 * previous value and window given, into `dst`; the state after the last value is left in
 * gorillaPrevious / gorillaLeading / gorillaTrailing. Returns false when the stream is corrupt.
 */
let gorillaPrevious: u64 = 0;
let gorillaLeading: i32 = -1;
let gorillaTrailing: i32 = 0;
function gorillaRun(stream: usize, streamBytes: usize, at: usize, first: bool, m: i32, dst: usize): bool {
  bitBase = stream;
  bitPos = at;
  bitLimit = streamBytes << 3;
  bitOverrun = false;
  let previous = gorillaPrevious;
  let leading = gorillaLeading;
  let trailing = gorillaTrailing;
  let i = 0;
  if (first && m > 0) {
    previous = bits(64);
    store<u64>(dst, previous);
    i = 1;
  }
  // One 64-bit window read per control word: '0' (same value), '10' (the window's bits follow),
  // '11' + 5 bits leading + 6 bits length (then the bits). Reads past the limit are caught once, after.
  let pos = bitPos;
  const limit = bitLimit;
  for (; i < m; i++) {
    if (pos > limit) break;
    const byte = pos >> 3;
    const w = load<u64>(stream + byte) >> <u64>(pos & 7);
    if ((w & 1) == 0) {
      pos += 1;
    } else if ((w & 2) == 0) {
      if (leading < 0) return false;
      const length = 64 - leading - trailing;
      pos += 2;
      previous ^= peek(stream, pos, length) << (<u64>trailing);
      pos += <usize>length;
    } else {
      const lead = <i32>((w >> 2) & 31);
      let length = <i32>((w >> 7) & 63);
      if (length == 0) length = 64;
      if (lead + length > 64) return false;
      leading = lead;
      trailing = 64 - lead - length;
      pos += 13;
      previous ^= peek(stream, pos, length) << (<u64>trailing);
      pos += <usize>length;
    }
    store<u64>(dst + ((<usize>i) << 3), previous);
  }
  bitPos = pos;
  if (i < m || pos > limit) return false;
  gorillaPrevious = previous;
  gorillaLeading = leading;
  gorillaTrailing = trailing;
  return !bitOverrun;
}

/**
 * Writes the min and max of the `m` values at `values` with their rows into the record at `rec`:
 * from the first non-NaN value on, strict comparisons skip NaN and keep the earliest of equal
 * values; a block of only NaN gets NaN and NONE.
 *
 * Done in two passes over the block (it is in L1): the extremes' values in f64 lanes, then their
 * rows as the first row equal (==) to each. That is the sequential rule's answer: the running min
 * reaches the min's class (values == to it: -0 and 0 alike) at its first row and no later value is
 * strictly below it, so the row is the first of the class and the value the one stored there.
 * pmin/pmax keep the accumulator when a value is NaN, so NaN never counts.
 */
function writeExtremes(values: usize, m: i32, rec: usize): void {
  let lo0 = f64x2.splat(Infinity);
  let lo1 = lo0;
  let hi0 = f64x2.splat(-Infinity);
  let hi1 = hi0;
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    const p = values + ((<usize>j) << 3);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    lo0 = f64x2.pmin(lo0, a);
    lo1 = f64x2.pmin(lo1, b);
    hi0 = f64x2.pmax(hi0, a);
    hi1 = f64x2.pmax(hi1, b);
  }
  const los = f64x2.pmin(lo0, lo1);
  const his = f64x2.pmax(hi0, hi1);
  let lo = f64x2.extract_lane(los, 0);
  let hi = f64x2.extract_lane(his, 0);
  const lo2 = f64x2.extract_lane(los, 1);
  const hi2 = f64x2.extract_lane(his, 1);
  lo = select<f64>(lo2, lo, lo2 < lo);
  hi = select<f64>(hi2, hi, hi2 > hi);
  for (; j < m; j++) {
    const v = load<f64>(values + ((<usize>j) << 3));
    lo = select<f64>(v, lo, v < lo);
    hi = select<f64>(v, hi, v > hi);
  }
  // Only NaN (or nothing) in the block: no row holds a value == the starting infinities.
  const loAt = firstEqual(values, m, lo);
  const hiAt = firstEqual(values, m, hi);
  store<f64>(rec, loAt == NONE ? NaN : load<f64>(values + ((<usize>loAt) << 3)));
  store<f64>(rec, hiAt == NONE ? NaN : load<f64>(values + ((<usize>hiAt) << 3)), 8);
  store<u16>(rec, <u16>loAt, 20);
  store<u16>(rec, <u16>hiAt, 22);
}

/** The first of the `m` values at `values` that is == x (NONE when none is), two lanes at a time. */
function firstEqual(values: usize, m: i32, x: f64): u32 {
  const key = f64x2.splat(x);
  let j = 0;
  for (; j + 2 <= m; j += 2) {
    const hit = i64x2.bitmask(f64x2.eq(v128.load(values + ((<usize>j) << 3)), key));
    if (hit != 0) return <u32>(j + (hit & 1 ? 0 : 1));
  }
  if (j < m && load<f64>(values + ((<usize>j) << 3)) == x) return <u32>j;
  return NONE;
}

/**
 * Writes the block records of a NULL-free column of `n` doubles from its payload of
 * `payloadLength` bytes at `payload` (blocks of `rows` rows), into `out` (ceil(n / 1024) records, then for Gorilla as
 * many resume states). Returns 1, or 0 when the payload's codec has no per-block layout (ALP
 * vectors, raw values and Gorilla streams do) or does not decode.
 */
export function m4BlockIndex(n: i32, payload: usize, payloadLength: usize, rows: i32, out: usize): i32 {
  if (payloadLength < 1 || n <= 0 || rows <= 0 || rows > BLOCK) return 0;
  const codec = load<u8>(payload);
  const end = payload + payloadLength;
  if (codec == CODEC_RAW && payloadLength != 1 + ((<usize>n) << 3)) return 0;
  if (codec != CODEC_RAW && codec != CODEC_ALP && codec != CODEC_GORILLA) return 0;
  if (codec == CODEC_ALP && rows != BLOCK) return 0;
  const blocks = (n + rows - 1) / rows;
  let p = payload + 1;
  let bit: usize = 0;
  gorillaPrevious = 0;
  gorillaLeading = -1;
  gorillaTrailing = 0;
  for (let start = 0, k = 0; start < n; start += rows, k++) {
    const m = min(rows, n - start);
    const rec = out + <usize>k * RECORD;
    // Walking the payload with the decoder finds where each block starts (and proves it decodes);
    // the min and max are taken from the values it decodes.
    let values = slots;
    if (codec == CODEC_GORILLA) {
      const resume = out + <usize>blocks * RECORD + <usize>k * RESUME;
      store<u64>(resume, gorillaPrevious);
      store<i8>(resume, <i8>gorillaLeading, 8);
      store<u8>(resume, <u8>gorillaTrailing, 9);
      store<u16>(resume, 0, 10);
      store<u32>(rec, <u32>bit, 16);
      if (!gorillaRun(payload + 1, payloadLength - 1, bit, k == 0, m, slots)) return 0;
      bit = bitPos;
    } else if (codec == CODEC_ALP) {
      store<u32>(rec, <u32>(p - payload), 16);
      p = decodeVector(p, end, m, slots);
      if (p == 0) return 0;
    } else {
      store<u32>(rec, <u32>(p - payload), 16);
      values = p;
      p += (<usize>m) << 3;
    }
    writeExtremes(values, m, rec);
  }
  if (codec == CODEC_GORILLA) return (bit + 7) >> 3 == payloadLength - 1 ? 1 : 0;
  return p == end ? 1 : 0;
}

/**
 * As `m4BlockIndex` for an ALP or raw payload whose `n` values are still at `values` (the encoder's
 * input, which the payload decodes to bit for bit): the blocks' starts come from stepping over the
 * vectors without decoding them, their min and max from the values. Returns 0 for other codecs or
 * a payload that does not step through.
 */
export function m4BlockIndexOfValues(n: i32, values: usize, payload: usize, payloadLength: usize, out: usize): i32 {
  if (payloadLength < 1 || n <= 0) return 0;
  const codec = load<u8>(payload);
  const end = payload + payloadLength;
  if (codec == CODEC_RAW && payloadLength != 1 + ((<usize>n) << 3)) return 0;
  if (codec != CODEC_RAW && codec != CODEC_ALP) return 0;
  let p = payload + 1;
  for (let start = 0, k = 0; start < n; start += BLOCK, k++) {
    const m = min(BLOCK, n - start);
    const rec = out + <usize>k * RECORD;
    store<u32>(rec, <u32>(p - payload), 16);
    p = codec == CODEC_ALP ? skipVector(p, end, m) : p + ((<usize>m) << 3);
    if (p == 0) return 0;
    writeExtremes(values + ((<usize>start) << 3), m, rec);
  }
  return p == end ? 1 : 0;
}

/** The first of `n` sorted i64 times at `times` that differs from a constant step, as a step (0 when uneven). */
export function regularTimeStep(times: usize, n: i32): i64 {
  if (n < 2) return 0;
  const step = load<i64>(times, 8) - load<i64>(times);
  if (step <= 0) return 0;
  for (let i = 2; i < n; i++) {
    if (load<i64>(times + ((<usize>i) << 3)) - load<i64>(times + ((<usize>(i - 1)) << 3)) != step) return 0;
  }
  return step;
}

function timeAt(i: i32): i64 {
  return gTimes != 0 ? load<i64>(gTimes + ((<usize>i) << 3)) : gTimeMin + <i64>i * gStep;
}

/** The first row of [a, b) whose time is >= t (b when none). */
function lowerBound(t: i64, a: i32, b: i32): i32 {
  if (gTimes == 0) {
    // Evenly spaced times: the row is computed (t - timeMin lies in [1, timeMax - timeMin]).
    if (t <= gTimeMin) return a;
    if (t > gTimeMax) return b;
    const k = <i32>((t - gTimeMin - 1) / gStep + 1); // ceil((t - timeMin) / step), without overflow
    return k < a ? a : k > b ? b : k;
  }
  let lo = a;
  let hi = b;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<i64>(gTimes + ((<usize>mid) << 3)) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Start of pixel p: t0 + p*q + ceil(p*r / W) (as m4.ts). */
function boundary(t0: i64, q: i64, r: i64, w: i64, p: i64): i64 {
  return t0 + p * q + (p * r + w - 1) / w;
}

/**
 * The address of block k's decoded values, or 0 when its record or vector is corrupt. While
 * marking (`gNeeds` set), only notes that the block is needed and returns scratch.
 */
function block(k: i32): usize {
  if (gNeeds != 0) {
    store<u8>(gNeeds + <usize>k, 1);
    return slots;
  }
  const rec = gIndex + <usize>k * RECORD;
  const offset = <usize>load<u32>(rec, 16);
  const start = k * gBlockRows;
  const m = min(gBlockRows, gRows - start);
  if (gCodec == CODEC_RAW) {
    if (offset != 1 + ((<usize>start) << 3)) return fail(rec + 16);
    return gPayload + offset;
  }
  if (slotBlock0 == k) return slots;
  if (slotBlock1 == k) return slots + ((<usize>BLOCK) << 3);
  const dst = slots + (slotNext == 0 ? 0 : (<usize>BLOCK) << 3);
  if (slotNext == 0) slotBlock0 = -1;
  else slotBlock1 = -1;
  if (gCodec == CODEC_GORILLA) {
    const resume = gIndex + <usize>gBlocks * RECORD + <usize>k * RESUME;
    gorillaPrevious = load<u64>(resume);
    gorillaLeading = <i32>load<i8>(resume, 8);
    gorillaTrailing = <i32>load<u8>(resume, 9);
    if (gorillaLeading < -1 || gorillaLeading > 31 || gorillaTrailing > 63 || gorillaLeading + gorillaTrailing > 63)
      return fail(resume + 8);
    if (offset >= (gEnd - gPayload - 1) << 3) return fail(rec + 16);
    if (!gorillaRun(gPayload + 1, gEnd - gPayload - 1, offset, k == 0, m, dst)) return fail(gPayload + 1 + (min(bitPos, bitLimit) >> 3));
  } else {
    if (offset < 1 || gPayload + offset >= gEnd) return fail(rec + 16);
    if (decodeVector(gPayload + offset, gEnd, m, dst) == 0) return 0;
  }
  if (slotNext == 0) slotBlock0 = k;
  else slotBlock1 = k;
  slotNext ^= 1;
  return dst;
}

let gFirst: f64 = 0;
let gLast: f64 = 0;
let gBad = false;

/** The value of row i: the chunk's first and last from the header, others from their block. */
function valueAt(i: i32): f64 {
  if (i == 0) return gFirst;
  if (i == gRows - 1) return gLast;
  const at = block(i / gBlockRows);
  if (at == 0) {
    gBad = true;
    return 0;
  }
  return load<f64>(at + ((<usize>(i % gBlockRows)) << 3));
}

/**
 * M4 pieces of the rows of one chunk whose times lie in [lo, hi), on the grid of `width` pixels over
 * [t0, t1). `params` holds i64 timeMin | step | lo | hi | t0 | t1 then f64 first | last (passing
 * them in memory spares the host a BigInt conversion per argument and call). Times are `times` (n
 * sorted i64) or, when `times` is 0, timeMin + i * step; `first` and `last` are the values of rows
 * 0 and n - 1 (the header's). `payload` holds the column's
 * values payload (`payloadLength` bytes, codec byte first): while `needs` is non-zero only the
 * blocks that must be decoded are marked there (one byte per block) and nothing else is read, so
 * the caller can copy just those vectors in; with `needs` 0 the pieces are written to `pieces`.
 * Returns the number of pieces, or -1 when a record or vector is corrupt (see lastErrorAddress).
 */
export function m4BlockPieces(
  params: usize,
  times: usize,
  n: i32,
  payload: usize,
  payloadLength: usize,
  index: usize,
  blockRows: i32,
  width: i32,
  pieces: usize,
  needs: usize,
): i32 {
  const timeMin = load<i64>(params);
  const step = load<i64>(params, 8);
  const lo = load<i64>(params, 16);
  const hi = load<i64>(params, 24);
  const t0 = load<i64>(params, 32);
  const t1 = load<i64>(params, 40);
  const first = load<f64>(params, 48);
  const last = load<f64>(params, 56);
  if (t1 <= t0 || width <= 0 || n <= 0 || payloadLength < 1) return 0;
  if (times == 0 && step <= 0) return 0;
  gTimes = times;
  gTimeMin = timeMin;
  gStep = step;
  gTimeMax = times != 0 ? load<i64>(times + ((<usize>(n - 1)) << 3)) : timeMin + <i64>(n - 1) * step;
  gRows = n;
  gFirst = first;
  gLast = last;
  gBad = false;
  gPayload = payload;
  gEnd = payload + payloadLength;
  gIndex = index;
  gNeeds = needs;
  gCodec = load<u8>(payload);
  if (blockRows <= 0 || blockRows > BLOCK || (gCodec == CODEC_ALP && blockRows != BLOCK)) return <i32>fail(index) - 1;
  gBlockRows = blockRows;
  gBlocks = (n + blockRows - 1) / blockRows;
  if (gCodec == CODEC_RAW && payloadLength != 1 + ((<usize>n) << 3)) return <i32>fail(payload) - 1;
  if (gCodec != CODEC_RAW && gCodec != CODEC_ALP && gCodec != CODEC_GORILLA) return <i32>fail(payload) - 1;
  slotBlock0 = -1;
  slotBlock1 = -1;
  slotNext = 0;
  const w = <i64>width;
  const span = t1 - t0;
  const q = span / w;
  const r = span % w;
  const from = max<i64>(lo, t0);
  const to = min<i64>(hi, t1);
  if (from >= to) return 0;
  let a = lowerBound(from, 0, n);
  const end = lowerBound(to, a, n);
  let count = 0;
  while (a < end) {
    const t = timeAt(a);
    let p = <i64>((<f64>(t - t0) * <f64>w) / <f64>span);
    if (p < 0) p = 0;
    if (p >= w) p = w - 1;
    while (p > 0 && boundary(t0, q, r, w, p) > t) p--;
    while (p + 1 < w && boundary(t0, q, r, w, p + 1) <= t) p++;
    const b = p + 1 < w ? lowerBound(boundary(t0, q, r, w, p + 1), a + 1, end) : end;
    const last = b - 1;
    const first = valueAt(a);
    const lastValue = valueAt(last);
    if (gBad) return -1;
    let mn: f64 = NaN;
    let mx: f64 = NaN;
    let mnRow = -1;
    let mxRow = -1;
    for (let k = a / blockRows; k <= last / blockRows; k++) {
      const bs = k * blockRows;
      const be = min(bs + blockRows, n);
      if (a <= bs && be <= b) {
        if (gNeeds != 0) continue;
        const rec = gIndex + <usize>k * RECORD;
        const loAt = <u32>load<u16>(rec, 20);
        const hiAt = <u32>load<u16>(rec, 22);
        if ((loAt == NONE) != (hiAt == NONE)) return <i32>fail(rec + 20) - 1;
        if (loAt == NONE) continue;
        const v = load<f64>(rec);
        const x = load<f64>(rec, 8);
        // biome-ignore lint/suspicious/noGlobalIsNan: AssemblyScript's isNaN is the f64 builtin
        if (loAt >= <u32>(be - bs) || isNaN(v)) return <i32>fail(rec + 20) - 1;
        // biome-ignore lint/suspicious/noGlobalIsNan: AssemblyScript's isNaN is the f64 builtin
        if (hiAt >= <u32>(be - bs) || isNaN(x)) return <i32>fail(rec + 22) - 1;
        if (mnRow < 0 || v < mn) {
          mn = v;
          mnRow = bs + <i32>loAt;
        }
        if (mxRow < 0 || x > mx) {
          mx = x;
          mxRow = bs + <i32>hiAt;
        }
      } else {
        const values = block(k);
        if (values == 0) return -1;
        if (gNeeds != 0) continue;
        const i1 = min(b, be);
        for (let i = max(a, bs); i < i1; i++) {
          const v = load<f64>(values + ((<usize>(i - bs)) << 3));
          // biome-ignore lint/suspicious/noGlobalIsNan: AssemblyScript's isNaN is the f64 builtin
          if (isNaN(v)) continue;
          if (mnRow < 0 || v < mn) {
            mn = v;
            mnRow = i;
          }
          if (mxRow < 0 || v > mx) {
            mx = v;
            mxRow = i;
          }
        }
      }
    }
    if (gNeeds == 0) {
      const out = pieces + <usize>count * PIECE;
      store<i32>(out, <i32>p);
      store<i32>(out, b - a, 4);
      store<f64>(out, first, 8);
      store<f64>(out, lastValue, 16);
      store<f64>(out, mn, 24);
      store<f64>(out, mx, 32);
      store<i64>(out, t, 40);
      store<i64>(out, timeAt(last), 48);
      store<i64>(out, mnRow < 0 ? 0 : timeAt(mnRow), 56);
      store<i64>(out, mxRow < 0 ? 0 : timeAt(mxRow), 64);
    }
    count++;
    a = b;
  }
  return count;
}
