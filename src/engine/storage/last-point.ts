import { BucketPartialArrays } from '../model/bucket-partials.ts';
import type { AggregateScanRequest, AggregateScanResult, SeriesAggregate } from './aggregate-scan.ts';
import type { ChunkHeader } from './codec.ts';
import { headPiece, headRangeOf, MAX, type MagneticReader, MIN, mergePieces, overlaps, type Piece, pieceOf } from './scan.ts';
import type { ScanColumn } from './scan-types.ts';
import { selectSeries } from './select-series.ts';
import type { Series, SeriesColumn } from './series.ts';
import type { TierConfig } from './series-ops.ts';
import type { TableState } from './table-state.ts';

/** A value at a row: present or NULL. */
interface Cell {
  readonly value: number;
  readonly valid: boolean;
}
const NULL_CELL: Cell = { value: 0, valid: false };

/**
 * Each series' last row in the range, for aggregates that read nothing else (max(time) and max_by(column,
 * time) with one bucket per series: TSBS lastpoint). A series' newest piece (its head buffer or newest
 * chunk) usually holds the answer alone: the head's last row is read directly and a chunk's from its header
 * (the time range's end and each column's `last`, exact when the column has no nulls there), so nothing is
 * decoded. When the newest piece overlaps another, the range cuts into it, or a column has nulls, that
 * series' points in range are merged as a scan merges them and the last row taken. The partials hold one
 * bucket per series with rows 1, the time and value at that row as both edges, and no count/sum/min/max:
 * only for requests whose aggregates are max(time) and last values. Null when the request is not that shape.
 */
export async function lastPointTable(
  table: TableState,
  req: AggregateScanRequest,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
): Promise<AggregateScanResult | null> {
  const last = await lastRowsOf(table, req, cfg, readMagnetic);
  if (!last) return null;
  const out: SeriesAggregate[] = [];
  const found = last.rows;
  // One set of arrays for every series, each series a view of its slot (thousands of series would
  // otherwise allocate a dozen small typed arrays each).
  const columns = req.columns.length;
  const all = new BucketPartialArrays(found.length, columns, true);
  const at = <T extends Float64Array | BigInt64Array | Uint8Array>(a: T, i: number, width: number): T =>
    a.subarray(i * width, (i + 1) * width) as T;
  for (const [i, { series: s, row }] of found.entries()) {
    all.rows[i] = 1;
    all.timeMin[i] = row.time;
    all.timeMax[i] = row.time;
    for (const [c, cell] of row.cells.entries()) {
      all.first[i * columns + c] = all.last[i * columns + c] = cell.value;
      all.firstValid[i * columns + c] = all.lastValid[i * columns + c] = cell.valid ? 1 : 0;
    }
    out.push({
      series: s.toInfo(),
      firstBucket: 0n,
      bucketCount: 1,
      rows: at(all.rows, i, 1),
      timeMin: at(all.timeMin, i, 1),
      timeMax: at(all.timeMax, i, 1),
      count: at(all.count, i, columns),
      sum: at(all.sum, i, columns),
      min: at(all.min, i, columns),
      max: at(all.max, i, columns),
      nan: at(all.nan, i, columns),
      first: at(all.first, i, columns),
      firstValid: at(all.firstValid, i, columns),
      last: at(all.last, i, columns),
      lastValid: at(all.lastValid, i, columns),
    });
  }
  return { series: out, stats: last.stats };
}

/** Each series' last row in the range: its time and the wanted DOUBLE columns' values there (null: NULL or absent). */
export interface SeriesLastRow {
  readonly measureName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly time: bigint;
  readonly values: readonly (number | null)[];
  /** The series' value columns (their types say which the DOUBLE `values` cannot stand for). */
  readonly columns: readonly SeriesColumn[];
}

/**
 * Each series' last row in the request's range with the request's DOUBLE columns, read as lastPointTable
 * reads it (headers and head buffers where they suffice), without per-series partials: for a table joined
 * back onto its own max(time). Null when the request has buckets.
 */
export async function lastRowsTable(
  table: TableState,
  req: AggregateScanRequest,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
): Promise<{ rows: SeriesLastRow[]; stats: AggregateScanResult['stats'] } | null> {
  const found = await lastRowsOf(table, req, cfg, readMagnetic);
  if (!found) return null;
  const rows = found.rows.map(({ series, row }): SeriesLastRow => {
    const values: (number | null)[] = [];
    for (const c of row.cells) values.push(c.valid ? c.value : null);
    const info = series.toInfo();
    return { measureName: series.measureName, dimensions: info.dimensions, time: row.time, values, columns: info.columns };
  });
  return { rows, stats: found.stats };
}

