// Decoding of delta-family i64 payloads (delta, zigzag delta, delta of delta: timestamps) block by
// block, shared by the column decoder and the fused aggregate's time reader (`time-pieces.ts`),
// which takes perfectly regular blocks as a first time and a step instead of decoding them. The
// running time and delta carry from block to block.

import { CODEC_DELTA_PFOR, CODEC_DOD_PFOR } from '../codec-ids';
import { fail } from '../error';
import { unzigzag } from '../varint';
import {
  BLOCK,
  blockBase,
  blockExceptions,
  blockWidth,
  exceptionIndices,
  exceptionValues,
  pforDecode,
  readBlockExceptions,
  readBlockHeader,
} from './pfor';

// Running state of the delta decoders across blocks.
let previous: i64 = 0;
let previousDelta: i64 = 0;
/** First row coded in blocks, set by `startDeltas`: 1, or 2 for delta of delta. */
export let deltaRowsFrom: i32 = 1;

/** Writes prev + step, prev + 2 step, ... at out[from..to) (two per store); returns the last value written (prev when none). */
function fillSteps(out: usize, from: i32, to: i32, prev: i64, step: i64): i64 {
  let pair = i64x2.add(i64x2.splat(prev), i64x2.replace_lane(i64x2.splat(step), 1, step * 2));
  const stride = i64x2.splat(step * 2);
  let j = from;
  for (; j + 2 <= to; j += 2) {
    v128.store(out + ((<usize>j) << 3), pair);
    pair = i64x2.add(pair, stride);
  }
  const last = prev + step * <i64>(to - from);
  if (j < to) store<i64>(out + ((<usize>j) << 3), last);
  return last;
}

/**
 * Decodes the blocks of a delta-family payload into dst[from..n), block by block while the block
 * is in cache. A block of constant codes (width 0, no exceptions: a perfectly regular stretch of
 * timestamps) is generated arithmetically without unpacking anything.
 */
export function decodeDeltaBlocks(kind: u8, src: usize, end: usize, n: i32, from: i32, dst: usize): usize {
  let p = src;
  for (let start = from; start < n; start += BLOCK) {
    const m = min(BLOCK, n - start);
    const out = dst + ((<usize>start) << 3);
    const header = p;
    const after = readBlockHeader(p, end, m);
    if (after == 0) return 0;
    if (blockWidth == 0 && blockExceptions == 0) {
      const code = blockBase;
      let prev = previous;
      const dod = kind == CODEC_DOD_PFOR ? unzigzag(code) : 0;
      if (kind == CODEC_DOD_PFOR && dod != 0) {
        let delta = previousDelta;
        for (let j = 0; j < m; j++) {
          delta += dod;
          prev += delta;
          store<i64>(out + ((<usize>j) << 3), prev);
        }
        previousDelta = delta;
      } else {
        // A constant step (a perfectly regular stretch): two times per store.
        const delta = kind == CODEC_DOD_PFOR ? previousDelta : kind == CODEC_DELTA_PFOR ? <i64>code : unzigzag(code);
        let pair = i64x2.add(i64x2.splat(prev), i64x2.replace_lane(i64x2.splat(delta), 1, delta * 2));
        const step = i64x2.splat(delta * 2);
        let j = 0;
        for (; j + 2 <= m; j += 2) {
          v128.store(out + ((<usize>j) << 3), pair);
          pair = i64x2.add(pair, step);
        }
        prev += delta * <i64>m;
        if (j < m) store<i64>(out + ((<usize>j) << 3), prev);
      }
      previous = prev;
      p = after;
      continue;
    }
    if (blockWidth == 0 && (kind != CODEC_DOD_PFOR || unzigzag(blockBase) == 0)) {
      // Constant codes but for a few exceptions (a regular stretch with gaps or repeats): a
      // constant step between exceptions, generated as above, each exception applied in turn.
      p = readBlockExceptions(after, end, m);
      if (p == 0) return 0;
      let prev = previous;
      let delta = kind == CODEC_DOD_PFOR ? previousDelta : kind == CODEC_DELTA_PFOR ? <i64>blockBase : unzigzag(blockBase);
      let j = 0;
      for (let k = 0; k < blockExceptions; k++) {
        const index = load<i32>(exceptionIndices + ((<usize>k) << 2));
        prev = fillSteps(out, j, index, prev, delta);
        const code = load<u64>(exceptionValues + ((<usize>k) << 3));
        if (kind == CODEC_DOD_PFOR) {
          delta += unzigzag(code);
          prev += delta;
        } else {
          prev += kind == CODEC_DELTA_PFOR ? <i64>code : unzigzag(code);
        }
        store<i64>(out + ((<usize>index) << 3), prev);
        j = index + 1;
      }
      previous = fillSteps(out, j, m, prev, delta);
      if (kind == CODEC_DOD_PFOR) previousDelta = delta;
      continue;
    }
    p = pforDecode(header, end, m, out);
    if (p == 0) return 0;
    let prev = previous;
    if (kind == CODEC_DOD_PFOR) {
      let delta = previousDelta;
      for (let j = 0; j < m; j++) {
        delta += unzigzag(load<u64>(out + ((<usize>j) << 3)));
        prev += delta;
        store<i64>(out + ((<usize>j) << 3), prev);
      }
      previousDelta = delta;
    } else if (kind == CODEC_DELTA_PFOR) {
      for (let j = 0; j < m; j++) {
        prev += load<i64>(out + ((<usize>j) << 3));
        store<i64>(out + ((<usize>j) << 3), prev);
      }
    } else {
      for (let j = 0; j < m; j++) {
        prev += unzigzag(load<u64>(out + ((<usize>j) << 3)));
        store<i64>(out + ((<usize>j) << 3), prev);
      }
    }
    previous = prev;
  }
  return p;
}

