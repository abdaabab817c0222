// Decimal-aware doubles (the ALP idea): per vector of 1,024 values pick an exponent e and a factor
// f so that round(v * 10^e / 10^f) decodes back to exactly v; such integers are bit-packed (as a
// frame of reference or as zigzagged deltas, whichever is narrower, which suits slowly moving
// series) and every value that does not survive the round trip is stored raw as an exception.
// Exactness holds by construction: the encoder checks each value with the decoder's own arithmetic.
//
// Vector layout: u8 e | u8 f | u8 mode (0 FOR, 1 delta) | varint exception count
//   | patched-FOR block of the integer codes | u16 positions | raw u64 exception values.

import { bitWidth } from '../bits';
import { fail } from '../error';
import { readVarint, unzigzag, varintEnd, writeVarint, zigzag } from '../varint';
import { BLOCK, pforBound, pforDecode, pforEncode } from './pfor';

const MAX_EXPONENT: i32 = 18;
const SIGN: u64 = 0x8000000000000000;
const MODE_FOR: u8 = 0;
const MODE_DELTA: u8 = 1;

const POW10 = memory.data<f64>([1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18]);
const NEG_POW10 = memory.data<f64>([
  1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18,
]);

const ints = memory.data(BLOCK * 8);
const codes = memory.data(BLOCK * 8);
const exceptionPositions = memory.data(BLOCK * 2);

/** Candidate (e, f) pairs kept from the column-level sample, best first. */
const MAX_CANDIDATES = 5;
const candidateE = memory.data(MAX_CANDIDATES * 4);
const candidateF = memory.data(MAX_CANDIDATES * 4);
const candidateCost = memory.data(MAX_CANDIDATES * 8);
let candidateCount = 0;

function pow10(e: i32): f64 {
  return load<f64>(POW10 + ((<usize>e) << 3));
}

function negPow10(e: i32): f64 {
  return load<f64>(NEG_POW10 + ((<usize>e) << 3));
}

/** The integer code of `v` under (e, f); only meaningful when `decodeInt` gives `v` back. */
function encodeInt(v: f64, e: i32, f: i32): i64 {
  // Saturating conversion (nontrapping-f2i): NaN and out-of-range values become exceptions, never traps.
  return <i64>nearest(v * pow10(e) * negPow10(f));
}

function decodeInt(n: i64, e: i32, f: i32): f64 {
  return <f64>n * pow10(f) * negPow10(e);
}

/** Estimated bits to store `count` sampled values under (e, f): packed width plus exceptions. */
function sampleCost(src: usize, count: i32, stride: i32, e: i32, f: i32): i64 {
  let lo = i64.MAX_VALUE;
  let hi = i64.MIN_VALUE;
  let exceptions = 0;
  for (let k = 0; k < count; k++) {
    const v = load<f64>(src + ((<usize>(k * stride)) << 3));
    const n = encodeInt(v, e, f);
    if (reinterpret<u64>(decodeInt(n, e, f)) == reinterpret<u64>(v)) {
      if (n < lo) lo = n;
      if (n > hi) hi = n;
    } else {
      exceptions++;
    }
  }
  const width = exceptions == count ? 0 : bitWidth(<u64>(hi - lo));
  return <i64>count * width + <i64>exceptions * 80;
}

/** Samples the whole column once and keeps the best few (e, f) pairs for the vectors to choose from. */
function chooseCandidates(src: usize, n: i32): void {
  const count = min(n, 64);
  const stride = n / count;
  candidateCount = 0;
  for (let e = 0; e <= MAX_EXPONENT; e++) {
    for (let f = 0; f <= e; f++) {
      const cost = sampleCost(src, count, stride, e, f);
      // Insert into the sorted candidate list (ties keep the smaller exponent found first).
      let slot = candidateCount;
      while (slot > 0 && load<i64>(candidateCost + ((<usize>(slot - 1)) << 3)) > cost) slot--;
      if (slot >= MAX_CANDIDATES) continue;
      const last = min(candidateCount, MAX_CANDIDATES - 1);
      for (let k = last; k > slot; k--) {
        store<i64>(candidateCost + ((<usize>k) << 3), load<i64>(candidateCost + ((<usize>(k - 1)) << 3)));
        store<i32>(candidateE + ((<usize>k) << 2), load<i32>(candidateE + ((<usize>(k - 1)) << 2)));
        store<i32>(candidateF + ((<usize>k) << 2), load<i32>(candidateF + ((<usize>(k - 1)) << 2)));
      }
      store<i64>(candidateCost + ((<usize>slot) << 3), cost);
      store<i32>(candidateE + ((<usize>slot) << 2), e);
      store<i32>(candidateF + ((<usize>slot) << 2), f);
      if (candidateCount < MAX_CANDIDATES) candidateCount++;
    }
  }
}

/** Upper bound of an ALP payload body for `n` values. */
export function alpBound(n: i32): usize {
  const vectors = <usize>((n + BLOCK - 1) / BLOCK);
  return vectors * (3 + 10 + pforBound(BLOCK)) + <usize>n * 10;
}

