import { BucketPartialArrays, type PartialsBlock } from '../model/bucket-partials.ts';
import type { AggregateScanRequest, AggregateScanResult, SeriesAggregate } from './aggregate-scan.ts';
import type { ChunkHeader } from './codec.ts';
import { headPiece, headRangeOf, MAX, type MagneticReader, MIN, mergePieces, overlaps, type Piece, pieceOf } from './scan.ts';
import type { ScanColumn } from './scan-types.ts';
import { selectSeries } from './select-series.ts';
import type { Series, SeriesColumn, SeriesInfo } from './series.ts';
import type { TierConfig } from './series-ops.ts';
import type { TableState } from './table-state.ts';

/** A value of a non-DOUBLE column at a series' last row: BIGINT or TIMESTAMP as bigint, BOOLEAN, VARCHAR. */
export type LastValue = bigint | boolean | string;

/**
 * Each series' last row in the range, column by column: series i's time at times[i] and wanted column c's
 * value at values[i * columns + c] when it is a DOUBLE there, or at others[i * columns + c] when it is of
 * another type (only with `anyType`); valid[i * columns + c] 0: NULL or absent (or, without `anyType`, not
 * DOUBLE). Typed arrays, no object per series: a lastpoint reads thousands of series, and its first runs go
 * through the interpreter.
 */
export interface LastRowColumns {
  readonly series: readonly Series[];
  readonly times: BigInt64Array;
  readonly values: Float64Array;
  readonly others: readonly (LastValue | undefined)[];
  readonly valid: Uint8Array;
  /** The wanted columns' count (the stride of values, others and valid). */
  readonly columns: number;
  readonly stats: AggregateScanResult['stats'];
}

/** Where rows are written: slot i's time, and its columns at i * columns + c. */
interface RowSink {
  readonly times: BigInt64Array;
  readonly values: Float64Array;
  readonly others: (LastValue | undefined)[];
  readonly valid: Uint8Array;
  readonly columns: number;
}

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
  const last = await lastRowColumns(table, req, cfg, readMagnetic);
  if (!last) return null;
  const out: SeriesAggregate[] = [];
  const n = last.series.length;
  // One set of arrays for every series, each series a view of its slot (thousands of series would
  // otherwise allocate a dozen small typed arrays each).
  const columns = last.columns;
  const all = new BucketPartialArrays(n, columns, true);
  all.rows.fill(1);
  all.timeMin.set(last.times);
  all.timeMax.set(last.times);
  all.first.set(last.values);
  all.last.set(last.values);
  all.firstValid.set(last.valid);
  all.lastValid.set(last.valid);
  for (let i = 0; i < n; i++) out.push(new LastRowSeries((last.series[i] as Series).toInfo(), all, i, columns));
  return { series: out, stats: last.stats };
}

/**
 * Series i's slot of the shared partials (one bucket): its block at once (what the query engine reads),
 * its named arrays made only if asked for (a view per array and series made eagerly cost more than the
 * rest of a lastpoint over thousands of series).
 */
