import { lowerBound } from './chunk-ops.ts';
import { anyPointIn } from './filtered-scan.ts';
import type { GrowColumn } from './grow-column.ts';
import { headPlaceable, holdsEightBytes, placedBatch } from './placed-range-rows.ts';
import { headRangeOf, overlaps, pointsOf } from './scan.ts';
import type { ScanRequest, SeriesBatch } from './scan-types.ts';
import type { MemChunk, Series, SeriesColumn } from './series.ts';
import type { TierConfig } from './series-ops.ts';

/**
 * The buffer the point rows of series with the same columns go into: the times, then each column, each a region
 * of `room` rows, and in each region the series' rows one after another from row 0 (the next series' start where
 * the last one's end), so the batches of adjacent series are views that join without a copy.
 */
interface PointRegions {
  readonly buffer: ArrayBuffer;
  /** Rows each region has room for: the points in range of every series placed here, at most. */
  readonly room: number;
  /** The times, then each column. */
  readonly regions: number;
  /** Rows written so far: the next series' rows start here. */
  used: number;
}

/** A series whose point lookups are placed (see placePointRows): what to read, in time order. */
export interface PlacedPoints {
  readonly into: PointRegions;
  readonly columns: readonly SeriesColumn[];
  readonly points: BigInt64Array;
  /** Its sealed chunks in range that hold a point's time, in time order. */
  readonly chunks: readonly MemChunk[];
  /** Its sealed chunks in range that hold none (skipped, as the filtered scan skips them). */
  readonly skipped: number;
  /** Its sealed chunks in range. */
  readonly inRange: number;
  /** Its head's rows in range, read after the chunks (their times are all later). */
  readonly head: { readonly start: number; readonly end: number } | null;
}

/**
 * Where the rows of point lookups go when a semi-join takes many series' rows as one batch (pointTimes.batched:
 * high-cpu's join back onto every measure of a host): each column's rows of every such series side by side in one
 * buffer sized up front by the points in range (a series holds a row per time at most), instead of a buffer per
 * chunk and a copy of them all into the result.
 *
 * A series is placed when it has points, its wanted columns hold 8-byte values (none NULL in its chunks that hold a
 * point, nor in its head's rows in range), no magnetic chunk is in range, and its chunks in range and its head's
 * rows there do not overlap in time (else the filtered scan merges them first). Series with the same columns share
 * a buffer (a group of one is left alone). Null when none is placed or the request is not an unfiltered read of
 * points that asks for it.
 */
export function placePointRows(
  series: readonly Series[],
  req: ScanRequest,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
): ReadonlyMap<Series, PlacedPoints> | null {
  const pointTimes = req.pointTimes;
  if (
    !pointTimes?.batched ||
    !cfg.codec.filterRows ||
    req.want === 'chunk-headers' ||
    req.withVersions ||
    (req.rowFilter && req.rowFilter.length > 0) ||
    series.length < 2
  )
    return null;
  const groups = new Map<string, { members: [Series, Omit<PlacedPoints, 'into'>][]; total: number; regions: number }>();
  for (const s of series) {
    const points = pointsOf(s, pointTimes);
    if (!points) continue;
    const named = req.columns ? s.columns.filter((c) => req.columns?.includes(c.name)) : s.columns;
    if (named.length === 0 || !named.every(holdsEightBytes) || s.magnetic.some((r) => overlaps(r.header, from, to))) continue;
    const inRange = s.sealed.filter((c) => overlaps(c.header, from, to));
    const head = headRangeOf(s, from, to);
    // Disjoint in time, in time order: the chunks, then the head after every one of them.
    if (inRange.length > 1)
      inRange.sort((a, b) => (a.header.timeMin < b.header.timeMin ? -1 : a.header.timeMin > b.header.timeMin ? 1 : 0));
    let disjoint = true;
    for (let i = 1; i < inRange.length; i++)
      if ((inRange[i - 1] as MemChunk).header.timeMax >= (inRange[i] as MemChunk).header.timeMin) disjoint = false;
    const last = inRange[inRange.length - 1];
    if (!disjoint || (head !== null && last !== undefined && last.header.timeMax >= head.bounds[0])) continue;
    const chunks = inRange.filter((c) => anyPointIn(points, c.header.timeMin, c.header.timeMax));
    if (!chunks.every((c) => named.every((w) => placeableIn(c, w)))) continue;
    if (head !== null && !headPlaceable(s, named, head)) continue;
    // Room for every point in range, or every row there when fewer.
    let rows = head === null ? 0 : head.end - head.start;
    for (const c of chunks) rows += c.header.count;
    const room = Math.min(rows, lowerBound(points, to) - lowerBound(points, from));
    if (room === 0) continue;
    const key = JSON.stringify(named.map((c) => c.name));
    let group = groups.get(key);
    if (!group) {
      group = { members: [], total: 0, regions: 1 + named.length };
      groups.set(key, group);
    }
    group.members.push([
      s,
      {
        columns: named,
        points,
        chunks,
        skipped: inRange.length - chunks.length,
        inRange: inRange.length,
        head: head && { start: head.start, end: head.end },
      },
    ]);
    group.total += room;
  }
  const out = new Map<Series, PlacedPoints>();
  for (const { members, total, regions } of groups.values()) {
    if (members.length < 2) continue;
    const into: PointRegions = { buffer: new ArrayBuffer(total * 8 * regions), room: total, regions, used: 0 };
    for (const [s, m] of members) out.set(s, { ...m, into });
  }
  return out.size > 0 ? out : null;
}

