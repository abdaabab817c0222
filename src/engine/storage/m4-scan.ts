import { createM4Result, type Kernel, type M4Result, type M4Spec, m4ChunkBlocks, m4Values, withDecodedDouble } from '../../kernel/index.ts';
import { lowerBound } from './chunk-ops.ts';
import type { ChunkHeader } from './codec.ts';
import { lowerBoundIn, m4Rows, mergePixel, pixelIndexOf, pixelStartOf, type ValueBounds } from './m4-rows.ts';
import { SeriesM4Summary, seriesM4Summary } from './m4-summary.ts';
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
    /** Chunks crossing a pixel edge answered from their M4 block index (only the blocks cut decoded); not in chunksDecoded. */
    readonly chunksFromBlocks: number;
    /** Series whose chunks overlap in time (late writes), read through the merging scan instead. */
    readonly seriesMerged: number;
  };
}

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

/**
 * M4 pushed into the chunk scan, at a cost that follows the picture rather than the points: a
 * per-series summary of the chunk headers (SeriesM4Summary, kept across queries) finds, per pixel
 * column, the run of chunks lying wholly inside it by binary search and answers them from their
 * pre-aggregates (first, last, min, max) through prefix sums and sparse tables; only the chunks
 * crossing a pixel edge or the read range are decoded (times and the one column, inside the
 * kernel) and reduced per pixel run on the JavaScript side (m4Rows). A series whose chunks overlap
 * in the read range (late writes) goes through the ordinary merging scan, so shadowed points never
 * count.
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
  let fromBlocks = 0;
  let merged = 0;
  if (from >= to) return { series: out, stats: { chunksFromHeaders: 0, chunksDecoded: 0, chunksFromBlocks: 0, seriesMerged: 0 } };
  for (const s of selectSeries(table, req.seriesFilter, req.measures)) {
    const column = s.columns.find((c) => c.name === req.column);
    if (column?.type !== 'double') continue;
    const m4 = createM4Result(spec);
    let summary = seriesM4Summary(s, column.name);
    let sealed: readonly MemChunk[] = s.sealed;
    let magnetic: readonly MagneticRef[] = s.magnetic;
    if (summary.overlapping) {
      // Late writes overlap some chunks; the chunks of the read range may still be disjoint.
      const inRange = (h: ChunkHeader) => h.timeMax >= from && h.timeMin < to;
      sealed = s.sealed.filter((c) => inRange(c.header));
      magnetic = s.magnetic.filter((r) => inRange(r.header));
      summary = new SeriesM4Summary(sealed, magnetic, column.name);
    }
    const headStart = lowerBound(s.head.times, from, s.head.length);
    const headEnd = lowerBound(s.head.times, to, s.head.length);
    const i0 = summary.firstEndingAtOrAfter(from);
    const i1 = Math.max(i0, summary.firstStartingAtOrAfter(to));
    if (summary.overlapping || (headEnd > headStart && headOverlaps(summary, i0, i1, s.head.times, headStart, headEnd))) {
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
    const edges = i1 > i0 ? answerFromSummary(summary, m4, i0, i1, from, to) : { fromHeaders: 0, edges: [] };
    fromHeaders += edges.fromHeaders;
    if (headEnd > headStart) {
      const slice = s.head.slice(headStart, headEnd);
      const c = slice.columns[s.columnIndex(column.name)];
      if (c?.type === 'double') reduceRows(kernel, m4, slice.times, c.values, c.validity, from, to, undefined);
    }
    const toRead: MagneticRef[] = [];
    const readBounds: (ValueBounds | undefined)[] = [];
    for (const i of edges.edges) {
      const chunk = summary.chunkAt(i, sealed, magnetic);
      const header = chunk.kind === 'sealed' ? chunk.chunk.header : chunk.ref.header;
      if (!header.columns.some((c) => c.name === column.name)) {
        fromHeaders++; // null throughout: nothing to draw
        continue;
      }
      const bounds = summary.boundsOf(i);
      if (chunk.kind === 'magnetic') {
        decoded++;
        toRead.push(chunk.ref);
        readBounds.push(bounds);
      }
      // From the chunk's block index when it has one (only the blocks a pixel edge cuts are decoded);
      // else decoded inside the kernel and reduced per pixel run straight from kernel memory.
      else if (m4ChunkBlocks(kernel, chunk.chunk.bytes, header, column.name, from, to, m4)) fromBlocks++;
      else if (header.columns.some((c) => c.name === column.name && c.type === 'double')) {
        decoded++;
        withDecodedDouble(kernel, chunk.chunk.bytes, column.name, (t, v, valid) => reduceRows(kernel, m4, t, v, valid, from, to, bounds));
      }
    }
    if (toRead.length > 0) {
      for (const [k, d] of (await readMagnetic(s, toRead)).entries()) {
        const c = d.columns.find((x) => x.name === column.name);
        if (c?.type === 'double') reduceRows(kernel, m4, d.times, c.values, c.validity, from, to, readBounds[k]);
      }
    }
    out.push({ series: s.toInfo(), m4 });
  }
  return {
    series: out,
    stats: { chunksFromHeaders: fromHeaders, chunksDecoded: decoded, chunksFromBlocks: fromBlocks, seriesMerged: merged },
  };
}

/** Below this many rows per pixel column, the kernel's per-row M4 beats cutting the rows into per-pixel runs. */
const ROWS_PER_PIXEL_FOR_RUNS = 32;

