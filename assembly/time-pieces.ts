// A chunk's times read piece by piece for the fused aggregate. Consecutive blocks of a delta-family
// payload that are one constant step (perfectly regular stretches: most of a series sampled every
// few minutes, between its gaps) come back as one arithmetic piece, a first time and a step, so
// the aggregate computes bucket edges instead of writing and reading 8 bytes per row; any other
// block, and the payload's first rows, are decoded into the caller's buffer. Other time codecs
// are decoded whole, as one buffered piece.

import { CODEC_DELTA_PFOR, CODEC_DELTA_ZIGZAG_PFOR, CODEC_DOD_PFOR } from './codec-ids';
import {
  blockRuns,
  decodeDeltaBlocks,
  deltaRowsFrom,
  regularBlockStart,
  regularBlockStep,
  runCount,
  runRows,
  runStarts,
  runSteps,
  skipRegularBlock,
  startDeltas,
} from './codecs/delta-blocks';
import { decodeInt64Column } from './codecs/int64';
import { BLOCK, readBlockHeader } from './codecs/pfor';
import { fail } from './error';

/** Step of the last piece (> 0: its times are pieceStart + j * pieceStep; 0: they are in the buffer). */
export let pieceStep: i64 = 0;
export let pieceStart: i64 = 0;
/** Address of the last buffered piece's times. */
export let pieceTimes: usize = 0;

let kind: u8 = 0;
let at: usize = 0;
let end: usize = 0;
let rows: i32 = 0;
/** Next row to hand out. */
let row: i32 = 0;
/** End of the header `takeRegular` read last. */
let blockAfter: usize = 0;
/** Runs of the current block (see `blockRuns`) not handed out yet. */
let runsLeft = 0;
/** The whole column decoded (a codec other than the delta family), or 0. */
let whole: usize = 0;

/**
 * Starts reading the `n` times of the payload at `src` (`len` bytes); `buffer` holds BLOCK + 2
 * times. Returns 1, or 0 when the payload is corrupt (see lastErrorAddress).
 */
export function beginTimePieces(src: usize, len: usize, n: i32, buffer: usize): i32 {
  rows = n;
  row = 0;
  whole = 0;
  runsLeft = 0;
  end = src + len;
  kind = len > 0 ? load<u8>(src) : 0;
  if (n > 0 && len > 0 && (kind == CODEC_DELTA_PFOR || kind == CODEC_DELTA_ZIGZAG_PFOR || kind == CODEC_DOD_PFOR)) {
    at = startDeltas(kind, src + 1, end, n, buffer);
    return at != 0 ? 1 : 0;
  }
  whole = heap.alloc(((<usize>n) << 3) + 16);
  return decodeInt64Column(src, len, n, whole);
}

/**
 * The next piece of times into the piece* globals, in `buffer` (BLOCK + 2 times) when not
 * arithmetic. Returns its row count, 0 after the last row, or -1 when the payload is corrupt.
 */
export function nextTimePiece(buffer: usize): i32 {
  if (runsLeft > 0) return nextRun(buffer);
  if (row >= rows) return 0;
  pieceStep = 0;
  pieceTimes = buffer;
  if (whole != 0) {
    pieceTimes = whole;
    row = rows;
    return rows;
  }
  if (row == 0) {
    // The first rows, which startDeltas wrote into the buffer.
    row = deltaRowsFrom;
    return row;
  }
  if (takeRegular()) {
    const first = row;
    const start = pieceStart;
    const step = pieceStep;
    row += min(BLOCK, rows - row);
    // Following blocks of the same step continue the piece.
    while (row < rows) {
      const m = min(BLOCK, rows - row);
      const header = readBlockHeader(at, end, m);
      if (header == 0) return -1;
      if (regularBlockStep(kind, m) != step) break;
      skipRegularBlock(step, m);
      at = header;
      row += m;
    }
    pieceStart = start;
    pieceStep = step;
    return row - first;
  }
  if (at == 0) return -1;
  const m = min(BLOCK, rows - row);
  // A regular stretch with a few gaps or repeats: its runs between them, one piece each.
  const afterRuns = blockRuns(kind, blockAfter, end, m);
  if (afterRuns == 0) return -1;
  if (runCount > 0) {
    at = afterRuns;
    row += m;
    runsLeft = runCount;
    return nextRun(buffer);
  }
  // decodeDeltaBlocks writes row r at dst + 8 r: shift the destination so this block lands at `buffer`.
  at = decodeDeltaBlocks(kind, at, end, row + m, row, buffer - ((<usize>row) << 3));
  if (at == 0) return -1;
  row += m;
  return m;
}

/** The next run of the block `blockRuns` split, arithmetic unless its step is not > 0 or it wraps. */
function nextRun(buffer: usize): i32 {
  const k = <usize>(runCount - runsLeft);
  runsLeft--;
  const start = load<i64>(runStarts + (k << 3));
  const step = load<i64>(runSteps + (k << 3));
  const n = load<i32>(runRows + (k << 2));
  if (step > 0 && (n == 1 || (step <= i64.MAX_VALUE / <i64>(n - 1) && start <= i64.MAX_VALUE - step * <i64>(n - 1)))) {
    pieceStep = step;
    pieceStart = start;
    return n;
  }
  // A repeated time (a step of 0) or worse: written out, as the decoder would.
  pieceStep = 0;
  pieceTimes = buffer;
  let t = start;
  for (let j = 0; j < n; j++) {
    store<i64>(buffer + ((<usize>j) << 3), t);
    t += step;
  }
  return n;
}

/** Takes the block at `row` as an arithmetic piece when it is regular (then `at` moves past it). */
function takeRegular(): bool {
  const m = min(BLOCK, rows - row);
  const header = readBlockHeader(at, end, m);
  if (header == 0) {
    at = 0;
    return false;
  }
  blockAfter = header;
  const step = regularBlockStep(kind, m);
  if (step == 0) return false;
  skipRegularBlock(step, m);
  at = header;
  pieceStep = step;
  pieceStart = regularBlockStart;
  return true;
}

/** Frees what the reader holds; with `check`, returns 1 when the payload ended where the last piece did, else 0 (corrupt). */
export function endTimePieces(check: bool): i32 {
  if (whole != 0) {
    heap.free(whole);
    whole = 0;
    return 1;
  }
  return !check || at == end ? 1 : <i32>fail(at);
}
