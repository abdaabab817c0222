import { TidemarkError } from '../../errors/index.ts';
import { chunkBytesRead } from './chunk-bytes.ts';
import { findColumn, lowerBound, publicHeader, VERSION_COLUMN } from './chunk-ops.ts';
import type { ChunkColumn, ChunkHeader, DecodedChunk } from './codec.ts';
import { scanSeriesFiltered } from './filtered-scan.ts';
import type { GrowColumn } from './grow-column.ts';
import { placePointRows } from './placed-point-rows.ts';
import { placeRangeRows } from './placed-range-rows.ts';
import type { ChunkHeaderEntry, ScanColumn, ScanRequest, ScanResult, SeriesBatch } from './scan-types.ts';
import { selectSeries } from './select-series.ts';
import type { MagneticRef, Series, SeriesColumn } from './series.ts';
import type { TierConfig } from './series-ops.ts';
import type { TableState } from './table-state.ts';

/** Reads magnetic chunks (through the cache) for a scan. */
export type MagneticReader = (series: Series, refs: readonly MagneticRef[]) => Promise<DecodedChunk[]>;

/** The hidden version column as a scan with versions asks for it (chunks without it hold only version 1). */
const VERSION_SERIES_COLUMN: SeriesColumn = { name: VERSION_COLUMN, type: 'bigint' };

/** A run of sorted points from one place; RAM pieces shadow magnetic ones at equal times. */
export interface Piece {
  readonly times: BigInt64Array;
  readonly columns: readonly (ChunkColumn | undefined)[];
  readonly rank: number;
}

export const MIN = -(2n ** 63n);
export const MAX = 2n ** 63n - 1n;

export function overlaps(h: ChunkHeader, from: bigint, to: bigint): boolean {
  return h.timeMax >= from && h.timeMin < to;
}

