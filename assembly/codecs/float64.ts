// The double column codec: tries the cases that can win and keeps the smallest payload. Cheap
// checks decide what is worth trying, so a typical decimal column costs one ALP pass.

import { bitWidth } from '../bits';
import { CODEC_ALP, CODEC_CONSTANT, CODEC_DICT, CODEC_GORILLA, CODEC_RAW, CODEC_RLE } from '../codec-ids';
import { fail } from '../error';
import { alpBound, alpDecode, alpEncode } from './alp';
import { gorillaAtLeast, gorillaBound, gorillaDecode, gorillaEncode } from './gorilla';
import { buildDictionary, countRunsUpTo, dictDecode, dictEncode, MAX_DICTIONARY, rleDecode, rleEncode, runsBound } from './runs';

/** Upper bound of any double column payload of `n` values. */
export function float64Bound(n: i32): usize {
  // Generous: the sum of every candidate's bound (a dictionary carries its own ALP-coded values).
  return 1 + alpBound(n) + gorillaBound(n) + runsBound(n, n) + alpBound(n) + 64;
}

const SEEN_SLOTS: i32 = 128;
/** 2^64 / golden ratio: multiplying by it spreads bit patterns over the top bits (Fibonacci hashing). */
const GOLDEN: u64 = ((<u64>0x9e3779b9) << 32) | 0x7f4a7c15;
const seenUsed = memory.data(SEEN_SLOTS);
const seenKeys = memory.data(SEEN_SLOTS * 8);

/**
 * Repeated bit patterns among 64 evenly spaced samples: a cheap hint of the distinct count
 * (about 2048 / repeats when values are spread evenly), so hopeless dictionaries are not built.
 */
function sampleRepeats(src: usize, n: i32): i32 {
  const count = min(n, 64);
  const stride = n / count;
  // A sample repeats when an earlier sample has its bit pattern: an open-addressing set of the
  // patterns seen (128 slots for at most 64), instead of comparing every pair.
  memory.fill(seenUsed, 0, SEEN_SLOTS);
  let repeats = 0;
  for (let a = 0; a < count; a++) {
    const v = load<u64>(src + ((<usize>(a * stride)) << 3));
    let slot = <i32>((v * GOLDEN) >> 57);
    while (true) {
      if (load<u8>(seenUsed + <usize>slot) == 0) {
        store<u8>(seenUsed + <usize>slot, 1);
        store<u64>(seenKeys + ((<usize>slot) << 3), v);
        break;
      }
      if (load<u64>(seenKeys + ((<usize>slot) << 3)) == v) {
        repeats++;
        break;
      }
      slot = (slot + 1) & (SEEN_SLOTS - 1);
    }
  }
  return repeats;
}

/**
 * Whether `repeats` repeats among `samples` samples suggest a dictionary beating `bestLen` bytes:
 * with s samples and r repeats there are about s - r distinct values when most repeat, else about
 * s^2 / 2r; ids then need log2 of that many bits and each entry some 24 bits. Only when the
 * estimate wins clearly: building and encoding a losing dictionary costs as much as the ALP pass
 * itself. The estimate never grows with the repeats (fewer distinct values, no wider ids).
 */
function repeatsWin(n: i32, samples: i32, repeats: i32, bestLen: usize): bool {
  if (repeats < 4) return false;
  const distinct = repeats * 2 >= samples ? samples - repeats : (samples * samples) / (2 * repeats);
  const estimatedBits = <i64>n * <i64>bitWidth(<u64>distinct) + <i64>distinct * 24;
  return estimatedBits * 5 < ((<i64>bestLen) << 3) * 4;
}

const bloom = memory.data(128);

/**
 * An upper bound of `sampleRepeats`: samples whose hash bit (1,024 bits) was already set. Every
 * repeat sets a bit already set; other values rarely collide. No branch and no stored keys.
 */
function sampleCollisions(src: usize, n: i32): i32 {
  const count = min(n, 64);
  const stride = n / count;
  memory.fill(bloom, 0, 128);
  let collisions = 0;
  for (let a = 0; a < count; a++) {
    const v = load<u64>(src + ((<usize>(a * stride)) << 3));
    const h = (v * GOLDEN) >> 54;
    const word = bloom + <usize>((h >> 6) << 3);
    const bit = (<u64>1) << (h & 63);
    const old = load<u64>(word);
    collisions += <i32>((old & bit) != 0);
    store<u64>(word, old | bit);
  }
  return collisions;
}

/**
 * Whether a dictionary could beat `bestLen` bytes, judged from the repeats in a sample (see
 * `repeatsWin`). The least repeat count that wins is found first (a binary search, the estimate
 * being monotonic); a column whose hash collisions, an upper bound of its repeats, stay below it
 * (most columns: no repeats) is rejected without counting the repeats exactly.
 */
function dictionaryMayWin(src: usize, n: i32, bestLen: usize): bool {
  const samples = min(n, 64);
  if (!repeatsWin(n, samples, samples - 1, bestLen)) return false;
  let low = 4;
  let high = samples - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (repeatsWin(n, samples, mid, bestLen)) high = mid;
    else low = mid + 1;
  }
  if (sampleCollisions(src, n) < low) return false;
  return repeatsWin(n, samples, sampleRepeats(src, n), bestLen);
}

