import type { BlockPartials, BucketPartials, PartialsBlock } from '../../../model/bucket-partials.ts';
import type { GroupAggregate, SeriesGrouping, SeriesKeys } from '../../../model/series-grouping.ts';
import type { SeriesPartials } from '../../catalog.ts';
import type { AggregatePushdown, PlanColumn } from '../../plan/plan-nodes.ts';
import { type SqlType, T } from '../../types/sql-type.ts';
import { compareValues } from '../../values/compare.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import { type Batch, BigIntVector, NumberVector, storageOf, ValueVector, type Vector, vectorFromValues } from '../../vector/index.ts';
import type { ExecutionContext } from '../execution-context.ts';
import { markOrdered } from '../ordered-vectors.ts';
import { type Feed, feedFor, GroupRun } from './group-run.ts';

const MAX = 2n ** 63n - 1n;

/** Which partial arrays a query's output reads besides rows, count, sum and the NaN flags (see arraysOf). */
interface PartialsRead {
  /** timeMin / timeMax: min or max of time. */
  readonly times: boolean;
  /** min / max of a value column. */
  readonly minMax: boolean;
  /** first / last values and their flags. */
  readonly edges: boolean;
}

const NO_TIMES = new BigInt64Array(0);
const NO_VALUES = new Float64Array(0);
const NO_FLAGS = new Uint8Array(0);

/**
 * The arrays the output reads as one plain object, the same shape for every group (the output loops read
 * them per row). Partials make each array on first use (see BucketPartialArrays): a query over many series
 * asks only for those it reads, the rest are empty, never read.
 */
function arraysOf(p: BucketPartials, read: PartialsRead): BucketPartials {
  return {
    rows: p.rows,
    timeMin: read.times ? p.timeMin : NO_TIMES,
    timeMax: read.times ? p.timeMax : NO_TIMES,
    count: p.count,
    sum: p.sum,
    min: read.minMax ? p.min : NO_VALUES,
    max: read.minMax ? p.max : NO_VALUES,
    nan: p.nan,
    first: read.edges ? p.first : NO_VALUES,
    firstValid: read.edges ? p.firstValid : NO_FLAGS,
    last: read.edges ? p.last : NO_VALUES,
    lastValid: read.edges ? p.lastValid : NO_FLAGS,
  };
}

/**
 * A group's buckets (a GroupRun or a lone series' partials): query bucket b is its bucket b - offset,
 * slot s of bucket l at l * stride + slotAt[s]. Loops read the block; result() the arrays, made once.
 */
class GroupView {
  readonly block: PartialsBlock;
  private named: BucketPartials | null = null;
  constructor(
    readonly keys: readonly (string | null)[],
    private readonly partials: BlockPartials,
    readonly offset: number,
    readonly bucketCount: number,
    readonly stride: number,
    readonly slotAt: readonly number[],
  ) {
    this.block = partials.block;
  }

  arrays(read: PartialsRead): BucketPartials {
    this.named ??= arraysOf(this.partials, read);
    return this.named;
  }
}

/**
 * Runs an aggregate the storage answers per series and bucket (AggregatePushdown), merging the
 * series' buckets into the query's groups. Returns one batch of the aggregate's output columns
 * [keys..., aggregates...] with the hash aggregate's values, or null when the catalog cannot
 * answer (the caller runs the plain aggregate).
 */