function encodeVector(src: usize, m: i32, dst: usize): usize {
  // Pick (e, f) among the column's candidates on a sample of this vector.
  let e = load<i32>(candidateE);
  let f = load<i32>(candidateF);
  if (candidateCount > 1) {
    const count = min(m, 32);
    const stride = m / count;
    let best = i64.MAX_VALUE;
    for (let k = 0; k < candidateCount; k++) {
      const ce = load<i32>(candidateE + ((<usize>k) << 2));
      const cf = load<i32>(candidateF + ((<usize>k) << 2));
      const cost = sampleCost(src, count, stride, ce, cf);
      if (cost < best) {
        best = cost;
        e = ce;
        f = cf;
      }
    }
  }
  // Integer codes; an exception takes the previous code so it does not widen the frame or the deltas.
  let exceptions = 0;
  let previous: i64 = 0;
  let lo = i64.MAX_VALUE;
  let hi = i64.MIN_VALUE;
  for (let i = 0; i < m; i++) {
    const v = load<f64>(src + ((<usize>i) << 3));
    const n = encodeInt(v, e, f);
    const exact = reinterpret<u64>(decodeInt(n, e, f)) == reinterpret<u64>(v);
    const code = exact ? n : previous;
    store<i64>(ints + ((<usize>i) << 3), code);
    if (!exact) {
      store<u16>(exceptionPositions + ((<usize>exceptions) << 1), <u16>i);
      exceptions++;
    }
    previous = code;
    if (code < lo) lo = code;
    if (code > hi) hi = code;
  }
  let deltaLo: u64 = u64.MAX_VALUE;
  let deltaHi: u64 = 0;
  previous = 0;
  for (let i = 1; i < m; i++) {
    const code = load<i64>(ints + ((<usize>i) << 3));
    const z = zigzag(code - load<i64>(ints + ((<usize>(i - 1)) << 3)));
    if (z < deltaLo) deltaLo = z;
    if (z > deltaHi) deltaHi = z;
  }
  const mode = m > 1 && bitWidth(deltaHi - deltaLo) < bitWidth(<u64>(hi - lo)) ? MODE_DELTA : MODE_FOR;
  previous = 0;
  for (let i = 0; i < m; i++) {
    const code = load<i64>(ints + ((<usize>i) << 3));
    store<u64>(codes + ((<usize>i) << 3), mode == MODE_FOR ? <u64>code ^ SIGN : zigzag(code - previous));
    previous = code;
  }
  store<u8>(dst, <u8>e);
  store<u8>(dst + 1, <u8>f);
  store<u8>(dst + 2, mode);
  let p = writeVarint(dst + 3, <u64>exceptions);
  p = pforEncode(codes, m, p);
  for (let k = 0; k < exceptions; k++) {
    store<u16>(p, load<u16>(exceptionPositions + ((<usize>k) << 1)));
    p += 2;
  }
  for (let k = 0; k < exceptions; k++) {
    const i = <usize>load<u16>(exceptionPositions + ((<usize>k) << 1));
    store<u64>(p, load<u64>(src + (i << 3)));
    p += 8;
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

/** Decodes one vector of `m` values at `src` into `dst`; returns the end of the vector or 0. */
export function decodeVector(src: usize, end: usize, m: i32, dst: usize): usize {
  if (end - src < 4) return fail(src);
  const e = <i32>load<u8>(src);
  const f = <i32>load<u8>(src + 1);
  const mode = load<u8>(src + 2);
  if (e > MAX_EXPONENT) return fail(src);
  if (f > MAX_EXPONENT) return fail(src + 1);
  if (mode > MODE_DELTA) return fail(src + 2);
  const exceptions = readVarint(src + 3, end);
  let p = varintEnd;
  if (p == 0) return 0;
  if (exceptions > <u64>m) return fail(src + 3);
  p = pforDecode(p, end, m, dst);
  if (p == 0) return 0;
  const scale = pow10(f);
  const unscale = negPow10(e);
  if (mode == MODE_FOR) {
    for (let i = 0; i < m; i++) {
      const at = dst + ((<usize>i) << 3);
      store<f64>(at, <f64>(<i64>(load<u64>(at) ^ SIGN)) * scale * unscale);
    }
  } else {
    let code: i64 = 0;
    for (let i = 0; i < m; i++) {
      const at = dst + ((<usize>i) << 3);
      code += unzigzag(load<u64>(at));
      store<f64>(at, <f64>code * scale * unscale);
    }
  }
  const count = <usize>exceptions;
  if (end - p < count * 10) return fail(p);
  const values = p + (count << 1);
  for (let k: usize = 0; k < count; k++) {
    const i = <i32>load<u16>(p + (k << 1));
    if (i >= m) return fail(p + (k << 1));
    store<u64>(dst + ((<usize>i) << 3), load<u64>(values + (k << 3)));
  }
  return values + (count << 3);
}

/** Decodes `n` doubles of ALP vectors at `src` (up to `end`) into `dst`. Returns the end or 0. */
export function alpDecode(src: usize, end: usize, n: i32, dst: usize): usize {
  let p = src;
  for (let start = 0; start < n; start += BLOCK) {
    p = decodeVector(p, end, min(BLOCK, n - start), dst + ((<usize>start) << 3));
    if (p == 0) return 0;
  }
  return p;
}
