import type { PlanNode } from '../../plan/plan-nodes.ts';
import type { SqlType } from '../../types/sql-type.ts';
import { hashKey } from '../../values/compare.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import { type Batch, BigIntVector, ConstantVector, NumberVector, takeBatch, type Vector } from '../../vector/index.ts';
import { evaluate, selectTrue } from '../evaluate.ts';
import { collectBatches, executePlan } from '../execute-plan.ts';
import { BATCH_SIZE, type ExecutionContext } from '../execution-context.ts';
import { concatBatches, takeOrNull } from '../materialize.ts';
import { prepareSubqueries } from '../subqueries.ts';
import { withRuntimeFilter } from './join-runtime-filter.ts';
import { lastPointJoin } from './last-point-join.ts';

type JoinNode = Extract<PlanNode, { kind: 'Join' }>;

/**
 * Joins with a hash table on the right input when the ON condition has equalities (the build
 * side), probing with the left input's batches; without equalities every pair is a candidate.
 * The rest of the condition filters candidate pairs. Outer joins pad the missing side with NULLs.
 */
export async function* runJoin(node: JoinNode, context: ExecutionContext): AsyncGenerator<Batch> {
  // A table joined back onto its own per-series max(time) (lastpoint): each series' last row, no join.
  // This dispatch stays small: the first query taking a path the optimised code has not met deoptimises
  // it, and a small function is recompiled at once (the hash join's body is not).
  const lastPoint = context.aggregatePushdown !== false ? await lastPointJoin(node, context) : null;
  if (lastPoint) yield* lastPointBatches(node, lastPoint, context);
  else yield* hashJoin(node, context);
}

function* lastPointBatches(node: JoinNode, lastPoint: Batch, context: ExecutionContext): Generator<Batch> {
  noteOn(node, context, "answered from each series' last row (last-point scan)");
  for (let start = 0; start < lastPoint.length; start += BATCH_SIZE) {
    const end = Math.min(lastPoint.length, start + BATCH_SIZE);
    yield start === 0 && end === lastPoint.length
      ? lastPoint
      : takeBatch(
          lastPoint,
          Int32Array.from({ length: end - start }, (_, i) => start + i),
        );
  }
}

