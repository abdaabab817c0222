// Run-length and dictionary codecs for doubles with few distinct values (status codes, sensors that
// hold a level, quantised CPU percentages). Values are kept as raw bit patterns, so any double,
// NaN payloads included, comes back exactly.
//
// RLE layout:  varint runs | runs x u64 value | patched-FOR blocks of (run length - 1)
// DICT layout: varint size | varint values length | ALP vectors of the sorted values | u8 ids mode |
//   ids as patched-FOR blocks (mode 0) or as runs: varint count, blocks of ids, blocks of lengths - 1

import { fail } from '../error';
import { readVarint, varintEnd, writeVarint } from '../varint';
import { alpBound, alpDecode, alpEncode } from './alp';
import { BLOCK, pforBound, pforDecode, pforEncode } from './pfor';

/** Largest dictionary tried; beyond it ids are as wide as ALP's integers anyway. */
export const MAX_DICTIONARY: i32 = 4096;
const TABLE_SLOTS: i32 = 8192;
const blockIn = memory.data(BLOCK * 8);
/** Ciura's gap sequence for the dictionary's shell sort. */
const SHELL_GAPS = memory.data<i32>([701, 301, 132, 57, 23, 10, 4, 1]);

/** Counts runs of identical bit patterns. */
export function countRuns(src: usize, n: i32): i32 {
  return countRunsUpTo(src, n, i32.MAX_VALUE);
}

/**
 * The run count when it is at most `limit`, else some count above `limit`: counts 128 values at a
 * time and stops once the runs so far pass the limit, so a column that changes at almost every
 * value (most columns) is not scanned to its end only to learn that run-length coding cannot win.
 */
export function countRunsUpTo(src: usize, n: i32, limit: i32): i32 {
  if (n == 0) return 0;
  let runs = 1;
  let i = 1;
  while (i < n) {
    // Chunks of 128: a count that passes a small limit stops soon after it.
    const to = min(n, i + 128);
    // Every neighbour compared adds a run, less one per equal lane (each lane counts -1).
    let equal = i64x2.splat(0);
    const from = i;
    for (; i + 2 <= to; i += 2) {
      const at = src + ((<usize>i) << 3);
      equal = i64x2.add(equal, i64x2.eq(v128.load(at), v128.load(at - 8)));
    }
    runs += i - from + <i32>(i64x2.extract_lane(equal, 0) + i64x2.extract_lane(equal, 1));
    for (; i < to; i++) runs += i32(load<u64>(src + ((<usize>i) << 3)) != load<u64>(src + ((<usize>(i - 1)) << 3)));
    if (runs > limit) return runs;
  }
  return runs;
}

/** Upper bound of an RLE or DICT body with `entries` entries over `n` values. */
export function runsBound(n: i32, entries: i32): usize {
  return 10 + <usize>entries * 8 + <usize>((max(n, entries) + BLOCK - 1) / BLOCK + 1) * pforBound(BLOCK);
}

export function rleEncode(src: usize, n: i32, runs: i32, dst: usize): usize {
  let p = writeVarint(dst, <u64>runs);
  const lengths = p + ((<usize>runs) << 3);
  // First pass: run values; second pass: lengths in blocks.
  let previous = load<u64>(src);
  let k = 0;
  store<u64>(p, previous);
  for (let i = 1; i < n; i++) {
    const v = load<u64>(src + ((<usize>i) << 3));
    if (v != previous) {
      k++;
      store<u64>(p + ((<usize>k) << 3), v);
      previous = v;
    }
  }
  p = lengths;
  let filled = 0;
  let length: u64 = 1;
  previous = load<u64>(src);
  for (let i = 1; i <= n; i++) {
    const ends = i == n || load<u64>(src + ((<usize>i) << 3)) != previous;
    if (ends) {
      store<u64>(blockIn + ((<usize>filled) << 3), length - 1);
      filled++;
      if (filled == BLOCK) {
        p = pforEncode(blockIn, filled, p);
        filled = 0;
      }
      length = 1;
      if (i < n) previous = load<u64>(src + ((<usize>i) << 3));
    } else {
      length++;
    }
  }
  if (filled > 0) p = pforEncode(blockIn, filled, p);
  return p;
}

