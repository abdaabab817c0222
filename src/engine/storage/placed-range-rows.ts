import type { GrowColumn } from './grow-column.ts';
import { headRangeOf, overlaps } from './scan.ts';
import type { ScanColumn, ScanRequest, SeriesBatch } from './scan-types.ts';
import type { MemChunk, Series, SeriesColumn } from './series.ts';
import type { TierConfig } from './series-ops.ts';

/**
 * A placed series of a raw scan: its rows in range are those of one sealed chunk (null: none) followed by the
 * head's rows start .. end - 1 (null: none), and they go at `offsets` (byte offsets of its times, then of each
 * column, in one buffer shared by every placed series of the scan).
 */
export interface PlacedSeries {
  readonly chunk: MemChunk | null;
  readonly chunkRows: number;
  readonly head: { readonly start: number; readonly end: number } | null;
  readonly rows: number;
  readonly columns: readonly SeriesColumn[];
  readonly buffer: ArrayBuffer;
  readonly offsets: readonly number[];
}

export type PlacedRows = ReadonlyMap<Series, PlacedSeries>;

/**
 * Where the rows of a raw window read go when many series each hold them in one chunk and the head (an hour
 * of many series, say, or their last minutes): each column's rows of every such series side by side, series
 * after series, in one buffer sized up front (the head's rows by index, the chunk's by arithmetic, see
 * ChunkCodec.rangeRowCount). Their answers are then views that join without a copy (the SQL scan makes one
 * batch of them, and a result of one batch is its own answer), instead of a buffer per chunk and a head copy,
 * each copied again into the result.
 *
 * A series is placed when its rows in range are at most one sealed chunk's (cut by the range: a chunk wholly
 * inside keeps the decode cache's path) then the head's, the chunk's all older than the head's, none magnetic,
 * none NULL in the head, and all its columns 8-byte values. Series with the same columns share a buffer (a group of
 * one is left alone). Null when none is placed or the request is not an unfiltered read of points.
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
  // Series with the same columns share a buffer (a table of several measure types has a few such groups).
  const groups = new Map<string, PlacedGroup>();
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
    const key = JSON.stringify(names);
    let group = groups.get(key);
    if (!group) {
      group = { regions: 1 + names.length, members: [], total: 0 };
      groups.set(key, group);
    }
    group.members.push({ series: s, columns: named, chunk, chunkRows, head, rows });
    group.total += rows;
  }
  const out = new Map<Series, PlacedSeries>();
  for (const { regions, members, total } of groups.values()) {
    if (members.length < 2) continue;
    const buffer = new ArrayBuffer(total * 8 * regions);
    let at = 0;
    for (const m of members) {
      // Region r (0: the times, then each column) holds `total` values; this series' rows start at `at` in each.
      const offsets = Array.from({ length: regions }, (_, r) => (r * total + at) * 8);
      out.set(m.series, { chunk: m.chunk, chunkRows: m.chunkRows, head: m.head, rows: m.rows, columns: m.columns, buffer, offsets });
      at += m.rows;
    }
  }
  return out.size > 0 ? out : null;
}

/** Series placed in one buffer: their rows and where, region by region. */
interface PlacedGroup {
  /** The times, then each column. */
  readonly regions: number;
  readonly members: {
    readonly series: Series;
    readonly columns: readonly SeriesColumn[];
    readonly chunk: MemChunk | null;
    readonly chunkRows: number;
    readonly head: HeadRows | null;
    readonly rows: number;
  }[];
  total: number;
}

interface HeadRows {
  readonly start: number;
  readonly end: number;
}

/**
 * A placed series' rows read into its place: the chunk's through the codec's unfiltered range read, then the
 * head's copied after them. Returns its batch (views over the shared buffer).
 */
export function readPlacedSeries(s: Series, p: PlacedSeries, from: bigint, to: bigint, cfg: TierConfig): SeriesBatch {
  const { buffer, offsets, columns } = p;
  if (p.chunk !== null && cfg.codec.filterRows) {
    const names = columns.map((c) => c.name);
    cfg.codec.filterRows(p.chunk.bytes, from, to, [], names, undefined, { buffer, rows: p.chunkRows, offsets });
  }
  if (p.head !== null) {
    const { start, end } = p.head;
    const after = p.chunkRows * 8;
    new BigInt64Array(buffer, (offsets[0] as number) + after, end - start).set(s.head.times.subarray(start, end));
    columns.forEach((c, j) => {
      const data = (s.head.columns[s.columnIndex(c.name)] as GrowColumn).data as Float64Array | BigInt64Array;
      const at = (offsets[1 + j] as number) + after;
      if (data instanceof Float64Array) new Float64Array(buffer, at, end - start).set(data.subarray(start, end));
      else new BigInt64Array(buffer, at, end - start).set(data.subarray(start, end));
    });
  }
  return placedBatch(s, columns, buffer, offsets, p.rows);
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
