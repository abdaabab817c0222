import { BucketPartialArrays, type BucketPartials, copyTime, timeLess, timeWords } from '../model/bucket-partials.ts';
import { lowerBound } from './chunk-ops.ts';
import type { ChunkColumn, ColumnHeader as ChunkColumnHeader, ChunkHeader, DecodedChunk, RangeWants } from './codec.ts';
import { headPiece, headRangeOf, MAX, type MagneticReader, MIN, mergePieces, overlaps, type Piece, pieceOf } from './scan.ts';
import type { ScanColumn, SeriesFilter, TimeRange } from './scan-types.ts';
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
   * them (sum-only reductions of integer columns need no running values), and the answer's min/max are then unspecified.
   */
  readonly minMax?: boolean;
  /**
   * Only the `count` newest (or oldest) buckets holding data are needed (ORDER BY the bucket
   * LIMIT n): the answer holds at least those (when there are that many), every bucket it holds
   * is complete, and older (newer) buckets may be absent. Ignored without a bucket width.
   */
  readonly topBuckets?: { readonly count: number; readonly newest: boolean };
}

/**
 * One series' buckets, dense over bucket numbers firstBucket .. firstBucket + bucketCount - 1
 * (bucket k starts at k * width; with no width there is one bucket, number 0). Per bucket: rows
 * and time range; per bucket and requested column (index b * columns + c): count of present
 * values, their sum (NaN included), min and max (NaN skipped; `nan` says one was seen), and its
 * value at the bucket's first and last row (`firstValid`/`lastValid` 0: NULL there). A column the
 * series lacks has count 0. Buckets with rows 0 hold nothing.
 */
export interface SeriesAggregate extends BucketPartials {
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
  readonly stats: AggregateScanStats;
}

