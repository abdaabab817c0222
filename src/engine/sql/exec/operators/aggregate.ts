import type { Accumulator, GroupedAccumulator } from '../../functions/index.ts';
import type { BoundAggregate, PlanNode } from '../../plan/plan-nodes.ts';
import { hashKey } from '../../values/compare.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import {
  type Batch,
  BigIntVector,
  ConstantVector,
  DictionaryVector,
  NumberVector,
  type Vector,
  vectorFromValues,
} from '../../vector/index.ts';
import { evaluate } from '../evaluate.ts';
import { executePlan } from '../execute-plan.ts';
import { BATCH_SIZE, type ExecutionContext } from '../execution-context.ts';
import { sliceBatch } from '../materialize.ts';
import { prepareSubqueries } from '../subqueries.ts';
import { pushedAggregateBatch } from './aggregate-pushdown.ts';

type AggregateNode = Extract<PlanNode, { kind: 'Aggregate' }>;

/**
 * The per-group state of one aggregate. Hot aggregates keep columnar state and take whole runs
 * of rows; the rest (DISTINCT, FILTER, and aggregates without a columnar form) keep one
 * Accumulator per group and take rows one at a time.
 */
interface AggregateState {
  readonly grouped: GroupedAccumulator | null;
  readonly accumulators: Accumulator[];
  readonly distinctSeen: Set<string>[];
}

/** One grouping set's hash table: group keys -> group number, and each group's key values. */
class GroupTable {
  readonly index = new Map<string, number>();
  readonly keys: SqlValue[][] = [];

  constructor(
    readonly set: readonly number[],
    readonly states: AggregateState[],
    private readonly aggregates: readonly BoundAggregate[],
  ) {}

  group(key: string, values: () => SqlValue[]): number {
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.index.set(key, id);
      this.keys.push(values());
      this.aggregates.forEach((a, i) => {
        const state = this.states[i]!;
        if (state.grouped) state.grouped.resize(id! + 1);
        else {
          state.accumulators.push(a.impl.create());
          if (a.distinct) state.distinctSeen.push(new Set());
        }
      });
    }
    return id;
  }
}

/**
 * GROUP BY with a hash table per grouping set. Rows are grouped in runs: when consecutive rows
 * share their keys (a series' points in one bin(time) bucket, or a batch whose keys are all
 * constant), the run is looked up once and fed to the aggregates as a range, so the common
 * time-series shape costs a tight loop per bucket instead of a hash lookup per row.
 */
export async function* runAggregate(node: AggregateNode, context: ExecutionContext): AsyncGenerator<Batch> {
  if (node.pushdown && context.aggregatePushdown !== false) {
    const batch = await pushedAggregateBatch(node.pushdown, node.output, context);
    if (batch) {
      context.operatorStatistics.set(node.input, { rowsOut: 0, batchesOut: 0, totalMs: 0, pushedDown: true });
      yield* sliceBatch(batch, BATCH_SIZE);
      return;
    }
  }
  const keyCount = node.groupBy.length;
  const sets = node.groupingSets ?? [node.groupBy.map((_, i) => i)];
  const tables = sets.map(
    (set) =>
      new GroupTable(
        set,
        node.aggregates.map((a) => ({
          grouped: !a.distinct && !a.filter && a.impl.grouped ? a.impl.grouped() : null,
          accumulators: [],
          distinctSeen: [],
        })),
        node.aggregates,
      ),
  );

  const inputs = [...node.groupBy, ...node.aggregates.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : [])])];
  for await (const batch of executePlan(node.input, context)) {
    await prepareSubqueries(inputs, batch, context);
    const keys = node.groupBy.map((e) => evaluate(e, batch, context));
    const args = node.aggregates.map((a) => a.args.map((e) => evaluate(e, batch, context)));
    const filters = node.aggregates.map((a) => (a.filter ? evaluate(a.filter, batch, context) : null));
    for (const table of tables) accumulateBatch(table, keyCount, keys, args, filters, batch.length, node.aggregates);
    await context.checkpoint();
  }

  const rows: SqlValue[][] = [];
  for (const table of tables) {
    // A global aggregate (no keys in this set) gives one row even over no input.
    if (table.set.length === 0 && table.keys.length === 0) table.group('', () => new Array<SqlValue>(keyCount).fill(null));
    table.keys.forEach((key, group) => {
      rows.push([...key, ...table.states.map((s) => (s.grouped ? s.grouped.result(group) : s.accumulators[group]!.result()))]);
    });
  }
  yield* rowBatches(node, rows);
}