async function* hashJoin(node: JoinNode, context: ExecutionContext): AsyncGenerator<Batch> {
  const right = concatBatches(node.right.output, await collectBatches(node.right, context));
  const rightKeys = node.equiKeys.map((k) => evaluate(k.right, right, context));
  const keepLeft = node.joinType === 'LEFT' || node.joinType === 'FULL';
  const keepRight = node.joinType === 'RIGHT' || node.joinType === 'FULL';

  // An inner join only keeps left rows whose keys are on the right: the left scan can skip the rest.
  // A filtered probe that meets each of its rows' one build row (high-cpu's join back onto usage_user > 90) is
  // a semi-join when the build columns are the probe's own key columns.
  const semiColumns = node.joinType === 'INNER' && !node.residual ? echoedBuildColumns(node) : null;
  const filtered =
    context.aggregatePushdown !== false && (node.joinType === 'INNER' || node.joinType === 'RIGHT')
      ? withRuntimeFilter(node.left, node.equiKeys, rightKeys, context, semiColumns !== null)
      : null;
  const probeSide = filtered?.plan ?? node.left;
  const echoed = filtered?.matchesOnce ? semiColumns : null;
  if (echoed) {
    noteOn(node, context, "semi-join: each probe row at one build row's exact (series, time) point");
    for await (const left of executePlan(probeSide, context)) {
      if (left.length === 0) continue;
      yield { columns: [...left.columns, ...echoed.map((i) => evaluate(node.equiKeys[i]!.left, left, context))], length: left.length };
      await context.checkpoint();
    }
    return;
  }
  const table = buildTable(rightKeys, right.length);
  const allRight = Int32Array.from({ length: right.length }, (_, i) => i);
  const rightMatched = new Uint8Array(right.length);
  // The vectorised probes are fast paths; with pushdown off the plain row-by-row probe runs (tests compare the two).
  const probes = table && context.aggregatePushdown !== false ? new ProbeIndex(table, rightKeys) : null;
  for await (const left of executePlan(probeSide, context)) {
    const leftKeys = node.equiKeys.map((k) => evaluate(k.left, left, context));
    const leftIndices: number[] = [];
    const rightIndices: number[] = [];
    const batchProbe = probes?.forBatch(leftKeys) ?? null;
    if (batchProbe === NO_MATCH && !keepLeft) {
      await context.checkpoint();
      continue;
    }
    // Sorted times against the build side's sorted times: a merge, no hashing (INNER/RIGHT, no residual).
    const merged = !keepLeft && !node.residual && batchProbe !== NO_MATCH ? probes?.mergeBatch(leftKeys) : undefined;
    if (merged) {
      for (let start = 0; start < merged.left.length; start += BATCH_SIZE) {
        const l = merged.left.subarray(start, start + BATCH_SIZE);
        const r = merged.right.subarray(start, start + BATCH_SIZE);
        yield pairIndices(left, right, l, r, rightMatched);
      }
      await context.checkpoint();
      continue;
    }
    for (let row = 0; row < left.length; row++) {
      const candidates = table
        ? ((batchProbe === null ? probeKey(leftKeys, row) : batchProbe === NO_MATCH ? undefined : batchProbe(row)) ?? NONE)
        : allRight;
      const before = leftIndices.length;
      for (const r of candidates) {
        leftIndices.push(row);
        rightIndices.push(r);
      }
      if (node.residual && leftIndices.length > before) {
        const kept = await residualMatches(node, left, right, leftIndices.slice(before), rightIndices.slice(before), context);
        leftIndices.length = before;
        rightIndices.length = before;
        for (const [l, r] of kept) {
          leftIndices.push(l);
          rightIndices.push(r);
        }
      }
      if (leftIndices.length === before && keepLeft) {
        leftIndices.push(row);
        rightIndices.push(-1);
      }
      if (leftIndices.length >= BATCH_SIZE) {
        yield pairBatch(left, right, leftIndices, rightIndices, rightMatched);
        leftIndices.length = 0;
        rightIndices.length = 0;
      }
    }
    if (leftIndices.length > 0) yield pairBatch(left, right, leftIndices, rightIndices, rightMatched);
    await context.checkpoint();
  }

  if (keepRight) {
    const unmatched: number[] = [];
    for (let r = 0; r < right.length; r++) if (!rightMatched[r]) unmatched.push(r);
    if (unmatched.length > 0) {
      const rightIndices = Int32Array.from(unmatched);
      const nullLeft = node.left.output.map((c) => new ConstantVector(c.type, null, unmatched.length));
      yield { columns: [...nullLeft, ...right.columns.map((c) => c.take(rightIndices))], length: unmatched.length };
    }
  }

  function probeKey(keys: readonly Vector[], row: number): number[] | undefined {
    const values = keys.map((k) => k.get(row));
    if (values.some((v) => v === null)) return undefined; // NULL never equals anything
    return table!.get(values.map(hashKey).join('|'));
  }
}

/** A note on the join for EXPLAIN ANALYZE: how it was answered. */
function noteOn(node: JoinNode, context: ExecutionContext, note: string): void {
  let statistics = context.operatorStatistics.get(node);
  if (!statistics) {
    statistics = { rowsOut: 0, batchesOut: 0, totalMs: 0 };
    context.operatorStatistics.set(node, statistics);
  }
  statistics.note = note;
}

/**
 * For each build-side output column, the equi key whose build expression is that column and whose probe
 * expression has its type (the probe row's value is then the matched build row's); null when a build
 * column is not such a key.
 */
function echoedBuildColumns(node: JoinNode): number[] | null {
  const out: number[] = [];
  for (const [j, column] of node.right.output.entries()) {
    const i = node.equiKeys.findIndex(
      (k) => k.right.kind === 'Column' && k.right.index === j && k.left.kind === 'Column' && sameType(k.left.type, column.type),
    );
    if (i < 0) return null;
    out.push(i);
  }
  return out;
}

const sameType = (a: SqlType, b: SqlType) => a.kind === b.kind && (a.kind === 'varchar' || a.kind === 'timestamp');

const NO_MATCH = Symbol('no match');
const NONE: readonly number[] = [];
/** The (low, high) reading of BigInt64Array halves below assumes little-endian memory, as every mainstream platform has. */
const LITTLE_ENDIAN = new Int32Array(BigInt64Array.of(1n).buffer)[0] === 1;

