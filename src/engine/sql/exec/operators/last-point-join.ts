import type { ColumnRole, LastRowSeries, LastRows } from '../../catalog.ts';
import { columnRoles } from '../../column-roles.ts';
import type { BoundExpression } from '../../plan/bound-expression.ts';
import type { AggregatePushdown, PlanNode, ScanPushdown } from '../../plan/plan-nodes.ts';
import type { SqlType } from '../../types/sql-type.ts';
import { type Batch, BigIntVector, ConstantVector, NumberVector, ValueVector, type Vector, vectorFromValues } from '../../vector/index.ts';
import { abortReason } from '../checkpoint.ts';
import type { ExecutionContext } from '../execution-context.ts';

type JoinNode = Extract<PlanNode, { kind: 'Join' }>;
type ScanNode = Extract<PlanNode, { kind: 'Scan' }>;

/** Where an output column of the aggregate side comes from: group key k or aggregate j (a max(time)). */
type AggregateColumn = { readonly kind: 'key'; readonly k: number } | { readonly kind: 'max' };

/**
 * Timestream's lastpoint over single-measure records: a table joined back onto its own per-group
 * max(time) (`WITH latest AS (SELECT dims, max(time) AS t FROM tbl GROUP BY dims) SELECT ... FROM tbl c
 * JOIN latest l ON c.dims = l.dims AND c.time = l.t`). When the aggregate side is pushed into storage
 * (GROUP BY series columns only, max(time) only) and the join's equalities are exactly every group key
 * against the same column of the scan plus the scan's time against max(time), the answer is each
 * series' last row: the storage's last-point scan gives every series' last time and values of every type
 * (from chunk headers or the head buffer where they hold them, else from the merged points), the group's
 * max is taken over its series, and each series whose
 * last time is that max contributes its last row (a series holds one row per time). A series outside
 * the aggregate's filter could hold a row at the group's max, so the scan's series filter must be
 * within the aggregate's; its time range is checked per row. INNER joins only (an outer join keeps
 * unmatched rows); any other shape returns null and the hash join runs. Gives exactly the join's rows.
 */
export async function lastPointJoin(node: JoinNode, context: ExecutionContext): Promise<Batch | null> {
  if (node.joinType !== 'INNER' || node.residual || node.equiKeys.length === 0 || !context.catalog.lastRows) return null;
  const shape = matchShape(node, context) ?? null;
  if (!shape) return null;
  const { scan, pushdown, scanSide, aggregateColumns, roles } = shape;
  // The value columns the scan reads (NULL in a series without one; the others NULL, as the scan gives them): the
  // last-point scan gives each of them, DOUBLE in typed arrays and the other types as values.
  const read = new Set(scan.columnNames);
  const isValue = (name: string) => read.has(name) && (roles.get(name) === 'MEASURE_VALUE' || roles.get(name) === 'MULTI');
  const values = scan.output.map((c) => isValue(c.name));
  const valueColumns = scan.output.filter((_, i) => values[i]).map((c) => c.name);
  const kindOf = new Map(scan.output.filter((_, i) => values[i]).map((c) => [c.name, c.type.kind as string]));
  const last = await context.catalog.lastRows(
    { table: pushdown.table, pushdown: pushdown.scan, columns: valueColumns },
    context.signal,
    context.scanStatistics,
  );
  if (!last) return null;
  // One bounded pass over the series follows: a cancel is honoured here, without yielding to the event loop
  // (a yield costs the query whatever else the loop has queued, tens of ms beside a busy neighbour).
  if (context.signal.aborted) throw abortReason(context.signal);
  const series = last.series;
  const n = series.length;
  // A series holding a column under another type than the table's (not one Timestream writes) goes to the hash join.
  for (const s of series) for (const c of s.columns) if (kindOf.has(c.name) && kindOf.get(c.name) !== c.type) return null;
  // Each group key's value per series (null: a series without a key column, which no equality matches).
  const keyValues = pushdown.keys.map((k) => {
    const values: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const s = series[i] as LastRowSeries;
      values[i] = k.kind !== 'series' ? null : k.role === 'MEASURE_NAME' ? s.measureName : (s.dimensions[k.column] ?? null);
    }
    return values;
  });
  const keep = joinedSeries(last, keyValues, scan.pushdown, ownGroups(pushdown, roles));
  const count = keep.length;
  const times = new BigInt64Array(count);
  for (let j = 0; j < count; j++) times[j] = last.times[keep[j] as number] as bigint;
  const stride = valueColumns.length;
  // The join's output types: the scan's columns and the aggregate side's, in the join's order.
  const outputType = (side: 'scan' | 'aggregate', j: number): SqlType => {
    const offset = (side === 'scan') === (scanSide === 'left') ? 0 : side === 'scan' ? aggregateColumns.length : scan.output.length;
    return (node.output[offset + j] as { readonly type: SqlType }).type;
  };
  // Per scan column, a vector of the kept series' rows: DOUBLE value columns gathered from the typed arrays,
  // the other value types from their values.
  let valueAt = 0;
  const scanVectors = scan.output.map((column, j): Vector => {
    const role = roles.get(column.name);
    const c = { name: column.name, type: outputType('scan', j) };
    if (values[j] && column.type.kind !== 'double') {
      const at = valueAt++;
      return vectorFromValues(
        c.type,
        Array.from(keep, (i) => {
          const from = i * stride + at;
          return last.valid[from] === 1 ? (last.others[from] ?? null) : null;
        }),
      );
    }
    if (values[j]) {
      const at = valueAt++;
      const data = new Float64Array(count);
      let valid: Uint8Array | null = null;
      for (let r = 0; r < count; r++) {
        const from = (keep[r] as number) * stride + at;
        if (last.valid[from] === 1) data[r] = last.values[from] as number;
        else {
          valid ??= new Uint8Array(count).fill(1);
          valid[r] = 0;
        }
      }
      return new NumberVector(c.type, data, valid);
    }
    if (role === 'TIMESTAMP') return new BigIntVector(c.type, times);
    if (role === 'MEASURE_NAME')
      return new ValueVector(
        c.type,
        Array.from(keep, (i) => (series[i] as LastRowSeries).measureName),
      );
    if (role === 'DIMENSION')
      return new ValueVector(
        c.type,
        Array.from(keep, (i) => (series[i] as LastRowSeries).dimensions[c.name] ?? null),
      );
    return new ConstantVector(c.type, null, count);
  });
  // The aggregate side: its max(time) is the kept row's time (the group's max); a key its series' value.
  const aggregateVectors = aggregateColumns.map((a, j): Vector => {
    const type = outputType('aggregate', j);
    if (a.kind === 'max') return new BigIntVector(type, times);
    const keyOf = keyValues[a.k] as (string | null)[];
    return new ValueVector(
      type,
      Array.from(keep, (i) => keyOf[i] ?? null),
    );
  });
  return { columns: scanSide === 'left' ? [...scanVectors, ...aggregateVectors] : [...aggregateVectors, ...scanVectors], length: count };
}

