import { TidemarkError } from '../../errors/index.ts';
import { decodeColumn } from '../chunk/columns.ts';
import { loadChunk } from '../chunk/decode.ts';
import type { Kernel } from '../kernel.ts';
import { decodeTimesInto, findDoubleColumn } from './column.ts';

/** The time range [from, to) in ns drawn across `pixels` columns. */
export interface M4Spec {
  readonly from: bigint;
  readonly to: bigint;
  readonly pixels: number;
}

/**
 * Per pixel column: how many points fell in it and its first, last, min and max points. Pixel p
 * covers times t with floor((t - from) * pixels / (to - from)) = p. Min/max skip NaN and keep the
 * earliest time among equal values; a pixel with count 0 has no points (its other entries are 0,
 * min and max NaN). Min and max are also NaN when every point of the pixel is NaN.
 */
export interface M4Result {
  readonly spec: M4Spec;
  readonly count: Float64Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly firstTime: BigInt64Array;
  readonly lastTime: BigInt64Array;
  readonly minTime: BigInt64Array;
  readonly maxTime: BigInt64Array;
}

const ORDER = ['count', 'first', 'last', 'min', 'max', 'firstTime', 'lastTime', 'minTime', 'maxTime'] as const;

/** An empty M4 result, to pass to several `m4Chunk` calls. */
export function createM4Result(spec: M4Spec): M4Result {
  if (spec.to <= spec.from) throw new TidemarkError('INVALID_ARGUMENT', 'An M4 time range must have from < to.');
  if (!Number.isInteger(spec.pixels) || spec.pixels < 1 || spec.pixels > 1 << 20) {
    throw new TidemarkError('INVALID_ARGUMENT', `An M4 pixel width must be an integer in 1..${1 << 20}; got ${spec.pixels}.`);
  }
  const n = spec.pixels;
  return {
    spec,
    count: new Float64Array(n),
    first: new Float64Array(n),
    last: new Float64Array(n),
    min: new Float64Array(n).fill(Number.NaN),
    max: new Float64Array(n).fill(Number.NaN),
    firstTime: new BigInt64Array(n),
    lastTime: new BigInt64Array(n),
    minTime: new BigInt64Array(n),
    maxTime: new BigInt64Array(n),
  };
}

/**
 * M4 of arrays already decoded (sorted times, values, optional validity of one byte per row),
 * accumulated into `into` when given.
 */
export function m4Values(
  kernel: Kernel,
  times: BigInt64Array,
  values: Float64Array,
  validity: Uint8Array | undefined,
  spec: M4Spec,
  into?: M4Result,
): M4Result {
  const result = into ?? createM4Result(spec);
  if (into && (into.spec.from !== spec.from || into.spec.to !== spec.to || into.spec.pixels !== spec.pixels)) {
    throw new TidemarkError('INVALID_ARGUMENT', 'The M4 result to accumulate into was made for a different range or width.');
  }
  const n = times.length;
  if (values.length !== n || (validity && validity.length !== n))
    throw new TidemarkError('INVALID_ARGUMENT', 'Times, values and validity must have the same length.');
  const t = kernel.copyIn(times);
  const v = kernel.copyIn(values);
  const valid = validity ? kernel.copyIn(validity) : 0;
  const out = kernel.alloc(ORDER.length * 8 * spec.pixels);
  try {
    for (const [k, name] of ORDER.entries()) kernel.copyInto(out + k * 8 * spec.pixels, result[name]);
    kernel.exports.m4(t, v, valid, n, spec.from, spec.to, spec.pixels, out);
    for (const [k, name] of ORDER.entries()) kernel.copyOut(out + k * 8 * spec.pixels, result[name]);
    return result;
  } finally {
    kernel.free(out);
    if (valid) kernel.free(valid);
    kernel.free(v);
    kernel.free(t);
  }
}

/** M4 of one double column of a chunk (only that column and the times are decoded). */
export function m4Chunk(kernel: Kernel, bytes: Uint8Array, column: string | number, spec: M4Spec, into?: M4Result): M4Result {
  const chunk = loadChunk(kernel, bytes);
  let times: BigInt64Array;
  let values: Float64Array;
  let validity: Uint8Array | undefined;
  try {
    const { header } = chunk;
    const { column: found } = findDoubleColumn(header, column);
    times = new BigInt64Array(header.count);
    decodeTimesInto(kernel, chunk, times);
    const decoded = decodeColumn(kernel, bytes, chunk.base, { ...found, trueCount: 0, distinctCount: 0 }, header.count);
    values = decoded.values as Float64Array;
    validity = 'validity' in decoded ? decoded.validity : undefined;
  } finally {
    chunk.release();
  }
  return m4Values(kernel, times, values, validity, spec, into);
}
