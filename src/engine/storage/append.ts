import type { CellValue } from '../model/values.ts';
import { encodeSlice, lowerBound } from './chunk-ops.ts';
import type { ChunkColumnInput, SharedTimes } from './codec.ts';
import type { HeadSlice } from './head-buffer.ts';
import type { MemChunk, Series } from './series.ts';
import { sealIfNeeded, type TierConfig } from './series-ops.ts';

/**
 * Where the input rows of an append went, in input order: rows [from, to) copied into the head, or a
 * chunk encoded straight from them. The write-ahead log keeps the chunks as they are (compressed) and
 * only the head's rows raw.
 */
export type AppendedPiece =
  | { readonly kind: 'rows'; readonly from: number; readonly to: number }
  | { readonly kind: 'chunk'; readonly chunk: MemChunk };

/**
 * Appends rows that are strictly ascending and all newer than anything in the series: the
 * columnar fast path. Whole chunks are encoded straight from the input (no copy through the
 * head), and only the unfinished tail of the last partition is kept in the head. `columns`
 * align with series.columns. The input arrays are read, never kept.
 */
export function appendSorted(
  series: Series,
  times: BigInt64Array,
  columns: readonly ChunkColumnInput[],
  versions: BigInt64Array | null,
  cfg: TierConfig,
  /** Time payloads shared with other series written over the same `times` (a batch). */
  sharedTimes?: SharedTimes,
): AppendedPiece[] {
  const n = times.length;
  const pieces: AppendedPiece[] = [];
  if (n === 0) return pieces;
  const head = series.head;
  const size = cfg.partitionNs;
  let i = 0;
  if (head.length > 0) {
    // Finish the head's partition (or fill it) first, so it seals as one chunk.
    const partitionEnd = ((head.times[0] as bigint) / size + 1n) * size;
    const room = cfg.chunkPoints - head.length;
    const take = Math.min(room, lowerBound(times, partitionEnd));
    copyIntoHead(series, times, columns, versions, 0, take);
    if (take > 0) pieces.push({ kind: 'rows', from: 0, to: take });
    i = take;
    if (i < n || head.length >= cfg.chunkPoints) sealIfNeeded(series, cfg, true);
  }
  while (i < n) {
    const partitionEnd = ((times[i] as bigint) / size + 1n) * size;
    const end = Math.min(i + cfg.chunkPoints, lowerBound(times, partitionEnd));
    if (end >= n && end - i < cfg.chunkPoints) {
      copyIntoHead(series, times, columns, versions, i, n);
      pieces.push({ kind: 'rows', from: i, to: n });
      break;
    }
    const chunk = encodeSlice(cfg.codec, pieceOf(times, columns, versions, i, end), sharedTimes);
    series.pushSealed(chunk);
    pieces.push({ kind: 'chunk', chunk });
    i = end;
  }
  const last = times[n - 1] as bigint;
  if (last > series.maxTime) series.maxTime = last;
  return pieces;
}

/** Rows [from, to) of each column: typed values and validity as views, text values copied. */
export function sliceColumns(columns: readonly ChunkColumnInput[], from: number, to: number): ChunkColumnInput[] {
  return columns.map(
    (c) =>
      ({
        name: c.name,
        type: c.type,
        values: Array.isArray(c.values) ? c.values.slice(from, to) : (c.values as Float64Array).subarray(from, to),
        ...(c.validity ? { validity: c.validity.subarray(from, to) } : {}),
      }) as ChunkColumnInput,
  );
}

function pieceOf(
  times: BigInt64Array,
  columns: readonly ChunkColumnInput[],
  versions: BigInt64Array | null,
  from: number,
  to: number,
): HeadSlice {
  return {
    times: times.subarray(from, to),
    columns: sliceColumns(columns, from, to),
    versions: versions ? versions.subarray(from, to) : null,
  };
}

function copyIntoHead(
  series: Series,
  times: BigInt64Array,
  columns: readonly ChunkColumnInput[],
  versions: BigInt64Array | null,
  from: number,
  to: number,
): void {
  const head = series.head;
  const count = to - from;
  if (count <= 0) return;
  const at = head.length;
  head.reserve(at + count);
  head.times.set(times.subarray(from, to), at);
  for (let c = 0; c < head.columns.length; c++) {
    const target = head.columns[c];
    const source = columns[c];
    if (!target) continue;
    if (!source) {
      target.markNull(at, at + count);
      continue;
    }
    if (Array.isArray(target.data)) {
      const values = source.values as readonly (string | null)[];
      for (let r = from; r < to; r++) target.data[at + r - from] = values[r] ?? null;
    } else {
      (target.data as Float64Array).set((source.values as Float64Array).subarray(from, to), at);
      if (source.validity) {
        // Rows past the head's length hold stale validity from rows sealed before: reset them.
        if (target.validity) target.validity.fill(1, at, at + count);
        for (let r = from; r < to; r++) if (source.validity[r] === 0) target.set(at + r - from, null as CellValue | null, at + count);
      } else if (target.validity) {
        target.validity.fill(1, at, at + count);
      }
    }
  }
  if (versions || head.versions) {
    if (!head.versions) head.versions = new BigInt64Array(head.times.length).fill(1n);
    if (versions) head.versions.set(versions.subarray(from, to), at);
    else head.versions.fill(1n, at, at + count);
  }
  head.setLength(at + count);
}
