import { chunkMayPass, valuePasses } from '../../kernel/index.ts';
import { chunkBytesRead } from './chunk-bytes.ts';
import type { ChunkColumn, ChunkHeader, ValueFilter } from './codec.ts';
import type { MagneticReader, Piece } from './scan.ts';
import { headPiece, mergePieces, pieceOf } from './scan.ts';
import type { ScanColumn } from './scan-types.ts';
import type { MagneticRef, MemChunk, Series, SeriesColumn } from './series.ts';
import type { TierConfig } from './series-ops.ts';

/** The rank that marks a piece the kernel has already filtered. */
const FILTERED = -2;

/** What a filtered series scan did, added to the scan's statistics. */
export interface FilteredScanCounts {
  decoded: number;
  /** Chunks whose zone map shows no row can pass. */
  skipped: number;
  bytesRead: number;
}

/** The head buffer's rows in range, as scanTable finds them. */
export interface HeadRange {
  readonly start: number;
  readonly end: number;
  readonly bounds: [bigint, bigint];
}

/**
 * One series' rows in [from, to) that pass every value filter (a conjunction), with the `wanted` columns.
 * When the series' chunks and head do not overlap in time (the usual case), each chunk is filtered on its
 * own: skipped by its zone map, or filtered in the kernel with only the selected rows of the other columns
 * decoded (late materialisation). Overlapping pieces (upserts, out-of-order writes) are merged first, so
 * that a shadowed row is never the one tested, and the merged rows filtered.
 */
export async function scanSeriesFiltered(
  s: Series,
  wanted: readonly SeriesColumn[],
  filters: readonly ValueFilter[],
  range: { readonly from: bigint; readonly to: bigint; readonly points: BigInt64Array | null },
  sources: { readonly magnetic: readonly MagneticRef[]; readonly sealed: readonly MemChunk[]; readonly head: HeadRange | null },
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
  counts: FilteredScanCounts,
): Promise<{ times: BigInt64Array; columns: ScanColumn[] }> {
  const { from, to, points } = range;
  const mayPass = (h: ChunkHeader) => chunkMayPass(h, filters) && (!points || anyPointIn(points, h.timeMin, h.timeMax));
  const empty = () => mergePieces([], wanted);
  // A filter on a column the series lacks (or holds as another type) passes no row.
  const filterColumns: SeriesColumn[] = [];
  for (const f of filters) {
    const column = s.columns.find((c) => c.name === f.column);
    if (column?.type !== 'double') return empty();
    if (!wanted.includes(column) && !filterColumns.includes(column)) filterColumns.push(column);
  }
  const read = [...wanted, ...filterColumns];
  const readNames = read.map((c) => c.name);
  const names = wanted.map((w) => w.name);

  const headers: ChunkHeader[] = [...sources.magnetic.map((r) => r.header), ...sources.sealed.map((c) => c.header)];
  const intervals: [bigint, bigint][] = headers.map((h) => [h.timeMin, h.timeMax]);
  if (sources.head) intervals.push(sources.head.bounds);
  intervals.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let disjoint = true;
  for (let i = 1; i < intervals.length; i++)
    if ((intervals[i - 1] as [bigint, bigint])[1] >= (intervals[i] as [bigint, bigint])[0]) disjoint = false;

  const pieces: Piece[] = [];
  const magneticToRead = disjoint ? sources.magnetic.filter((r) => mayPass(r.header)) : sources.magnetic;
  counts.skipped += sources.magnetic.length - magneticToRead.length;
  if (magneticToRead.length > 0 && readMagnetic) {
    const decoded = await readMagnetic(s, magneticToRead);
    for (const [i, d] of decoded.entries()) {
      pieces.push(pieceOf(d, read, from, to, 0));
      counts.bytesRead += magneticToRead[i]?.byteLength ?? 0;
    }
    counts.decoded += decoded.length;
  }
  for (const c of sources.sealed) {
    if (disjoint && !mayPass(c.header)) {
      counts.skipped++;
      continue;
    }
    counts.decoded++;
    counts.bytesRead += chunkBytesRead(c.header, readNames);
    if (disjoint && cfg.codec.filterRows) {
      // Already filtered, with the wanted columns only: marked so the pass below leaves it alone.
      const rows = cfg.codec.filterRows(c.bytes, from, to, filters, names, points ?? undefined);
      pieces.push({ times: rows.times, columns: [...rows.columns, ...filterColumns.map(() => undefined)], rank: FILTERED });
      continue;
    }
    pieces.push(pieceOf(cfg.cache.decode(c.bytes), read, from, to, 1));
  }
  if (sources.head) pieces.push(headPiece(s, sources.head, read));
  if (!disjoint) {
    const merged = mergePieces(pieces, read);
    const kept = selectPassing(merged.times, (ci) => merged.columns[ci], read, filters, points);
    return {
      times: takeTimes(merged.times, kept),
      columns: merged.columns.slice(0, wanted.length).map((c) => takeScanColumn(c, kept)),
    };
  }
  // Disjoint: each piece alone (ranks no longer matter: no two pieces share a time).
  const filtered = pieces.map((p): Piece => {
    if (p.rank === FILTERED) return { ...p, columns: p.columns.slice(0, wanted.length), rank: 0 };
    const kept = selectPassing(p.times, (ci) => p.columns[ci], read, filters, points);
    return {
      times: takeTimes(p.times, kept),
      columns: p.columns.slice(0, wanted.length).map((c) => c && takeChunkColumn(c, kept)),
      rank: 0,
    };
  });
  // One piece the kernel filtered, with every column: its arrays are fresh and already the answer.
  const nonEmpty = filtered.filter((p) => p.times.length > 0);
  const only = nonEmpty.length === 1 ? (nonEmpty[0] as Piece) : null;
  if (only && pieces.some((p) => p.rank === FILTERED && p.times === only.times) && only.columns.every((c) => c !== undefined)) {
    return { times: only.times, columns: only.columns as ScanColumn[] };
  }
  return mergePieces(filtered, wanted);
}