/** Encodes `n` doubles at `src` into `dst` (capacity `float64Bound(n)`); returns the payload length. */
export function encodeFloat64Column(src: usize, n: i32, dst: usize): i32 {
  const rawLen: usize = 1 + ((<usize>n) << 3);
  if (n == 0) {
    store<u8>(dst, CODEC_RAW);
    return 1;
  }
  // One run: constant (the count stops at the first change).
  if (countRunsUpTo(src, n, 1) == 1) {
    store<u8>(dst, CODEC_CONSTANT);
    store<u64>(dst + 1, load<u64>(src));
    return 9;
  }
  let bestLen: usize = rawLen;
  let bestCodec = CODEC_RAW;
  // Scratch for the other codecs, allocated only when one is tried (a typical decimal column tries none).
  let scratch: usize = 0;
  store<u8>(dst, CODEC_ALP);
  let len = alpEncode(src, n, dst + 1) - dst;
  if (len < bestLen) {
    bestLen = len;
    bestCodec = CODEC_ALP;
  }
  // Run-length coding stores each run's value in 8 bytes: with the codec byte and the run count it
  // takes at least 2 + 8 runs bytes, so it is tried only with at most n / 4 runs and
  // 8 runs + 2 < bestLen, i.e. runs <= (bestLen - 3) / 8: counted up to that many (exact when it
  // is tried), so a column that changes often stops counting early.
  const runLimit = <i32>min(<i64>(n >> 2), (<i64>bestLen - 3) >> 3);
  const runs = runLimit >= 2 ? countRunsUpTo(src, n, runLimit) : i32.MAX_VALUE;
  if (runs <= runLimit) {
    if (scratch == 0) scratch = heap.alloc(float64Bound(n));
    len = rleEncode(src, n, runs, scratch + 1) - scratch;
    if (len < bestLen) {
      store<u8>(scratch, CODEC_RLE);
      memory.copy(dst, scratch, len);
      bestLen = len;
      bestCodec = CODEC_RLE;
    }
  }
  // A dictionary can only win when ALP needs more bits than the ids would take.
  if (bestLen > <usize>(n >> 1) && n >= 64 && dictionaryMayWin(src, n, bestLen)) {
    const limit = min(MAX_DICTIONARY, n >> 1);
    const dictionary = heap.alloc((<usize>limit) << 3);
    const ids = heap.alloc(((<usize>n) << 3) + 16);
    const size = buildDictionary(src, n, limit, dictionary, ids);
    if (size > 0) {
      if (scratch == 0) scratch = heap.alloc(float64Bound(n));
      len = dictEncode(dictionary, size, ids, n, scratch + 1) - scratch;
      if (len < bestLen) {
        store<u8>(scratch, CODEC_DICT);
        memory.copy(dst, scratch, len);
        bestLen = len;
        bestCodec = CODEC_DICT;
      }
    }
    heap.free(ids);
    heap.free(dictionary);
  }
  // Binary-fraction data (ALP mostly exceptions) goes to the XOR codec, unless a bound shows its
  // stream cannot come out shorter (1 + its bytes must be below bestLen to win).
  if (bestLen > <usize>n * 5 && !gorillaAtLeast(src, n, (<i64>bestLen - 1) << 3)) {
    if (scratch == 0) scratch = heap.alloc(float64Bound(n));
    len = gorillaEncode(src, n, scratch + 1) - scratch;
    if (len < bestLen) {
      store<u8>(scratch, CODEC_GORILLA);
      memory.copy(dst, scratch, len);
      bestLen = len;
      bestCodec = CODEC_GORILLA;
    }
  }
  if (scratch != 0) heap.free(scratch);
  if (bestCodec == CODEC_RAW) {
    store<u8>(dst, CODEC_RAW);
    memory.copy(dst + 1, src, (<usize>n) << 3);
  }
  return <i32>bestLen;
}

/** Decodes a double column payload into `n` values at `dst`. Returns 1, or 0 when corrupt. */
export function decodeFloat64Column(src: usize, len: usize, n: i32, dst: usize): i32 {
  if (len < 1) return <i32>fail(src);
  const codec = load<u8>(src);
  const body = src + 1;
  const end = src + len;
  let p: usize = 0;
  if (codec == CODEC_RAW) {
    if (end - body != (<usize>n) << 3) return <i32>fail(body);
    memory.copy(dst, body, (<usize>n) << 3);
    return 1;
  } else if (codec == CODEC_CONSTANT) {
    if (end - body != 8 || n == 0) return <i32>fail(body);
    const v = load<u64>(body);
    for (let i = 0; i < n; i++) store<u64>(dst + ((<usize>i) << 3), v);
    return 1;
  } else if (codec == CODEC_ALP) {
    p = alpDecode(body, end, n, dst);
  } else if (codec == CODEC_RLE) {
    p = rleDecode(body, end, n, dst);
  } else if (codec == CODEC_DICT) {
    p = dictDecode(body, end, n, dst);
  } else if (codec == CODEC_GORILLA) {
    return gorillaDecode(body, end - body, n, dst);
  } else {
    return <i32>fail(src);
  }
  if (p == 0) return 0;
  return p == end ? 1 : <i32>fail(p);
}