async function lastRowsOf(
  table: TableState,
  req: AggregateScanRequest,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
): Promise<{ rows: { series: Series; row: { time: bigint; cells: Cell[] } }[]; stats: AggregateScanResult['stats'] } | null> {
  if (req.bucketWidth !== null) return null;
  const from = req.timeRange?.from ?? MIN;
  const to = req.timeRange?.to ?? MAX;
  const series = selectSeries(table, req.seriesFilter, req.measures);
  const found: { series: Series; row: { time: bigint; cells: Cell[] } }[] = [];
  let considered = 0;
  let fromHeaders = 0;
  let decoded = 0;
  let bytesRead = 0;
  let covered = 0;
  for (const s of series) {
    if (req.signal?.aborted) break;
    considered += s.sealed.length + s.magnetic.length;
    const wanted = req.columns.map((name) => s.columns.find((c) => c.name === name && c.type === 'double'));
    // The newest piece in range (the first met on a tie) and the latest end among the others, in one pass
    // without allocating: it stands alone when every other piece ends before it starts.
    const head = headRangeOf(s, from, to);
    let newestKind = head ? 0 : -1;
    let newestMin = head ? head.bounds[0] : 0n;
    let newestMax = head ? head.bounds[1] : 0n;
    let newestHeader: ChunkHeader | null = null;
    let othersMax: bigint | null = null;
    for (let kind = 1; kind <= 2; kind++) {
      for (const { header } of kind === 1 ? s.sealed : s.magnetic) {
        if (!overlaps(header, from, to)) continue;
        if (newestKind >= 0 && header.timeMax <= newestMax) {
          if (othersMax === null || header.timeMax > othersMax) othersMax = header.timeMax;
          continue;
        }
        if (newestKind >= 0 && (othersMax === null || newestMax > othersMax)) othersMax = newestMax;
        newestKind = kind;
        newestMin = header.timeMin;
        newestMax = header.timeMax;
        newestHeader = header;
      }
    }
    if (newestKind < 0) continue;
    const alone = othersMax === null || othersMax < newestMin;
    let row: { time: bigint; cells: Cell[] } | null = null;
    if (alone && newestMax < to) {
      if (newestKind === 0) row = headLastRow(s, head?.end ?? 0, wanted);
      else if (newestHeader) row = headerLastRow(newestHeader, wanted);
    }
    if (row) {
      // Every chunk in range was settled by its header: the newest one's last row, the others older.
      if (head) covered += head.end - head.start;
      for (const chunks of [s.sealed, s.magnetic])
        for (const { header } of chunks) {
          if (!overlaps(header, from, to)) continue;
          fromHeaders++;
          // Points covered: exact for chunks inside the range (those it cuts are not decoded, so not counted).
          if (header.timeMin >= from && header.timeMax < to) covered += header.count;
        }
    } else {
      const merged = await mergedInRange(s, from, to, cfg, readMagnetic, wanted);
      decoded += merged.decoded;
      bytesRead += merged.bytesRead;
      covered += merged.points;
      row = merged.row;
    }
    if (row) found.push({ series: s, row });
  }
  return {
    rows: found,
    stats: {
      seriesMatched: series.length,
      chunksConsidered: considered,
      chunksPruned: Math.max(0, considered - fromHeaders - decoded),
      chunksDecoded: decoded,
      chunksFromHeaders: fromHeaders,
      chunksInKernel: 0,
      bytesRead,
      rowsCovered: covered,
    },
  };
}

/** The head buffer's row before `end`, read in place. */
function headLastRow(s: Series, end: number, wanted: readonly (SeriesColumn | undefined)[]): { time: bigint; cells: Cell[] } | null {
  if (end === 0) return null;
  const at = end - 1;
  const cells = wanted.map((w): Cell => {
    const column = w ? s.head.columns[s.columns.indexOf(w)] : undefined;
    if (!column || !(column.data instanceof Float64Array) || (column.validity && column.validity[at] === 0)) return NULL_CELL;
    return { value: column.data[at] as number, valid: true };
  });
  return { time: s.head.times[at] as bigint, cells };
}

/**
 * A chunk's last row from its header: every wanted column must be absent (NULL) or free of nulls, when its
 * `last` is the value at the last row (ties in time keep arrival order, as the rows do). Null otherwise.
 */
function headerLastRow(header: ChunkHeader, wanted: readonly (SeriesColumn | undefined)[]): { time: bigint; cells: Cell[] } | null {
  const cells: Cell[] = [];
  for (const w of wanted) {
    const column = w ? header.columns.find((c) => c.name === w.name) : undefined;
    if (!column) {
      cells.push(NULL_CELL);
      continue;
    }
    if (column.type !== 'double' || column.nullCount > 0 || !column.stats || column.stats.lastTime !== header.timeMax) return null;
    cells.push({ value: column.stats.last, valid: true });
  }
  return { time: header.timeMax, cells };
}

/** The series' points in range merged as scanTable merges them, and the last of them. */
async function mergedInRange(
  s: Series,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
  wanted: readonly (SeriesColumn | undefined)[],
): Promise<{ row: { time: bigint; cells: Cell[] } | null; decoded: number; bytesRead: number; points: number }> {
  const read = wanted.filter((w): w is SeriesColumn => w !== undefined);
  const pieces: Piece[] = [];
  let decoded = 0;
  let bytesRead = 0;
  const magnetic = s.magnetic.filter((r) => overlaps(r.header, from, to));
  if (magnetic.length > 0 && readMagnetic) {
    for (const [i, d] of (await readMagnetic(s, magnetic)).entries()) {
      pieces.push(pieceOf(d, read, from, to, 0));
      bytesRead += magnetic[i]?.byteLength ?? 0;
      decoded++;
    }
  }
  for (const c of s.sealed) {
    if (!overlaps(c.header, from, to)) continue;
    pieces.push(pieceOf(cfg.cache.decode(c.bytes), read, from, to, 1));
    bytesRead += c.bytes.byteLength;
    decoded++;
  }
  const head = headRangeOf(s, from, to);
  if (head) pieces.push(headPiece(s, head, read));
  const merged = mergePieces(pieces, read);
  const n = merged.times.length;
  if (n === 0) return { row: null, decoded, bytesRead, points: 0 };
  const at = n - 1;
  const cells = wanted.map((w): Cell => {
    if (!w) return NULL_CELL;
    const column = merged.columns[read.indexOf(w)] as ScanColumn;
    if (column.type !== 'double' || (column.validity && column.validity[at] === 0)) return NULL_CELL;
    return { value: column.values[at] as number, valid: true };
  });
  return { row: { time: merged.times[at] as bigint, cells }, decoded, bytesRead, points: n };
}
