import type { BlockPartials, PartialsBlock } from '../model/bucket-partials.ts';
import type { GroupAggregate, SeriesGrouping } from '../model/series-grouping.ts';
import { aggregateBatch, type SeriesShape } from './aggregate-batch.ts';
import { addHead, addPoints, Buckets, floorDiv } from './aggregate-buckets.ts';
import { addHeader, addRangeInKernel, headerColumnsUsable, interned, type SeriesPlan } from './aggregate-chunks.ts';
import { headerAnswers, prefetchExtents, seriesExtent, standsAlone } from './aggregate-extent.ts';
import { aggregateGroups, type GroupsAnswer } from './aggregate-groups.ts';
import type { KeptScan } from './aggregate-kept.ts';
import type { DecodedChunk, RangeWants } from './codec.ts';
import { chunkRevision } from './data-revision.ts';
import { keptExtents } from './kept-extents.ts';
import { sameItems } from './same-items.ts';
import { headPiece, MAX, type MagneticReader, MIN, mergePieces, overlaps, type Piece, pieceOf } from './scan.ts';
import type { SeriesFilter, TimeRange } from './scan-types.ts';
import { selectSeries } from './select-series.ts';
import type { MagneticRef, Series, SeriesColumn, SeriesInfo } from './series.ts';
import type { TierConfig } from './series-ops.ts';
import type { TableState } from './table-state.ts';

/**
 * An aggregate the query engine pushes into the storage: per series, per time bucket
 * (`bin(time, width)`, counted from the epoch), the row count, the time range and, for each
 * requested double column, count/sum/min/max of its present values.
 */
export interface AggregateScanRequest {
  readonly database: string;
  readonly table: string;
  readonly timeRange?: TimeRange;
  readonly seriesFilter?: SeriesFilter;
  readonly measures?: readonly string[];
  /** Bucket width in ns, or null for one bucket (keyed 0n) per series over the whole range. */
  readonly bucketWidth: bigint | null;
  /** DOUBLE value columns (`measure_value::double` or MULTI attributes) to aggregate. */
  readonly columns: readonly string[];
  /** Stops between series once aborted (the caller sees the abort; the partial answer is dropped). */
  readonly signal?: AbortSignal;
  /** Whether the values at each bucket's first and last row are wanted (min_by / max_by); without it first/last are empty. */
  readonly edges?: boolean;
  /**
   * Whether min and max of the columns are wanted (the default); false lets the kernel's range pass skip
   * them (sum-only reductions of integer columns need no running values), and the answer's min/max are then
   * unspecified (possibly empty arrays, with minAt / maxAt -1: see BucketPartialArrays).
   */
  readonly minMax?: boolean;
  /**
   * Only the `count` newest (or oldest) buckets holding data are needed (ORDER BY the bucket
   * LIMIT n): the answer holds at least those (when there are that many), every bucket it holds
   * is complete, and older (newer) buckets may be absent. Ignored without a bucket width.
   */
  readonly topBuckets?: { readonly count: number; readonly newest: boolean };
  /**
   * A list the scan adds to: each entry hands buffers of the answer back for later scans to copy into (a
   * fresh buffer costs by its size). Call them all once nothing reads the answer any more, or never.
   */
  readonly release?: (() => void)[];
  /**
   * Optional: how the query groups the series (see SeriesGrouping), asked once with the series holding data in
   * range, in the order the scan takes them. When it answers and the storage can, the result holds the
   * groups' partials (`groups`) and no series; else (null, or the storage cannot) per series as usual.
   * Not asked with topBuckets.
   */
  readonly grouping?: (series: readonly SeriesInfo[]) => SeriesGrouping | null;
}

/**
 * One series' buckets, dense over bucket numbers firstBucket .. firstBucket + bucketCount - 1
 * (bucket k starts at k * width; with no width there is one bucket, number 0). Per bucket: rows
 * and time range; per bucket and requested column (index b * columns + c): count of present
 * values, their sum (NaN included), min and max (NaN skipped; `nan` says one was seen), and its
 * value at the bucket's first and last row (`firstValid`/`lastValid` 0: NULL there). A column the
 * series lacks has count 0. Buckets with rows 0 hold nothing.
 */