/** The rows whose every filter column is present and passes, and whose time is one of `points` when given. */
function selectPassing(
  times: BigInt64Array,
  columnAt: (index: number) => ChunkColumn | ScanColumn | undefined,
  read: readonly SeriesColumn[],
  filters: readonly ValueFilter[],
  points: BigInt64Array | null,
): Int32Array {
  const n = times.length;
  let selection = new Int32Array(n);
  let k = 0;
  if (points) {
    // Both sorted: a merge.
    let p = 0;
    for (let i = 0; i < n && p < points.length; i++) {
      const t = times[i] as bigint;
      while (p < points.length && (points[p] as bigint) < t) p++;
      if (p < points.length && points[p] === t) selection[k++] = i;
    }
  } else for (; k < n; k++) selection[k] = k;
  selection = selection.subarray(0, k);
  for (const f of filters) {
    const column = columnAt(read.findIndex((c) => c.name === f.column));
    if (column?.type !== 'double') return new Int32Array(0);
    const { values, validity } = column;
    let kept = 0;
    for (let i = 0; i < selection.length; i++) {
      const row = selection[i] as number;
      if ((!validity || validity[row] === 1) && valuePasses(values[row] as number, f)) selection[kept++] = row;
    }
    selection = selection.subarray(0, kept);
  }
  return selection;
}

/** Whether some point lies in [min, max]. */
export function anyPointIn(points: BigInt64Array, min: bigint, max: bigint): boolean {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as bigint) < min) lo = mid + 1;
    else hi = mid;
  }
  return lo < points.length && (points[lo] as bigint) <= max;
}

function takeTimes(times: BigInt64Array, rows: Int32Array): BigInt64Array {
  if (rows.length === times.length) return times;
  const out = new BigInt64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = times[rows[i] as number] as bigint;
  return out;
}

function takeValues<T extends ChunkColumn | ScanColumn>(column: T, rows: Int32Array): T {
  if (rows.length === column.values.length) return column;
  const n = rows.length;
  let values: Float64Array | BigInt64Array | Uint8Array | (string | null)[];
  if (Array.isArray(column.values)) values = Array.from(rows, (r) => (column.values as (string | null)[])[r] ?? null);
  else {
    const source = column.values as Float64Array | BigInt64Array | Uint8Array;
    const out = new (source.constructor as new (n: number) => Float64Array | BigInt64Array | Uint8Array)(n);
    for (let i = 0; i < n; i++) (out as unknown as unknown[])[i] = source[rows[i] as number];
    values = out;
  }
  const validity = column.validity ? Uint8Array.from(rows, (r) => (column.validity as Uint8Array)[r] as number) : undefined;
  return { ...column, values, ...(validity ? { validity } : {}) } as T;
}

const takeChunkColumn = (column: ChunkColumn, rows: Int32Array): ChunkColumn => takeValues(column, rows);
const takeScanColumn = (column: ScanColumn, rows: Int32Array): ScanColumn => takeValues(column, rows);
