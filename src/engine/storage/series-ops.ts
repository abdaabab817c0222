import type { CellValue } from '../model/values.ts';
import { sameCell } from '../model/values.ts';
import { decodedToHead, encodeSlice, findColumn, lowerBound, searchTimes, VERSION_COLUMN } from './chunk-ops.ts';
import type { ChunkCodec, DecodedChunk } from './codec.ts';
import type { DecodeCache } from './decode-cache.ts';
import type { HeadBuffer } from './head-buffer.ts';
import type { MagneticRef, MemChunk, Series } from './series.ts';

/** What the memory tier needs to operate on a series. */
export interface TierConfig {
  readonly codec: ChunkCodec;
  readonly cache: DecodeCache;
  /** A head is sealed when it reaches this many points. */
  readonly chunkPoints: number;
  /** Memory-tier chunks never span a boundary of this size (ns); it divides a day, so a chunk lies in one magnetic partition. */
  readonly partitionNs: bigint;
  /** Decoded magnetic chunks fetched ahead of a write (a write never waits on IndexedDB mid-way). */
  readonly magnetic?: (series: Series, ref: MagneticRef) => DecodedChunk | undefined;
}

/** Where a point lives. Magnetic points are shadowed by a RAM point at the same time. */
export type Location =
  | { readonly tier: 'head'; readonly index: number }
  | { readonly tier: 'sealed'; readonly chunk: MemChunk; readonly decoded: DecodedChunk; readonly row: number }
  | { readonly tier: 'magnetic'; readonly decoded: DecodedChunk; readonly row: number };

/** Result of an upsert. */
export type UpsertOutcome =
  | { readonly kind: 'inserted' | 'replaced' | 'noop' }
  | { readonly kind: 'conflict'; readonly existingVersion: bigint };

export function locate(series: Series, t: bigint, cfg: TierConfig): Location | null {
  const i = series.head.find(t);
  if (i >= 0) return { tier: 'head', index: i };
  for (const chunk of series.sealed) {
    if (chunk.header.timeMin > t || chunk.header.timeMax < t) continue;
    const decoded = cfg.cache.decode(chunk.bytes);
    const row = searchTimes(decoded.times, t);
    if (row >= 0) return { tier: 'sealed', chunk, decoded, row };
  }
  if (cfg.magnetic) {
    for (const ref of series.magnetic) {
      if (ref.header.timeMin > t || ref.header.timeMax < t) continue;
      const decoded = cfg.magnetic(series, ref);
      if (!decoded) continue;
      const row = searchTimes(decoded.times, t);
      if (row >= 0) return { tier: 'magnetic', decoded, row };
    }
  }
  return null;
}

/** Cells of a decoded row laid out as the series' columns, and its version. */
export function decodedRow(series: Series, decoded: DecodedChunk, row: number): { cells: (CellValue | null)[]; version: bigint } {
  const cells = series.columns.map((c) => {
    const col = findColumn(decoded, c.name);
    if (!col || (col.validity && col.validity[row] === 0)) return null;
    return (col.values[row] as CellValue | null | undefined) ?? null;
  });
  const v = findColumn(decoded, VERSION_COLUMN);
  return { cells, version: v ? ((v.values as BigInt64Array)[row] as bigint) : 1n };
}

function sameCells(a: readonly (CellValue | null)[], b: readonly (CellValue | null)[]): boolean {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (!sameCell(a[i] ?? null, b[i] ?? null)) return false;
  return true;
}

/**
 * Upserts one point: identical values are a no-op (a higher version is recorded), a different
 * value replaces the stored one only with a higher version, otherwise it is a conflict.
 * `cells` align with series.columns.
 */
export function upsertPoint(
  series: Series,
  t: bigint,
  cells: readonly (CellValue | null)[],
  version: bigint,
  cfg: TierConfig,
): UpsertOutcome {
  const loc = locate(series, t, cfg);
  if (!loc) {
    insertIntoHead(series, t, cells, version);
    return { kind: 'inserted' };
  }
  const existing =
    loc.tier === 'head'
      ? { cells: series.head.row(loc.index), version: series.head.version(loc.index) }
      : decodedRow(series, loc.decoded, loc.row);
  const same = sameCells(existing.cells, cells);
  if (!same && version <= existing.version) return { kind: 'conflict', existingVersion: existing.version };
  if (same && version <= existing.version) return { kind: 'noop' };
  writeAt(series, loc, t, cells, version, cfg);
  return { kind: 'replaced' };
}