export async function pushedAggregateBatch(
  pushdown: AggregatePushdown,
  output: readonly PlanColumn[],
  context: ExecutionContext,
): Promise<Batch | null> {
  // The scan's buffers go back to the storage once the batch is built (its vectors hold copies, nothing of the
  // partials) or not needed; a query that throws leaves them to the collector.
  const release: (() => void)[] = [];
  const done = <T>(answer: T): T => {
    for (const r of release) r();
    return answer;
  };
  const aggregateScan = context.catalog.aggregateScan?.bind(context.catalog);
  if (!aggregateScan) return null;
  const edges = pushdown.aggregates.some((a) => a.fn === 'first' || a.fn === 'last');
  // Groups keep their buckets' time ranges only when something reads them.
  const times = edges || pushdown.aggregates.some((a) => a.input.kind === 'time');
  // min / max of a value column read its partials' min and max; nothing else does (time's come from timeMin / timeMax).
  const minMax = pushdown.aggregates.some((a) => a.input.kind === 'column' && (a.fn === 'min' || a.fn === 'max'));
  const read: PartialsRead = { times, minMax, edges };
  // lastpoint: max(time) and max_by(_, time) alone need each series' last row only.
  const lastRowOnly =
    pushdown.bucketWidth === null && pushdown.aggregates.every((a) => a.fn === 'last' || (a.fn === 'max' && a.input.kind === 'time'));
  // Aggregate inputs become slots: each distinct (column, measure) pair is one slot.
  const slotKeys: string[] = [];
  const inputSlot = pushdown.aggregates.map((a) => {
    if (a.input.kind !== 'column') return -1;
    const key = `${a.input.column}|${a.input.measure === null ? '' : `=${a.input.measure}`}`;
    let slot = slotKeys.indexOf(key);
    if (slot < 0) slot = slotKeys.push(key) - 1;
    return slot;
  });
  const slotColumn = slotKeys.map((k) => Number(k.slice(0, k.indexOf('|'))));
  const slotMeasure = slotKeys.map((k) => (k.endsWith('|') ? null : k.slice(k.indexOf('|') + 2)));
  const slots = slotKeys.length;
  const columns = pushdown.columns.length;
  const feeds = new Map<string, Feed>();
  const feedOf = (s: SeriesKeys): Feed => {
    let feed = feeds.get(s.measureName);
    if (!feed) {
      feed = feedFor(s.measureName, slotColumn, slotMeasure);
      feeds.set(s.measureName, feed);
    }
    return feed;
  };
  // The storage may merge each group's series itself as it aggregates them (see SeriesGrouping): not with edge
  // values or time ranges, which would need the series' order across their chunks and heads.
  let told: readonly SeriesGroup[] | null = null;
  const grouping =
    edges || times || lastRowOnly || pushdown.topBuckets
      ? undefined
      : (series: readonly SeriesKeys[]): SeriesGrouping | null => {
          const groups = orderedGroups(series, pushdown.keys);
          const orderFree = orderFreeSlots(pushdown.aggregates, inputSlot, slots);
          const answer = keptSeriesGrouping(series, groups, slotKeys, orderFree, columns, feedOf);
          told = answer === null ? null : groups;
          return answer;
        };
  const answer = await aggregateScan(
    {
      table: pushdown.table,
      pushdown: pushdown.scan,
      bucketWidth: pushdown.bucketWidth,
      columns: pushdown.columns,
      ...(edges ? { edges } : {}),
      ...(minMax ? {} : { minMax }),
      ...(lastRowOnly ? { lastRowOnly } : {}),
      ...(pushdown.topBuckets ? { topBuckets: pushdown.topBuckets } : {}),
      ...(grouping ? { grouping } : {}),
      release,
    },
    context.signal,
    context.scanStatistics,
  );
  if (!answer) return done(null);
  await context.checkpoint();
  const identity = slotColumn.map((_, s) => s);
  const runs: GroupView[] = [];
  // The query's first bucket, and the span of bucket numbers from it.
  let first = MAX;
  let bucketCount = 0;
  if ('groups' in answer) {
    const groups = told as readonly SeriesGroup[] | null;
    if (groups === null || groups.length !== answer.groups.length) return done(null);
    for (const g of answer.groups) if (g.firstBucket < first) first = g.firstBucket;
    for (let v = 0; v < groups.length; v++) {
      const g = answer.groups[v] as GroupAggregate;
      const at = Number(g.firstBucket - first);
      if (at + g.bucketCount > bucketCount) bucketCount = at + g.bucketCount;
      runs.push(new GroupView((groups[v] as SeriesGroup).keys, g, at, g.bucketCount, slots, identity));
    }
  } else {
    const series = answer;
    // Each series' first bucket as an offset from the query's (one BigInt subtraction per series; the rest is plain numbers).
    for (const s of series) if (s.firstBucket < first) first = s.firstBucket;
    // A plain list: a typed array here is one more fresh buffer per query (its allocation costs more than the list).
    const seriesAt = new Array<number>(series.length);
    for (let i = 0; i < series.length; i++) {
      const s = series[i] as SeriesPartials;
      const at = Number(s.firstBucket - first);
      seriesAt[i] = at;
      if (at + s.bucketCount > bucketCount) bucketCount = at + s.bucketCount;
    }
    // Groups in ascending key order (NULLs last) and rows bucket by bucket below: the order of
    // ORDER BY bin, keys..., which the Sort above then finds already in place.
    const ordered = orderedGroups(series, pushdown.keys);
    let cells = 0;
    let seriesCells = 0;
    for (const s of series) seriesCells += s.bucketCount;
    for (const { keys, members } of ordered) {
      const only = members.length === 1 ? (series[members[0] as number] as SeriesPartials) : null;
      if (only && feedOf(only).slots.length === slots) {
        // One series feeding every slot: its own buckets are the group's, read in place (through its block).
        runs.push(new GroupView(keys, only, seriesAt[members[0] as number] as number, only.bucketCount, columns, slotColumn));
        continue;
      }
      cells += bucketCount;
      // Series far apart in time with a small width: dense runs would be mostly empty; let the plain aggregate do it.
      if (cells > 4 * seriesCells + 65_536) return done(null);
      const run = new GroupRun(keys, bucketCount, slots, edges, times, minMax);
      for (const i of members) {
        const s = series[i] as SeriesPartials;
        run.merge(s, seriesAt[i] as number, columns, feedOf(s));
      }
      runs.push(new GroupView(keys, run, 0, bucketCount, slots, identity));
    }
  }
  const binAt = pushdown.keys.findIndex((k) => k.kind === 'bin');
  let rows = rowIndex(runs, bucketCount);
  if (pushdown.keys.length === 0 && rows.n === 0) {
    // A global aggregate over nothing still gives its one row: bucket 0 of an empty run.
    runs.push(new GroupView([], new GroupRun([], 1, slots, edges, times), 0, 1, slots, identity));
    rows = loneRow(runs.length - 1);
  }
  const { n, rowView, rowBucket } = rows;
  // Column by column: keys from the groups, the bucket's start time, then each aggregate.
  const width = pushdown.bucketWidth ?? 0n;
  const keyCount = pushdown.keys.length;
  const doubles = doubleColumns(pushdown.aggregates, inputSlot, output, keyCount, runs, rows);
  const columnsOut = output.map((column, c) => {
    if (c === binAt && storageOf(column.type) === 'bigint') return bucketStarts(column.type, first, width, bucketCount, rowBucket);
    if (c < keyCount && storageOf(column.type) === 'value') {
      // Keys straight into the vector's own array (no list of values to copy again), group by group.
      const keys = new Array<SqlValue>(n);
      for (let v = 0; v < runs.length; v++) {
        const key = (runs[v] as GroupView).keys[c] ?? null;
        for (let q = rows.viewStart[v] as number; q < (rows.viewStart[v + 1] as number); q++) keys[rows.viewRows[q] as number] = key;
      }
      return new ValueVector(column.type, keys);
    }
    if (c >= keyCount) {
      const a = c - keyCount;
      const fast = doubles[a] ?? blockColumn(pushdown.aggregates[a]!, inputSlot[a]!, column.type, runs, rows);
      if (fast) return fast;
    }
    const values = new Array<SqlValue>(n);
    if (c === binAt) {
      for (let i = 0; i < n; i++) values[i] = (first + BigInt(rowBucket[i] as number)) * width;
    } else if (c < keyCount) {
      for (let i = 0; i < n; i++) values[i] = (runs[rowView[i] as number] as GroupView).keys[c] ?? null;
    } else {
      const a = c - keyCount;
      const aggregate = pushdown.aggregates[a]!;
      const slot = inputSlot[a]!;
      for (let i = 0; i < n; i++) {
        const view = runs[rowView[i] as number] as GroupView;
        values[i] = result(aggregate, slot, view.arrays(read), view, (rowBucket[i] as number) - view.offset);
      }
    }
    return vectorFromValues(column.type, values);
  });
  // Rows go bucket by bucket, groups in key order within each: ordered by the bin, then the other keys.
  if (keyCount > 0) {
    const order = binAt >= 0 ? [columnsOut[binAt] as Vector] : [];
    for (let k = 0; k < keyCount; k++) if (k !== binAt) order.push(columnsOut[k] as Vector);
    markOrdered(order);
  }
  return done({ columns: columnsOut, length: n });
}