export function rleDecode(src: usize, end: usize, n: i32, dst: usize): usize {
  const runs = readVarint(src, end);
  let p = varintEnd;
  if (p == 0) return 0;
  if (runs == 0 || runs > <u64>n) return fail(src);
  const r = <i32>runs;
  const values = p;
  if (<usize>(end - p) < (<usize>r) << 3) return fail(p);
  p += (<usize>r) << 3;
  let written = 0;
  for (let start = 0; start < r; start += BLOCK) {
    const m = min(BLOCK, r - start);
    const blockStart = p;
    p = pforDecode(p, end, m, blockIn);
    if (p == 0) return 0;
    for (let j = 0; j < m; j++) {
      const length = load<u64>(blockIn + ((<usize>j) << 3));
      if (length >= <u64>(n - written)) return fail(blockStart);
      const v = load<u64>(values + ((<usize>(start + j)) << 3));
      const stop = written + <i32>length + 1;
      for (let i = written; i < stop; i++) store<u64>(dst + ((<usize>i) << 3), v);
      written = stop;
    }
  }
  if (written != n) return fail(p);
  return p;
}

/**
 * Builds the dictionary of distinct bit patterns in first-seen order at `dictionary` and the id of
 * every value at `ids` (u64). Returns the dictionary size, or -1 when it exceeds `limit`.
 */
export function buildDictionary(src: usize, n: i32, limit: i32, dictionary: usize, ids: usize): i32 {
  // The hash table lives on the heap only while the dictionary is built (static memory stays small).
  const tableKeys = heap.alloc(TABLE_SLOTS * 8);
  const tableIds = heap.alloc(TABLE_SLOTS * 4);
  memory.fill(tableIds, 0, TABLE_SLOTS * 4);
  const size = fillDictionary(src, n, limit, dictionary, ids, tableKeys, tableIds);
  heap.free(tableIds);
  heap.free(tableKeys);
  return size;
}

function fillDictionary(src: usize, n: i32, limit: i32, dictionary: usize, ids: usize, tableKeys: usize, tableIds: usize): i32 {
  let size = 0;
  for (let i = 0; i < n; i++) {
    const v = load<u64>(src + ((<usize>i) << 3));
    // biome-ignore lint/correctness/noPrecisionLoss: a u64 literal, exact in AssemblyScript
    let slot = <i32>((v * 0x9e3779b97f4a7c15) >> 51);
    while (true) {
      const at = tableIds + ((<usize>slot) << 2);
      const stored = load<i32>(at);
      if (stored == 0) {
        if (size == limit) return -1;
        store<u64>(tableKeys + ((<usize>slot) << 3), v);
        store<u64>(dictionary + ((<usize>size) << 3), v);
        size++;
        store<i32>(at, size);
        store<u64>(ids + ((<usize>i) << 3), <u64>(size - 1));
        break;
      }
      if (load<u64>(tableKeys + ((<usize>slot) << 3)) == v) {
        store<u64>(ids + ((<usize>i) << 3), <u64>(stored - 1));
        break;
      }
      slot = (slot + 1) & (TABLE_SLOTS - 1);
    }
  }
  return size;
}

const SIGN: u64 = 0x8000000000000000;

/** A key whose unsigned order is the numeric order of doubles (NaNs at the ends). */
function orderKey(bits: u64): u64 {
  return bits & SIGN ? ~bits : bits | SIGN;
}

/**
 * Sorts the dictionary numerically and renumbers the ids to match, so that neighbouring values get
 * neighbouring ids and the dictionary itself becomes a smooth sequence the decimal codec packs well.
 */