/** One prefix's build rows ordered by their varying key (a bigint: time), for merging with a sorted probe batch. */
interface SortedKeys {
  /** The distinct key values, ascending, as (low, high) 32-bit halves: compared without BigInt. */
  readonly halves: Int32Array;
  /** Rows of key i: rows[starts[i] .. starts[i + 1]). */
  readonly starts: Int32Array;
  readonly rows: Int32Array;
}

/** a <=> b for 64-bit signed values given as (low, high) halves at pair index i and j. */
function compareHalves(a: Int32Array, i: number, b: Int32Array, j: number): number {
  const ah = a[2 * i + 1]!;
  const bh = b[2 * j + 1]!;
  if (ah !== bh) return ah < bh ? -1 : 1;
  const al = a[2 * i]! >>> 0;
  const bl = b[2 * j]! >>> 0;
  return al === bl ? 0 : al < bl ? -1 : 1;
}

/**
 * Vectorised probing for the common time-series shape: in a scan batch (one series) every key but
 * one is a constant (dimensions, measure_name) and one varies (time). The constant keys pick one
 * inner map of the build side (none: the whole batch is skipped), and each row is one Map lookup
 * on its primitive value (SameValueZero: NaN meets NaN and -0 meets 0, as hashKey has them).
 */
class ProbeIndex {
  /** Per varying key position: the other keys' hash -> value -> right rows. */
  private readonly byPosition = new Map<number, Map<string, Map<SqlValue, number[]>>>();

  constructor(
    private readonly table: Map<string, number[]>,
    private readonly rightKeys: readonly Vector[],
  ) {}

  forBatch(keys: readonly Vector[]): ((row: number) => number[] | undefined) | typeof NO_MATCH | null {
    let varying = -1;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (key instanceof ConstantVector) {
        if (key.value === null) return NO_MATCH; // NULL never equals anything
        continue;
      }
      if (varying >= 0) return null;
      varying = k;
    }
    if (varying < 0) {
      const rows = this.table.get(keys.map((k) => hashKey((k as ConstantVector).value)).join('|'));
      return rows ? () => rows : NO_MATCH;
    }
    const vector = keys[varying]!;
    if (!((vector instanceof BigIntVector || vector instanceof NumberVector) && !vector.valid)) return null;
    const prefix = keys.map((k, i) => (i === varying ? '' : hashKey((k as ConstantVector).value))).join('|');
    const inner = this.index(varying).get(prefix);
    if (!inner) return NO_MATCH;
    const data = vector.data;
    return (row) => inner.get(data[row]!);
  }

  private readonly sorted = new Map<Map<SqlValue, number[]>, SortedKeys | null>();

  /**
   * Matches a batch whose keys are constant but one BigInt column sorted ascending (a series'
   * times) by merging it with the build rows of that prefix sorted the same way. Undefined when
   * the batch does not have that shape (the caller probes row by row).
   */
  mergeBatch(keys: readonly Vector[]): { left: Int32Array; right: Int32Array } | undefined {
    let varying = -1;
    for (let k = 0; k < keys.length; k++) {
      if (keys[k] instanceof ConstantVector) continue;
      if (varying >= 0) return undefined;
      varying = k;
    }
    const vector = keys[varying];
    if (!LITTLE_ENDIAN || !(vector instanceof BigIntVector) || vector.valid) return undefined;
    const prefix = keys.map((k, i) => (i === varying ? '' : hashKey((k as ConstantVector).value))).join('|');
    const inner = this.index(varying).get(prefix);
    if (!inner) return { left: new Int32Array(0), right: new Int32Array(0) };
    const build = this.sortedKeys(inner);
    if (!build) return undefined;
    const data = vector.data;
    const n = data.length;
    const probe = new Int32Array(data.buffer, data.byteOffset, n * 2);
    for (let i = 1; i < n; i++) if (compareHalves(probe, i, probe, i - 1) < 0) return undefined;
    const m = build.starts.length - 1;
    const left: number[] = [];
    const right: number[] = [];
    let j = 0;
    for (let i = 0; i < n && j < m; i++) {
      let c = compareHalves(build.halves, j, probe, i);
      while (c < 0 && ++j < m) c = compareHalves(build.halves, j, probe, i);
      if (c !== 0) continue;
      for (let r = build.starts[j]!; r < build.starts[j + 1]!; r++) {
        left.push(i);
        right.push(build.rows[r]!);
      }
    }
    return { left: Int32Array.from(left), right: Int32Array.from(right) };
  }

  private sortedKeys(inner: Map<SqlValue, number[]>): SortedKeys | null {
    let sorted = this.sorted.get(inner);
    if (sorted !== undefined) return sorted;
    const entries = [...inner];
    if (!entries.every(([v]) => typeof v === 'bigint')) sorted = null;
    else {
      entries.sort(([a], [b]) => ((a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0));
      const values = BigInt64Array.from(entries, ([v]) => v as bigint);
      const starts = new Int32Array(entries.length + 1);
      const rows: number[] = [];
      entries.forEach(([, r], i) => {
        starts[i] = rows.length;
        rows.push(...r);
      });
      starts[entries.length] = rows.length;
      sorted = { halves: new Int32Array(values.buffer), starts, rows: Int32Array.from(rows) };
    }
    this.sorted.set(inner, sorted);
    return sorted;
  }

  private index(position: number): Map<string, Map<SqlValue, number[]>> {
    let index = this.byPosition.get(position);
    if (index) return index;
    index = new Map();
    const keys = this.rightKeys;
    const length = keys[0]?.length ?? 0;
    for (let row = 0; row < length; row++) {
      let prefix = '';
      let value: SqlValue = null;
      let skip = false;
      for (let k = 0; k < keys.length; k++) {
        const v = keys[k]!.get(row);
        if (v === null) skip = true;
        if (k === position) value = typeof v === 'number' && v === 0 ? 0 : v;
        prefix += k === 0 ? (k === position ? '' : hashKey(v)) : `|${k === position ? '' : hashKey(v)}`;
      }
      if (skip) continue;
      let inner = index.get(prefix);
      if (!inner) {
        inner = new Map();
        index.set(prefix, inner);
      }
      const rows = inner.get(value);
      if (rows) rows.push(row);
      else inner.set(value, [row]);
    }
    this.byPosition.set(position, index);
    return index;
  }
}