/**
 * Sorted rows into `m4`: cut into per-pixel runs (m4Rows) when the pixels hold many rows each, else
 * through the kernel's per-row M4 (sparse rows: a run per row would cost more than the row).
 */
function reduceRows(
  kernel: Kernel,
  m4: M4Result,
  times: BigInt64Array,
  values: Float64Array,
  validity: Uint8Array | undefined,
  from: bigint,
  to: bigint,
  bounds: ValueBounds | undefined,
): void {
  const { spec } = m4;
  const lo = maxBig(from, spec.from);
  const hi = minBig(to, spec.to);
  const n = times.length;
  const a = lowerBoundIn(times, lo, 0, n);
  const b = lowerBoundIn(times, hi, a, n);
  if (b <= a) return;
  const spanned = pixelIndexOf(spec, times[b - 1] as bigint) - pixelIndexOf(spec, times[a] as bigint) + 1;
  if ((b - a) / spanned >= ROWS_PER_PIXEL_FOR_RUNS) m4Rows(m4, times, values, validity, lo, hi, bounds);
  // Copies first: the rows may be views on kernel memory, which the kernel call may grow (detaching them).
  else m4Values(kernel, times.slice(a, b), values.slice(a, b), validity?.slice(a, b), spec, m4);
}

/** True when the head's rows [start, end) overlap a chunk of [i0, i1) in time. */
function headOverlaps(summary: SeriesM4Summary, i0: number, i1: number, times: BigInt64Array, start: number, end: number): boolean {
  const k = summary.firstEndingAtOrAfter(times[start] as bigint, i0);
  return k < i1 && (summary.timeMin[k] as bigint) <= (times[end - 1] as bigint);
}

/**
 * Walks the pixel columns over chunks [i0, i1) (disjoint, in time order): the chunks lying wholly
 * inside a column and the read range go into `m4` from the summary; returns how many, and the
 * chunks that must be decoded (crossing a pixel edge or the range's ends, or not answerable).
 */
function answerFromSummary(
  summary: SeriesM4Summary,
  m4: M4Result,
  i0: number,
  i1: number,
  from: bigint,
  to: bigint,
): { fromHeaders: number; edges: number[] } {
  const { spec } = m4;
  const edges: number[] = [];
  let fromHeaders = 0;
  const lastPixel = pixelIndexOf(spec, minBig(to - 1n, summary.timeMax[i1 - 1] as bigint));
  if ((summary.timeMin[i0] as bigint) < from) edges.push(i0);
  let k = i0;
  let p = pixelIndexOf(spec, maxBig(from, summary.timeMin[i0] as bigint));
  while (p <= lastPixel && k < i1) {
    const lo = maxBig(from, pixelStartOf(spec, p));
    const hi = minBig(to, p + 1 < spec.pixels ? pixelStartOf(spec, p + 1) : spec.to);
    const a = summary.firstStartingAtOrAfter(lo, k);
    const b = Math.min(i1, summary.firstEndingAtOrAfter(hi, a));
    if (b > a) {
      fromHeaders += b - a;
      addRun(summary, m4, p, a, b);
      if (summary.anyUnanswerable) {
        for (let i = a; i < b; i++) {
          if (summary.answerable[i] === 0) {
            fromHeaders--;
            edges.push(i);
          }
        }
      }
    }
    // The chunk holding the column's end boundary (if any) crosses into the next column or out of the range.
    if (b < i1 && (summary.timeMin[b] as bigint) < hi && edges[edges.length - 1] !== b) edges.push(b);
    k = b;
    // Jump over columns without chunks.
    const next = k < i1 ? pixelIndexOf(spec, maxBig(from, summary.timeMin[k] as bigint)) : lastPixel + 1;
    p = Math.max(p + 1, next);
  }
  edges.sort((x, y) => x - y);
  return { fromHeaders, edges: edges.filter((e, i) => i === 0 || edges[i - 1] !== e) };
}

/** Adds chunks [a, b), all inside pixel `p`, from the summary. */
function addRun(summary: SeriesM4Summary, m4: M4Result, p: number, a: number, b: number): void {
  const count = summary.countIn(a, b);
  if (count <= 0) return;
  const f = summary.firstWithValues(a, b);
  const l = summary.lastWithValues(a, b);
  const lo = summary.minChunk(a, b);
  const hi = summary.maxChunk(a, b);
  // The header does not say when the extremes happened; the chunk lies in this one pixel, so its
  // middle time draws them in the right column.
  const mid = (i: number) => (summary.timeMin[i] as bigint) + ((summary.timeMax[i] as bigint) - (summary.timeMin[i] as bigint)) / 2n;
  mergePixel(
    m4,
    p,
    count,
    summary.firstTime[f] as bigint,
    summary.first[f] as number,
    summary.lastTime[l] as bigint,
    summary.last[l] as number,
    lo < 0 ? Number.NaN : (summary.min[lo] as number),
    lo < 0 ? 0n : mid(lo),
    hi < 0 ? Number.NaN : (summary.max[hi] as number),
    hi < 0 ? 0n : mid(hi),
  );
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
