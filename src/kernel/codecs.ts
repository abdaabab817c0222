import { TidemarkError } from '../errors/index.ts';
import { M4_BLOCK_RECORD_BYTES, M4_BLOCK_ROWS, MIN_INDEXED_ROWS } from './chunk/block-index.ts';
import type { Kernel } from './kernel.ts';

/**
 * Column payload codecs of the kernel, one call per column. Payloads carry their codec id in their
 * first byte. Decoders are given a payload already in kernel memory (a chunk copied in once) and
 * report corruption as a byte offset from `baseAddress`, the start of that chunk.
 */

/** Encodes i64 values (timestamps when `forTimes`, so sorted) into a payload. */
export function encodeInt64Payload(kernel: Kernel, values: BigInt64Array, forTimes: boolean): Uint8Array {
  const { exports } = kernel;
  const src = kernel.copyIn(values);
  const dst = kernel.alloc(exports.int64Bound(values.length) + 16);
  try {
    const length = exports.encodeInt64Column(src, values.length, dst, forTimes ? 1 : 0);
    return kernel.copyOutBytes(dst, length);
  } finally {
    kernel.free(dst);
    kernel.free(src);
  }
}

/** Encodes doubles into a payload (the kernel picks ALP, XOR, RLE, dictionary, constant or raw). */
export function encodeFloat64Payload(kernel: Kernel, values: Float64Array): Uint8Array {
  const { exports } = kernel;
  const src = kernel.copyIn(values);
  const dst = kernel.alloc(exports.float64Bound(values.length) + 16);
  try {
    const length = exports.encodeFloat64Column(src, values.length, dst);
    return kernel.copyOutBytes(dst, length);
  } finally {
    kernel.free(dst);
    kernel.free(src);
  }
}

/**
 * A payload left in kernel memory for the chunk encoder to assemble in place: its bytes are the first `length`
 * of the block at `ptr`, which the receiver frees (kernel.free) once it has copied them.
 */
export interface KernelPayload {
  readonly ptr: number;
  readonly length: number;
}

/** A double column's payload and its header stats (min, max, sum), from one copy into kernel memory. */
export interface Float64PayloadWithStats<P = Uint8Array> {
  readonly payload: P;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  /** The M4 block records (chunk/block-index.ts, blocks of 1,024) when asked for and the payload is ALP or raw. */
  readonly blockRecords?: Uint8Array;
}

/**
 * Copies `values` into the kernel and runs `encode` with their address, a payload block of `bound` bytes (and
 * slack) and a stats block of `statsBytes`. The values and stats blocks are freed after; the payload block is
 * the caller's, unless `encode` throws.
 */
function encodeWithStats<T>(
  kernel: Kernel,
  values: Float64Array | BigInt64Array,
  bound: number,
  statsBytes: number,
  encode: (src: number, dst: number, stats: number) => T,
): T {
  const src = kernel.copyIn(values);
  const stats = kernel.alloc(statsBytes);
  const dst = kernel.alloc(bound + 16);
  try {
    return encode(src, dst, stats);
  } catch (error) {
    kernel.free(dst);
    throw error;
  } finally {
    kernel.free(stats);
    kernel.free(src);
  }
}

/**
 * Encodes `values.length` >= 1 doubles and computes their header stats in the kernel while they are in its
 * memory (the rule of chunk/stats.ts doubleStats, bit for bit), so sealing reads the values once. The payload
 * stays in kernel memory (free it).
 */
export function encodeFloat64InKernel(kernel: Kernel, values: Float64Array, blockIndex = false): Float64PayloadWithStats<KernelPayload> {
  const { exports } = kernel;
  return encodeWithStats(kernel, values, exports.float64Bound(values.length), 24, (src, dst, out) => {
    exports.statsF64(src, values.length, out);
    const length = exports.encodeFloat64Column(src, values.length, dst);
    // Read in place (blocks are 8-aligned): no typed array made per column.
    const f64 = kernel.float64();
    const at = out >>> 3;
    const encoded = { payload: { ptr: dst, length }, min: f64[at] as number, max: f64[at + 1] as number, sum: f64[at + 2] as number };
    if (!blockIndex) return encoded;
    // The M4 block records while the values are still here: an ALP or raw payload needs no decoding for them.
    const bytes = Math.ceil(values.length / M4_BLOCK_ROWS) * M4_BLOCK_RECORD_BYTES;
    const records = kernel.alloc(bytes);
    try {
      if (exports.m4BlockIndexOfValues(values.length, src, dst, length, records) !== 1) return encoded;
      return { ...encoded, blockRecords: kernel.copyOutBytes(records, bytes) };
    } finally {
      kernel.free(records);
    }
  });
}