/**
 * Row r is query bucket rowBucket[r] of group rowView[r] (bucket by bucket, groups in order within
 * each); group v's rows are viewRows[viewStart[v] .. viewStart[v + 1] - 1].
 */
interface RowIndex {
  readonly n: number;
  readonly rowView: Int32Array;
  /** Doubles: groups far apart may span more buckets than an int holds. */
  readonly rowBucket: Float64Array;
  readonly viewStart: Int32Array;
  readonly viewRows: Int32Array;
}

/** rowIndex's lists, kept between queries (the assembly never awaits; a new typed array costs more than filling it). */
let scratch = new Int32Array(4096);
let scratchDoubles = new Float64Array(1024);
const SCRATCH_KEPT = 1 << 20;

function scratchInts(length: number): Int32Array {
  if (length <= scratch.length) return scratch;
  if (length > SCRATCH_KEPT) return new Int32Array(length);
  scratch = new Int32Array(Math.min(SCRATCH_KEPT, Math.max(length, 2 * scratch.length)));
  return scratch;
}

/** `length` doubles of kept scratch (see scratchInts), as they were left: the caller writes each. */
function scratchFloats(length: number): Float64Array {
  if (length > SCRATCH_KEPT) return new Float64Array(length);
  if (length > scratchDoubles.length)
    scratchDoubles = new Float64Array(Math.min(SCRATCH_KEPT, Math.max(length, 2 * scratchDoubles.length)));
  return scratchDoubles.subarray(0, length);
}