/** Overwrites the point at `loc` (replay and upsert share it). */
export function writeAt(
  series: Series,
  loc: Location,
  t: bigint,
  cells: readonly (CellValue | null)[],
  version: bigint,
  cfg: TierConfig,
): void {
  if (loc.tier === 'head') {
    series.head.writeRow(loc.index, cells, version);
  } else if (loc.tier === 'sealed') {
    const head = decodedToHead(loc.decoded, series.columns);
    head.writeRow(loc.row, cells, version);
    replaceChunk(series, loc.chunk, head, cfg);
  } else {
    // A magnetic point is shadowed by a RAM point; the next flush to magnetic merges it.
    insertIntoHead(series, t, cells, version);
  }
}

/** Puts a point without conflict checks (WAL replay): replaces wherever it is in RAM, else inserts. */
export function putPoint(series: Series, t: bigint, cells: readonly (CellValue | null)[], version: bigint, cfg: TierConfig): void {
  const { magnetic: _ignored, ...ramOnly } = cfg;
  const loc = locate(series, t, ramOnly);
  if (loc) writeAt(series, loc, t, cells, version, cfg);
  else insertIntoHead(series, t, cells, version);
}

function insertIntoHead(series: Series, t: bigint, cells: readonly (CellValue | null)[], version: bigint): void {
  const i = series.head.find(t);
  series.head.insertAt(-i - 1, t, cells, version);
  if (t > series.maxTime) series.maxTime = t;
}

/** Replaces a sealed chunk by the rows of `head` (dropping it when empty). */
export function replaceChunk(series: Series, chunk: MemChunk, head: HeadBuffer, cfg: TierConfig): void {
  const at = series.sealed.indexOf(chunk);
  if (at < 0) return;
  if (head.length === 0) {
    series.spliceSealed(at, 1);
    return;
  }
  series.spliceSealed(at, 1, encodeSlice(cfg.codec, head.slice(0, head.length)));
}

function partitionOf(t: bigint, size: bigint): bigint {
  return t / size;
}

/**
 * Seals what should not stay in the head: points in partitions older than the newest point's,
 * and full heads of `chunkPoints`. A sealed piece joins an existing chunk of its partition when
 * both fit in one chunk, so out-of-order stragglers do not leave many tiny chunks.
 */
export function sealIfNeeded(series: Series, cfg: TierConfig, all = false): void {
  const head = series.head;
  if (head.length === 0) return;
  const size = cfg.partitionNs;
  if (all) {
    sealRows(series, head.length, cfg);
    return;
  }
  const lastPartition = partitionOf(head.times[head.length - 1] as bigint, size);
  if (partitionOf(head.times[0] as bigint, size) < lastPartition) {
    sealRows(series, lowerBound(head.times, lastPartition * size, head.length), cfg);
  }
  while (head.length >= cfg.chunkPoints) sealRows(series, cfg.chunkPoints, cfg);
}

/** Seals rows before time `before` (aging). */
export function sealBefore(series: Series, before: bigint, cfg: TierConfig): void {
  const i = series.head.find(before);
  const n = i >= 0 ? i : -i - 1;
  if (n > 0) sealRows(series, n, cfg);
}

function sealRows(series: Series, n: number, cfg: TierConfig): void {
  const head = series.head;
  let start = 0;
  const size = cfg.partitionNs;
  // A view of the rows (no copy): every chunk is encoded from it before the rows leave the head.
  const slice = head.view(0, n);
  while (start < n) {
    const partition = partitionOf(slice.times[start] as bigint, size);
    // The head is sorted: the partition ends at the first time past it (a binary search, not a BigInt
    // division per row). Division truncates, so partition p < 0 holds the times in (p*size - size, p*size].
    const end = Math.max(start + 1, lowerBound(slice.times, partition >= 0n ? (partition + 1n) * size : partition * size + 1n, n));
    addSealed(series, sliceRange(slice, start, end), partition, cfg);
    start = end;
  }
  head.dropFirst(n);
}

