// Bucketed aggregation over a chunk's columns for the query engine: count, sum, sum of squares,
// min, max, first and last (with their times) per time bucket. The fused entry decodes an ALP
// column one 1,024-value vector at a time into a buffer that stays in L1 and aggregates it at
// once, so decoded values never travel to memory.

import { accumulate, accumulateOne, beginBuckets, endBuckets } from './buckets';
import { CODEC_ALP } from './codec-ids';
import { decodeVector } from './codecs/alp';
import { decodeFloat64Column } from './codecs/float64';
import { decodeInt64Column } from './codecs/int64';
import { BLOCK } from './codecs/pfor';
import { fail } from './error';

const vector = memory.data(BLOCK * 8 + 16);

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
  const times = heap.alloc(((<usize>rows) << 3) + 16);
  let ok = decodeInt64Column(timePayload, timeLength, rows, times);
  if (ok) {
    beginBuckets(out, bucketCount, origin, width, firstBucket);
    if (validity == 0 && valueLength > 0 && load<u8>(valuePayload) == CODEC_ALP) {
      ok = aggregateAlp(times, valuePayload + 1, valuePayload + valueLength, rows);
    } else {
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
    }
    endBuckets();
  }
  heap.free(times);
  return ok;
}

function aggregateAlp(times: usize, src: usize, end: usize, rows: i32): i32 {
  let p = src;
  for (let start = 0; start < rows; start += BLOCK) {
    const m = min(BLOCK, rows - start);
    p = decodeVector(p, end, m, vector);
    if (p == 0) return 0;
    if (!accumulate(times + ((<usize>start) << 3), vector, m)) return 1;
  }
  return p == end ? 1 : <i32>fail(p);
}