export interface SeriesAggregate extends BlockPartials {
  readonly series: SeriesInfo;
  readonly firstBucket: bigint;
  readonly bucketCount: number;
}

export interface AggregateScanStats {
  readonly seriesMatched: number;
  readonly chunksConsidered: number;
  readonly chunksPruned: number;
  /** Chunks decoded to points (straddling the range or a bucket edge the kernel cannot take, overlapping others, NaN or nulls). */
  readonly chunksDecoded: number;
  /** Chunks answered from their header's pre-aggregates alone (wholly inside the range and one bucket). */
  readonly chunksFromHeaders: number;
  /** Chunks aggregated by the kernel's fused decode + bucket pass, never materialised as points. */
  readonly chunksInKernel: number;
  readonly bytesRead: number;
  /** Points the aggregates covered, however they were answered. */
  readonly rowsCovered: number;
}

export interface AggregateScanResult {
  /** Null when the buckets would be too sparse to hold densely (a tiny width over a long range): the caller aggregates points instead. */
  readonly series: readonly SeriesAggregate[] | null;
  /** The groups' partials when the request's grouping was followed (series then empty). */
  readonly groups?: readonly GroupAggregate[];
  readonly stats: AggregateScanStats;
}

/**
 * Answers a bucketed aggregate per series without materialising points where it can: a chunk
 * that stands alone (no other data of its series overlaps it), lies wholly inside the range and
 * wholly inside one bucket is answered from its header; any other standalone chunk goes through
 * the kernel's range pass (times decoded once, the rows in the range reduced per bucket and
 * column); everything else (overlapping chunks, the head, nulls) is decoded and merged as a scan
 * would, then bucketed in one pass.
 */
export async function aggregateTable(
  table: TableState,
  req: AggregateScanRequest,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
): Promise<AggregateScanResult> {
  const from = req.timeRange?.from ?? MIN;
  const to = req.timeRange?.to ?? MAX;
  const series = selectSeries(table, req.seriesFilter, req.measures);
  const top = req.topBuckets;
  if (!top || req.bucketWidth === null || top.count <= 0)
    return aggregateSeries(series, req, from, to, cfg, readMagnetic, req.grouping, table);
  return aggregateTopBuckets(series, req, req.bucketWidth, top, from, to, cfg, readMagnetic);
}

/**
 * The newest (or oldest) `top.count` buckets holding data, complete, and possibly some more: a
 * window of whole buckets at the end of the data in range is aggregated; while it holds fewer
 * non-empty buckets (over all series) than asked and the range goes on, the window grows four-fold
 * and is aggregated again. Chunks wholly outside the window are never read.
 */
async function aggregateTopBuckets(
  series: readonly Series[],
  req: AggregateScanRequest,
  width: bigint,
  top: { readonly count: number; readonly newest: boolean },
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
): Promise<AggregateScanResult> {
  // Where the data in range ends (newest) or starts (oldest), from chunk headers and the head: a
  // bound, exact enough to place the first window (a wrong guess only costs another round).
  // Each series' extent is already clamped to the range: its high (low) is the latest (earliest) clamped piece bound.
  let edge: bigint | null = null;
  const uncounted = { considered: 0, pruned: 0 };
  for (const s of series) {
    const extent = seriesExtent(s, from, to, uncounted);
    if (extent.pieces === 0) continue;
    const t = top.newest ? extent.high : extent.low;
    if (edge === null || (top.newest ? t > edge : t < edge)) edge = t;
  }
  if (edge === null) return aggregateSeries(series, req, from, to, cfg, readMagnetic);
  const edgeBucket = floorDiv(edge, width);
  let span = BigInt(top.count);
  let total: AggregateScanStats | null = null;
  for (;;) {
    // Whole buckets only: the window's far end sits on a bucket boundary (or the range's own end).
    const cut = top.newest ? (edgeBucket - span + 1n) * width : (edgeBucket + span) * width;
    const low = top.newest ? (cut > from ? cut : from) : from;
    const high = top.newest ? to : cut < to ? cut : to;
    const result = await aggregateSeries(series, req, low, high, cfg, readMagnetic);
    total = total === null ? result.stats : addStats(total, result.stats);
    const whole = top.newest ? low === from : high === to;
    if (whole || result.series === null || nonEmptyBuckets(result.series) >= top.count || req.signal?.aborted)
      return { series: result.series, stats: total };
    span *= 4n;
  }
}

