import { TidemarkError } from '../../errors/index.ts';
import { loadChunk } from '../chunk/decode.ts';
import { corruptChunk } from '../chunk/errors.ts';
import type { Kernel } from '../kernel.ts';
import { findDoubleColumn } from './column.ts';

/**
 * Buckets of `width` ns aligned on `origin`: bucket k covers [origin + k*width, origin + (k+1)*width).
 * Results hold buckets firstBucket .. firstBucket + bucketCount - 1; rows outside are ignored.
 */
export interface BucketSpec {
  readonly origin: bigint;
  readonly width: bigint;
  readonly firstBucket: bigint;
  readonly bucketCount: number;
}

/**
 * Per-bucket aggregates, one entry per bucket. Empty buckets have count 0, min +Infinity and max
 * -Infinity. Min and max skip NaN; sum and sumSquares include it. first/last are the values of the
 * earliest/latest rows (ties: the later chunk or row wins `last`, the earlier wins `first`).
 */
export interface BucketAggregates {
  readonly spec: BucketSpec;
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly sumSquares: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly firstTime: BigInt64Array;
  readonly lastTime: BigInt64Array;
}

const F64_ARRAYS = ['count', 'sum', 'sumSquares', 'min', 'max', 'first', 'last'] as const;

/** Empty aggregates for `spec`, to pass to several `aggregateChunkBuckets` calls. */
export function createBucketAggregates(spec: BucketSpec): BucketAggregates {
  if (spec.width <= 0n) throw new TidemarkError('INVALID_ARGUMENT', `A bucket width must be positive; got ${spec.width} ns.`);
  if (!Number.isInteger(spec.bucketCount) || spec.bucketCount < 0 || spec.bucketCount > 1 << 24) {
    throw new TidemarkError('INVALID_ARGUMENT', `A bucket count must be an integer in 0..${1 << 24}; got ${spec.bucketCount}.`);
  }
  const n = spec.bucketCount;
  return {
    spec,
    count: new Float64Array(n),
    sum: new Float64Array(n),
    sumSquares: new Float64Array(n),
    min: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
    max: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    first: new Float64Array(n),
    last: new Float64Array(n),
    firstTime: new BigInt64Array(n),
    lastTime: new BigInt64Array(n),
  };
}

/** Floor division for bigint (toward -Infinity). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** The bucket spec that covers [timeMin, timeMax] exactly. */
export function bucketSpecFor(timeMin: bigint, timeMax: bigint, origin: bigint, width: bigint): BucketSpec {
  const firstBucket = floorDiv(timeMin - origin, width);
  const last = floorDiv(timeMax - origin, width);
  return { origin, width, firstBucket, bucketCount: Number(last - firstBucket + 1n) };
}

/**
 * Decodes the times and one double column of a chunk and adds every row to its bucket, in one
 * kernel call (ALP columns are decoded vector by vector straight into the accumulators).
 * Accumulates into `into` when given, so a query can feed many chunks into one result.
 */
export function aggregateChunkBuckets(
  kernel: Kernel,
  bytes: Uint8Array,
  column: string | number,
  spec: BucketSpec,
  into?: BucketAggregates,
): BucketAggregates {
  const result = into ?? createBucketAggregates(spec);
  if (
    into &&
    (into.spec.origin !== spec.origin ||
      into.spec.width !== spec.width ||
      into.spec.firstBucket !== spec.firstBucket ||
      into.spec.bucketCount !== spec.bucketCount)
  ) {
    throw new TidemarkError('INVALID_ARGUMENT', 'The aggregates to accumulate into were made for a different bucket spec.');
  }
  const chunk = loadChunk(kernel, bytes);
  const n = spec.bucketCount;
  const out = kernel.alloc(9 * 8 * n + 16);
  try {
    const { header, base } = chunk;
    const { column: found } = findDoubleColumn(header, column);
    writeArrays(kernel, out, result);
    const ok = kernel.exports.aggregateChunkColumn(
      base + header.timePayloadOffset,
      header.timePayloadLength,
      base + found.payloadOffset,
      found.payloadLength,
      found.nullCount > 0 ? base + found.validityOffset : 0,
      header.count,
      header.count - found.nullCount,
      spec.origin,
      spec.width,
      spec.firstBucket,
      n,
      out,
    );
    if (ok !== 1) {
      const byteOffset = Math.max(0, kernel.exports.lastErrorAddress() - base);
      throw corruptChunk(byteOffset, `column "${found.name}" or the times cannot be decoded`);
    }
    readArrays(kernel, out, result);
    return result;
  } finally {
    kernel.free(out);
    chunk.release();
  }
}

function writeArrays(kernel: Kernel, out: number, result: BucketAggregates): void {
  const n = result.spec.bucketCount;
  const arrays = [...F64_ARRAYS.map((name) => result[name]), result.firstTime, result.lastTime];
  for (const [k, array] of arrays.entries()) kernel.copyInto(out + k * 8 * n, array);
}

function readArrays(kernel: Kernel, out: number, result: BucketAggregates): void {
  const n = result.spec.bucketCount;
  const arrays = [...F64_ARRAYS.map((name) => result[name]), result.firstTime, result.lastTime];
  for (const [k, array] of arrays.entries()) kernel.copyOut(out + k * 8 * n, array);
}
