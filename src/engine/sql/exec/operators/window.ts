import { TidemarkError } from '../../../../errors/index.ts';
import type { WindowPartition } from '../../functions/index.ts';
import type { BoundFrame, BoundWindowFunction, PlanNode } from '../../plan/plan-nodes.ts';
import { compareValues, hashKey } from '../../values/compare.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import { type Batch, NumberVector, type Vector } from '../../vector/index.ts';
import { evaluate, evaluateRow } from '../evaluate.ts';
import { collectBatches } from '../execute-plan.ts';
import { BATCH_SIZE, type ExecutionContext } from '../execution-context.ts';
import { concatBatches, sliceBatch } from '../materialize.ts';
import { prepareSubqueries } from '../subqueries.ts';
import { type KeyComparator, keyComparator } from './key-comparator.ts';
import type { SlidingPartition } from './sliding-partition.ts';
import { WindowResultColumn } from './window-results.ts';
import { slidingForm } from './window-sliding.ts';

type WindowNode = Extract<PlanNode, { kind: 'Window' }>;

/**
 * Window functions: for each function, rows are ordered by (PARTITION BY, ORDER BY), split into
 * partitions, and each partition gets its peer groups and frames before the function runs over
 * it. Results go back to the rows' input positions, so the output keeps the input order.
 */
export async function* runWindow(node: WindowNode, context: ExecutionContext): AsyncGenerator<Batch> {
  const all = concatBatches(node.input.output, await collectBatches(node.input, context));
  const expressions = node.functions.flatMap((f) => [...f.args, ...f.partitionBy, ...f.orderBy.map((k) => k.expr)]);
  await prepareSubqueries(expressions, all, context);
  const results: Vector[] = [];
  for (const fn of node.functions) {
    results.push(await computeWindow(fn, all, context));
    await context.checkpoint();
  }
  yield* sliceBatch({ columns: [...all.columns, ...results], length: all.length }, BATCH_SIZE);
}

async function computeWindow(fn: BoundWindowFunction, all: Batch, context: ExecutionContext): Promise<Vector> {
  const n = all.length;
  const out = new WindowResultColumn(fn.type, n);
  if (n === 0) return out.vector();
  const partitionVectors = fn.partitionBy.map((e) => evaluate(e, all, context));
  const orderVectors = fn.orderBy.map((k) => evaluate(k.expr, all, context));
  const argVectors = fn.args.map((e) => evaluate(e, all, context));
  // Partition keys compare as GROUP BY matches them (NULLs together, NaN equal to NaN, -0 to 0); their order is any.
  const partitionKeys = partitionVectors.map((v) => keyComparator(PARTITION_ORDER, v));
  const orderKeys = fn.orderBy.map((k, i) => keyComparator(k, orderVectors[i] as Vector));
  const { rows: sorted, ends } = windowOrder(partitionKeys, orderKeys, partitionVectors, n);
  const work = new WorkMeter();
  const sliding = slidingForm(fn);
  const doubles = fn.args.length === 1 && argVectors[0] instanceof NumberVector ? argVectors[0] : null;
  for (let p = 0, from = 0; p < ends.length; p++) {
    const to = ends[p] as number;
    const rows = sorted.subarray(from, to);
    const partition = buildPartition(fn, rows, orderKeys, argVectors, orderVectors, all, context, doubles);
    const results = out.partition(rows);
    if (sliding?.(partition, results)) {
      // Written in one pass.
    } else {
      const values =
        fn.function.kind === 'window'
          ? fn.function.impl.evaluate(partition, context)
          : await aggregateOverFrames(fn, partition, work, context);
      for (let i = 0; i < rows.length; i++) results.set(i, values[i] ?? null);
    }
    // Many small partitions: a cancel is seen between them too.
    if (work.due(rows.length)) await context.checkpoint();
    from = to;
  }
  return out.vector();
}

const PARTITION_ORDER = { descending: false, nullsFirst: false };

/**
 * Row indexes in window order: each partition a run of rows ordered by the ORDER BY keys, peers in input
 * order. Input already like that is only checked, not sorted: a scan's rows come series by series in time
 * order, which under PARTITION BY the series' dimensions ORDER BY time is window order whatever order the
 * series come in (partitions need only be runs: each run's key is checked not to have been met before).
 * Otherwise the rows are sorted by the partition keys, the ORDER BY keys and input position.
 */