function buildTable(keys: readonly Vector[], length: number): Map<string, number[]> | null {
  if (keys.length === 0) return null;
  const table = new Map<string, number[]>();
  for (let row = 0; row < length; row++) {
    const values = keys.map((k) => k.get(row));
    if (values.some((v) => v === null)) continue;
    const key = values.map(hashKey).join('|');
    const rows = table.get(key);
    if (rows) rows.push(row);
    else table.set(key, [row]);
  }
  return table;
}

async function residualMatches(
  node: JoinNode,
  left: Batch,
  right: Batch,
  leftIndices: number[],
  rightIndices: number[],
  context: ExecutionContext,
): Promise<[number, number][]> {
  const l = Int32Array.from(leftIndices);
  const r = Int32Array.from(rightIndices);
  const pairs: Batch = { columns: [...left.columns.map((c) => c.take(l)), ...right.columns.map((c) => c.take(r))], length: l.length };
  await prepareSubqueries([node.residual!], pairs, context);
  const selected = selectTrue(evaluate(node.residual!, pairs, context), pairs.length);
  return Array.from(selected, (i) => [l[i]!, r[i]!]);
}

function pairIndices(left: Batch, right: Batch, l: Int32Array, r: Int32Array, rightMatched: Uint8Array): Batch {
  for (const index of r) rightMatched[index] = 1;
  return { columns: [...left.columns.map((c) => c.take(l)), ...right.columns.map((c) => c.take(r))], length: l.length };
}

function pairBatch(left: Batch, right: Batch, leftIndices: number[], rightIndices: number[], rightMatched: Uint8Array): Batch {
  const l = Int32Array.from(leftIndices);
  const r = Int32Array.from(rightIndices);
  for (const index of r) if (index >= 0) rightMatched[index] = 1;
  return { columns: [...left.columns.map((c) => takeOrNull(c, l)), ...right.columns.map((c) => takeOrNull(c, r))], length: l.length };
}