function floorDiv(a: bigint, b: bigint): bigint {
  // Times after 1970 and positive widths (the usual case): truncation is the floor, one division.
  if (a >= 0n && b > 0n) return a / b;
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Per-series work: the requested columns as this series has them (-1 = absent or not double). */
interface SeriesPlan {
  readonly wanted: SeriesColumn[];
  /** For each wanted column, its position in the request. */
  readonly slots: number[];
}

/** Dense per-bucket accumulators of one series. */
class Buckets extends BucketPartialArrays {
  /** Whether the last addRows moved its bucket's first / last row (the caller then sets the edge values). */
  newFirst = false;
  newLast = false;

  constructor(
    readonly width: bigint | null,
    readonly columns: number,
    readonly firstBucket: bigint,
    readonly bucketCount: number,
    edges: boolean,
  ) {
    super(bucketCount, columns, edges);
  }

  /** Bucket number of time t. */
  numberOf(t: bigint): bigint {
    return this.width === null ? 0n : floorDiv(t, this.width);
  }

  /** End (exclusive) of bucket number k. */
  endOf(k: bigint): bigint {
    return this.width === null ? MAX : (k + 1n) * this.width;
  }

  /** Adds rows to bucket number k; returns its index. */
  addRows(k: bigint, rows: number, timeMin: bigint, timeMax: bigint): number {
    const b = Number(k - this.firstBucket);
    this.rows[b]! += rows;
    this.newFirst = timeMin < this.timeMin[b]!;
    this.newLast = timeMax > this.timeMax[b]!;
    if (this.newFirst) this.timeMin[b] = timeMin;
    if (this.newLast) this.timeMax[b] = timeMax;
    return b;
  }

  /** After addRows: the value (null: undefined) at the new first / last row of bucket b for a requested column. */
  setEdges(b: number, slot: number, first: number | undefined, last: number | undefined): void {
    if (!this.edges) return;
    const i = b * this.columns + slot;
    if (this.newFirst) {
      this.first[i] = first ?? 0;
      this.firstValid[i] = first === undefined ? 0 : 1;
    }
    if (this.newLast) {
      this.last[i] = last ?? 0;
      this.lastValid[i] = last === undefined ? 0 : 1;
    }
  }

  /**
   * Adds the kernel range pass's n buckets (ChunkRangeAggregates' layout: `cells`, `times`, from
   * index `offset`) at bucket index b0: its column k feeds slot slots[k]; the other slots in `all` are NULL at every
   * row of this chunk. Does what addRows / setEdges / add do per bucket and column, in one loop.
   */
  addRanged(
    b0: number,
    n: number,
    cells: Float64Array,
    times: BigInt64Array,
    offset: number,
    slots: readonly number[],
    all: readonly number[],
    minMax: boolean,
  ): void {
    const columns = this.columns;
    const edges = this.edges;
    // Times compared and copied as 32-bit words: reading them as BigInts would allocate per read.
    const words = timeWords(times);
    const minWords = this.timeMinWords;
    const maxWords = this.timeMaxWords;
    for (let b = 0; b < n; b++) {
      const rows = cells[offset + b] as number;
      if (rows === 0) continue;
      const at = b0 + b;
      let newFirst = true;
      let newLast = true;
      const first = offset + n + b;
      const last = offset + 2 * n + b;
      if (this.rows[at] === 0) {
        copyTime(words, first, minWords, at);
        copyTime(words, last, maxWords, at);
      } else {
        newFirst = timeLess(words, first, minWords, at);
        newLast = timeLess(maxWords, at, words, last);
        if (newFirst) copyTime(words, first, minWords, at);
        if (newLast) copyTime(words, last, maxWords, at);
      }
      this.rows[at]! += rows;
      if (edges && slots.length < all.length) {
        // Columns this chunk lacks are NULL at every row, the edges included.
        for (const slot of all) {
          const i = at * columns + slot;
          if (newFirst) this.firstValid[i] = 0;
          if (newLast) this.lastValid[i] = 0;
        }
      }
      for (let k = 0; k < slots.length; k++) {
        const o = offset + 3 * n + k * 6 * n + b;
        const i = at * columns + (slots[k] as number);
        if (edges) {
          if (newFirst) {
            this.first[i] = cells[o + 3 * n] as number;
            this.firstValid[i] = 1;
          }
          if (newLast) {
            this.last[i] = cells[o + 4 * n] as number;
            this.lastValid[i] = 1;
          }
        }
        this.count[i]! += rows;
        this.sum[i]! += cells[o] as number;
        // Without min/max asked for, the pass left those cells unspecified (and so they stay here).
        if (minMax) {
          const min = cells[o + n] as number;
          const max = cells[o + 2 * n] as number;
          if (min < (this.min[i] as number)) this.min[i] = min;
          if (max > (this.max[i] as number)) this.max[i] = max;
        }
        if (cells[o + 5 * n] === 1) this.nan[i] = 1;
      }
    }
  }

  add(b: number, slot: number, count: number, sum: number, min: number, max: number, nan: boolean): void {
    if (count === 0) return;
    const i = b * this.columns + slot;
    this.count[i]! += count;
    this.sum[i]! += sum;
    if (min < this.min[i]!) this.min[i] = min;
    if (max > this.max[i]!) this.max[i] = max;
    if (nan) this.nan[i] = 1;
  }
}

/** Adds sorted points (one row per time) bucket by bucket: a binary search per bucket, a tight loop per column. */
function addPoints(
  buckets: Buckets,
  times: BigInt64Array,
  columns: readonly (ChunkColumn | ScanColumn | undefined)[],
  slots: readonly number[],
): void {
  const n = times.length;
  let i = 0;
  while (i < n) {
    const k = buckets.numberOf(times[i] as bigint);
    const end = buckets.endOf(k);
    const j = end === MAX ? n : lowerBound(times, end);
    const b = buckets.addRows(k, j - i, times[i] as bigint, times[j - 1] as bigint);
    for (let c = 0; c < slots.length; c++) {
      const column = columns[c];
      if (column?.type !== 'double') {
        buckets.setEdges(b, slots[c] as number, undefined, undefined);
        continue;
      }
      const at = (r: number) => (column.validity && column.validity[r] === 0 ? undefined : (column.values[r] as number));
      buckets.setEdges(b, slots[c] as number, at(i), at(j - 1));
      const values = column.values;
      const valid = column.validity;
      let count = 0;
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      let nan = false;
      for (let r = i; r < j; r++) {
        if (valid && valid[r] === 0) continue;
        const x = values[r] as number;
        count++;
        sum += x;
        if (x < min) min = x;
        if (x > max) max = x;
        if (Number.isNaN(x)) nan = true;
      }
      buckets.add(b, slots[c] as number, count, sum, min, max, nan);
    }
    i = j;
  }
}

/** Each chunk header's columns by name, built once per header (a header is immutable and lives as long as its chunk). */
const columnsByName = new WeakMap<ChunkHeader, ReadonlyMap<string, ChunkColumnHeader>>();

/** The header's column named `name` (a map lookup instead of a scan of the header's columns per wanted column). */
function headerColumn(header: ChunkHeader, name: string): ChunkColumnHeader | undefined {
  let byName = columnsByName.get(header);
  if (!byName) {
    byName = new Map(header.columns.map((c) => [c.name, c]));
    columnsByName.set(header, byName);
  }
  return byName.get(name);
}

/** Whether every wanted column's header stats can stand for its values (no NaN: min/max skip it and sum hides it). */
function headerColumnsUsable(header: ChunkHeader, plan: SeriesPlan): boolean {
  for (const w of plan.wanted) {
    const column = headerColumn(header, w.name);
    if (column?.type !== 'double') continue;
    if (column.stats && Number.isNaN(column.stats.sum)) return false;
  }
  return true;
}

function addHeader(buckets: Buckets, header: ChunkHeader, plan: SeriesPlan): void {
  const b = buckets.addRows(buckets.numberOf(header.timeMin), header.count, header.timeMin, header.timeMax);
  for (let c = 0; c < plan.wanted.length; c++) {
    const column = headerColumn(header, (plan.wanted[c] as SeriesColumn).name);
    if (column?.type !== 'double' || !column.stats) {
      buckets.setEdges(b, plan.slots[c] as number, undefined, undefined);
      continue;
    }
    const s = column.stats;
    // first/last in the header are of present values: the value at the first row only when that row has one.
    buckets.setEdges(
      b,
      plan.slots[c] as number,
      s.firstTime === header.timeMin ? s.first : undefined,
      s.lastTime === header.timeMax ? s.last : undefined,
    );
    buckets.add(b, plan.slots[c] as number, header.count - column.nullCount, s.sum, s.min, s.max, false);
  }
}

/** The wanted columns as one chunk hands them to the kernel's range pass (see kernelColumns). */
interface KernelColumns {
  /** The plan they were worked out for: its wanted column names and slots. */
  readonly wantedNames: readonly string[];
  readonly wantedSlots: readonly number[];
  /** The chunk's columns to aggregate (null: a wanted column is not a NULL-free double here, so the pass cannot take the chunk). */
  readonly names: readonly string[] | null;
  /** Each name's slot in the request. */
  readonly slots: readonly number[];
}

/** Per chunk header, the last KernelColumns worked out (a header is immutable and lives as long as its chunk). */
const kernelColumnsOf = new WeakMap<ChunkHeader, KernelColumns>();

/**
 * Which of the plan's columns the chunk holds (a column it lacks is NULL at every row) and whether
 * all are NULL-free doubles. Kept on the header for the next plan with the same columns (the same
 * query shape runs again and again): looking them up anew would touch a dozen header objects per
 * chunk, cold by then, as a scan streams through far more memory than the caches hold.
 */
function kernelColumns(header: ChunkHeader, plan: SeriesPlan): KernelColumns {
  const known = kernelColumnsOf.get(header);
  if (known && sameColumns(known, plan)) return known;
  const names: string[] = [];
  const slots: number[] = [];
  let usable = true;
  for (let c = 0; c < plan.wanted.length; c++) {
    const name = (plan.wanted[c] as SeriesColumn).name;
    const column = headerColumn(header, name);
    if (!column) continue; // all NULL in this chunk
    if (column.type !== 'double' || column.nullCount > 0) usable = false;
    names.push(name);
    slots.push(plan.slots[c] as number);
  }
  const entry = { wantedNames: plan.wanted.map((w) => w.name), wantedSlots: plan.slots.slice(), names: usable ? names : null, slots };
  kernelColumnsOf.set(header, entry);
  return entry;
}

function sameColumns(known: KernelColumns, plan: SeriesPlan): boolean {
  const n = plan.wanted.length;
  if (known.wantedNames.length !== n) return false;
  for (let c = 0; c < n; c++) {
    if (known.wantedNames[c] !== (plan.wanted[c] as SeriesColumn).name || known.wantedSlots[c] !== plan.slots[c]) return false;
  }
  return true;
}

/**
 * The kernel's range pass over one chunk no other data of its series overlaps: the rows in
 * [from, to) of every wanted column (which must hold no NULLs), the times decoded once, reduced
 * per bucket without materialising points. Returns false when the chunk does not qualify (the
 * caller decodes it instead).
 */
function addRangeInKernel(
  buckets: Buckets,
  bytes: Uint8Array,
  header: ChunkHeader,
  plan: SeriesPlan,
  cfg: TierConfig,
  from: bigint,
  to: bigint,
  wants: RangeWants,
): boolean {
  const aggregate = cfg.codec.aggregateRange;
  if (!aggregate || header.count === 0) return false;
  const low = from > header.timeMin ? from : header.timeMin;
  const high = to <= header.timeMax ? to - 1n : header.timeMax;
  if (high < low) return true; // no row in the range
  const width = buckets.width;
  const firstBucket = buckets.numberOf(low);
  const span = buckets.numberOf(high) - firstBucket + 1n;
  // Sparse data with a small width would make huge bucket arrays: decoding is cheaper then.
  if (span > BigInt(header.count) + 16n) return false;
  const bucketCount = Number(span);
  const { names, slots } = kernelColumns(header, plan);
  if (names === null) return false;
  // Without a width the one bucket spans the chunk's rows in the range.
  const spec =
    width === null
      ? { origin: low, width: high - low + 1n, firstBucket: 0n, bucketCount: 1 }
      : { origin: 0n, width, firstBucket, bucketCount };
  // Read at once (addRanged below), so the answer may share one buffer across chunks.
  const { cells, times, offset } = aggregate(bytes, names, spec, from, to, true, wants);
  buckets.addRanged(Number(firstBucket - buckets.firstBucket), bucketCount, cells, times, offset, slots, plan.slots, wants.minMax);
  return true;
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
  if (!top || req.bucketWidth === null || top.count <= 0) return aggregateSeries(series, req, from, to, cfg, readMagnetic);
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
  let edge: bigint | null = null;
  for (const s of series) {
    const head = headRangeOf(s, from, to);
    const bounds: [bigint, bigint][] = head ? [head.bounds] : [];
    for (const c of s.sealed) if (overlaps(c.header, from, to)) bounds.push([c.header.timeMin, c.header.timeMax]);
    for (const r of s.magnetic) if (overlaps(r.header, from, to)) bounds.push([r.header.timeMin, r.header.timeMax]);
    for (const [a, b] of bounds) {
      const t = top.newest ? (b >= to ? to - 1n : b) : a < from ? from : a;
      if (edge === null || (top.newest ? t > edge : t < edge)) edge = t;
    }
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

/** The per-series buckets of the rows in [from, to) (see aggregateTable). */
async function aggregateSeries(
  series: readonly Series[],
  req: AggregateScanRequest,
  from: bigint,
  to: bigint,
  cfg: TierConfig,
  readMagnetic: MagneticReader | null,
): Promise<AggregateScanResult> {
  const out: SeriesAggregate[] = [];
  let considered = 0;
  let pruned = 0;
  let decodedCount = 0;
  let fromHeaders = 0;
  let inKernel = 0;
  let bytesRead = 0;
  let rowsCovered = 0;
  for (const s of series) {
    if (req.signal?.aborted) break;
    const plan = seriesPlan(s, req.columns);
    const headRange = headRangeOf(s, from, to);
    const intervals: [bigint, bigint][] = [];
    if (headRange) intervals.push(headRange.bounds);
    const magnetic = s.magnetic.length === 0 ? s.magnetic : s.magnetic.filter((r) => overlaps(r.header, from, to));
    const sealed = s.sealed.filter((c) => overlaps(c.header, from, to));
    considered += s.magnetic.length + s.sealed.length;
    pruned += s.magnetic.length - magnetic.length + s.sealed.length - sealed.length;
    let points = headRange ? headRange.end - headRange.start : 0;
    for (const r of magnetic) {
      intervals.push([r.header.timeMin, r.header.timeMax]);
      points += r.header.count;
    }
    for (const c of sealed) {
      intervals.push([c.header.timeMin, c.header.timeMax]);
      points += c.header.count;
    }
    if (intervals.length === 0) continue;
    let low = MAX;
    let high = MIN;
    // Indexed, not destructured: destructuring a tuple runs the iterator protocol (an allocation per interval).
    for (const interval of intervals) {
      if (interval[0] < low) low = interval[0];
      if (interval[1] > high) high = interval[1];
    }
    if (low < from) low = from;
    if (high >= to) high = to - 1n;
    const width = req.bucketWidth;
    const firstBucket = width === null ? 0n : floorDiv(low, width);
    const span = width === null ? 1n : floorDiv(high, width) - firstBucket + 1n;
    if (span > BigInt(points) * 4n + 4096n) return { series: null, stats: emptyStats(series.length) };
    const buckets = new Buckets(width, req.columns.length, firstBucket, Number(span), req.edges === true);
    // What the kernel's range pass computes for this request.
    const wants: RangeWants = { minMax: req.minMax !== false, edges: buckets.edges };
    // A chunk no other data of the series overlaps: its own rows are the series' rows in its interval.
    const isolated = (h: ChunkHeader): boolean => overlapCount(intervals, h.timeMin, h.timeMax) === 1;
    const inside = (h: ChunkHeader): boolean => h.timeMin >= from && h.timeMax < to;
    const oneBucket = (h: ChunkHeader): boolean => buckets.numberOf(h.timeMin) === buckets.numberOf(h.timeMax);

    const merged: Piece[] = [];
    const alone: DecodedChunk[] = [];
    const magneticToRead: MagneticRef[] = [];
    const magneticAlone: boolean[] = [];
    for (const r of magnetic) {
      // The raw header: its version column is never among the wanted ones, so nothing here sees it.
      const header = r.header;
      const alone = isolated(header);
      if (alone && inside(header) && oneBucket(header) && headerColumnsUsable(header, plan)) {
        addHeader(buckets, header, plan);
        fromHeaders++;
        continue;
      }
      magneticToRead.push(r);
      magneticAlone.push(alone);
    }
    if (magneticToRead.length > 0 && readMagnetic) {
      const decoded = await readMagnetic(s, magneticToRead);
      for (const [i, d] of decoded.entries()) {
        if (magneticAlone[i]) alone.push(d);
        else merged.push(pieceOf(d, plan.wanted, from, to, 0));
        bytesRead += magneticToRead[i]?.byteLength ?? 0;
      }
      decodedCount += decoded.length;
    }
    for (const c of sealed) {
      const header = c.header;
      const isAlone = isolated(header);
      if (isAlone && inside(header) && oneBucket(header) && headerColumnsUsable(header, plan)) {
        addHeader(buckets, header, plan);
        fromHeaders++;
        continue;
      }
      if (isAlone && addRangeInKernel(buckets, c.bytes, header, plan, cfg, from, to, wants)) {
        inKernel++;
        bytesRead += c.bytes.byteLength;
        continue;
      }
      // Only the aggregated columns are decoded (a MULTI series may hold many more).
      const decoded = cfg.cache.decodeColumns(
        c.bytes,
        plan.wanted.map((w) => w.name),
        header.columns.length,
      );
      if (isAlone) alone.push(decoded);
      else merged.push(pieceOf(decoded, plan.wanted, from, to, 1));
      decodedCount++;
      bytesRead += c.bytes.byteLength;
    }
    // A standalone chunk needs no merge: its own rows are the series' rows in its interval.
    for (const d of alone) {
      const piece = pieceOf(d, plan.wanted, from, to, 0);
      addPoints(buckets, piece.times, piece.columns, plan.slots);
    }
    if (headRange && overlapCount(intervals, headRange.bounds[0], headRange.bounds[1]) === 1) {
      // The head overlaps no chunk: aggregate straight from its buffers, nothing copied.
      const { start, end } = headRange;
      const columns = plan.wanted.map((w) => {
        const c = s.head.columns[s.columnIndex(w.name)];
        if (c?.type !== 'double') return undefined;
        const values = (c.data as Float64Array).subarray(start, end);
        return c.validity
          ? { name: c.name, type: 'double' as const, values, validity: c.validity.subarray(start, end) }
          : { name: c.name, type: 'double' as const, values };
      });
      addPoints(buckets, s.head.times.subarray(start, end), columns, plan.slots);
    } else if (headRange) merged.push(headPiece(s, headRange, plan.wanted));
    if (merged.length > 0) {
      const batch = mergePieces(merged, plan.wanted);
      addPoints(buckets, batch.times, batch.columns, plan.slots);
    }
    for (let b = 0; b < buckets.bucketCount; b++) rowsCovered += buckets.rows[b]!;
    // Fields named one by one (no intermediate object to spread): one object per series.
    out.push({
      series: s.toInfo(),
      firstBucket,
      bucketCount: buckets.bucketCount,
      rows: buckets.rows,
      timeMin: buckets.timeMin,
      timeMax: buckets.timeMax,
      count: buckets.count,
      sum: buckets.sum,
      min: buckets.min,
      max: buckets.max,
      nan: buckets.nan,
      first: buckets.first,
      firstValid: buckets.firstValid,
      last: buckets.last,
      lastValid: buckets.lastValid,
    });
  }
  return {
    series: out,
    stats: {
      seriesMatched: series.length,
      chunksConsidered: considered,
      chunksPruned: pruned,
      chunksDecoded: decodedCount,
      chunksFromHeaders: fromHeaders,
      chunksInKernel: inKernel,
      bytesRead,
      rowsCovered,
    },
  };
}

/** How many of the intervals meet [low, high] (a count, without building the list). */
function overlapCount(intervals: readonly [bigint, bigint][], low: bigint, high: bigint): number {
  let count = 0;
  for (const interval of intervals) if (interval[1] >= low && interval[0] <= high) count++;
  return count;
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

/** Per series, the last plan worked out and for which column names (the same query shape asks again and again). */
const plans = new WeakMap<Series, { readonly names: readonly string[]; readonly columnCount: number; readonly plan: SeriesPlan }>();

/** The series' plan for `columns`, reused while the names and the series' columns are the same (columns are only ever added). */
function seriesPlan(s: Series, columns: readonly string[]): SeriesPlan {
  const known = plans.get(s);
  if (known && known.columnCount === s.columns.length && sameNames(known.names, columns)) return known.plan;
  const plan = newSeriesPlan(s, columns);
  plans.set(s, { names: columns.slice(), columnCount: s.columns.length, plan });
  return plan;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
  return { wanted, slots };
}