function sortDictionary(dictionary: usize, size: i32, ids: usize, n: i32): void {
  const order = heap.alloc((<usize>size) << 2);
  const rank = heap.alloc((<usize>size) << 2);
  const sorted = heap.alloc((<usize>size) << 3);
  for (let k = 0; k < size; k++) store<u32>(order + ((<usize>k) << 2), k);
  // Shell sort (Ciura gaps): no recursion, small code, fine for a few thousand entries.
  const gaps = SHELL_GAPS;
  for (let g = 0; g < 8; g++) {
    const gap = load<i32>(gaps + ((<usize>g) << 2));
    for (let i = gap; i < size; i++) {
      const item = load<u32>(order + ((<usize>i) << 2));
      const key = orderKey(load<u64>(dictionary + ((<usize>item) << 3)));
      let j = i;
      while (j >= gap) {
        const other = load<u32>(order + ((<usize>(j - gap)) << 2));
        if (orderKey(load<u64>(dictionary + ((<usize>other) << 3))) <= key) break;
        store<u32>(order + ((<usize>j) << 2), other);
        j -= gap;
      }
      store<u32>(order + ((<usize>j) << 2), item);
    }
  }
  for (let k = 0; k < size; k++) {
    const item = load<u32>(order + ((<usize>k) << 2));
    store<u32>(rank + ((<usize>item) << 2), k);
    store<u64>(sorted + ((<usize>k) << 3), load<u64>(dictionary + ((<usize>item) << 3)));
  }
  memory.copy(dictionary, sorted, (<usize>size) << 3);
  for (let i = 0; i < n; i++) {
    const at = ids + ((<usize>i) << 3);
    store<u64>(at, <u64>load<u32>(rank + ((<usize>load<u64>(at)) << 2)));
  }
  heap.free(sorted);
  heap.free(rank);
  heap.free(order);
}

/**
 * Encodes a dictionary of `size` values and the `n` ids (u64 at `ids`). Both arrays are reordered.
 * Layout: varint size | varint length of the values | ALP vectors of the sorted values | id blocks.
 */
export function dictEncode(dictionary: usize, size: i32, ids: usize, n: i32, dst: usize): usize {
  sortDictionary(dictionary, size, ids, n);
  let p = writeVarint(dst, <u64>size);
  const values = heap.alloc(alpBound(size) + 16);
  const length = alpEncode(dictionary, size, values) - values;
  p = writeVarint(p, <u64>length);
  memory.copy(p, values, length);
  heap.free(values);
  p += length;
  // Ids as plain blocks, or as runs when equal values come in runs (a sensor holding a level).
  const plain = heap.alloc(runsBound(n, 0) + 16);
  const plainEnd = encodeBlocks(ids, n, plain + 1);
  store<u8>(plain, IDS_PLAIN);
  let best = plain;
  let bestEnd = plainEnd;
  const runs = countRuns(ids, n);
  let runEncoded: usize = 0;
  if (runs <= n >> 1) {
    runEncoded = heap.alloc(runsBound(n, 0) + 16);
    store<u8>(runEncoded, IDS_RUNS);
    const runEnd = encodeIdRuns(ids, n, runs, runEncoded + 1);
    if (runEnd - runEncoded < bestEnd - best) {
      best = runEncoded;
      bestEnd = runEnd;
    }
  }
  memory.copy(p, best, bestEnd - best);
  p += bestEnd - best;
  if (runEncoded) heap.free(runEncoded);
  heap.free(plain);
  return p;
}

const IDS_PLAIN: u8 = 0;
const IDS_RUNS: u8 = 1;

function encodeBlocks(values: usize, n: i32, dst: usize): usize {
  let p = dst;
  for (let start = 0; start < n; start += BLOCK) p = pforEncode(values + ((<usize>start) << 3), min(BLOCK, n - start), p);
  return p;
}

