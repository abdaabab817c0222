import { createM4Result, decodeChunk, type Kernel, M4Accumulator, type M4Result, type M4Spec, m4Values } from '../../kernel/index.ts';
import { lowerBound } from './chunk-ops.ts';
import type { ChunkHeader } from './codec.ts';
import { type MagneticReader, scanTable } from './scan.ts';
import type { SeriesFilter, TimeRange } from './scan-types.ts';
import { selectSeries } from './select-series.ts';
import type { MagneticRef, MemChunk, SeriesInfo } from './series.ts';
import type { TierConfig } from './series-ops.ts';
import type { TableState } from './table-state.ts';

/** An M4 scan: one double column of the selected series, drawn on the pixel grid `spec`, read over `timeRange`. */
export interface M4ScanRequest {
  readonly database: string;
  readonly table: string;
  readonly seriesFilter?: SeriesFilter;
  readonly measures?: readonly string[];
  /** The double column (`measure_value::double` or a MULTI attribute). */
  readonly column: string;
  readonly spec: M4Spec;
  /** Points outside it are left out (default: the grid's range). */
  readonly timeRange?: TimeRange;
}

/** One series' M4 arrays. Min/max of chunks answered from headers sit at the chunk's middle time (same pixel). */
export interface M4SeriesResult {
  readonly series: SeriesInfo;
  readonly m4: M4Result;
}

export interface M4ScanResult {
  readonly series: readonly M4SeriesResult[];
  readonly stats: {
    readonly chunksFromHeaders: number;
    readonly chunksDecoded: number;
    /** Series whose chunks overlap in time (late writes), read through the merging scan instead. */
    readonly seriesMerged: number;
  };
}

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

/**
 * M4 pushed into the chunk scan: a chunk lying wholly inside one pixel column (and the read
 * range) is summarised from its header's pre-aggregates (first, last, min, max) without decoding;
 * other chunks are decoded (times and the one column) and fed to the kernel's M4. A series whose
 * chunks overlap in time goes through the ordinary merging scan, so shadowed points never count.
 */
export async function m4ScanTable(
  table: TableState,
  req: M4ScanRequest,
  cfg: TierConfig,
  readMagnetic: MagneticReader,
  kernel: Kernel,
): Promise<M4ScanResult> {
  const { spec } = req;
  const from = maxBig(req.timeRange?.from ?? MIN, spec.from);
  const to = minBig(req.timeRange?.to ?? MAX, spec.to);
  const out: M4SeriesResult[] = [];
  let fromHeaders = 0;
  let decoded = 0;
  let merged = 0;
  if (from >= to) return { series: out, stats: { chunksFromHeaders: 0, chunksDecoded: 0, seriesMerged: 0 } };
  const span = spec.to - spec.from;
  const width = BigInt(spec.pixels);
  const pixelOf = (t: bigint): bigint => ((t - spec.from) * width) / span;
  for (const s of selectSeries(table, req.seriesFilter, req.measures)) {
    const column = s.columns.find((c) => c.name === req.column);
    if (column?.type !== 'double') continue;
    const m4 = createM4Result(spec);
    const inRange = (h: ChunkHeader) => h.timeMax >= from && h.timeMin < to;
    const magnetic = s.magnetic.filter((r) => inRange(r.header));
    const sealed = s.sealed.filter((c) => inRange(c.header));
    const headStart = lowerBound(s.head.times, from, s.head.length);
    const headEnd = lowerBound(s.head.times, to, s.head.length);
    const intervals: [bigint, bigint][] = [
      ...magnetic.map((r): [bigint, bigint] => [r.header.timeMin, r.header.timeMax]),
      ...sealed.map((c): [bigint, bigint] => [c.header.timeMin, c.header.timeMax]),
    ];
    if (headEnd > headStart) intervals.push([s.head.times[headStart] as bigint, s.head.times[headEnd - 1] as bigint]);
    if (overlapping(intervals)) {
      merged++;
      const scan = await scanTable(
        table,
        { database: req.database, table: req.table, timeRange: { from, to }, seriesFilter: { seriesIds: [s.id] }, columns: [column.name] },
        cfg,
        readMagnetic,
      );
      for (const batch of scan.batches) {
        const c = batch.columns[0];
        if (c?.type === 'double') m4Values(kernel, batch.times, c.values, c.validity, spec, m4);
      }
      out.push({ series: s.toInfo(), m4 });
      continue;
    }
    // Chunks answered from headers (and the head buffer) go into `m4` on the JavaScript side; decoded
    // chunks into an accumulator that keeps its pixel arrays in the kernel. The two merge at the end.
    /** Adds a chunk from its header when it lies in one pixel and the read range; false when it must be decoded. */
    const fromHeader = (header: ChunkHeader): boolean => {
      if (header.timeMin < from || header.timeMax >= to || pixelOf(header.timeMin) !== pixelOf(header.timeMax)) return false;
      const ch = header.columns.find((c) => c.name === column.name);
      if (!ch) return true; // the column is null throughout this chunk
      if (ch.type !== 'double') return false;
      if (ch.stats) addHeader(m4, Number(pixelOf(header.timeMin)), header, header.count - ch.nullCount, ch.stats);
      return true;
    };
    const toRead: MagneticRef[] = [];
    for (const r of magnetic) {
      if (fromHeader(r.header)) fromHeaders++;
      else toRead.push(r);
    }
    const toDecode: MemChunk[] = [];
    for (const c of sealed) {
      if (fromHeader(c.header)) fromHeaders++;
      else toDecode.push(c);
    }
    if (headEnd > headStart) {
      const slice = s.head.slice(headStart, headEnd);
      const c = slice.columns[s.columnIndex(column.name)];
      if (c?.type === 'double') m4Values(kernel, slice.times, c.values, c.validity, spec, m4);
    }
    if (toRead.length > 0 || toDecode.length > 0) {
      const magneticChunks = toRead.length > 0 ? await readMagnetic(s, toRead) : [];
      const accumulator = new M4Accumulator(kernel, spec);
      try {
        for (const d of magneticChunks) {
          decoded++;
          const c = d.columns.find((x) => x.name === column.name);
          if (c?.type === 'double') addSlice(accumulator, d.times, c.values, c.validity, from, to);
        }
        for (const c of toDecode) {
          decoded++;
          addSealed(kernel, accumulator, c, column.name, from, to);
        }
      } catch (error) {
        accumulator.dispose();
        throw error;
      }
      mergeM4(m4, accumulator.close());
    }
    out.push({ series: s.toInfo(), m4 });
  }
  return { series: out, stats: { chunksFromHeaders: fromHeaders, chunksDecoded: decoded, seriesMerged: merged } };
}