/** How many bucket numbers hold rows in at least one series. */
function nonEmptyBuckets(series: readonly SeriesAggregate[]): number {
  const seen = new Set<bigint>();
  for (const s of series) for (let b = 0; b < s.bucketCount; b++) if ((s.rows[b] as number) > 0) seen.add(s.firstBucket + BigInt(b));
  return seen.size;
}

function addStats(a: AggregateScanStats, b: AggregateScanStats): AggregateScanStats {
  return {
    seriesMatched: b.seriesMatched,
    chunksConsidered: a.chunksConsidered + b.chunksConsidered,
    chunksPruned: a.chunksPruned + b.chunksPruned,
    chunksDecoded: a.chunksDecoded + b.chunksDecoded,
    chunksFromHeaders: a.chunksFromHeaders + b.chunksFromHeaders,
    chunksInKernel: a.chunksInKernel + b.chunksInKernel,
    bytesRead: a.bytesRead + b.bytesRead,
    rowsCovered: a.rowsCovered + b.rowsCovered,
  };
}

/** What the kernel's range pass computes, by whether min/max and edge values are wanted (one object each, shared). */
const RANGE_WANTS: readonly RangeWants[] = [
  { minMax: false, edges: false },
  { minMax: true, edges: false },
  { minMax: false, edges: true },
  { minMax: true, edges: true },
];

/** The per-series buckets of the rows in [from, to) (see aggregateTable). */
async function aggregateSeries(
  series: readonly Series[],
  req: AggregateScanRequest,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
  grouping?: AggregateScanRequest['grouping'],
  table?: TableState,
): Promise<AggregateScanResult> {
  const counts = { considered: 0, pruned: 0 };
  const width = req.bucketWidth;
  const edges = req.edges === true;
  // What the kernel's range pass computes for this request.
  const wants = RANGE_WANTS[(req.minMax !== false ? 1 : 0) + (edges ? 2 : 0)] as RangeWants;
  // Each series' data in range and its buckets, before any is read.
  const names = canonicalNames(req.columns);
  const shapes: SeriesShape[] = [];
  // Bounds kept from an earlier query over these series with no chunk changed since (see kept-extents.ts).
  const bounds = table ? keptExtents(table, series) : null;
  const plans = bounds ? bounds.plans(names, seriesPlan) : null;
  if (!bounds) prefetchExtents(series);
  // Most series' data fills the range alike (the same low and high): their bucket numbers are the previous series'
  // (BigInt divisions allocate, a few per series).
  let known = false;
  let lastLow = 0n;
  let lastHigh = 0n;
  let lastFirst = 0n;
  let lastSpan = 1;
  for (let i = 0; i < series.length; i++) {
    if (req.signal?.aborted) break;
    const s = series[i] as Series;
    const extent = bounds ? bounds.extent(i, from, to, counts) : seriesExtent(s, from, to, counts);
    if (extent.pieces === 0) continue;
    let firstBucket = 0n;
    let span = 1;
    if (width !== null && known && extent.low === lastLow && extent.high === lastHigh) {
      firstBucket = lastFirst;
      span = lastSpan;
    } else if (width !== null) {
      firstBucket = floorDiv(extent.low, width);
      // As a double: exact for any span worth holding, and past 2^53 still far above the limit.
      span = Number(floorDiv(extent.high, width) - firstBucket) + 1;
      known = true;
      lastLow = extent.low;
      lastHigh = extent.high;
      lastFirst = firstBucket;
      lastSpan = span;
    }
    if (span > extent.points * 4 + 4096) return { series: null, stats: emptyStats(series.length) };
    shapes.push({ series: s, extent, plan: plans ? (plans[i] as SeriesPlan) : seriesPlan(s, names), firstBucket, bucketCount: span });
  }
  // The query's groups merged as the kernel aggregates their series, when it says how they group and all can go.
  // Batches may be kept for the next query of this shape (see aggregate-kept.ts).
  // Every series of a kept selection (with its kept plans): later passes may know them again by these lists alone.
  const selection = shapes.length === series.length && Object.isFrozen(series) ? series : null;
  const whole = selection !== null && plans !== null ? { series: selection, plans } : undefined;
  const kept = table ? { table, names, ...(whole ? { whole } : {}) } : undefined;
  const groups =
    grouping && shapes.length > 0 && !req.signal?.aborted
      ? groupedAnswer(shapes, seriesInfos(selection, shapes), grouping, req, from, to, cfg, wants, kept)
      : null;
  if (groups) {
    const stats = {
      seriesMatched: series.length,
      chunksConsidered: counts.considered,
      chunksPruned: counts.pruned,
      chunksDecoded: 0,
      chunksFromHeaders: 0,
      chunksInKernel: groups.chunks,
      bytesRead: groups.bytesRead,
      rowsCovered: groups.groups.reduce((n, g) => n + rowsIn(g), 0),
    };
    return { series: [], groups: groups.groups, stats };
  }
  // The series wholly answered by the kernel's range pass, in one batch; the others one by one.
  const batch = aggregateBatch(shapes, width, req.columns.length, from, to, cfg, wants, req.signal, req.release, kept);
  const totals = { decoded: 0, fromHeaders: 0, inKernel: batch?.chunks ?? 0, bytesRead: batch?.bytesRead ?? 0 };
  const out: SeriesAggregate[] = [];
  let rowsCovered = 0;
  for (let i = 0; i < shapes.length; i++) {
    if (req.signal?.aborted) break;
    const shape = shapes[i] as SeriesShape;
    const s = shape.series;
    let buckets = batch?.buckets[i] ?? null;
    if (buckets) {
      // Its chunks are in; the head, when in range, overlaps none of them.
      const extent = shape.extent;
      if (extent.headEnd > 0) addHead(buckets, s, extent.headStart, extent.headEnd, shape.plan, shape.plan.slots);
    } else {
      buckets = new Buckets(width, req.columns.length, shape.firstBucket, shape.bucketCount, edges, undefined, wants.minMax);
      const pending = magneticPieces(buckets, shape, from, to, readMagnetic, totals);
      sealedAndHead(buckets, shape, from, to, cfg, wants, totals, pending === null ? null : await pending);
    }
    rowsCovered += rowsIn(buckets);
    out.push(new SeriesBuckets(s.toInfo(), shape.firstBucket, buckets));
  }
  return {
    series: out,
    stats: {
      seriesMatched: series.length,
      chunksConsidered: counts.considered,
      chunksPruned: counts.pruned,
      chunksDecoded: totals.decoded,
      chunksFromHeaders: totals.fromHeaders,
      chunksInKernel: totals.inKernel,
      bytesRead: totals.bytesRead,
      rowsCovered,
    },
  };
}