/**
 * Whether every group is one series: the keys are measure_name and every dimension of the table, so two series
 * with every key present and equal have the same measure name and dimensions, and are one series.
 */
function ownGroups(pushdown: AggregatePushdown, roles: ReadonlyMap<string, ColumnRole>): boolean {
  const keyed = new Set<string>();
  let measure = false;
  for (const k of pushdown.keys) {
    if (k.kind !== 'series') return false;
    if (k.role === 'MEASURE_NAME') measure = true;
    else keyed.add(k.column);
  }
  if (!measure) return false;
  for (const [name, role] of roles) if (role === 'DIMENSION' && !keyed.has(name)) return false;
  return true;
}

/**
 * The series (indexes into `last`) whose last row is a row of the join: its group's max time (the group's
 * max over its series' last times) is its own, and it lies within the scan's time range and series filter.
 * A series with a NULL key is in no group.
 */
function joinedSeries(last: LastRows, keyValues: readonly (string | null)[][], scan: ScanPushdown, ownGroup: boolean): Int32Array {
  const n = last.series.length;
  const inGroup = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let complete = 1;
    for (const values of keyValues) if (values[i] === null) complete = 0;
    inGroup[i] = complete;
  }
  // Each series' group's max time: its own when every group is one series, else over a map by key.
  let groupMax: BigInt64Array = last.times;
  if (!ownGroup) {
    const ids: string[] = new Array(n);
    const maxById = new Map<string, bigint>();
    for (let i = 0; i < n; i++) {
      if (!inGroup[i]) continue;
      const id =
        keyValues.length === 1 ? (keyValues[0]?.[i] as string) : keyValues.map((v) => `${(v[i] as string).length}:${v[i]}`).join('|');
      ids[i] = id;
      const t = last.times[i] as bigint;
      const max = maxById.get(id);
      if (max === undefined || t > max) maxById.set(id, t);
    }
    groupMax = new BigInt64Array(n);
    for (let i = 0; i < n; i++) if (inGroup[i]) groupMax[i] = maxById.get(ids[i] as string) as bigint;
  }
  const { from, to } = scan.timeRange;
  const measures = scan.measureNames;
  const dimensions = [...scan.dimensions];
  const keep = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!inGroup[i]) continue;
    const t = last.times[i] as bigint;
    if (t !== groupMax[i] || (from !== undefined && t < from) || (to !== undefined && t >= to)) continue;
    const s = last.series[i] as LastRowSeries;
    if (measures && !measures.includes(s.measureName)) continue;
    let admitted = true;
    for (const [name, allowed] of dimensions) {
      const v = s.dimensions[name];
      if (v === undefined || !allowed.includes(v)) admitted = false;
    }
    if (admitted) keep[count++] = i;
  }
  return keep.subarray(0, count);
}

