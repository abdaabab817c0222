import type { RowsPlacement } from './codec.ts';
import { headRangeOf, overlaps } from './scan.ts';
import type { ScanRequest } from './scan-types.ts';
import type { MemChunk, Series } from './series.ts';
import type { TierConfig } from './series-ops.ts';

/** A placed series of a raw scan: its one chunk in range, and where its rows go (in one buffer shared by all). */
export interface PlacedSeries {
  readonly chunk: MemChunk;
  readonly names: readonly string[];
  readonly placement: RowsPlacement;
}

export type PlacedRows = ReadonlyMap<Series, PlacedSeries>;

/**
 * Where the rows of a raw window read go when several series each read them from one chunk (an hour of many
 * series, say): each column's rows of every such series side by side, series after series, in one buffer
 * sized by arithmetic up front. Their answers are then views that join without a copy (the SQL scan makes
 * one batch of them, and a result of one batch is its own answer) instead of a buffer per chunk, each copied
 * again into the result, and a scan allocates one buffer instead of a few per series.
 *
 * A series is placed when its rows in range are one sealed chunk's, cut by the range (neither head nor
 * magnetic rows in range), with the columns of the first series placed, and the chunk's count is known
 * without reading it (see ChunkCodec.rangeRowCount). Null when fewer than two series qualify or the
 * request is not an unfiltered read of points.
 */
export function placeRangeRows(series: readonly Series[], req: ScanRequest, from: bigint, to: bigint, cfg: TierConfig): PlacedRows | null {
  const count = cfg.codec.rangeRowCount;
  if (
    !count ||
    !cfg.codec.filterRows ||
    req.want === 'chunk-headers' ||
    req.withVersions ||
    (req.rowFilter && req.rowFilter.length > 0) ||
    req.pointTimes ||
    series.length < 2
  )
    return null;
  let names: readonly string[] | null = null;
  const placed: { series: Series; chunk: MemChunk; rows: number }[] = [];
  let total = 0;
  for (const s of series) {
    const named = req.columns ? s.columns.filter((c) => req.columns?.includes(c.name)) : s.columns;
    if (named.length === 0 || headRangeOf(s, from, to) !== null || s.magnetic.some((r) => overlaps(r.header, from, to))) continue;
    let chunk: MemChunk | null = null;
    let chunks = 0;
    for (const c of s.sealed)
      if (overlaps(c.header, from, to)) {
        chunk = c;
        chunks++;
      }
    if (chunk === null || chunks !== 1 || (chunk.header.timeMin >= from && chunk.header.timeMax < to)) continue;
    if (names === null) names = named.map((c) => c.name);
    else if (!sameNames(names, named)) continue;
    const rows = count(chunk.bytes, chunk.header, from, to, names);
    if (rows <= 0) continue;
    placed.push({ series: s, chunk, rows });
    total += rows;
  }
  if (placed.length < 2 || names === null) return null;
  const buffer = new ArrayBuffer(total * 8 * (1 + names.length));
  const out = new Map<Series, PlacedSeries>();
  let at = 0;
  for (const { series: s, chunk, rows } of placed) {
    // Region r (0: the times, then each column) holds `total` values; this series' rows start at `at` in each.
    const offsets = Array.from({ length: 1 + (names as readonly string[]).length }, (_, r) => (r * total + at) * 8);
    out.set(s, { chunk, names: names as readonly string[], placement: { buffer, rows, offsets } });
    at += rows;
  }
  return out;
}

function sameNames(names: readonly string[], columns: readonly { readonly name: string }[]): boolean {
  if (names.length !== columns.length) return false;
  for (let i = 0; i < names.length; i++) if (names[i] !== columns[i]?.name) return false;
  return true;
}
