import { chunkBytesRead } from './chunk-bytes.ts';
import type { PointBatchResult, PointColumn, PointLookup } from './codec.ts';
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
  readonly head: HeadRows | null;
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
 * one is left alone). A placed series whose batch is null (its rows were more than planned) is read as if
 * unplaced. Null when none is placed or the request is not an unfiltered read of points.
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
    const names = named.map((c) => c.name);
    const chunkRows = chunk === null ? 0 : count(chunk.bytes, chunk.header, from, to, names);
    if (chunkRows < 0) continue;
    const rows = chunkRows + (head === null ? 0 : head.end - head.start);
    if (rows === 0) continue;
    const key = names.length === 1 ? (names[0] as string) : names.join('\u0000');
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
    const lookups = members.map(
      (m): PointLookup => ({
        points: null,
        chunks: m.chunk === null ? [] : [m.chunk.bytes],
        headers: m.chunk === null ? [] : [m.chunk.header],
        tail: headTail(m.series, columns, m.head),
        room: m.rows,
      }),
    );
    const result = read(lookups, columns, from, to);
    members.forEach((m, i) => {
      out.set(m.series, { chunk: m.chunk, bytesRead: m.bytesRead, batch: lookupBatch(m.series, m.columns, result, i) });
    });
  }
  return out.size > 0 ? out : null;
}

/** A series' head rows start .. end - 1 of `columns` as a point lookup's rows after its chunks' (views: nothing copied). */
export function headTail(s: Series, columns: readonly SeriesColumn[], head: HeadRows | null): PointLookup['tail'] {
  if (head === null) return null;
  return {
    times: s.head.times.subarray(head.start, head.end),
    columns: columns.map((c) =>
      ((s.head.columns[s.columnIndex(c.name)] as GrowColumn).data as Float64Array | BigInt64Array).subarray(head.start, head.end),
    ),
  };
}

/** Lookup i's rows of a point batch as its series' batch (views over the batch's buffer); null when they were not read there. */
export function lookupBatch(s: Series, columns: readonly SeriesColumn[], result: PointBatchResult, i: number): SeriesBatch | null {
  const n = result.counts[i] as number;
  if (n < 0) return null;
  const at = result.starts[i] as number;
  const offsets = Array.from({ length: 1 + columns.length }, (_, r) => (r * result.room + at) * 8);
  return placedBatch(s, columns, result.buffer, offsets, n);
}

/** Rows start .. end - 1 of a series' head. */
interface HeadRows {
  readonly start: number;
  readonly end: number;
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
export function headPlaceable(s: Series, columns: readonly SeriesColumn[], head: HeadRows): boolean {
  for (const c of columns) {
    if (!holdsEightBytes(c)) return false;
    const column = s.head.columns[s.columnIndex(c.name)];
    if (!column || !(column.data instanceof Float64Array || column.data instanceof BigInt64Array)) return false;
    const validity = column.validity;
    if (validity) for (let i = head.start; i < head.end; i++) if (validity[i] === 0) return false;
  }
  return true;
}
