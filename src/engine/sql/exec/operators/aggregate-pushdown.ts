import type { BucketPartials } from '../../../model/bucket-partials.ts';
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
const MIN = -(2n ** 63n);

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
 * A group's buckets as result() reads them: bucket b of the query is `run`'s bucket b - offset;
 * slot s of bucket l sits at index l * stride + slotAt[s] (a merged GroupRun, or a lone series'
 * own partials).
 */
interface GroupView {
  readonly keys: readonly (string | null)[];
  readonly run: BucketPartials;
  readonly offset: number;
  readonly bucketCount: number;
  readonly stride: number;
  readonly slotAt: readonly number[];
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
  const series = await aggregateScan(
    {
      table: pushdown.table,
      pushdown: pushdown.scan,
      bucketWidth: pushdown.bucketWidth,
      columns: pushdown.columns,
      ...(edges ? { edges } : {}),
      ...(minMax ? {} : { minMax }),
      ...(lastRowOnly ? { lastRowOnly } : {}),
      ...(pushdown.topBuckets ? { topBuckets: pushdown.topBuckets } : {}),
    },
    context.signal,
    context.scanStatistics,
  );
  if (!series) return null;
  await context.checkpoint();
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

  let first = MAX;
  let last = MIN;
  for (const s of series) {
    if (s.firstBucket < first) first = s.firstBucket;
    const end = s.firstBucket + BigInt(s.bucketCount) - 1n;
    if (end > last) last = end;
  }
  const bucketCount = series.length === 0 ? 0 : Number(last - first + 1n);
  const binAt = pushdown.keys.findIndex((k) => k.kind === 'bin');
  // Series sharing their key values form one group: keyed by the value itself when there is one
  // key besides the bin (GROUP BY bin, host: no string built per series), else by the values joined,
  // each length-prefixed.
  const groups = new Map<string | null, { keys: (string | null)[]; series: SeriesPartials[] }>();
  const keyOf = (s: SeriesPartials, k: AggregatePushdown['keys'][number]): string | null =>
    k.kind === 'bin' ? null : k.role === 'MEASURE_NAME' ? s.measureName : (s.dimensions[k.column] ?? null);
  const valueKeys = pushdown.keys.filter((k) => k.kind !== 'bin');
  const onlyKey = valueKeys.length === 1 ? valueKeys[0] : undefined;
  for (const s of series) {
    let id: string | null = '';
    if (onlyKey) id = keyOf(s, onlyKey);
    else
      for (const k of valueKeys) {
        const v = keyOf(s, k);
        id += v === null ? 'N|' : `s${v.length}:${v}|`;
      }
    const group = groups.get(id);
    if (group) group.series.push(s);
    else
      groups.set(id, {
        keys: pushdown.keys.map((k) => keyOf(s, k)),
        series: [s],
      });
  }
  // Groups in ascending key order (NULLs last) and rows bucket by bucket below: the order of
  // ORDER BY bin, keys..., which the Sort above then finds already in place.
  const ordered = [...groups.values()].sort((a, b) => compareKeys(a.keys, b.keys));
  const runs: GroupView[] = [];
  let cells = 0;
  let seriesCells = 0;
  for (const s of series) seriesCells += s.bucketCount;
  const identity = slotColumn.map((_, s) => s);
  const feeds = new Map<string, Feed>();
  const feedOf = (s: SeriesPartials): Feed => {
    let feed = feeds.get(s.measureName);
    if (!feed) {
      feed = feedFor(s.measureName, slotColumn, slotMeasure);
      feeds.set(s.measureName, feed);
    }
    return feed;
  };
  for (const { keys, series: members } of ordered) {
    const only = members.length === 1 ? (members[0] as SeriesPartials) : null;
    if (only && feedOf(only).slots.length === slots) {
      // One series feeding every slot: its own buckets are the group's, read in place.
      runs.push({
        keys,
        run: arraysOf(only, read),
        offset: Number(only.firstBucket - first),
        bucketCount: only.bucketCount,
        stride: columns,
        slotAt: slotColumn,
      });
      continue;
    }
    cells += bucketCount;
    // Series far apart in time with a small width: dense runs would be mostly empty; let the plain aggregate do it.
    if (cells > 4 * seriesCells + 65_536) return null;
    const run = new GroupRun(keys, bucketCount, slots, edges, times, minMax);
    for (const s of members) run.merge(s, Number(s.firstBucket - first), columns, feedOf(s));
    runs.push({ keys, run: arraysOf(run, read), offset: 0, bucketCount, stride: slots, slotAt: identity });
  }
  // Where each output row comes from: its group and the query's bucket, bucket by bucket (counted
  // first, so the two lists are typed arrays filled in place).
  let n = 0;
  for (let v = 0; v < runs.length; v++) n += nonEmptyBuckets(runs[v] as GroupView);
  let rowView = new Int32Array(n);
  let rowBucket = new Int32Array(n);
  let r = 0;
  for (let b = 0; b < bucketCount; b++) {
    for (let v = 0; v < runs.length; v++) {
      const view = runs[v] as GroupView;
      const local = b - view.offset;
      if (local < 0 || local >= view.bucketCount || view.run.rows[local] === 0) continue;
      rowView[r] = v;
      rowBucket[r] = b;
      r++;
    }
  }
  if (pushdown.keys.length === 0 && n === 0) {
    // A global aggregate over nothing still gives its one row.
    runs.push({
      keys: [],
      run: arraysOf(new GroupRun([], 1, slots, edges, times), read),
      offset: 0,
      bucketCount: 1,
      stride: slots,
      slotAt: identity,
    });
    n = 1;
    rowView = new Int32Array(1);
    rowBucket = new Int32Array(1);
  }
  // Column by column: keys from the groups, the bucket's start time, then each aggregate.
  const width = pushdown.bucketWidth ?? 0n;
  const keyCount = pushdown.keys.length;
  let rowCellsMade: RowCells | null = null;
  const rowCellsOnce = () => {
    rowCellsMade ??= rowCells(runs, rowView, rowBucket);
    return rowCellsMade;
  };
  const columnsOut = output.map((column, c) => {
    if (c === binAt && storageOf(column.type) === 'bigint') return bucketStarts(column.type, first, width, bucketCount, rowBucket);
    if (c < keyCount && storageOf(column.type) === 'value') {
      // Keys straight into the vector's own array (no list of values to copy again).
      const keys = new Array<SqlValue>(n);
      for (let i = 0; i < n; i++) keys[i] = (runs[rowView[i] as number] as GroupView).keys[c] ?? null;
      return new ValueVector(column.type, keys);
    }
    if (c >= keyCount) {
      const a = c - keyCount;
      const fast = doubleColumn(pushdown.aggregates[a]!, inputSlot[a]!, column.type, runs, rowView, rowCellsOnce);
      if (fast) return fast;
    }
    const values = new Array<SqlValue>(n);
    if (c === binAt) {
      const starts = Array.from({ length: bucketCount }, (_, b) => (first + BigInt(b)) * width);
      for (let i = 0; i < n; i++) values[i] = starts[rowBucket[i] as number] as bigint;
    } else if (c < keyCount) {
      for (let i = 0; i < n; i++) values[i] = (runs[rowView[i] as number] as GroupView).keys[c] ?? null;
    } else {
      const a = c - keyCount;
      const aggregate = pushdown.aggregates[a]!;
      const slot = inputSlot[a]!;
      for (let i = 0; i < n; i++) {
        const view = runs[rowView[i] as number] as GroupView;
        values[i] = result(aggregate, slot, view, (rowBucket[i] as number) - view.offset);
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
  return { columns: columnsOut, length: n };
}

/** How many of the view's buckets hold rows (each is one output row). */
function nonEmptyBuckets(view: GroupView): number {
  const rows = view.run.rows;
  let count = 0;
  for (let b = 0; b < view.bucketCount; b++) if (rows[b] !== 0) count++;
  return count;
}

/**
 * The bin column as a typed vector: each row's bucket start, (first + bucket) * width, written once per
 * bucket as 32-bit halves (a BigInt64Array read or write of a computed value allocates a BigInt per row).
 */
function bucketStarts(type: SqlType, first: bigint, width: bigint, bucketCount: number, rowBucket: Int32Array): Vector {
  const starts = new BigInt64Array(bucketCount);
  for (let b = 0; b < bucketCount; b++) starts[b] = (first + BigInt(b)) * width;
  const from = new Int32Array(starts.buffer);
  const data = new BigInt64Array(rowBucket.length);
  const to = new Int32Array(data.buffer);
  for (let r = 0; r < rowBucket.length; r++) {
    const b = (rowBucket[r] as number) * 2;
    to[2 * r] = from[b] as number;
    to[2 * r + 1] = from[b + 1] as number;
  }
  return new BigIntVector(type, data);
}

/**
 * Where each output row's cells sit, worked out once for all its aggregate columns: its group's
 * partials and the index of its bucket's first cell there (slot s of the row is at base + the view's slotAt[s]).
 */
interface RowCells {
  readonly run: readonly BucketPartials[];
  readonly base: Int32Array;
}

function rowCells(runs: readonly GroupView[], rowView: Int32Array, rowBucket: Int32Array): RowCells {
  const n = rowView.length;
  const run = new Array<BucketPartials>(n);
  const base = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const view = runs[rowView[r] as number] as GroupView;
    run[r] = view.run;
    base[r] = ((rowBucket[r] as number) - view.offset) * view.stride;
  }
  return { run, base };
}

/**
 * sum / avg / min / max of a value column straight into a double vector (the common case, without
 * boxing each value); the same values result() gives. Null for anything else.
 */
function doubleColumn(
  aggregate: AggregatePushdown['aggregates'][number],
  slot: number,
  type: SqlType,
  runs: readonly GroupView[],
  rowView: Int32Array,
  cells: () => RowCells,
): Vector | null {
  const { fn, input } = aggregate;
  if (input.kind !== 'column' || type.kind !== 'double' || (fn !== 'sum' && fn !== 'avg' && fn !== 'min' && fn !== 'max')) return null;
  const n = rowView.length;
  const { run, base } = cells();
  // The slot's cell offset in each group's partials.
  const at = Int32Array.from(runs, (view) => view.slotAt[slot] as number);
  const data = new Float64Array(n);
  let valid: Uint8Array | null = null;
  for (let r = 0; r < n; r++) {
    const partials = run[r] as BucketPartials;
    const i = (base[r] as number) + (at[rowView[r] as number] as number);
    const count = partials.count[i] as number;
    if (count === 0) {
      valid ??= new Uint8Array(n).fill(1);
      valid[r] = 0;
    } else if (fn === 'avg') data[r] = (partials.sum[i] as number) / count;
    else if (fn === 'sum') data[r] = partials.sum[i] as number;
    else if (fn === 'min')
      data[r] = partials.nan[i] && partials.min[i] === Number.POSITIVE_INFINITY ? Number.NaN : (partials.min[i] as number);
    else data[r] = partials.nan[i] ? Number.NaN : (partials.max[i] as number);
  }
  return new NumberVector(type, data, valid);
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
function result(aggregate: AggregatePushdown['aggregates'][number], slot: number, view: GroupView, bucket: number): SqlValue {
  const { run } = view;
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