function sliceRange(slice: ReturnType<HeadBuffer['slice']>, from: number, to: number): ReturnType<HeadBuffer['slice']> {
  if (from === 0 && to === slice.times.length) return slice;
  return {
    times: slice.times.subarray(from, to),
    columns: slice.columns.map(
      (c) => ({ ...c, values: c.values.slice(from, to), ...(c.validity ? { validity: c.validity.subarray(from, to) } : {}) }) as typeof c,
    ),
    versions: slice.versions ? slice.versions.subarray(from, to) : null,
  };
}

function addSealed(series: Series, slice: ReturnType<HeadBuffer['slice']>, partition: bigint, cfg: TierConfig): void {
  const size = cfg.partitionNs;
  const n = slice.times.length;
  // Merge into a non-full chunk of the same partition.
  for (const chunk of series.sealed) {
    if (partitionOf(chunk.header.timeMin, size) !== partition) continue;
    if (chunk.header.count + n > cfg.chunkPoints) continue;
    const head = decodedToHead(cfg.cache.decode(chunk.bytes), series.columns);
    for (let i = 0; i < n; i++) {
      const t = slice.times[i] as bigint;
      const cells = slice.columns.map((c) =>
        c.validity && c.validity[i] === 0 ? null : ((c.values[i] as CellValue | null | undefined) ?? null),
      );
      const version = slice.versions ? (slice.versions[i] as bigint) : 1n;
      const at = head.find(t);
      if (at >= 0) head.writeRow(at, cells, version);
      else head.insertAt(-at - 1, t, cells, version);
    }
    replaceChunk(series, chunk, head, cfg);
    resortSealed(series);
    return;
  }
  series.pushSealed(encodeSlice(cfg.codec, slice));
  resortSealed(series);
}

/** Keeps series.sealed sorted by timeMin after a chunk was appended or replaced (a merge can lower a chunk's timeMin). */
export function resortSealed(series: Series): void {
  const s = series.sealed;
  for (let i = 1; i < s.length; i++) {
    if ((s[i - 1] as MemChunk).header.timeMin > (s[i] as MemChunk).header.timeMin) {
      series.setSealed([...s].sort((a, b) => (a.header.timeMin < b.header.timeMin ? -1 : a.header.timeMin > b.header.timeMin ? 1 : 0)));
      return;
    }
  }
}

/**
 * Splits the memory tier at `cut` for aging: head rows before it are sealed, and a sealed chunk
 * that straddles it is cut in two, so every chunk lies wholly before or wholly after `cut`.
 */
export function splitAt(series: Series, cut: bigint, cfg: TierConfig): void {
  sealBefore(series, cut, cfg);
  for (const chunk of [...series.sealed]) {
    if (chunk.header.timeMin >= cut || chunk.header.timeMax < cut) continue;
    const rows = decodedToHead(cfg.cache.decode(chunk.bytes), series.columns);
    const older = rows.takeFirst(lowerBound(rows.times, cut, rows.length));
    const at = series.sealed.indexOf(chunk);
    series.spliceSealed(at, 1, encodeSlice(cfg.codec, older), encodeSlice(cfg.codec, rows.slice(0, rows.length)));
  }
  resortSealed(series);
}

/** Deletes RAM points in [from, to) (`to` exclusive); returns how many were removed. */
export function deleteRangeInRam(series: Series, from: bigint, to: bigint, cfg: TierConfig): number {
  let removed = 0;
  const head = series.head;
  if (head.length > 0) {
    const keep = new Uint8Array(head.length);
    let drop = 0;
    for (let i = 0; i < head.length; i++) {
      const t = head.times[i] as bigint;
      const inside = t >= from && t < to;
      keep[i] = inside ? 0 : 1;
      if (inside) drop++;
    }
    if (drop > 0) removed += head.compact(keep);
  }
  for (const chunk of [...series.sealed]) {
    const { timeMin, timeMax, count } = chunk.header;
    if (timeMax < from || timeMin >= to) continue;
    if (timeMin >= from && timeMax < to) {
      series.spliceSealed(series.sealed.indexOf(chunk), 1);
      removed += count;
      continue;
    }
    const rows = decodedToHead(cfg.cache.decode(chunk.bytes), series.columns);
    const keep = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const t = rows.times[i] as bigint;
      keep[i] = t >= from && t < to ? 0 : 1;
    }
    removed += rows.compact(keep);
    replaceChunk(series, chunk, rows, cfg);
  }
  return removed;
}