/** The groups' answer (see aggregateGroups), or null when the grouping is not given or cannot be followed. */
function groupedAnswer(
  shapes: readonly SeriesShape[],
  infos: readonly SeriesInfo[],
  grouping: NonNullable<AggregateScanRequest['grouping']>,
  req: AggregateScanRequest,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  wants: RangeWants,
  kept: KeptScan | undefined,
): GroupsAnswer | null {
  if (wants.edges || !cfg.codec.aggregateRanges) return null;
  const told = grouping(infos);
  return told === null ? null : aggregateGroups(shapes, told, req.bucketWidth, from, to, cfg, wants, req.release, kept);
}

/**
 * The infos of the shapes' series, told to a grouping. When the shapes are a kept selection, every series in order
 * (`selection`, else null), the list made for it is kept while no chunk list or column changed (an info lists its
 * series' columns): the same frozen list each time, so the grouping may know it again by identity instead of reading
 * every info. Selections are kept lists while no series is added or removed (see selectSeries).
 */
const keptInfos = new WeakMap<readonly Series[], { readonly revision: number; readonly infos: readonly SeriesInfo[] }>();

function seriesInfos(selection: readonly Series[] | null, shapes: readonly SeriesShape[]): readonly SeriesInfo[] {
  const known = selection !== null ? keptInfos.get(selection) : undefined;
  const revision = chunkRevision();
  if (known !== undefined && known.revision === revision) return known.infos;
  const infos = Object.freeze(shapes.map((s) => s.series.toInfo()));
  if (selection !== null) keptInfos.set(selection, { revision, infos });
  return infos;
}