function windowOrder(
  partitionKeys: readonly KeyComparator[],
  orderKeys: readonly KeyComparator[],
  partitionVectors: readonly Vector[],
  n: number,
): { readonly rows: Int32Array; readonly ends: Int32Array } {
  const ends = partitionEndsInWindowOrder(partitionKeys, orderKeys, partitionVectors, n);
  if (ends !== null) {
    const rows = new Int32Array(n);
    for (let row = 0; row < n; row++) rows[row] = row;
    return { rows, ends };
  }
  const keys = [...partitionKeys, ...orderKeys];
  const order = Array.from({ length: n }, (_, row) => row);
  order.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const c = (keys[k] as KeyComparator)(a, b);
      if (c !== 0) return c;
    }
    return a - b;
  });
  const rows = Int32Array.from(order);
  const found: number[] = [];
  for (let i = 1; i <= n; i++) if (i === n || !sameKeys(partitionKeys, rows[i - 1] as number, rows[i] as number)) found.push(i);
  return { rows, ends: Int32Array.from(found) };
}

/** Where each partition ends (exclusive) when the input is already in window order, else null. */
function partitionEndsInWindowOrder(
  partitionKeys: readonly KeyComparator[],
  orderKeys: readonly KeyComparator[],
  partitionVectors: readonly Vector[],
  n: number,
): Int32Array | null {
  // Keys as GROUP BY hashes them (the comparators' equality: NULLs together, NaN with NaN, -0 with 0).
  const seen = new Set<string>();
  const keyOf = (row: number) => partitionVectors.map((v) => hashKey(v.get(row))).join('|');
  const ends: number[] = [];
  let runStart = 0;
  for (let row = 1; row <= n; row++) {
    if (row < n && sameKeys(partitionKeys, row - 1, row)) {
      for (let k = 0; k < orderKeys.length; k++) {
        const c = (orderKeys[k] as KeyComparator)(row - 1, row);
        if (c > 0) return null;
        if (c < 0) break;
      }
      continue;
    }
    if (partitionVectors.length > 0) {
      const key = keyOf(runStart);
      if (seen.has(key)) return null;
      seen.add(key);
    }
    ends.push(row);
    runStart = row;
  }
  return Int32Array.from(ends);
}

function sameKeys(keys: readonly KeyComparator[], a: number, b: number): boolean {
  for (let k = 0; k < keys.length; k++) if ((keys[k] as KeyComparator)(a, b) !== 0) return false;
  return true;
}

/**
 * Says when the query's checkpoint is due while a window computes, so a window over large frames can be
 * cancelled or time out: every CHECK_EVERY calls or WORK_PER_CHECK rows of work it reads the clock, and
 * the checkpoint is due once CHECKPOINT_MS passed since it was last reached (no await per row). Rows
 * are not enough alone: one row's result can cost its whole frame (approx_percentile over a growing one).
 */
class WorkMeter {
  private calls = 0;
  private pending = 0;
  private last = performance.now();
  due(units: number): boolean {
    this.pending += units;
    if ((++this.calls & (CHECK_EVERY - 1)) !== 0 && this.pending < WORK_PER_CHECK) return false;
    this.pending = 0;
    const now = performance.now();
    if (now - this.last < CHECKPOINT_MS) return false;
    this.last = now;
    return true;
  }
}
const CHECK_EVERY = 16;
const WORK_PER_CHECK = 1 << 14;
const CHECKPOINT_MS = 4;