/**
 * The rows of the groups' non-empty buckets: counted per query bucket, or, when buckets far outnumber
 * cells, sorted by bucket (stable: groups keep their order). Its lists are scratch views (each row of rowBucket written).
 */
function rowIndex(runs: readonly GroupView[], bucketCount: number): RowIndex {
  const m = runs.length;
  let cells = 0;
  for (let v = 0; v < m; v++) cells += (runs[v] as GroupView).bucketCount;
  const dense = bucketCount <= 4 * cells + 65_536;
  const nextAt = m + 1;
  const rowsAt = nextAt + (dense ? bucketCount + 1 : 0);
  const ints = scratchInts(rowsAt + 2 * cells);
  const viewStart = ints.subarray(0, m + 1);
  const next = ints.subarray(nextAt, rowsAt);
  next.fill(0);
  viewStart[0] = 0;
  let n = 0;
  for (let v = 0; v < m; v++) {
    const view = runs[v] as GroupView;
    const { f64, rowsAt: at } = view.block;
    const offset = view.offset;
    if (dense) {
      for (let b = 0; b < view.bucketCount; b++)
        if (f64[at + b] !== 0) {
          n++;
          next[offset + b + 1] = (next[offset + b + 1] as number) + 1;
        }
    } else for (let b = 0; b < view.bucketCount; b++) if (f64[at + b] !== 0) n++;
    viewStart[v + 1] = n;
  }
  const rowView = ints.subarray(rowsAt, rowsAt + n);
  const viewRows = ints.subarray(rowsAt + n, rowsAt + 2 * n);
  const rowBucket = scratchFloats(n);
  if (n === 0) return { n, rowView, rowBucket, viewStart, viewRows };
  if (dense) {
    for (let b = 0; b < bucketCount; b++) next[b + 1] = (next[b + 1] as number) + (next[b] as number);
    let q = 0;
    for (let v = 0; v < m; v++) {
      const view = runs[v] as GroupView;
      const { f64, rowsAt: at } = view.block;
      for (let b = 0; b < view.bucketCount; b++) {
        if (f64[at + b] === 0) continue;
        const bucket = view.offset + b;
        const r = next[bucket] as number;
        next[bucket] = r + 1;
        rowView[r] = v;
        rowBucket[r] = bucket;
        viewRows[q++] = r;
      }
    }
    return { n, rowView, rowBucket, viewStart, viewRows };
  }
  const cellBucket = new Float64Array(n);
  const cellView = new Int32Array(n);
  let q = 0;
  for (let v = 0; v < m; v++) {
    const view = runs[v] as GroupView;
    const { f64, rowsAt } = view.block;
    for (let b = 0; b < view.bucketCount; b++) {
      if (f64[rowsAt + b] === 0) continue;
      cellBucket[q] = view.offset + b;
      cellView[q++] = v;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => (cellBucket[x] as number) - (cellBucket[y] as number));
  for (let r = 0; r < n; r++) {
    const cell = order[r] as number;
    rowView[r] = cellView[cell] as number;
    rowBucket[r] = cellBucket[cell] as number;
    viewRows[cell] = r;
  }
  return { n, rowView, rowBucket, viewStart, viewRows };
}

/** One row: bucket 0 of group v (the last), which has no rows. */
function loneRow(v: number): RowIndex {
  const viewStart = new Int32Array(v + 2);
  viewStart[v + 1] = 1;
  return { n: 1, rowView: Int32Array.of(v), rowBucket: new Float64Array(1), viewStart, viewRows: new Int32Array(1) };
}

/**
 * The bin column as a typed vector: each row's bucket start, (first + bucket) * width, written once per
 * bucket as 32-bit halves (a BigInt64Array read or write of a computed value allocates a BigInt per row);
 * per row when buckets far outnumber rows.
 */
function bucketStarts(type: SqlType, first: bigint, width: bigint, bucketCount: number, rowBucket: Float64Array): Vector {
  const n = rowBucket.length;
  const data = new BigInt64Array(n);
  if (bucketCount > 4 * n + 65_536) {
    for (let r = 0; r < n; r++) data[r] = (first + BigInt(rowBucket[r] as number)) * width;
    return new BigIntVector(type, data);
  }
  const starts = new BigInt64Array(bucketCount);
  for (let b = 0; b < bucketCount; b++) starts[b] = (first + BigInt(b)) * width;
  const from = new Int32Array(starts.buffer);
  const to = new Int32Array(data.buffer);
  for (let r = 0; r < n; r++) {
    const b = (rowBucket[r] as number) * 2;
    to[2 * r] = from[b] as number;
    to[2 * r + 1] = from[b + 1] as number;
  }
  return new BigIntVector(type, data);
}

/** doubleColumns' codes per aggregate: which value it reads (-1: not a double aggregate doubleColumns fills). */
const SUM = 0;
const AVG = 1;
const MIN = 2;
const MAX_VALUE = 3;
/** doubleColumns' columns share one buffer up to this many cells. */
const SHARED_CELLS = 1024;
const doubleCode = (fn: string): number => (fn === 'sum' ? SUM : fn === 'avg' ? AVG : fn === 'min' ? MIN : fn === 'max' ? MAX_VALUE : -1);

/**
 * sum / avg / min / max of value columns straight into double vectors (the common case, without
 * boxing each value), all such aggregates in one walk of the rows (each row's cells of one bucket
 * lie together); the same values result() gives. Per aggregate its vector, or null for anything else.
 */
function doubleColumns(
  aggregates: AggregatePushdown['aggregates'],
  inputSlot: readonly number[],
  output: readonly PlanColumn[],
  keyCount: number,
  runs: readonly GroupView[],
  rows: RowIndex,
): (Vector | null)[] {
  const codes: number[] = [];
  const slots: number[] = [];
  const which: number[] = [];
  aggregates.forEach(({ fn, input }, a) => {
    const code = doubleCode(fn);
    if (input.kind !== 'column' || output[keyCount + a]?.type.kind !== 'double' || code < 0) return;
    codes.push(code);
    slots.push(inputSlot[a] as number);
    which.push(a);
  });
  const out = new Array<Vector | null>(aggregates.length).fill(null);
  const k = codes.length;
  if (k === 0) return out;
  const { n, rowBucket, viewStart, viewRows } = rows;
  // Small columns share one buffer: a fresh buffer costs a fixed amount beside its size.
  const shared = n * k <= SHARED_CELLS ? new Float64Array(n * k) : null;
  const data = which.map((_, j) => (shared ? shared.subarray(j * n, (j + 1) * n) : new Float64Array(n)));
  const valid = new Array<Uint8Array | null>(k).fill(null);
  const ats = new Int32Array(k);
  // Group by group, its rows in its buckets' order (see RowIndex), read through its block.
  for (let v = 0; v < runs.length; v++) {
    const view = runs[v] as GroupView;
    const { f64, u8, countAt, sumAt, minAt, maxAt, nanAt } = view.block;
    const stride = view.stride;
    for (let j = 0; j < k; j++) ats[j] = view.slotAt[slots[j] as number] as number;
    const offset = view.offset;
    for (let q = viewStart[v] as number; q < (viewStart[v + 1] as number); q++) {
      const r = viewRows[q] as number;
      const cell = ((rowBucket[r] as number) - offset) * stride;
      for (let j = 0; j < k; j++) {
        const i = cell + (ats[j] as number);
        const count = f64[countAt + i] as number;
        const code = codes[j] as number;
        const column = data[j] as Float64Array;
        if (count === 0) {
          const flags = valid[j] ?? new Uint8Array(n).fill(1);
          valid[j] = flags;
          flags[r] = 0;
        } else if (code === AVG) column[r] = (f64[sumAt + i] as number) / count;
        else if (code === SUM) column[r] = f64[sumAt + i] as number;
        else if (code === MIN)
          column[r] = u8[nanAt + i] && f64[minAt + i] === Number.POSITIVE_INFINITY ? Number.NaN : (f64[minAt + i] as number);
        else column[r] = u8[nanAt + i] ? Number.NaN : (f64[maxAt + i] as number);
      }
    }
  }
  for (let j = 0; j < k; j++) {
    const a = which[j] as number;
    out[a] = new NumberVector((output[keyCount + a] as PlanColumn).type, data[j] as Float64Array, valid[j] ?? null);
  }
  return out;
}

/**
 * min / max of time, and first / last (min_by / max_by over time) of a value column, straight into a typed
 * vector through the groups' blocks: no BigInt (a BigInt64Array read allocates one) or boxed value per row,
 * no list of values to build a vector from again. The same values result() gives. Null for anything else.
 */
function blockColumn(
  aggregate: AggregatePushdown['aggregates'][number],
  slot: number,
  type: SqlType,
  runs: readonly GroupView[],
  rows: RowIndex,
): Vector | null {
  const { fn, input } = aggregate;
  const time = input.kind === 'time' && (fn === 'min' || fn === 'max') && storageOf(type) === 'bigint';
  const edge = input.kind === 'column' && (fn === 'first' || fn === 'last') && type.kind === 'double';
  if (!time && !edge) return null;
  const { n, rowBucket, viewStart, viewRows } = rows;
  const times = time ? new BigInt64Array(n) : null;
  const words = times ? new Int32Array(times.buffer) : null;
  const values = time ? null : new Float64Array(n);
  let valid: Uint8Array | null = null;
  for (let v = 0; v < runs.length; v++) {
    const view = runs[v] as GroupView;
    const block = view.block;
    const { f64, u8, rowsAt } = block;
    const offset = view.offset;
    const timeAt = fn === 'min' ? block.timeMinAt : block.timeMaxAt;
    const valueAt = fn === 'first' ? block.firstAt : block.lastAt;
    const validAt = fn === 'first' ? block.firstValidAt : block.lastValidAt;
    const stride = view.stride;
    const at = edge ? (view.slotAt[slot] as number) : 0;
    for (let q = viewStart[v] as number; q < (viewStart[v + 1] as number); q++) {
      const r = viewRows[q] as number;
      const bucket = (rowBucket[r] as number) - offset;
      const present = (f64[rowsAt + bucket] as number) !== 0;
      if (words) {
        if (!present) {
          valid ??= new Uint8Array(n).fill(1);
          valid[r] = 0;
          continue;
        }
        const w = 2 * (timeAt + bucket);
        words[2 * r] = block.words[w] as number;
        words[2 * r + 1] = block.words[w + 1] as number;
        continue;
      }
      const i = bucket * stride + at;
      if (!present || u8[validAt + i] === 0) {
        valid ??= new Uint8Array(n).fill(1);
        valid[r] = 0;
        continue;
      }
      (values as Float64Array)[r] = f64[valueAt + i] as number;
    }
  }
  return times ? new BigIntVector(type, times, valid) : new NumberVector(type, values as Float64Array, valid);
}

type GroupKey = AggregatePushdown['keys'][number];

/** The series sharing one value of the keys (the bin's place null), by index into the scan's answer. */
interface SeriesGroup {
  readonly keys: readonly (string | null)[];
  readonly members: readonly number[];
}

function keyOf(s: SeriesKeys, k: GroupKey): string | null {
  return k.kind === 'bin' ? null : k.role === 'MEASURE_NAME' ? s.measureName : (s.dimensions[k.column] ?? null);
}

/**
 * The last grouping. The same series come again and again in the same order: known by their dimensions
 * objects (never changed), else by their ids, they are neither read nor grouped and sorted again.
 */
let lastGrouping: {
  readonly signature: string;
  readonly list: readonly SeriesKeys[];
  readonly dimensions: readonly SeriesKeys['dimensions'][];
  readonly measures: readonly string[];
  readonly ids: readonly (string | null)[];
  readonly groups: readonly SeriesGroup[];
} | null = null;
const GROUPING_KEPT = 1 << 16;

/**
 * The series' groups in key order (see compareKeys), keyed by the value itself when one key besides the
 * bin (no string built per series), else by the values joined, each length-prefixed.
 */
function orderedGroups(series: readonly SeriesKeys[], keys: readonly GroupKey[]): readonly SeriesGroup[] {
  const signature = keys.map((k) => (k.kind === 'bin' ? 'b' : `${k.role}:${k.column}`)).join('\u0000');
  const last = lastGrouping;
  const sameShape = last !== null && last.signature === signature && last.ids.length === series.length;
  // The very list grouped last (a frozen list the storage keeps while its series hold: see its seriesInfos).
  if (sameShape && series === last.list && Object.isFrozen(series)) return last.groups;
  if (sameShape) {
    let same = true;
    for (let i = 0; i < series.length && same; i++) {
      const s = series[i] as SeriesKeys;
      same = s.dimensions === last.dimensions[i] && s.measureName === last.measures[i];
    }
    if (same) {
      lastGrouping = { ...last, list: series };
      return last.groups;
    }
  }
  const valueKeys = keys.filter((k) => k.kind !== 'bin');
  const onlyKey = valueKeys.length === 1 ? valueKeys[0] : undefined;
  const ids = new Array<string | null>(series.length);
  const dimensions = new Array<SeriesKeys['dimensions']>(series.length);
  const measures = new Array<string>(series.length);
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as SeriesKeys;
    let id: string | null = '';
    if (onlyKey) id = keyOf(s, onlyKey);
    else
      for (const k of valueKeys) {
        const v = keyOf(s, k);
        id += v === null ? 'N|' : `s${v.length}:${v}|`;
      }
    ids[i] = id;
    dimensions[i] = s.dimensions;
    measures[i] = s.measureName;
  }
  if (sameShape) {
    let same = true;
    for (let i = 0; i < ids.length && same; i++) same = ids[i] === last.ids[i];
    if (same) {
      lastGrouping = { signature, list: series, dimensions, measures, ids, groups: last.groups };
      return last.groups;
    }
  }
  const byId = new Map<string | null, { keys: (string | null)[]; members: number[] }>();
  for (let i = 0; i < series.length; i++) {
    const id = ids[i] as string | null;
    const group = byId.get(id);
    if (group) group.members.push(i);
    else byId.set(id, { keys: keys.map((k) => keyOf(series[i] as SeriesKeys, k)), members: [i] });
  }
  const groups = [...byId.values()].sort((a, b) => compareKeys(a.keys, b.keys));
  lastGrouping = series.length <= GROUPING_KEPT ? { signature, list: series, dimensions, measures, ids, groups } : null;
  return groups;
}

