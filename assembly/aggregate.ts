// Bucketed aggregation over a chunk's columns for the query engine: count, sum, sum of squares,
// min, max, first and last (with their times) per time bucket. The fused entry decodes an ALP
// column one 1,024-value vector at a time into a buffer that stays in L1 and aggregates it at
// once, so decoded values never travel to memory.

import { accumulate, accumulateOne, accumulateRegular, beginBuckets, endBuckets } from './buckets';
import { CODEC_ALP } from './codec-ids';
import { decodeVector } from './codecs/alp';
import { decodeFloat64Column } from './codecs/float64';
import { decodeInt64Column } from './codecs/int64';
import { BLOCK } from './codecs/pfor';
import { fail } from './error';
import { beginTimePieces, endTimePieces, nextTimePiece, pieceStart, pieceStep, pieceTimes } from './time-pieces';

const vector = memory.data(BLOCK * 8 + 16);
/** A time piece that is not arithmetic: one block, or the first rows (see time-pieces.ts). */
const timeBuffer = memory.data((BLOCK + 2) * 8);

/** Aggregates decoded, sorted `times` and `values` (n rows) into the bucket arrays at `out`. */
export function aggregateBuckets(
  times: usize,
  values: usize,
  n: i32,
  origin: i64,
  width: i64,
  firstBucket: i64,
  bucketCount: i32,
  out: usize,
): void {
  beginBuckets(out, bucketCount, origin, width, firstBucket);
  accumulate(times, values, n);
  endBuckets();
}

/**
 * Decodes a chunk's time payload and one double column payload and aggregates them into the
 * bucket arrays at `out`. `validity` is the column's bitmap (0 when it has no nulls), `present`
 * the number of stored values. Returns 1, or 0 when a payload is corrupt (see lastErrorAddress).
 */
export function aggregateChunkColumn(
  timePayload: usize,
  timeLength: usize,
  valuePayload: usize,
  valueLength: usize,
  validity: usize,
  rows: i32,
  present: i32,
  origin: i64,
  width: i64,
  firstBucket: i64,
  bucketCount: i32,
  out: usize,
): i32 {
  if (validity == 0 && valueLength > 0 && load<u8>(valuePayload) == CODEC_ALP) {
    beginBuckets(out, bucketCount, origin, width, firstBucket);
    const ok = aggregateAlp(timePayload, timeLength, valuePayload + 1, valuePayload + valueLength, rows);
    endBuckets();
    return ok;
  }
  const times = heap.alloc(((<usize>rows) << 3) + 16);
  let ok = decodeInt64Column(timePayload, timeLength, rows, times);
  if (ok) {
    beginBuckets(out, bucketCount, origin, width, firstBucket);
    const values = heap.alloc(((<usize>present) << 3) + 16);
    ok = decodeFloat64Column(valuePayload, valueLength, present, values);
    if (ok) {
      if (validity == 0) {
        accumulate(times, values, rows);
      } else {
        let k = 0;
        for (let i = 0; i < rows; i++) {
          if ((load<u8>(validity + (<usize>i >> 3)) >> <u8>(i & 7)) & 1) {
            if (k >= present) {
              ok = <i32>fail(validity + (<usize>i >> 3));
              break;
            }
            if (!accumulateOne(load<i64>(times + ((<usize>i) << 3)), load<f64>(values + ((<usize>k) << 3)))) break;
            k++;
          }
        }
      }
    }
    heap.free(values);
    endBuckets();
  }
  heap.free(times);
  return ok;
}

/**
 * The ALP column one vector at a time, with the times read piece by piece (`time-pieces.ts`):
 * regular stretches aggregate with computed bucket edges, the rest on decoded times.
 */
function aggregateAlp(timePayload: usize, timeLength: usize, src: usize, end: usize, rows: i32): i32 {
  if (!beginTimePieces(timePayload, timeLength, rows, timeBuffer)) {
    endTimePieces(false);
    return 0;
  }
  let p = src;
  // The current time piece: rows left, and its next time (step > 0) or next time's address.
  let left = 0;
  let step: i64 = 0;
  let t: i64 = 0;
  let times: usize = 0;
  for (let start = 0; start < rows; start += BLOCK) {
    const m = min(BLOCK, rows - start);
    p = decodeVector(p, end, m, vector);
    if (p == 0) {
      endTimePieces(false);
      return 0;
    }
    let i = 0;
    while (i < m) {
      if (left == 0) {
        left = nextTimePiece(timeBuffer);
        if (left <= 0) {
          // The reader hands out exactly `rows` times, so running out means a corrupt payload.
          endTimePieces(false);
          return left < 0 ? 0 : <i32>fail(timePayload);
        }
        step = pieceStep;
        t = pieceStart;
        times = pieceTimes;
      }
      const k = min(left, m - i);
      const values = vector + ((<usize>i) << 3);
      if (!(step > 0 ? accumulateRegular(values, k, t, step) : accumulate(times, values, k))) {
        // Past the last bucket: nothing further can land in the output.
        endTimePieces(false);
        return 1;
      }
      left -= k;
      i += k;
      t += <i64>k * step;
      times += (<usize>k) << 3;
    }
  }
  if (p != end) {
    endTimePieces(false);
    return <i32>fail(p);
  }
  return endTimePieces(true);
}