function buildPartition(
  fn: BoundWindowFunction,
  rows: Int32Array,
  orderKeys: readonly KeyComparator[],
  args: readonly Vector[],
  orderVectors: readonly Vector[],
  all: Batch,
  context: ExecutionContext,
  doubles: NumberVector | null,
): SlidingPartition {
  const size = rows.length;
  // Peer groups (runs of rows equal in every ORDER BY key; without ORDER BY, the whole partition): made when
  // first asked for (RANGE frames, ranking functions), not for a ROWS frame's aggregate.
  let peers: { readonly start: Int32Array; readonly end: Int32Array } | null = null;
  const peerGroups = () => {
    if (peers !== null) return peers;
    const peerStart = new Int32Array(size);
    const peerEnd = new Int32Array(size);
    let start = 0;
    for (let i = 1; i <= size; i++) {
      if (i < size && sameKeys(orderKeys, rows[i - 1] as number, rows[i] as number)) continue;
      for (let j = start; j < i; j++) {
        peerStart[j] = start;
        peerEnd[j] = i;
      }
      start = i;
    }
    peers = { start: peerStart, end: peerEnd };
    return peers;
  };
  const frames = computeFrames(fn.frame, fn, rows, orderVectors, peerGroups, all, context);
  return {
    size,
    ignoreNulls: fn.ignoreNulls,
    argument: (arg, row) => (args[arg] as Vector).get(rows[row] as number),
    peerStart: (row) => peerGroups().start[row] as number,
    peerEnd: (row) => peerGroups().end[row] as number,
    frameStart: (row) => frames.start[row] as number,
    frameEnd: (row) => frames.end[row] as number,
    rows,
    frames,
    doubles,
  };
}

