import { decodeInt64At } from '../codecs.ts';
import type { Kernel } from '../kernel.ts';
import { decodeColumn } from './columns.ts';
import { corruptChunk } from './errors.ts';
import { OFFSET_BODY_CHECKSUM } from './format.ts';
import { readChunkHeader } from './header.ts';
import type { ChunkHeader, DecodedChunk, DecodedColumn } from './types.ts';

/**
 * A chunk copied into kernel memory with its header validated and its body checksum verified.
 * Kernels over chunks start from here; `release` frees the copy.
 */
export interface LoadedChunk {
  readonly header: ChunkHeader;
  readonly bytes: Uint8Array;
  /** Address of byte 0 of the chunk in kernel memory. */
  readonly base: number;
  release(): void;
}

/** Validates `bytes` and copies them into the kernel. Throws CORRUPT_CHUNK on any damage. */
export function loadChunk(kernel: Kernel, bytes: Uint8Array): LoadedChunk {
  const header = readChunkHeader(bytes);
  const base = kernel.copyIn(bytes);
  try {
    verifyBody(kernel, header, base);
  } catch (error) {
    kernel.free(base);
    throw error;
  }
  return { header, bytes, base, release: () => kernel.free(base) };
}

/** Checks the body checksum of the chunk whose bytes are at `base` in kernel memory against its header. Throws CORRUPT_CHUNK. */
export function verifyBody(kernel: Kernel, header: ChunkHeader, base: number): void {
  const bodyLength = header.totalLength - header.headerLength;
  const checksum = BigInt.asUintN(64, kernel.exports.hash64(base + header.headerLength, bodyLength));
  if (checksum !== header.bodyChecksum) throw corruptChunk(OFFSET_BODY_CHECKSUM, 'the body checksum does not match its contents');
}

/** Decodes the time column of a loaded chunk into kernel memory at `dst` and checks it against the header. */
export function decodeTimesAt(kernel: Kernel, chunk: LoadedChunk, dst: number): void {
  const { header, bytes, base } = chunk;
  if (header.timePayloadLength < 1 || bytes[header.timePayloadOffset] !== header.timeCodec) {
    throw corruptChunk(header.timePayloadOffset, 'the time payload does not start with its codec id');
  }
  decodeInt64At(
    kernel,
    { address: base + header.timePayloadOffset, length: header.timePayloadLength, baseAddress: base },
    header.count,
    dst,
    'time',
  );
}

function checkTimes(header: ChunkHeader, times: BigInt64Array): void {
  const n = times.length;
  for (let i = 1; i < n; i++) {
    if ((times[i] as bigint) < (times[i - 1] as bigint))
      throw corruptChunk(header.timePayloadOffset, `row times are not sorted at row ${i}`);
  }
  if (n > 0 && (times[0] !== header.timeMin || times[n - 1] !== header.timeMax)) {
    throw corruptChunk(header.timePayloadOffset, 'row times disagree with the header time range');
  }
}

/** What `decodeChunk` decodes besides the header and the times. */
export interface DecodeOptions {
  /**
   * Names of the columns to decode, in the order wanted (a projection): the others are skipped.
   * A name the chunk does not have is skipped too (the caller sees it missing). Default: all.
   */
  readonly columns?: readonly string[];
}

/**
 * Decodes a chunk: its header, the sorted times, and every column (or the ones named in
 * `options.columns`) in row order. The whole body checksum is verified either way.
 */
export function decodeChunk(kernel: Kernel, bytes: Uint8Array, options: DecodeOptions = {}): DecodedChunk {
  const chunk = loadChunk(kernel, bytes);
  try {
    const { header, base } = chunk;
    const times = new BigInt64Array(header.count);
    const dst = kernel.alloc(header.count * 8 + 16);
    try {
      decodeTimesAt(kernel, chunk, dst);
      kernel.copyOut(dst, times);
    } finally {
      kernel.free(dst);
    }
    checkTimes(header, times);
    const wanted =
      options.columns === undefined
        ? header.columns
        : options.columns.flatMap((name) => header.columns.filter((column) => column.name === name));
    const columns: DecodedColumn[] = wanted.map((column) =>
      decodeColumn(
        kernel,
        bytes,
        base,
        {
          name: column.name,
          type: column.type,
          codec: column.codec,
          nullCount: column.nullCount,
          validityOffset: column.validityOffset,
          validityLength: column.validityLength,
          payloadOffset: column.payloadOffset,
          payloadLength: column.payloadLength,
          trueCount: column.type === 'boolean' ? (column.stats?.trueCount ?? 0) : 0,
          distinctCount: column.type === 'varchar' ? column.distinctCount : 0,
        },
        header.count,
      ),
    );
    return { header, times, columns };
  } finally {
    chunk.release();
  }
}