function* rowBatches(node: AggregateNode, rows: readonly SqlValue[][]): Generator<Batch> {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const slice = rows.slice(start, start + BATCH_SIZE);
    yield {
      columns: node.output.map((c, i) =>
        vectorFromValues(
          c.type,
          slice.map((r) => r[i] ?? null),
        ),
      ),
      length: slice.length,
    };
  }
}

/** Row i's hashKey: a dictionary-coded key hashes each of its values once, not once per row (unless it has more values than rows). */
function keyHasher(vector: Vector): (i: number) => string {
  if (vector instanceof DictionaryVector && vector.dictionary.length <= vector.codes.length) {
    const { codes } = vector;
    const hashes = vector.dictionary.map((v) => hashKey(v ?? null));
    return (i) => hashes[codes[i]!]!;
  }
  return (i) => hashKey(vector.get(i));
}

/** A primitive read of row i for run detection: typed arrays avoid boxing through get(). */
function rowReader(vector: Vector): (i: number) => SqlValue {
  if (vector instanceof NumberVector && !vector.valid) {
    const data = vector.data;
    return (i) => data[i]!;
  }
  if (vector instanceof BigIntVector && !vector.valid) {
    const data = vector.data;
    return (i) => data[i]!;
  }
  return (i) => vector.get(i);
}

function accumulateBatch(
  table: GroupTable,
  keyCount: number,
  keys: readonly Vector[],
  args: readonly (readonly Vector[])[],
  filters: readonly (Vector | null)[],
  length: number,
  aggregates: readonly BoundAggregate[],
): void {
  if (length === 0) return;
  const set = table.set;
  const varying = set.filter((k) => !(keys[k] instanceof ConstantVector));
  // The group key lists every key in set order, whichever are constant in this batch: batches where
  // a key is constant (one series) and batches where it varies (coalesced series) must meet.
  const parts = set.map((k) => (keys[k] instanceof ConstantVector ? hashKey((keys[k] as ConstantVector).value) : ''));
  const varyingAt = varying.map((k) => set.indexOf(k));
  const keyOf = (hashes: readonly string[]): string => {
    for (let i = 0; i < varyingAt.length; i++) parts[varyingAt[i]!] = hashes[i]!;
    return parts.join('|');
  };
  const valuesOf = (row: number) => () => {
    const out = new Array<SqlValue>(keyCount).fill(null);
    for (const k of set) out[k] = keys[k]!.get(row);
    return out;
  };

  if (varying.length <= 1) {
    // Runs of equal keys: one lookup per run.
    const read = varying.length === 1 ? rowReader(keys[varying[0]!]!) : null;
    let start = 0;
    while (start < length) {
      let end = start + 1;
      if (read) {
        const value = read(start);
        // Equal primitives (numbers, bigints, strings) extend the run; NaN never does, which is only slower.
        while (end < length && read(end) === value) end++;
      } else {
        end = length;
      }
      const key = read ? keyOf([hashKey(read(start))]) : keyOf([]);
      const group = table.group(key, valuesOf(start));
      feedRange(table, group, args, filters, aggregates, start, end);
      start = end;
    }
    return;
  }

  const groupIds = new Int32Array(length);
  const hashers = varying.map((k) => keyHasher(keys[k]!));
  for (let row = 0; row < length; row++) {
    groupIds[row] = table.group(keyOf(hashers.map((hash) => hash(row))), valuesOf(row));
  }
  table.states.forEach((state, a) => {
    if (state.grouped) state.grouped.addRows(groupIds, args[a]!, length);
    else for (let row = 0; row < length; row++) addRow(state, groupIds[row]!, args[a]!, filters[a] ?? null, aggregates[a]!, row);
  });
}

function feedRange(
  table: GroupTable,
  group: number,
  args: readonly (readonly Vector[])[],
  filters: readonly (Vector | null)[],
  aggregates: readonly BoundAggregate[],
  start: number,
  end: number,
): void {
  table.states.forEach((state, a) => {
    if (state.grouped) state.grouped.addRange(group, args[a]!, start, end);
    else for (let row = start; row < end; row++) addRow(state, group, args[a]!, filters[a] ?? null, aggregates[a]!, row);
  });
}

function addRow(
  state: AggregateState,
  group: number,
  args: readonly Vector[],
  filter: Vector | null,
  aggregate: BoundAggregate,
  row: number,
): void {
  if (filter && filter.get(row) !== true) return;
  const values = new Array<SqlValue>(args.length);
  let hasNull = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.get(row);
    values[i] = v;
    if (v === null) hasNull = true;
  }
  if (hasNull && aggregate.impl.skipNullRows) return;
  if (aggregate.distinct) {
    const key = values.map(hashKey).join('|');
    const seen = state.distinctSeen[group]!;
    if (seen.has(key)) return;
    seen.add(key);
  }
  state.accumulators[group]!.add(values);
}