/** Key tuples in ascending order, NULLs last (the default ORDER BY). */
function compareKeys(a: readonly (string | null)[], b: readonly (string | null)[]): number {
  for (let k = 0; k < a.length; k++) {
    const x = a[k] ?? null;
    const y = b[k] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = compareValues(x, y, T.varchar);
    if (c !== 0) return c;
  }
  return 0;
}

/** The aggregate's value with the same NULL and NaN rules as the hash aggregate (groupedDouble, groupedCount). */
function result(
  aggregate: AggregatePushdown['aggregates'][number],
  slot: number,
  run: BucketPartials,
  view: GroupView,
  bucket: number,
): SqlValue {
  const { fn, input } = aggregate;
  const rows = run.rows[bucket]!;
  if (input.kind === 'rows') return BigInt(rows);
  if (input.kind === 'time') {
    if (fn === 'count') return BigInt(rows);
    if (rows === 0) return null;
    return fn === 'min' ? run.timeMin[bucket]! : run.timeMax[bucket]!;
  }
  const i = bucket * view.stride + (view.slotAt[slot] as number);
  if (fn === 'first') return rows > 0 && run.firstValid[i] ? run.first[i]! : null;
  if (fn === 'last') return rows > 0 && run.lastValid[i] ? run.last[i]! : null;
  const n = run.count[i]!;
  if (fn === 'count') return BigInt(n);
  if (n === 0) return null;
  switch (fn) {
    case 'sum':
      return run.sum[i]!;
    case 'avg':
      return run.sum[i]! / n;
    case 'min':
      // NaN is the largest double in Presto's order: min sees it only when nothing else is there.
      return run.nan[i] && run.min[i] === Number.POSITIVE_INFINITY ? Number.NaN : run.min[i]!;
    case 'max':
      return run.nan[i] ? Number.NaN : run.max[i]!;
  }
}