function overlapping(intervals: [bigint, bigint][]): boolean {
  intervals.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let i = 1; i < intervals.length; i++)
    if ((intervals[i - 1] as [bigint, bigint])[1] >= (intervals[i] as [bigint, bigint])[0]) return true;
  return false;
}

function addSealed(kernel: Kernel, accumulator: M4Accumulator, chunk: MemChunk, column: string, from: bigint, to: bigint): void {
  if (!chunk.header.columns.some((c) => c.name === column)) return;
  if (chunk.header.timeMin >= from && chunk.header.timeMax < to) {
    // Only the times and the one column are decoded, inside the kernel, straight into its M4.
    accumulator.addChunk(chunk.bytes, column);
    return;
  }
  // A chunk cut by the read range: decode it and feed the rows inside.
  const decoded = decodeChunk(kernel, chunk.bytes, { columns: [column] });
  const c = decoded.columns.find((x) => x.name === column);
  if (c?.type === 'double') addSlice(accumulator, decoded.times, c.values, c.validity, from, to);
}

/** Rows of sorted times in [from, to) into the accumulator. */
function addSlice(
  accumulator: M4Accumulator,
  times: BigInt64Array,
  values: Float64Array,
  validity: Uint8Array | undefined,
  from: bigint,
  to: bigint,
): void {
  const start = lowerBound(times, from);
  const end = lowerBound(times, to);
  if (end <= start) return;
  if (start === 0 && end === times.length) accumulator.addValues(times, values, validity);
  else accumulator.addValues(times.subarray(start, end), values.subarray(start, end), validity?.subarray(start, end));
}

/**
 * Merges M4 arrays of disjoint pieces of one series into `into`, as the kernel merges rows: the
 * earliest first, the latest last, the smallest min and largest max (NaN = none; ties keep the
 * earlier time).
 */
export function mergeM4(into: M4Result, other: M4Result): void {
  for (let p = 0; p < into.spec.pixels; p++) {
    const c = other.count[p] as number;
    if (c === 0) continue;
    const had = into.count[p] as number;
    into.count[p] = had + c;
    if (had === 0 || (other.firstTime[p] as bigint) < (into.firstTime[p] as bigint)) {
      into.first[p] = other.first[p] as number;
      into.firstTime[p] = other.firstTime[p] as bigint;
    }
    if (had === 0 || (other.lastTime[p] as bigint) >= (into.lastTime[p] as bigint)) {
      into.last[p] = other.last[p] as number;
      into.lastTime[p] = other.lastTime[p] as bigint;
    }
    const lo = other.min[p] as number;
    const cur = into.min[p] as number;
    if (
      !Number.isNaN(lo) &&
      (Number.isNaN(cur) || lo < cur || (lo === cur && (other.minTime[p] as bigint) < (into.minTime[p] as bigint)))
    ) {
      into.min[p] = lo;
      into.minTime[p] = other.minTime[p] as bigint;
    }
    const hi = other.max[p] as number;
    const curHi = into.max[p] as number;
    if (
      !Number.isNaN(hi) &&
      (Number.isNaN(curHi) || hi > curHi || (hi === curHi && (other.maxTime[p] as bigint) < (into.maxTime[p] as bigint)))
    ) {
      into.max[p] = hi;
      into.maxTime[p] = other.maxTime[p] as bigint;
    }
  }
}

/** Merges a chunk's pre-aggregates into pixel `p` as the kernel would merge its rows. */
function addHeader(
  m4: M4Result,
  p: number,
  header: ChunkHeader,
  count: number,
  stats: { min: number; max: number; first: number; last: number; firstTime: bigint; lastTime: bigint },
): void {
  if (count <= 0) return;
  const had = m4.count[p] as number;
  m4.count[p] = had + count;
  if (had === 0 || stats.firstTime < (m4.firstTime[p] as bigint)) {
    m4.first[p] = stats.first;
    m4.firstTime[p] = stats.firstTime;
  }
  if (had === 0 || stats.lastTime >= (m4.lastTime[p] as bigint)) {
    m4.last[p] = stats.last;
    m4.lastTime[p] = stats.lastTime;
  }
  // The header does not say when the extremes happened; the chunk lies in this one pixel, so its
  // middle time draws them in the right column.
  const mid = header.timeMin + (header.timeMax - header.timeMin) / 2n;
  if (!Number.isNaN(stats.min) && (Number.isNaN(m4.min[p] as number) || stats.min < (m4.min[p] as number))) {
    m4.min[p] = stats.min;
    m4.minTime[p] = mid;
  }
  if (!Number.isNaN(stats.max) && (Number.isNaN(m4.max[p] as number) || stats.max > (m4.max[p] as number))) {
    m4.max[p] = stats.max;
    m4.maxTime[p] = mid;
  }
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