/** Scans one table: selects series through the indexes, prunes chunks by zone map, merges the tiers. */
export async function scanTable(
  table: TableState,
  req: ScanRequest,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
): Promise<ScanResult> {
  const from = req.timeRange?.from ?? MIN;
  const to = req.timeRange?.to ?? MAX;
  const headersWanted = req.want === 'chunk-headers';
  if (req.withVersions && (req.rowFilter || req.pointTimes))
    throw new TidemarkError('INVALID_ARGUMENT', 'A scan with versions takes no row filter or point lookups.', {
      details: { field: 'withVersions' },
    });
  const batches: SeriesBatch[] = [];
  const headers: ChunkHeaderEntry[] = [];
  let considered = 0;
  let pruned = 0;
  let decodedCount = 0;
  let fromHeaders = 0;
  let bytesRead = 0;
  const series = selectSeries(table, req.seriesFilter, req.measures);
  // A raw window over many series: their rows placed side by side in one buffer (see placeRangeRows).
  const placed = placeRangeRows(series, req, from, to, cfg);
  // Point lookups for a semi-join: their rows placed side by side in one buffer too (see placePointRows).
  const placedPoints = placePointRows(series, req, from, to, cfg);
  for (const s of series) {
    const pointPlace = placedPoints?.get(s);
    const pointBatch = pointPlace?.batch;
    if (pointPlace && pointBatch) {
      // Counted as the filtered scan counts the same reads.
      considered += s.magnetic.length + s.sealed.length;
      pruned += s.magnetic.length + s.sealed.length - pointPlace.inRange + pointPlace.skipped;
      decodedCount += pointPlace.chunks.length;
      bytesRead += pointPlace.bytesRead;
      if (pointBatch.times.length > 0) batches.push(pointBatch);
      continue;
    }
    const place = placed?.get(s);
    const placedBatch = place?.batch;
    if (place && placedBatch) {
      // Its chunk's rows in range then its head's, read in place (nothing to merge: they follow each other).
      considered += s.magnetic.length + s.sealed.length;
      pruned += s.magnetic.length + s.sealed.length - (place.chunk === null ? 0 : 1);
      if (place.chunk !== null) decodedCount++;
      bytesRead += place.bytesRead;
      batches.push(placedBatch);
      continue;
    }
    const named = req.columns ? s.columns.filter((c) => req.columns?.includes(c.name)) : s.columns;
    if (req.columns && named.length === 0 && !req.everySeries) continue;
    const wanted = req.withVersions ? [...named, VERSION_SERIES_COLUMN] : named;
    const headRange = headRangeOf(s, from, to);
    // Intervals of everything in range, to tell which chunks stand alone.
    const intervals: [bigint, bigint][] = [];
    if (headRange) intervals.push(headRange.bounds);
    const magnetic = s.magnetic.filter((r) => overlaps(r.header, from, to));
    const sealed = s.sealed.filter((c) => overlaps(c.header, from, to));
    considered += s.magnetic.length + s.sealed.length;
    pruned += s.magnetic.length - magnetic.length + s.sealed.length - sealed.length;
    const points = req.pointTimes && !headersWanted ? pointsOf(s, req.pointTimes) : null;
    if (req.pointTimes && !headersWanted && !points) continue;
    // A range that cuts every chunk it touches (a short window) takes the kernel's row selection too (no
    // filter: the rows in range), which decodes the times and only the vectors holding those rows: a one-hour
    // window of a day-long chunk would otherwise decode the whole chunk. A longer window, with chunks wholly
    // inside, keeps the whole-chunk decode and its cache (a dashboard rereads those chunks every refresh).
    const cut =
      !req.withVersions &&
      cfg.codec.filterRows !== undefined &&
      sealed.length > 0 &&
      sealed.every((c) => c.header.timeMin < from || c.header.timeMax >= to);
    if (((req.rowFilter && req.rowFilter.length > 0) || points || cut) && !headersWanted) {
      const counts = { decoded: 0, skipped: 0, bytesRead: 0 };
      const sources = { magnetic, sealed, head: headRange };
      const filters = req.rowFilter ?? [];
      const batch = await scanSeriesFiltered(s, wanted, filters, { from, to, points }, sources, cfg, readMagnetic, counts);
      decodedCount += counts.decoded;
      pruned += counts.skipped;
      bytesRead += counts.bytesRead;
      if (batch.times.length > 0) batches.push({ series: s.toInfo(), ...batch });
      continue;
    }
    for (const r of magnetic) intervals.push([r.header.timeMin, r.header.timeMax]);
    for (const c of sealed) intervals.push([c.header.timeMin, c.header.timeMax]);
    const standsAlone = (h: ChunkHeader): boolean =>
      headersWanted && h.timeMin >= from && h.timeMax < to && intervals.filter(([a, b]) => b >= h.timeMin && a <= h.timeMax).length === 1;

    const pieces: Piece[] = [];
    const magneticToRead: MagneticRef[] = [];
    for (const r of magnetic) {
      if (standsAlone(r.header)) {
        headers.push({ series: s.toInfo(), tier: 'magnetic', header: publicHeader(r.header) });
        fromHeaders++;
      } else magneticToRead.push(r);
    }
    if (magneticToRead.length > 0 && readMagnetic) {
      const decoded = await readMagnetic(s, magneticToRead);
      for (const [i, d] of decoded.entries()) {
        pieces.push(pieceOf(d, wanted, from, to, 0));
        bytesRead += magneticToRead[i]?.byteLength ?? 0;
      }
      decodedCount += decoded.length;
    }
    const wantedNames = named.map((c) => c.name);
    for (const c of sealed) {
      if (standsAlone(c.header)) {
        headers.push({ series: s.toInfo(), tier: 'memory', header: publicHeader(c.header) });
        fromHeaders++;
        continue;
      }
      // Only the wanted columns (a query naming one attribute of a MULTI record decodes that one), unless the
      // chunk's full decode is cached or the version column is wanted.
      const decoded = req.withVersions ? cfg.cache.decode(c.bytes) : cfg.cache.decodeColumns(c.bytes, wantedNames, c.header.columns.length);
      pieces.push(pieceOf(decoded, wanted, from, to, 1));
      decodedCount++;
      bytesRead += req.withVersions ? c.bytes.byteLength : chunkBytesRead(c.header, wantedNames);
    }
    if (headRange && pieces.length === 0 && !req.withVersions) {
      // Only the head: its wanted columns copied out are the batch (a lastpoint probe reads one row per series).
      const { start, end } = headRange;
      const columns = wanted.map((w) => (s.head.columns[s.columnIndex(w.name)] as GrowColumn).slice(start, end) as ScanColumn);
      batches.push({ series: s.toInfo(), times: s.head.times.slice(start, end), columns });
      continue;
    }
    if (headRange) pieces.push(headPiece(s, headRange, wanted));
    const batch = mergePieces(pieces, wanted);
    if (batch.times.length > 0) batches.push({ series: s.toInfo(), ...batch });
  }
  return {
    batches,
    headers,
    stats: {
      seriesMatched: series.length,
      chunksConsidered: considered,
      chunksPruned: pruned,
      chunksDecoded: decodedCount,
      chunksFromHeaders: fromHeaders,
      bytesRead,
    },
  };
}