/**
 * Per slot, whether the order its series merge in cannot change its aggregates (count, min and max only read
 * it: row counts add exactly, and min / max keep the first of equal values either way): several series of a
 * group may then feed it in the storage's order (see SeriesGrouping's `shared`).
 */
function orderFreeSlots(aggregates: AggregatePushdown['aggregates'], inputSlot: readonly number[], slots: number): boolean[] {
  const free = new Array<boolean>(slots).fill(true);
  aggregates.forEach(({ fn }, a) => {
    const slot = inputSlot[a] as number;
    if (slot >= 0 && fn !== 'count' && fn !== 'min' && fn !== 'max') free[slot] = false;
  });
  return free;
}

/** Per feed, the request column each slot it feeds reads, inverted: per column its slot (-1: none); null when a column feeds two slots. */
const columnSlotsOf = new WeakMap<Feed, readonly number[] | null>();

function columnSlots(feed: Feed, columns: number): readonly number[] | null {
  const known = columnSlotsOf.get(feed);
  if (known !== undefined) return known;
  let map: number[] | null = new Array<number>(columns).fill(-1);
  for (let k = 0; k < feed.slots.length; k++) {
    const c = feed.columns[k] as number;
    if (map[c] !== -1) {
      map = null;
      break;
    }
    map[c] = feed.slots[k] as number;
  }
  columnSlotsOf.set(feed, map);
  return map;
}