/** Frame [start, end) of every row, for ROWS (positions) and RANGE (peer groups, or values with an offset). */
function computeFrames(
  frame: BoundFrame,
  fn: BoundWindowFunction,
  rows: Int32Array,
  orderVectors: readonly Vector[],
  peerGroups: () => { readonly start: Int32Array; readonly end: Int32Array },
  all: Batch,
  context: ExecutionContext,
): { start: Int32Array; end: Int32Array } {
  const size = rows.length;
  const start = new Int32Array(size);
  const end = new Int32Array(size);
  // An offset written as a literal (the usual `5 PRECEDING`) is read once, not evaluated per row.
  const constantOffset = (bound: BoundFrame['start']): SqlValue | undefined =>
    bound.offset?.kind === 'Literal' ? bound.offset.value : undefined;
  const startOffset = constantOffset(frame.start);
  const endOffset = constantOffset(frame.end);
  if (frame.unit === 'ROWS') {
    const first = rowsEdge(frame.start, startOffset, true);
    const last = rowsEdge(frame.end, endOffset, false);
    if (first !== null && last !== null) {
      // Both edges a fixed distance from the row (or the partition's ends): no per-row dispatch.
      for (let i = 0; i < size; i++) {
        const a = first.fixed ?? Math.max(0, Math.min(size, i + first.shift));
        const b = last.fixed ?? Math.max(0, Math.min(size, i + last.shift));
        start[i] = a;
        end[i] = Math.max(a, b);
      }
      return { start, end };
    }
  }
  const peerStart = frame.unit === 'ROWS' ? new Int32Array(0) : peerGroups().start;
  const peerEnd = frame.unit === 'ROWS' ? new Int32Array(0) : peerGroups().end;
  const offsetOf = (bound: BoundFrame['start'], row: number): SqlValue => {
    const known = bound === frame.start ? startOffset : endOffset;
    if (known !== undefined) return known;
    return bound.offset ? evaluateRow(bound.offset, all, rows[row]!, context) : null;
  };
  for (let i = 0; i < size; i++) {
    start[i] = frameEdge(frame, frame.start, i, true);
    end[i] = frameEdge(frame, frame.end, i, false);
    if (end[i]! < start[i]!) end[i] = start[i]!;
  }
  return { start, end };

  /**
   * A ROWS edge as a fixed position (unbounded) or a shift from the row (CURRENT ROW, a literal offset), or
   * null when it takes evaluating per row. Checks a literal offset as frameEdge does.
   */
  function rowsEdge(
    bound: BoundFrame['start'],
    offset: SqlValue | undefined,
    isStart: boolean,
  ): { readonly fixed: number | null; readonly shift: number } | null {
    switch (bound.kind) {
      case 'UnboundedPreceding':
        return { fixed: 0, shift: 0 };
      case 'UnboundedFollowing':
        return { fixed: size, shift: 0 };
      case 'CurrentRow':
        return { fixed: null, shift: isStart ? 0 : 1 };
      default: {
        if (offset === undefined || size === 0) return null;
        if (offset === null) throw new TidemarkError('SQL_SEMANTIC', 'A window frame offset must not be NULL.');
        const steps = Number(offset);
        if (!(steps >= 0)) throw new TidemarkError('SQL_SEMANTIC', `A window frame offset must be 0 or more, got ${String(offset)}.`);
        const sign = bound.kind === 'Preceding' ? -1 : 1;
        // Past the partition either way is the same edge; a huge offset must not lose the row's position.
        const shift = Math.max(-size - 1, Math.min(size + 1, sign * steps));
        return { fixed: null, shift: isStart ? shift : shift + 1 };
      }
    }
  }

  function frameEdge(f: BoundFrame, bound: BoundFrame['start'], i: number, isStart: boolean): number {
    switch (bound.kind) {
      case 'UnboundedPreceding':
        return 0;
      case 'UnboundedFollowing':
        return size;
      case 'CurrentRow':
        if (f.unit === 'ROWS') return isStart ? i : i + 1;
        return isStart ? peerStart[i]! : peerEnd[i]!;
      case 'Preceding':
      case 'Following': {
        const offset = offsetOf(bound, i);
        if (offset === null) throw new TidemarkError('SQL_SEMANTIC', 'A window frame offset must not be NULL.');
        const sign = bound.kind === 'Preceding' ? -1 : 1;
        if (f.unit === 'ROWS') {
          const steps = Number(offset);
          if (!(steps >= 0)) throw new TidemarkError('SQL_SEMANTIC', `A window frame offset must be 0 or more, got ${String(offset)}.`);
          const position = i + sign * steps;
          return Math.max(0, Math.min(size, isStart ? position : position + 1));
        }
        return rangeEdge(offset, sign, i, isStart);
      }
    }
  }

  /** RANGE with an offset: the first row whose key is >= (start) or > (end) key ± offset, by binary search. */
  function rangeEdge(offset: SqlValue, sign: number, i: number, isStart: boolean): number {
    const key = fn.orderBy[0];
    const vector = orderVectors[0];
    if (!key || !vector || fn.orderBy.length !== 1) {
      throw new TidemarkError('SQL_SEMANTIC', 'RANGE with an offset needs exactly one ORDER BY key.');
    }
    const current = vector.get(rows[i]!);
    if (current === null) return isStart ? peerStart[i]! : peerEnd[i]!;
    const direction = key.descending ? -1 : 1;
    const target = shift(current, offset, sign * direction);
    // Rows are sorted by the key in `direction`; find the edge by comparing in that direction.
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = vector.get(rows[mid]!);
      const c = v === null ? (key.nullsFirst ? -1 : 1) : direction * compareValues(v, target, key.expr.type);
      if (isStart ? c < 0 : c <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function shift(value: SqlValue, offset: SqlValue, sign: number): SqlValue {
  if (typeof value === 'bigint') return value + BigInt(sign) * (typeof offset === 'bigint' ? offset : BigInt(offset as number));
  return (value as number) + sign * Number(offset);
}

/**
 * An aggregate OVER a frame: incremental while frames only grow at the end, recomputed otherwise (what
 * slidingForm does not take: approx_percentile, stddev, min_by, ... over moving frames).
 */
async function aggregateOverFrames(
  fn: BoundWindowFunction,
  partition: WindowPartition,
  work: WorkMeter,
  context: ExecutionContext,
): Promise<SqlValue[]> {
  if (fn.function.kind !== 'aggregate') return [];
  const impl = fn.function.impl;
  const out = new Array<SqlValue>(partition.size);
  const argCount = fn.args.length;
  const addRow = (accumulator: ReturnType<typeof impl.create>, row: number) => {
    const values = new Array<SqlValue>(argCount);
    let hasNull = false;
    for (let a = 0; a < argCount; a++) {
      values[a] = partition.argument(a, row);
      if (values[a] === null) hasNull = true;
    }
    if (!(hasNull && impl.skipNullRows)) accumulator.add(values);
  };
  let running = impl.create();
  let runningStart = -1;
  let runningEnd = 0;
  for (let row = 0; row < partition.size; row++) {
    const start = partition.frameStart(row);
    const end = partition.frameEnd(row);
    if (start !== runningStart || end < runningEnd) {
      running = impl.create();
      runningStart = start;
      runningEnd = start;
    }
    const added = end - runningEnd;
    while (runningEnd < end) addRow(running, runningEnd++);
    out[row] = running.result();
    if (work.due(1 + added)) await context.checkpoint();
  }
  return out;
}