function decodeBlocks(src: usize, end: usize, n: i32, dst: usize): usize {
  let p = src;
  for (let start = 0; start < n; start += BLOCK) {
    p = pforDecode(p, end, min(BLOCK, n - start), dst + ((<usize>start) << 3));
    if (p == 0) return 0;
  }
  return p;
}

/** varint runs | blocks of run ids | blocks of (run length - 1). */
function encodeIdRuns(ids: usize, n: i32, runs: i32, dst: usize): usize {
  const values = heap.alloc(((<usize>runs) << 3) + 16);
  const lengths = heap.alloc(((<usize>runs) << 3) + 16);
  let k = 0;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i == n || load<u64>(ids + ((<usize>i) << 3)) != load<u64>(ids + ((<usize>start) << 3))) {
      store<u64>(values + ((<usize>k) << 3), load<u64>(ids + ((<usize>start) << 3)));
      store<u64>(lengths + ((<usize>k) << 3), <u64>(i - start - 1));
      k++;
      start = i;
    }
  }
  let p = writeVarint(dst, <u64>runs);
  p = encodeBlocks(values, runs, p);
  p = encodeBlocks(lengths, runs, p);
  heap.free(lengths);
  heap.free(values);
  return p;
}

/** Expands id runs into `n` ids at `dst`; returns the end or 0. */
function decodeIdRuns(src: usize, end: usize, n: i32, dst: usize): usize {
  const runs = readVarint(src, end);
  let p = varintEnd;
  if (p == 0) return 0;
  if (runs == 0 || runs > <u64>n) return fail(src);
  const r = <i32>runs;
  const values = heap.alloc(((<usize>r) << 3) + 16);
  const lengths = heap.alloc(((<usize>r) << 3) + 16);
  p = decodeBlocks(p, end, r, values);
  const lengthsAt = p;
  if (p != 0) p = decodeBlocks(p, end, r, lengths);
  let written = 0;
  if (p != 0) {
    for (let k = 0; k < r; k++) {
      const length = load<u64>(lengths + ((<usize>k) << 3));
      if (length >= <u64>(n - written)) {
        p = fail(lengthsAt);
        break;
      }
      const id = load<u64>(values + ((<usize>k) << 3));
      const stop = written + <i32>length + 1;
      for (let i = written; i < stop; i++) store<u64>(dst + ((<usize>i) << 3), id);
      written = stop;
    }
    if (p != 0 && written != n) p = fail(lengthsAt);
  }
  heap.free(lengths);
  heap.free(values);
  return p;
}

export function dictDecode(src: usize, end: usize, n: i32, dst: usize): usize {
  const size = readVarint(src, end);
  let p = varintEnd;
  if (p == 0) return 0;
  if (size == 0 || size > <u64>MAX_DICTIONARY) return fail(src);
  const length = readVarint(p, end);
  if (varintEnd == 0) return 0;
  if (length > <u64>(end - varintEnd)) return fail(p);
  p = varintEnd;
  const dictionary = heap.alloc(((<usize>size) << 3) + 16);
  const valuesEnd = p + <usize>length;
  const decoded = alpDecode(p, valuesEnd, <i32>size, dictionary);
  if (decoded != valuesEnd) {
    heap.free(dictionary);
    return decoded == 0 ? 0 : fail(decoded);
  }
  p = valuesEnd;
  if (p >= end) {
    heap.free(dictionary);
    return fail(p);
  }
  const mode = load<u8>(p);
  if (mode == IDS_PLAIN) p = decodeBlocks(p + 1, end, n, dst);
  else if (mode == IDS_RUNS) p = decodeIdRuns(p + 1, end, n, dst);
  else p = fail(p);
  if (p != 0) {
    for (let i = 0; i < n; i++) {
      const at = dst + ((<usize>i) << 3);
      const id = load<u64>(at);
      if (id >= size) {
        p = fail(valuesEnd);
        break;
      }
      store<u64>(at, load<u64>(dictionary + ((<usize>id) << 3)));
    }
  }
  heap.free(dictionary);
  return p;
}
