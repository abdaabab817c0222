import { chunkBytesRead } from './chunk-bytes.ts';
import type { PointColumn, PointLookup } from './codec.ts';
import type { GrowColumn } from './grow-column.ts';
import { headRangeOf, overlaps } from './scan.ts';
import type { ScanColumn, ScanRequest, SeriesBatch } from './scan-types.ts';
import type { MemChunk, Series, SeriesColumn } from './series.ts';
import type { TierConfig } from './series-ops.ts';

/** A placed series of a raw scan: the sealed chunk its rows in range come from (null: none) and its rows. */
export interface PlacedRange {
  readonly chunk: MemChunk | null;
  /** What reading the chunk counts as bytes decoded (chunkBytesRead, worked out while its header is at hand). */
  readonly bytesRead: number;
  /** Its rows (views over the buffer shared with the series placed before and after it); null: read it unplaced. */
  readonly batch: SeriesBatch | null;
}

/** A series to place, before its group is read. */
interface Member {
  readonly series: Series;
  readonly columns: readonly SeriesColumn[];
  readonly chunk: MemChunk | null;
  readonly bytesRead: number;
  readonly head: { readonly start: number; readonly end: number } | null;
  readonly rows: number;
}

/**
 * The rows of a raw window read when many series each hold them in one chunk and the head (an hour of many
 * series, say, or their last minutes), through the codec's point batch as range lookups (one kernel call for the
 * chunks of many series, see readPoints): each column's rows of every such series side by side, series after
 * series, in one buffer sized up front (the head's rows by index, the chunk's by arithmetic, see
 * ChunkCodec.rangeRowCount). Their answers are then views that join without a copy (the SQL scan makes one batch
 * of them, and a result of one batch is its own answer), instead of a buffer per chunk and a head copy, each
 * copied again into the result.
 *
 * A series is placed when its rows in range are at most one sealed chunk's (cut by the range: a chunk wholly
 * inside keeps the decode cache's path) then the head's, the chunk's all older than the head's, none magnetic,
 * none NULL in the head, and all its columns 8-byte values. Series with the same columns share a buffer (a group of
 * one is left alone). A placed series whose batch is null (the read found other rows than planned) is read as
 * if unplaced. Null when none is placed or the request is not an unfiltered read of points.
 */
export function placeRangeRows(
  series: readonly Series[],
  req: ScanRequest,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
): ReadonlyMap<Series, PlacedRange> | null {
  const count = cfg.codec.rangeRowCount;
  const read = cfg.codec.readPoints;
  if (
    !count ||
    !read ||
    req.want === 'chunk-headers' ||
    req.withVersions ||
    (req.rowFilter && req.rowFilter.length > 0) ||
    req.pointTimes ||
    series.length < 2
  )
    return null;
  // Series with the same columns share a buffer (a table of several measure types has a few such groups).
  const groups = new Map<string, Member[]>();
  for (const s of series) {
    const named = req.columns ? s.columns.filter((c) => req.columns?.includes(c.name)) : s.columns;
    if (named.length === 0 || s.magnetic.some((r) => overlaps(r.header, from, to))) continue;
    let chunk: MemChunk | null = null;
    let chunks = 0;
    for (const c of s.sealed)
      if (overlaps(c.header, from, to)) {
        chunk = c;
        chunks++;
      }
    if (chunks > 1 || (chunk !== null && chunk.header.timeMin >= from && chunk.header.timeMax < to)) continue;
    const range = headRangeOf(s, from, to);
    if ((chunk === null && range === null) || (chunk !== null && range !== null && chunk.header.timeMax >= range.bounds[0])) continue;
    const head = range && { start: range.start, end: range.end };
    if (head !== null && !headPlaceable(s, named, head)) continue;
    const chunkRows =
      chunk === null
        ? 0
        : count(
            chunk.bytes,
            chunk.header,
            from,
            to,
            named.map((c) => c.name),
          );
    if (chunkRows < 0) continue;
    const rows = chunkRows + (head === null ? 0 : head.end - head.start);
    if (rows === 0) continue;
    const key = named.length === 1 ? (named[0] as SeriesColumn).name : named.map((c) => c.name).join('\u0000');
    const bytesRead = chunk === null ? 0 : chunkBytesRead(chunk.header, req.columns);
    const member: Member = { series: s, columns: named, chunk, bytesRead, head, rows };
    const group = groups.get(key);
    if (group) group.push(member);
    else groups.set(key, [member]);
  }
  const out = new Map<Series, PlacedRange>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const columns = (members[0] as Member).columns as readonly PointColumn[];
    const lookups = members.map((m): PointLookup => {
      const { series: s, chunk, head } = m;
      return {
        points: null,
        chunks: chunk === null ? [] : [chunk.bytes],
        headers: chunk === null ? [] : [chunk.header],
        tail:
          head === null
            ? null
            : {
                times: s.head.times.subarray(head.start, head.end),
                columns: columns.map((c) =>
                  ((s.head.columns[s.columnIndex(c.name)] as GrowColumn).data as Float64Array | BigInt64Array).subarray(
                    head.start,
                    head.end,
                  ),
                ),
              },
        room: m.rows,
      };
    });
    const { buffer, room, starts, counts } = read(lookups, columns, from, to);
    members.forEach((m, i) => {
      const n = counts[i] as number;
      const at = starts[i] as number;
      const offsets = Array.from({ length: 1 + columns.length }, (_, r) => (r * room + at) * 8);
      // The rows the chunk and head were sized for, or the series is read as if unplaced.
      out.set(m.series, {
        chunk: m.chunk,
        bytesRead: m.bytesRead,
        batch: n !== m.rows ? null : placedBatch(m.series, m.columns, buffer, offsets, n),
      });
    });
  }
  return out.size > 0 ? out : null;
}

/**
 * A placed series' batch: views of its `rows` rows in the shared buffer, the times at byte offsets[0] and column j
 * at offsets[1 + j] (8-byte values: see holdsEightBytes).
 */
export function placedBatch(
  s: Series,
  columns: readonly SeriesColumn[],
  buffer: ArrayBuffer,
  offsets: readonly number[],
  rows: number,
): SeriesBatch {
  const times = new BigInt64Array(buffer, offsets[0] as number, rows);
  const scanColumns = columns.map((c, j): ScanColumn => {
    const at = offsets[1 + j] as number;
    if (c.type === 'double') return { name: c.name, type: 'double', values: new Float64Array(buffer, at, rows) };
    return { name: c.name, type: c.type as 'bigint' | 'timestamp', values: new BigInt64Array(buffer, at, rows) };
  });
  return { series: s.toInfo(), times, columns: scanColumns };
}

/** Whether a column holds 8-byte values (double, bigint, timestamp), what a placed buffer's regions hold. */
export function holdsEightBytes(c: SeriesColumn): boolean {
  return c.type === 'double' || c.type === 'bigint' || c.type === 'timestamp';
}

/** Whether the head's rows start .. end - 1 of these columns can be copied into place: 8-byte values, none NULL. */
export function headPlaceable(
  s: Series,
  columns: readonly SeriesColumn[],
  head: { readonly start: number; readonly end: number },
): boolean {
  for (const c of columns) {
    if (!holdsEightBytes(c)) return false;
    const column = s.head.columns[s.columnIndex(c.name)];
    if (!column || !(column.data instanceof Float64Array || column.data instanceof BigInt64Array)) return false;
    const validity = column.validity;
    if (validity) for (let i = head.start; i < head.end; i++) if (validity[i] === 0) return false;
  }
  return true;
}
