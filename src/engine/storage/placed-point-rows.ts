import { chunkBytesRead } from './chunk-bytes.ts';
import { lowerBound } from './chunk-ops.ts';
import type { PointColumn, PointLookup } from './codec.ts';
import { anyPointIn } from './filtered-scan.ts';
import { headPlaceable, headTail, holdsEightBytes, lookupBatch } from './placed-range-rows.ts';
import { headRangeOf, overlaps, pointsOf } from './scan.ts';
import type { ScanRequest, SeriesBatch } from './scan-types.ts';
import type { MemChunk, Series, SeriesColumn } from './series.ts';
import type { TierConfig } from './series-ops.ts';

/** A series whose point lookups are placed (see placePointRows): what was read, and its rows. */
export interface PlacedPoints {
  /** Its sealed chunks in range that hold a point's time, in time order. */
  readonly chunks: readonly MemChunk[];
  /** Its sealed chunks in range that hold none (skipped, as the filtered scan skips them). */
  readonly skipped: number;
  /** Its sealed chunks in range. */
  readonly inRange: number;
  /** What reading its chunks counts as bytes decoded (chunkBytesRead, worked out while their headers are at hand). */
  readonly bytesRead: number;
  /** Its rows (views over the buffer shared with the series placed before and after it); null: read it unplaced. */
  readonly batch: SeriesBatch | null;
}

/** A series to place, before its group is read. */
interface Member {
  readonly series: Series;
  readonly columns: readonly SeriesColumn[];
  readonly points: BigInt64Array;
  readonly chunks: readonly MemChunk[];
  readonly skipped: number;
  readonly inRange: number;
  readonly bytesRead: number;
  readonly head: { readonly start: number; readonly end: number } | null;
  readonly room: number;
}

/**
 * The rows of point lookups when a semi-join takes many series' rows as one batch (pointTimes.batched:
 * high-cpu's join back onto every measure of a host), read through the codec's point batch (one kernel call for
 * the chunks of many series): each column's rows of every such series side by side in one buffer sized up front
 * by the points in range (a series holds a row per time at most), instead of a buffer per chunk and a copy of
 * them all into the result.
 *
 * A series is placed when it has points, its wanted columns hold 8-byte values (none NULL in its head's rows in
 * range), no magnetic chunk is in range, and its chunks in range and its head's rows there do not overlap in
 * time (else the filtered scan merges them first). Series with the same columns share a buffer (a group of one
 * is left alone). A placed series whose batch is null (a chunk with a NULL or lacking a column, or a time held
 * twice) is read as if unplaced. Null when none is placed or the request is not an unfiltered read of points
 * that asks for it.
 */
export function placePointRows(
  series: readonly Series[],
  req: ScanRequest,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
): ReadonlyMap<Series, PlacedPoints> | null {
  const pointTimes = req.pointTimes;
  const read = cfg.codec.readPoints;
  if (
    !pointTimes?.batched ||
    !read ||
    req.want === 'chunk-headers' ||
    req.withVersions ||
    (req.rowFilter && req.rowFilter.length > 0) ||
    series.length < 2
  )
    return null;
  const groups = new Map<string, Member[]>();
  // Points in range, per points array (the series of one host share theirs).
  const pointsIn = new Map<BigInt64Array, number>();
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
    if (head !== null && !headPlaceable(s, named, head)) continue;
    // Room for every point in range, or every row there when fewer.
    let rows = head === null ? 0 : head.end - head.start;
    let bytesRead = 0;
    for (const c of chunks) {
      rows += c.header.count;
      bytesRead += chunkBytesRead(c.header, req.columns);
    }
    let inRangePoints = pointsIn.get(points);
    if (inRangePoints === undefined) {
      inRangePoints = lowerBound(points, to) - lowerBound(points, from);
      pointsIn.set(points, inRangePoints);
    }
    const room = Math.min(rows, inRangePoints);
    if (room === 0) continue;
    const key = named.map((c) => c.name).join('\u0000');
    const member: Member = {
      series: s,
      columns: named,
      points,
      chunks,
      skipped: inRange.length - chunks.length,
      inRange: inRange.length,
      bytesRead,
      head: head && { start: head.start, end: head.end },
      room,
    };
    const group = groups.get(key);
    if (group) group.push(member);
    else groups.set(key, [member]);
  }
  const out = new Map<Series, PlacedPoints>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const columns = (members[0] as Member).columns as readonly PointColumn[];
    const lookups = members.map(
      (m): PointLookup => ({
        points: m.points,
        chunks: m.chunks.map((c) => c.bytes),
        headers: m.chunks.map((c) => c.header),
        tail: headTail(m.series, columns, m.head),
        room: m.room,
      }),
    );
    const result = read(lookups, columns, from, to);
    members.forEach((m, i) => {
      out.set(m.series, {
        chunks: m.chunks,
        skipped: m.skipped,
        inRange: m.inRange,
        bytesRead: m.bytesRead,
        batch: lookupBatch(m.series, m.columns, result, i),
      });
    });
  }
  return out.size > 0 ? out : null;
}