/**
 * Reads the head of a delta-family payload of `n` >= 1 values at `p` (after the codec byte): the
 * first time, and for delta of delta the first delta, writing rows 0 (and 1) at `dst`. Returns the
 * address of the first block (0 when truncated); `deltaRowsFrom` is the first row it holds.
 */
export function startDeltas(kind: u8, p: usize, end: usize, n: i32, dst: usize): usize {
  if (end - p < 8) return fail(p);
  previous = load<i64>(p);
  store<i64>(dst, previous);
  p += 8;
  deltaRowsFrom = 1;
  if (kind == CODEC_DOD_PFOR && n > 1) {
    if (end - p < 8) return fail(p);
    previousDelta = load<i64>(p);
    p += 8;
    previous += previousDelta;
    store<i64>(dst + 8, previous);
    deltaRowsFrom = 2;
  }
  return p;
}

/** First time of the rows taken by the last `skipRegularBlock`. */
export let regularBlockStart: i64 = 0;

/**
 * After `readBlockHeader` of the next block (`m` rows): its step when the block is one constant
 * step > 0 (width 0, no exceptions; for delta of delta the code 0) whose last time does not wrap,
 * else 0 (the caller decodes the block). Changes nothing.
 */
export function regularBlockStep(kind: u8, m: i32): i64 {
  if (blockWidth != 0 || blockExceptions != 0) return 0;
  let step: i64;
  if (kind == CODEC_DOD_PFOR) {
    if (blockBase != 0) return 0;
    step = previousDelta;
  } else {
    step = kind == CODEC_DELTA_PFOR ? <i64>blockBase : unzigzag(blockBase);
  }
  if (step <= 0 || step > i64.MAX_VALUE / <i64>m || previous > i64.MAX_VALUE - step * <i64>m) return 0;
  return step;
}

/** Moves the running state past a block of `m` rows of the given `regularBlockStep`. */
export function skipRegularBlock(step: i64, m: i32): void {
  regularBlockStart = previous + step;
  previous += step * <i64>m;
}

/** Most exceptions a block may have for `blockRuns` (a regular stretch with a few gaps or repeats). */
const MAX_RUN_EXCEPTIONS = 32;
/** The runs of the last `blockRuns`: first time, step and row count of each. */
export const runStarts = memory.data((MAX_RUN_EXCEPTIONS + 1) * 8);
export const runSteps = memory.data((MAX_RUN_EXCEPTIONS + 1) * 8);
export const runRows = memory.data((MAX_RUN_EXCEPTIONS + 1) * 4);
export let runCount = 0;

/**
 * After `readBlockHeader` of the next block (`m` rows, exceptions at `after`): when the block is
 * constant codes but for a few exceptions (for delta of delta the code 0), splits its rows into
 * runs of one step each, every exception starting a new run (its row is where the step changes),
 * moves the running state past the block and returns the address after it, with `runCount` > 0.
 * Otherwise sets `runCount` to 0 and returns `after` (nothing read; the caller decodes the block),
 * or 0 when the exceptions are corrupt.
 */
export function blockRuns(kind: u8, after: usize, end: usize, m: i32): usize {
  runCount = 0;
  const exceptions = blockExceptions;
  if (blockWidth != 0 || exceptions == 0 || exceptions > MAX_RUN_EXCEPTIONS) return after;
  if (kind == CODEC_DOD_PFOR && blockBase != 0) return after;
  const p = readBlockExceptions(after, end, m);
  if (p == 0) return 0;
  let prev = previous;
  let delta = kind == CODEC_DOD_PFOR ? previousDelta : kind == CODEC_DELTA_PFOR ? <i64>blockBase : unzigzag(blockBase);
  let count = 0;
  let start = prev + delta;
  let rows = 0;
  let j = 0;
  for (let k = 0; k < exceptions; k++) {
    const index = load<i32>(exceptionIndices + ((<usize>k) << 2));
    rows += index - j;
    prev += delta * <i64>(index - j);
    if (rows > 0) {
      count = addRun(count, start, delta, rows);
    }
    const code = load<u64>(exceptionValues + ((<usize>k) << 3));
    if (kind == CODEC_DOD_PFOR) {
      delta += unzigzag(code);
      prev += delta;
    } else {
      prev += kind == CODEC_DELTA_PFOR ? <i64>code : unzigzag(code);
    }
    start = prev;
    rows = 1;
    j = index + 1;
  }
  rows += m - j;
  prev += delta * <i64>(m - j);
  runCount = addRun(count, start, delta, rows);
  previous = prev;
  if (kind == CODEC_DOD_PFOR) previousDelta = delta;
  return p;
}

function addRun(count: i32, start: i64, step: i64, rows: i32): i32 {
  store<i64>(runStarts + ((<usize>count) << 3), start);
  store<i64>(runSteps + ((<usize>count) << 3), step);
  store<i32>(runRows + ((<usize>count) << 2), rows);
  return count + 1;
}