/** The rows the buckets hold, read through the block: the named views are made only if a consumer asks for them. */
function rowsIn(buckets: Buckets): number {
  const { f64, rowsAt } = buckets;
  let rows = 0;
  for (let b = 0; b < buckets.bucketCount; b++) rows += f64[rowsAt + b] as number;
  return rows;
}

/** A series' answer: its buckets' arrays, made on first use (a consumer reading the block makes none). */
class SeriesBuckets implements SeriesAggregate {
  readonly bucketCount: number;
  constructor(
    readonly series: SeriesInfo,
    readonly firstBucket: bigint,
    private readonly buckets: Buckets,
  ) {
    this.bucketCount = buckets.bucketCount;
  }
  get block(): PartialsBlock {
    return this.buckets;
  }
  get rows(): Float64Array {
    return this.buckets.rows;
  }
  get timeMin(): BigInt64Array {
    return this.buckets.timeMin;
  }
  get timeMax(): BigInt64Array {
    return this.buckets.timeMax;
  }
  get count(): Float64Array {
    return this.buckets.count;
  }
  get sum(): Float64Array {
    return this.buckets.sum;
  }
  get min(): Float64Array {
    return this.buckets.min;
  }
  get max(): Float64Array {
    return this.buckets.max;
  }
  get nan(): Uint8Array {
    return this.buckets.nan;
  }
  get first(): Float64Array {
    return this.buckets.first;
  }
  get firstValid(): Uint8Array {
    return this.buckets.firstValid;
  }
  get last(): Float64Array {
    return this.buckets.last;
  }
  get lastValid(): Uint8Array {
    return this.buckets.lastValid;
  }
}

/** What the one-by-one path did, added up over series. */
interface SeriesTotals {
  decoded: number;
  fromHeaders: number;
  inKernel: number;
  bytesRead: number;
}

/** Decoded chunks of one series: those that stand alone (no merge needed) and pieces to merge; null until needed. */
interface DecodedPieces {
  alone: DecodedChunk[] | null;
  merged: Piece[] | null;
}

/**
 * The series' magnetic chunks in range: those their headers answer go into its buckets; the others
 * are read and decoded, as a promise of the decoded pieces. Null when nothing is to be read (most
 * series: then no promise, no turn of the event loop per series).
 */
function magneticPieces(
  buckets: Buckets,
  shape: SeriesShape,
  from: bigint,
  to: bigint,
  readMagnetic: MagneticReader | null,
  totals: SeriesTotals,
): Promise<DecodedPieces> | null {
  const { series: s, extent, plan } = shape;
  if (s.magnetic.length === 0) return null;
  const magneticToRead: MagneticRef[] = [];
  const magneticAlone: boolean[] = [];
  for (const r of s.magnetic) {
    // The raw header: its version column is never among the wanted ones, so nothing here sees it.
    const header = r.header;
    if (!overlaps(header, from, to)) continue;
    const isAlone = standsAlone(s, extent, from, to, header.timeMin, header.timeMax);
    if (isAlone && headerAnswers(buckets.width, header, from, to) && headerColumnsUsable(header, plan)) {
      addHeader(buckets, header, plan);
      totals.fromHeaders++;
      continue;
    }
    magneticToRead.push(r);
    magneticAlone.push(isAlone);
  }
  if (magneticToRead.length === 0 || !readMagnetic) return null;
  return readMagnetic(s, magneticToRead).then((decoded) => {
    const pieces: DecodedPieces = { alone: null, merged: null };
    for (const [i, d] of decoded.entries()) {
      if (magneticAlone[i]) pieces.alone = pushed(pieces.alone, d);
      else pieces.merged = pushed(pieces.merged, pieceOf(d, plan.wanted, from, to, 0));
      totals.bytesRead += magneticToRead[i]?.byteLength ?? 0;
    }
    totals.decoded += decoded.length;
    return pieces;
  });
}

/**
 * The rest of one series into its buckets, after its magnetic chunks (`pieces`: those decoded):
 * sealed chunks answered from their headers, by the kernel's range pass one at a time, or decoded
 * (and merged where they overlap), then the head.
 */