/** The series' point-lookup times, or null when the lookups name none of its rows. */
export function pointsOf(s: Series, pointTimes: NonNullable<ScanRequest['pointTimes']>): BigInt64Array | null {
  let key = '';
  for (const [i, name] of pointTimes.keys.entries()) {
    const value = name === 'measure_name' ? s.measureName : s.dimensions.find(([d]) => d === name)?.[1];
    if (value === undefined) return null;
    key = i === 0 ? value : `${key}\u0000${value}`;
  }
  return pointTimes.times.get(key) ?? null;
}

export function headRangeOf(s: Series, from: bigint, to: bigint): { start: number; end: number; bounds: [bigint, bigint] } | null {
  const head = s.head;
  if (head.length === 0) return null;
  const first = head.times[0] as bigint;
  const last = head.times[head.length - 1] as bigint;
  // Most heads lie wholly inside or outside the range: no search.
  if (last < from || first >= to) return null;
  if (first >= from && last < to) return { start: 0, end: head.length, bounds: [first, last] };
  // Only the last row in range (a probe at the newest time): no search either.
  if (last >= from && last < to && (head.times[head.length - 2] as bigint) < from)
    return { start: head.length - 1, end: head.length, bounds: [last, last] };
  const start = lowerBound(head.times, from, head.length);
  const end = lowerBound(head.times, to, head.length);
  if (start >= end) return null;
  return { start, end, bounds: [head.times[start] as bigint, head.times[end - 1] as bigint] };
}

/**
 * The head buffer's rows in `range` as a piece (copied out, ranked above every chunk), with the wanted columns;
 * the hidden version column, when wanted, from the head's versions.
 */
export function headPiece(s: Series, range: { readonly start: number; readonly end: number }, wanted: readonly SeriesColumn[]): Piece {
  const slice = s.head.slice(range.start, range.end);
  const versions: ChunkColumn | undefined = slice.versions ? { name: VERSION_COLUMN, type: 'bigint', values: slice.versions } : undefined;
  return {
    times: slice.times,
    columns: wanted.map((w) => (w.name === VERSION_COLUMN ? versions : slice.columns[s.columnIndex(w.name)])),
    rank: 2,
  };
}

export function pieceOf(d: DecodedChunk, wanted: readonly SeriesColumn[], from: bigint, to: bigint, rank: number): Piece {
  const start = lowerBound(d.times, from);
  const end = lowerBound(d.times, to);
  const whole = start === 0 && end === d.times.length;
  const columns = wanted.map((w) => {
    const c = findColumn(d, w.name);
    if (!c || whole) return c;
    return {
      ...c,
      values: c.values.slice(start, end),
      ...(c.validity ? { validity: c.validity.subarray(start, end) } : {}),
    } as ChunkColumn;
  });
  return { times: whole ? d.times : d.times.subarray(start, end), columns, rank };
}