class LastRowSeries implements SeriesAggregate {
  readonly firstBucket = 0n;
  readonly bucketCount = 1;
  readonly block: PartialsBlock;
  constructor(
    readonly series: SeriesInfo,
    private readonly all: BucketPartialArrays,
    private readonly i: number,
    private readonly columns: number,
  ) {
    const c = i * columns;
    this.block = {
      f64: all.f64,
      u8: all.u8,
      words: all.words,
      rowsAt: all.rowsAt + i,
      timeMinAt: all.timeMinAt + i,
      timeMaxAt: all.timeMaxAt + i,
      countAt: all.countAt + c,
      sumAt: all.sumAt + c,
      minAt: all.minAt + c,
      maxAt: all.maxAt + c,
      firstAt: all.firstAt + c,
      lastAt: all.lastAt + c,
      nanAt: all.nanAt + c,
      firstValidAt: all.firstValidAt + c,
      lastValidAt: all.lastValidAt + c,
    };
  }
  private at<T extends Float64Array | BigInt64Array | Uint8Array>(a: T, width: number): T {
    return a.subarray(this.i * width, (this.i + 1) * width) as T;
  }
  get rows(): Float64Array {
    return this.at(this.all.rows, 1);
  }
  get timeMin(): BigInt64Array {
    return this.at(this.all.timeMin, 1);
  }
  get timeMax(): BigInt64Array {
    return this.at(this.all.timeMax, 1);
  }
  get count(): Float64Array {
    return this.at(this.all.count, this.columns);
  }
  get sum(): Float64Array {
    return this.at(this.all.sum, this.columns);
  }
  get min(): Float64Array {
    return this.at(this.all.min, this.columns);
  }
  get max(): Float64Array {
    return this.at(this.all.max, this.columns);
  }
  get nan(): Uint8Array {
    return this.at(this.all.nan, this.columns);
  }
  get first(): Float64Array {
    return this.at(this.all.first, this.columns);
  }
  get firstValid(): Uint8Array {
    return this.at(this.all.firstValid, this.columns);
  }
  get last(): Float64Array {
    return this.at(this.all.last, this.columns);
  }
  get lastValid(): Uint8Array {
    return this.at(this.all.lastValid, this.columns);
  }
}

/**
 * Each series' last row in the request's range with the request's DOUBLE columns (of any type with `anyType`),
 * read as lastPointTable reads it (headers and head buffers where they suffice), for a table joined back onto
 * its own max(time). Null when the request has buckets.
 */
export async function lastRowColumns(
  table: TableState,
  req: AggregateScanRequest,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
  anyType = false,
): Promise<LastRowColumns | null> {
  if (req.bucketWidth !== null) return null;
  const from = req.timeRange?.from ?? MIN;
  const to = req.timeRange?.to ?? MAX;
  const series = selectSeries(table, req.seriesFilter, req.measures);
  const columns = req.columns.length;
  const n = series.length;
  // Sized for every series; the found ones fill a prefix.
  const sink: RowSink = {
    times: new BigInt64Array(n),
    values: new Float64Array(n * columns),
    others: anyType ? new Array<LastValue | undefined>(n * columns) : [],
    valid: new Uint8Array(n * columns),
    columns,
  };
  const found: Series[] = [];
  // Per wanted column: its index among the series' columns (when a DOUBLE there, or any type with anyType), else -1.
  const wanted = new Int32Array(columns);
  const stats = { considered: 0, fromHeaders: 0, decoded: 0, bytesRead: 0, covered: 0 };
  for (let si = 0; si < n; si++) {
    if (req.signal?.aborted) break;
    const s = series[si] as Series;
    stats.considered += s.sealed.length + s.magnetic.length;
    for (let c = 0; c < columns; c++) {
      const at = s.columnIndex(req.columns[c] as string);
      wanted[c] = at >= 0 && (anyType || (s.columns[at] as SeriesColumn).type === 'double') ? at : -1;
    }
    const slot = found.length;
    const alone = newestRowAlone(s, from, to, wanted, slot, sink, stats);
    if (alone === FOUND || (alone === MERGE && (await mergedLastRow(s, from, to, cfg, readMagnetic, wanted, slot, sink, stats))))
      found.push(s);
  }
  const k = found.length;
  return {
    series: found,
    times: sink.times.subarray(0, k),
    values: sink.values.subarray(0, k * columns),
    others: sink.others,
    valid: sink.valid.subarray(0, k * columns),
    columns,
    stats: {
      seriesMatched: n,
      chunksConsidered: stats.considered,
      chunksPruned: Math.max(0, stats.considered - stats.fromHeaders - stats.decoded),
      chunksDecoded: stats.decoded,
      chunksFromHeaders: stats.fromHeaders,
      chunksInKernel: 0,
      bytesRead: stats.bytesRead,
      rowsCovered: stats.covered,
    },
  };
}