/**
 * The last grouping told to the storage, and what it was worked out from: the same groups (the same series, see
 * orderedGroups) under the same slots, order rules and columns get the same answer, not worked out again series by
 * series. The storage only reads a grouping.
 */
let lastSeriesGrouping: {
  readonly groups: readonly SeriesGroup[];
  readonly measures: readonly string[];
  readonly signature: string;
  readonly answer: SeriesGrouping | null;
} | null = null;

/** seriesGrouping's answer, the last one when nothing it reads changed (see lastSeriesGrouping). */
function keptSeriesGrouping(
  series: readonly SeriesKeys[],
  groups: readonly SeriesGroup[],
  slotKeys: readonly string[],
  orderFree: readonly boolean[],
  columns: number,
  feedOf: (s: SeriesKeys) => Feed,
): SeriesGrouping | null {
  // The slots' (column, measure) keys fix every feed; with the order rules and the column count, all seriesGrouping reads besides the series.
  const signature = `${slotKeys.join('\u0001')}\u0002${orderFree.join()}\u0002${columns}`;
  // The feeds follow the series' measure names, which the groups alone do not fix (they group by the keys): the
  // measures orderedGroups last compared, the same array only while they are the same names.
  const measures = lastGrouping !== null && lastGrouping.groups === groups ? lastGrouping.measures : null;
  const last = lastSeriesGrouping;
  if (last !== null && last.groups === groups && last.measures === measures && last.signature === signature) return last.answer;
  const answer = seriesGrouping(series, groups, feedOf, orderFree, columns);
  lastSeriesGrouping = measures === null ? null : { groups, measures, signature, answer };
  return answer;
}