/** Concatenates pieces in time order; where pieces overlap, sorts and keeps the highest-ranked row per time. */
export function mergePieces(pieces: Piece[], wanted: readonly SeriesColumn[]): { times: BigInt64Array; columns: ScanColumn[] } {
  const nonEmpty = pieces.filter((p) => p.times.length > 0);
  nonEmpty.sort((a, b) => {
    const d = (a.times[0] as bigint) - (b.times[0] as bigint);
    return d < 0n ? -1 : d > 0n ? 1 : b.rank - a.rank;
  });
  let disjoint = true;
  for (let i = 1; i < nonEmpty.length; i++) {
    const prev = nonEmpty[i - 1] as Piece;
    if ((prev.times[prev.times.length - 1] as bigint) >= ((nonEmpty[i] as Piece).times[0] as bigint)) disjoint = false;
  }
  // Row order: (piece, row) pairs.
  let order: { p: Int32Array; r: Int32Array } | null = null;
  if (!disjoint) {
    const rows: [bigint, number, number, number][] = [];
    for (const [pi, p] of nonEmpty.entries()) for (let r = 0; r < p.times.length; r++) rows.push([p.times[r] as bigint, p.rank, pi, r]);
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : b[1] - a[1]));
    const keepP: number[] = [];
    const keepR: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as [bigint, number, number, number];
      if (i > 0 && (rows[i - 1] as [bigint, number, number, number])[0] === row[0]) continue;
      keepP.push(row[2]);
      keepR.push(row[3]);
    }
    order = { p: Int32Array.from(keepP), r: Int32Array.from(keepR) };
  }
  const total = order ? order.p.length : nonEmpty.reduce((s, p) => s + p.times.length, 0);
  const times = new BigInt64Array(total);
  if (order) for (let i = 0; i < total; i++) times[i] = (nonEmpty[order.p[i] as number] as Piece).times[order.r[i] as number] as bigint;
  else {
    let at = 0;
    for (const p of nonEmpty) {
      times.set(p.times, at);
      at += p.times.length;
    }
  }
  const columns = wanted.map((w, ci) => buildColumn(w, ci, nonEmpty, order, total));
  return { times, columns };
}

function buildColumn(
  w: SeriesColumn,
  ci: number,
  pieces: readonly Piece[],
  order: { p: Int32Array; r: Int32Array } | null,
  total: number,
): ScanColumn {
  const values: Float64Array | BigInt64Array | Uint8Array | (string | null)[] =
    w.type === 'double'
      ? new Float64Array(total)
      : w.type === 'boolean'
        ? new Uint8Array(total)
        : w.type === 'varchar'
          ? new Array<string | null>(total).fill(null)
          : new BigInt64Array(total);
  const validity = new Uint8Array(total);
  let nulls = 0;
  const put = (at: number, c: ChunkColumn | undefined, r: number): void => {
    if (!c || (c.validity && c.validity[r] === 0) || c.values[r] === null) {
      nulls++;
      return;
    }
    validity[at] = 1;
    (values as unknown as unknown[])[at] = c.values[r];
  };
  if (order) {
    for (let i = 0; i < total; i++) put(i, (pieces[order.p[i] as number] as Piece).columns[ci], order.r[i] as number);
  } else {
    let at = 0;
    for (const p of pieces) {
      const c = p.columns[ci];
      const n = p.times.length;
      if (c && !c.validity && !Array.isArray(values) && !Array.isArray(c.values)) {
        (values as Float64Array).set(c.values as Float64Array, at);
        validity.fill(1, at, at + n);
      } else for (let r = 0; r < n; r++) put(at + r, c, r);
      at += n;
    }
  }
  const extra = nulls > 0 && w.type !== 'varchar' ? { validity } : {};
  return { name: w.name, type: w.type, values, ...extra } as ScanColumn;
}