/** As encodeFloat64InKernel, with the payload copied out. */
export function encodeFloat64PayloadWithStats(kernel: Kernel, values: Float64Array): Float64PayloadWithStats {
  const encoded = encodeFloat64InKernel(kernel, values);
  return { ...encoded, payload: takePayload(kernel, encoded.payload) };
}

/** An i64 column's payload and its header stats (min, max, exact sum). */
export interface Int64PayloadWithStats<P = Uint8Array> {
  readonly payload: P;
  readonly min: bigint;
  readonly max: bigint;
  readonly sum: bigint;
}

/** As encodeFloat64InKernel for `values.length` >= 1 i64 values (chunk/stats.ts bigintStats, no BigInt per value). */
export function encodeInt64InKernel(kernel: Kernel, values: BigInt64Array): Int64PayloadWithStats<KernelPayload> {
  const { exports } = kernel;
  return encodeWithStats(kernel, values, exports.int64Bound(values.length), 32, (src, dst, out) => {
    exports.statsI64(src, values.length, out);
    const length = exports.encodeInt64Column(src, values.length, dst, 0);
    const i64 = kernel.int64();
    const at = out >>> 3;
    const sum = ((i64[at + 3] as bigint) << 64n) + BigInt.asUintN(64, i64[at + 2] as bigint);
    return { payload: { ptr: dst, length }, min: i64[at] as bigint, max: i64[at + 1] as bigint, sum };
  });
}

/** As encodeInt64InKernel, with the payload copied out. */
export function encodeInt64PayloadWithStats(kernel: Kernel, values: BigInt64Array): Int64PayloadWithStats {
  const encoded = encodeInt64InKernel(kernel, values);
  return { ...encoded, payload: takePayload(kernel, encoded.payload) };
}

/** A time payload left in kernel memory, and the times' constant step (0n when uneven or not looked at). */
export interface TimesPayload extends KernelPayload {
  readonly step: bigint;
}

/**
 * Encodes sorted timestamps, leaving the payload in kernel memory (free it). While the times are in its memory,
 * the kernel also finds their constant step when the chunk is long enough for an M4 block index to need it.
 */
export function encodeTimesInKernel(kernel: Kernel, times: BigInt64Array): TimesPayload {
  const { exports } = kernel;
  const src = kernel.copyIn(times);
  const dst = kernel.alloc(exports.int64Bound(times.length) + 16);
  try {
    const step = times.length >= MIN_INDEXED_ROWS ? BigInt.asIntN(64, exports.regularTimeStep(src, times.length)) : 0n;
    return { ptr: dst, length: exports.encodeInt64Column(src, times.length, dst, 1), step };
  } catch (error) {
    kernel.free(dst);
    throw error;
  } finally {
    kernel.free(src);
  }
}

/** Copies a kernel payload out and frees its block. */
function takePayload(kernel: Kernel, payload: KernelPayload): Uint8Array {
  try {
    return kernel.copyOutBytes(payload.ptr, payload.length);
  } finally {
    kernel.free(payload.ptr);
  }
}

/** Where a payload sits in kernel memory, and the chunk it belongs to (for error offsets). */
export interface PayloadLocation {
  readonly address: number;
  readonly length: number;
  /** Address of byte 0 of the enclosing chunk. */
  readonly baseAddress: number;
}

function corruptAt(kernel: Kernel, location: PayloadLocation, what: string): TidemarkError {
  const byteOffset = Math.max(0, kernel.exports.lastErrorAddress() - location.baseAddress);
  return new TidemarkError('CORRUPT_CHUNK', `The chunk is corrupt: its ${what} payload is invalid at byte ${byteOffset}.`, {
    position: { byteOffset },
  });
}

/** Decodes an i64 payload in kernel memory into kernel memory at `dst` (count values). */
export function decodeInt64At(kernel: Kernel, location: PayloadLocation, count: number, dst: number, what: string): void {
  if (kernel.exports.decodeInt64Column(location.address, location.length, count, dst) !== 1) {
    throw corruptAt(kernel, location, what);
  }
}

/** Decodes a double payload in kernel memory into kernel memory at `dst` (count values). */
export function decodeFloat64At(kernel: Kernel, location: PayloadLocation, count: number, dst: number, what: string): void {
  if (kernel.exports.decodeFloat64Column(location.address, location.length, count, dst) !== 1) {
    throw corruptAt(kernel, location, what);
  }
}