/**
 * The groups as the storage takes them (see SeriesGrouping), or null when it cannot or need not: a column
 * feeding two slots, several series of a group feeding a slot whose aggregates depend on their order (sum,
 * avg), or no group of several series.
 */
function seriesGrouping(
  series: readonly SeriesKeys[],
  groups: readonly SeriesGroup[],
  feedOf: (s: SeriesKeys) => Feed,
  orderFree: readonly boolean[],
  columns: number,
): SeriesGrouping | null {
  // A group of one series is read in place either way: nothing to merge.
  if (groups.length === series.length) return null;
  const groupOf = new Int32Array(series.length);
  const shared = new Uint8Array(groups.length);
  const maps = new Array<readonly number[]>(series.length);
  const slots = orderFree.length;
  const fedBy = new Int32Array(slots);
  for (let g = 0; g < groups.length; g++) {
    const { members } = groups[g] as SeriesGroup;
    if (members.length > 1) fedBy.fill(0);
    for (const i of members) {
      const feed = feedOf(series[i] as SeriesKeys);
      const map = columnSlots(feed, columns);
      if (map === null) return null;
      groupOf[i] = g;
      maps[i] = map;
      if (members.length === 1) continue;
      for (let k = 0; k < feed.slots.length; k++) {
        const slot = feed.slots[k] as number;
        fedBy[slot] = (fedBy[slot] as number) + 1;
        if (fedBy[slot] === 1) continue;
        if (!orderFree[slot]) return null;
        shared[g] = 1;
      }
    }
  }
  return { groupOf, groupCount: groups.length, slots, columnSlots: maps, shared };
}