/** What newestRowAlone settled: the row written, the merged points needed, or no row in range. */
const FOUND = 1;
const MERGE = 0;
const NONE = -1;

interface LastRowStats {
  considered: number;
  fromHeaders: number;
  decoded: number;
  bytesRead: number;
  covered: number;
}

/**
 * Writes the series' last row in range into `slot` when its newest piece in range (the head buffer or a chunk)
 * stands alone (every other piece in range ends before it starts) and holds the answer without decoding: the
 * head's last row in range, or a chunk's last row from its header: FOUND; NONE when the series has no row in
 * range; MERGE when the answer needs the merged points.
 */
function newestRowAlone(s: Series, from: bigint, to: bigint, wanted: Int32Array, slot: number, sink: RowSink, stats: LastRowStats): number {
  const head = s.head;
  const length = head.length;
  // The head's rows in range [headStart, headEnd); the usual head lies wholly inside, with no search.
  let headStart = 0;
  let headEnd = 0;
  let newestKind = -1;
  let newestMin = 0n;
  let newestMax = 0n;
  if (length > 0) {
    const first = head.times[0] as bigint;
    const last = head.times[length - 1] as bigint;
    if (first >= from && last < to) {
      headEnd = length;
      newestKind = 0;
      newestMin = first;
      newestMax = last;
    } else {
      const range = headRangeOf(s, from, to);
      if (range) {
        headStart = range.start;
        headEnd = range.end;
        newestKind = 0;
        newestMin = range.bounds[0];
        newestMax = range.bounds[1];
      }
    }
  }
  // The newest piece in range (the first met on a tie) and the latest end among the others, in one pass
  // without allocating: it stands alone when every other piece ends before it starts.
  let newestHeader: ChunkHeader | null = null;
  let othersMax: bigint | null = null;
  for (let kind = 1; kind <= 2; kind++) {
    const chunks = kind === 1 ? s.sealed : s.magnetic;
    for (let i = 0; i < chunks.length; i++) {
      const header = (chunks[i] as { readonly header: ChunkHeader }).header;
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
  if (newestKind < 0) return NONE;
  if (!(othersMax === null || othersMax < newestMin) || newestMax >= to) return MERGE;
  if (newestKind === 0) {
    if (headEnd === 0) return MERGE;
    headLastRow(s, headEnd - 1, wanted, slot, sink);
  } else if (!newestHeader || !headerLastRow(s, newestHeader, wanted, slot, sink)) return MERGE;
  // Every chunk in range was settled by its header: the newest one's last row, the others older.
  stats.covered += headEnd - headStart;
  for (let kind = 1; kind <= 2; kind++) {
    const chunks = kind === 1 ? s.sealed : s.magnetic;
    for (let i = 0; i < chunks.length; i++) {
      const header = (chunks[i] as { readonly header: ChunkHeader }).header;
      if (!overlaps(header, from, to)) continue;
      stats.fromHeaders++;
      // Points covered: exact for chunks inside the range (those it cuts are not decoded, so not counted).
      if (header.timeMin >= from && header.timeMax < to) stats.covered += header.count;
    }
  }
  return FOUND;
}

/** A present value into the sink at (slot, c): a number among the DOUBLE values, anything else among the others. */
function put(sink: RowSink, slot: number, c: number, value: number | LastValue): void {
  const i = slot * sink.columns + c;
  if (typeof value === 'number') sink.values[i] = value;
  else sink.others[i] = value;
  sink.valid[i] = 1;
}

/** The head buffer's row `at`, read in place into `slot`. */
function headLastRow(s: Series, at: number, wanted: Int32Array, slot: number, sink: RowSink): void {
  sink.times[slot] = s.head.times[at] as bigint;
  for (let c = 0; c < sink.columns; c++) {
    const index = wanted[c] as number;
    const column = index >= 0 ? s.head.columns[index] : undefined;
    if (!column || (column.validity && column.validity[at] === 0)) continue;
    const data = column.data;
    if (data instanceof Float64Array) {
      // The usual case (TSBS lastpoint) written in place.
      sink.values[slot * sink.columns + c] = data[at] as number;
      sink.valid[slot * sink.columns + c] = 1;
    } else if (data instanceof BigInt64Array) put(sink, slot, c, data[at] as bigint);
    else if (data instanceof Uint8Array) put(sink, slot, c, data[at] === 1);
    else {
      const value = data[at];
      if (typeof value === 'string') put(sink, slot, c, value);
    }
  }
}

/**
 * A chunk's last row from its header into `slot`: every wanted column must be absent (NULL) or free of nulls
 * with a `last` in its stats (DOUBLE, BIGINT, TIMESTAMP, BOOLEAN; VARCHAR has none), when that is the value at
 * the last row (ties in time keep arrival order, as the rows do). False (and `slot` to be overwritten) otherwise.
 */
function headerLastRow(s: Series, header: ChunkHeader, wanted: Int32Array, slot: number, sink: RowSink): boolean {
  for (let c = 0; c < sink.columns; c++) {
    const index = wanted[c] as number;
    const name = index >= 0 ? (s.columns[index] as SeriesColumn).name : null;
    const column = name === null ? undefined : header.columns.find((h) => h.name === name);
    if (!column) continue;
    if (column.type === 'varchar' || column.nullCount > 0 || !column.stats || column.stats.lastTime !== header.timeMax) return false;
    put(sink, slot, c, column.stats.last);
  }
  sink.times[slot] = header.timeMax;
  return true;
}

/** The series' points in range merged as scanTable merges them; their last row into `slot` (false: none in range). */
async function mergedLastRow(
  s: Series,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
  wanted: Int32Array,
  slot: number,
  sink: RowSink,
  stats: LastRowStats,
): Promise<boolean> {
  const columns = sink.columns;
  // A header tried first may have written some columns of this slot.
  for (let i = slot * columns; i < (slot + 1) * columns; i++) {
    sink.values[i] = 0;
    sink.valid[i] = 0;
    if (sink.others.length > 0) sink.others[i] = undefined;
  }
  const read: SeriesColumn[] = [];
  const readAt = Array.from(wanted, (index) => {
    if (index < 0) return -1;
    const column = s.columns[index] as SeriesColumn;
    const at = read.indexOf(column);
    return at >= 0 ? at : read.push(column) - 1;
  });
  const pieces: Piece[] = [];
  const magnetic = s.magnetic.filter((r) => overlaps(r.header, from, to));
  if (magnetic.length > 0 && readMagnetic) {
    for (const [i, d] of (await readMagnetic(s, magnetic)).entries()) {
      pieces.push(pieceOf(d, read, from, to, 0));
      stats.bytesRead += magnetic[i]?.byteLength ?? 0;
      stats.decoded++;
    }
  }
  for (const c of s.sealed) {
    if (!overlaps(c.header, from, to)) continue;
    pieces.push(pieceOf(cfg.cache.decode(c.bytes), read, from, to, 1));
    stats.bytesRead += c.bytes.byteLength;
    stats.decoded++;
  }
  const head = headRangeOf(s, from, to);
  if (head) pieces.push(headPiece(s, head, read));
  const merged = mergePieces(pieces, read);
  const n = merged.times.length;
  stats.covered += n;
  if (n === 0) return false;
  const at = n - 1;
  sink.times[slot] = merged.times[at] as bigint;
  for (let c = 0; c < columns; c++) {
    const r = readAt[c] as number;
    const column = r >= 0 ? (merged.columns[r] as ScanColumn | undefined) : undefined;
    if (!column || (column.validity && column.validity[at] === 0)) continue;
    if (column.type === 'boolean') put(sink, slot, c, column.values[at] === 1);
    else {
      const value = column.values[at];
      if (value !== null && value !== undefined) put(sink, slot, c, value);
    }
  }
  return true;
}