function sealedAndHead(
  buckets: Buckets,
  shape: SeriesShape,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  wants: RangeWants,
  totals: SeriesTotals,
  pieces: DecodedPieces | null,
): void {
  const { series: s, extent, plan } = shape;
  const width = buckets.width;
  let alone = pieces?.alone ?? null;
  let merged = pieces?.merged ?? null;
  for (const c of s.sealed) {
    const header = c.header;
    if (!overlaps(header, from, to)) continue;
    const isAlone = standsAlone(s, extent, from, to, header.timeMin, header.timeMax);
    if (isAlone && headerAnswers(width, header, from, to) && headerColumnsUsable(header, plan)) {
      addHeader(buckets, header, plan);
      totals.fromHeaders++;
      continue;
    }
    if (isAlone && addRangeInKernel(buckets, c.bytes, header, plan, cfg, from, to, wants)) {
      totals.inKernel++;
      totals.bytesRead += c.bytes.byteLength;
      continue;
    }
    // Only the aggregated columns are decoded (a MULTI series may hold many more).
    const decoded = cfg.cache.decodeColumns(c.bytes, plan.names, header.columns.length);
    if (isAlone) alone = pushed(alone, decoded);
    else merged = pushed(merged, pieceOf(decoded, plan.wanted, from, to, 1));
    totals.decoded++;
    totals.bytesRead += c.bytes.byteLength;
  }
  // A standalone chunk needs no merge: its own rows are the series' rows in its interval.
  if (alone)
    for (const d of alone) {
      const piece = pieceOf(d, plan.wanted, from, to, 0);
      addPoints(buckets, piece.times, piece.columns, plan.slots);
    }
  if (extent.headEnd > 0 && standsAlone(s, extent, from, to, extent.headLow, extent.headHigh)) {
    // The head overlaps no chunk: aggregate straight from its buffers, nothing copied.
    addHead(buckets, s, extent.headStart, extent.headEnd, plan, plan.slots);
  } else if (extent.headEnd > 0) merged = pushed(merged, headPiece(s, { start: extent.headStart, end: extent.headEnd }, plan.wanted));
  if (merged) {
    const batch = mergePieces(merged, plan.wanted);
    addPoints(buckets, batch.times, batch.columns, plan.slots);
  }
}

/** `list` with `item` added, made on first use (most series need neither list). */
function pushed<T>(list: T[] | null, item: T): T[] {
  if (list === null) return [item];
  list.push(item);
  return list;
}

function emptyStats(seriesMatched: number): AggregateScanStats {
  return {
    seriesMatched,
    chunksConsidered: 0,
    chunksPruned: 0,
    chunksDecoded: 0,
    chunksFromHeaders: 0,
    chunksInKernel: 0,
    bytesRead: 0,
    rowsCovered: 0,
  };
}

/**
 * One array per distinct list of column names (a series' kept plan is then known by the list's identity,
 * without reading its names). Cleared past CANONICAL_KEPT lists.
 */
const canonical = new Map<string, readonly string[]>();
const CANONICAL_KEPT = 256;

function canonicalNames(columns: readonly string[]): readonly string[] {
  const key = columns.join('\u0000');
  const known = canonical.get(key);
  // Checked name by name: a name holding the separator could make two lists one key.
  if (known !== undefined && sameItems(known, columns)) return known;
  if (canonical.size >= CANONICAL_KEPT) canonical.clear();
  const names = Object.freeze(columns.slice());
  canonical.set(key, names);
  return names;
}

/** The series' plan for `names` (canonical), reused while they and the series' columns are the same (columns are only ever added). */
function seriesPlan(s: Series, names: readonly string[]): SeriesPlan {
  const known = s.aggregatePlan;
  if (known && known.names === names && known.columnCount === s.columns.length) return known.plan;
  const plan = newSeriesPlan(s, names);
  s.aggregatePlan = { names, columnCount: s.columns.length, plan };
  return plan;
}

function newSeriesPlan(s: Series, columns: readonly string[]): SeriesPlan {
  const wanted: SeriesColumn[] = [];
  const slots: number[] = [];
  columns.forEach((name, slot) => {
    const i = s.columnIndex(name);
    const column = s.columns[i];
    if (i >= 0 && column && column.type === 'double') {
      wanted.push(column);
      slots.push(slot);
    }
  });
  return { wanted, slots: interned(slots), names: wanted.map((w) => w.name) };
}