/**
 * A placed series' point rows read into its place, after the series placed before it: each chunk's through the
 * codec's point read, then the head's rows at a point copied after them. Null when they do not fit (a chunk or
 * head holding a time twice: the caller then reads the series as if unplaced, and nothing placed moves).
 */
export function readPlacedPoints(s: Series, p: PlacedPoints, from: bigint, to: bigint, cfg: TierConfig): SeriesBatch | null {
  const { into, columns, points } = p;
  const { buffer, room, regions } = into;
  const names = columns.map((c) => c.name);
  const start = into.used;
  let at = start;
  const offsetsAt = (row: number) => Array.from({ length: regions }, (_, r) => (r * room + row) * 8);
  for (const c of p.chunks) {
    const rows = cfg.codec.filterRows?.(c.bytes, from, to, [], names, points, { buffer, rows: room - at, offsets: offsetsAt(at) });
    const n = rows ? rows.times.length : 0;
    if (n === 0) continue;
    if (rows?.times.buffer !== buffer || rows.times.byteOffset !== at * 8) return null;
    at += n;
  }
  if (p.head !== null) {
    const matched = headPointRows(s.head.times, p.head.start, p.head.end, points);
    const n = matched.length;
    if (at + n > room) return null;
    const times = new BigInt64Array(buffer, at * 8, n);
    for (let i = 0; i < n; i++) times[i] = s.head.times[matched[i] as number] as bigint;
    columns.forEach((c, j) => {
      const data = (s.head.columns[s.columnIndex(c.name)] as GrowColumn).data as Float64Array | BigInt64Array;
      const target =
        data instanceof Float64Array
          ? new Float64Array(buffer, ((1 + j) * room + at) * 8, n)
          : new BigInt64Array(buffer, ((1 + j) * room + at) * 8, n);
      for (let i = 0; i < n; i++) (target as unknown as unknown[])[i] = data[matched[i] as number];
    });
    at += n;
  }
  into.used = at;
  return placedBatch(s, columns, buffer, offsetsAt(start), at - start);
}

/** The head's rows start .. end - 1 whose time is one of the sorted `points` (every row at such a time), ascending. */
function headPointRows(times: BigInt64Array, start: number, end: number, points: BigInt64Array): number[] {
  const out: number[] = [];
  let p = lowerBound(points, times[start] as bigint);
  for (let r = start; r < end && p < points.length; r++) {
    const t = times[r] as bigint;
    while (p < points.length && (points[p] as bigint) < t) p++;
    if (p < points.length && points[p] === t) out.push(r);
  }
  return out;
}

/** Whether a chunk's point read can place column `w`: the chunk holds it with its type and no NULL. */
function placeableIn(chunk: MemChunk, w: SeriesColumn): boolean {
  const column = chunk.header.columns.find((c) => c.name === w.name);
  return column !== undefined && column.type === w.type && column.nullCount === 0;
}