/** The join's shape when it is a scan joined onto its own pushed-down per-series max(time); undefined otherwise. */
function matchShape(node: JoinNode, context: ExecutionContext) {
  for (const scanSide of ['left', 'right'] as const) {
    const scan = scanSide === 'left' ? node.left : node.right;
    const other = scanSide === 'left' ? node.right : node.left;
    if (scan.kind !== 'Scan') continue;
    const resolved = resolveAggregate(other);
    if (!resolved) continue;
    const { pushdown } = resolved;
    // Every column of the aggregate side is rebuilt from the series (a computed one is not).
    if (resolved.columns.includes(undefined)) continue;
    const aggregateColumns = resolved.columns as AggregateColumn[];
    if (pushdown.table.database !== scan.table.database || pushdown.table.table !== scan.table.table) continue;
    if (pushdown.bucketWidth !== null || pushdown.keys.length === 0 || pushdown.keys.some((k) => k.kind !== 'series')) continue;
    if (!pushdown.aggregates.every((a) => a.fn === 'max' && a.input.kind === 'time')) continue;
    if (scan.pushdown.valueFilters?.length || scan.pushdown.pointTimes || !seriesWithin(scan.pushdown, pushdown.scan)) continue;
    const schema = context.catalog.getTable(scan.table.database, scan.table.table);
    if (!schema) return undefined;
    const roles = columnRoles(schema);
    const covered = new Set<number>();
    let onTime = false;
    let exact = true;
    for (const key of node.equiKeys) {
      const scanExpr = scanSide === 'left' ? key.left : key.right;
      const otherExpr = scanSide === 'left' ? key.right : key.left;
      const column = columnName(scanExpr, scan);
      const source = otherExpr.kind === 'Column' ? aggregateColumns[otherExpr.index] : undefined;
      if (column === undefined || !source) {
        exact = false;
        break;
      }
      const k = source.kind === 'key' ? pushdown.keys[source.k] : undefined;
      if (source.kind === 'max' && roles.get(column) === 'TIMESTAMP') onTime = true;
      else if (source.kind === 'key' && k?.kind === 'series' && k.column === column) covered.add(source.k);
      else {
        exact = false;
        break;
      }
    }
    if (!exact || !onTime || covered.size !== pushdown.keys.length) continue;
    return { scan, pushdown, scanSide, aggregateColumns, roles };
  }
  return undefined;
}

/** An aggregate with a storage pushdown under column-only projections, and where each of its output columns comes from. */
function resolveAggregate(plan: PlanNode): { pushdown: AggregatePushdown; columns: (AggregateColumn | undefined)[] } | undefined {
  const chain: Extract<PlanNode, { kind: 'Project' }>[] = [];
  let at = plan;
  while (at.kind === 'Project') {
    chain.push(at);
    at = at.input;
  }
  if (at.kind !== 'Aggregate' || !at.pushdown || at.groupingSets) return undefined;
  const aggregate = at;
  const pushdown = at.pushdown;
  const keys = aggregate.groupBy.length;
  // The aggregate's output: its group keys, then its aggregates.
  let columns: (AggregateColumn | undefined)[] = aggregate.output.map((_, i) =>
    i < keys ? { kind: 'key', k: i } : i - keys < aggregate.aggregates.length ? { kind: 'max' } : undefined,
  );
  for (const project of chain.reverse()) {
    const below = columns;
    const mapped: (AggregateColumn | undefined)[] = [];
    for (const e of project.exprs) mapped.push(e.kind === 'Column' ? below[e.index] : undefined);
    columns = mapped;
  }
  return { pushdown, columns };
}

/** Whether every series the scan's filter admits is one the aggregate's filter admits. */
function seriesWithin(scan: ScanPushdown, aggregate: ScanPushdown): boolean {
  for (const [name, allowed] of aggregate.dimensions) {
    const narrower = scan.dimensions.get(name);
    if (!narrower?.every((v) => allowed.includes(v))) return false;
  }
  if (aggregate.measureNames === null) return true;
  return scan.measureNames?.every((m) => aggregate.measureNames?.includes(m) === true) === true;
}

function columnName(expr: BoundExpression, scan: ScanNode): string | undefined {
  return expr.kind === 'Column' ? scan.output[expr.index]?.name : undefined;
}
