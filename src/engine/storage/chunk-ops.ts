import { firstAtOrAfter, timeWords } from '../model/bucket-partials.ts';
import type { ChunkCodec, ChunkColumn, ChunkColumnInput, ChunkHeader, DecodedChunk, SharedTimes } from './codec.ts';
import { HeadBuffer, type HeadSlice } from './head-buffer.ts';
import { type MemChunk, newChunkId, type SeriesColumn } from './series.ts';

/** Per-row record versions travel in the chunk as a hidden BIGINT column, only when some row is not version 1. */
export const VERSION_COLUMN = '$version';

/** Encodes rows taken from a head buffer into a chunk. */
export function encodeSlice(codec: ChunkCodec, slice: HeadSlice, sharedTimes?: SharedTimes): MemChunk {
  const columns: ChunkColumnInput[] = [...slice.columns];
  if (slice.versions) columns.push({ name: VERSION_COLUMN, type: 'bigint', values: slice.versions });
  const bytes = codec.encode(sharedTimes ? { times: slice.times, columns, sharedTimes } : { times: slice.times, columns });
  return { id: newChunkId(), header: codec.readHeader(bytes), bytes };
}

/** The header as queries see it: without the hidden version column. */
export function publicHeader(header: ChunkHeader): ChunkHeader {
  if (!header.columns.some((c) => c.name === VERSION_COLUMN)) return header;
  return { ...header, columns: header.columns.filter((c) => c.name !== VERSION_COLUMN) };
}

/** Loads a decoded chunk into a mutable head buffer laid out as `schema` (missing columns are null). */
export function decodedToHead(decoded: DecodedChunk, schema: readonly SeriesColumn[]): HeadBuffer {
  const n = decoded.times.length;
  const head = new HeadBuffer(schema, Math.max(n, 1));
  head.times.set(decoded.times);
  head.setLength(n);
  for (let c = 0; c < schema.length; c++) {
    const target = head.columns[c];
    const source = findColumn(decoded, (schema[c] as SeriesColumn).name);
    if (!target) continue;
    if (!source) {
      target.markNull(0, n);
      continue;
    }
    if (Array.isArray(target.data)) target.data = [...(source.values as readonly (string | null)[])];
    else (target.data as Float64Array).set(source.values as Float64Array);
    if (source.validity) target.validity = source.validity.slice();
  }
  const versions = findColumn(decoded, VERSION_COLUMN);
  if (versions) head.versions = (versions.values as BigInt64Array).slice();
  return head;
}

export function findColumn(decoded: DecodedChunk, name: string): ChunkColumn | undefined {
  for (const c of decoded.columns) if (c.name === name) return c;
  return undefined;
}

/** Binary search for `t` in sorted times; index or -(insertion) - 1. */
export function searchTimes(times: BigInt64Array, t: bigint, length = times.length): number {
  let lo = 0;
  let hi = length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = times[mid] as bigint;
    if (v < t) lo = mid + 1;
    else if (v > t) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/** The words of the last times searched (see lowerBound): a head's times are searched once per query per bound. */
let lastTimes: BigInt64Array | null = null;
let lastWords: Int32Array = new Int32Array(0);

/**
 * First index with times[i] >= t (times ascending). Searched on the times' 32-bit words from a guess where t
 * falls (see firstAtOrAfter): a BigInt64Array read allocates a BigInt, and a long head's halving misses the cache.
 */
export function lowerBound(times: BigInt64Array, t: bigint, length = times.length): number {
  if (length === 0 || (times[length - 1] as bigint) < t) return length;
  if (times !== lastTimes) {
    lastWords = timeWords(times);
    lastTimes = times;
  }
  return firstAtOrAfter(lastWords, 0, length - 1, t);
}
