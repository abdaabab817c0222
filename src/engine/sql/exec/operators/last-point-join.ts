import type { ColumnRole } from '../../catalog.ts';
import type { BoundExpression } from '../../plan/bound-expression.ts';
import type { AggregatePushdown, PlanNode, ScanPushdown } from '../../plan/plan-nodes.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import { type Batch, vectorFromValues } from '../../vector/index.ts';
import { abortReason } from '../checkpoint.ts';
import type { ExecutionContext } from '../execution-context.ts';

const TIME = -1;
const MEASURE = -2;
const DIMENSION = -3;
/** A non-DOUBLE value column the series does not have. */
const ABSENT = -4;

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
 * series' last row: the storage's last-point scan gives every series' last time and DOUBLE values (from
 * chunk headers or the head buffer), the group's max is taken over its series, and each series whose
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
  // The scan reads every column of the table; the last-point scan gives DOUBLE values only. A column of
  // another type is NULL in a series without it, and a series with it sends the query to the hash join.
  const isValue = (name: string) => roles.get(name) === 'MEASURE_VALUE' || roles.get(name) === 'MULTI';
  const values = scan.output.map((c) => isValue(c.name) && c.type.kind === 'double');
  const others = new Set(scan.output.filter((c) => isValue(c.name) && c.type.kind !== 'double').map((c) => c.name));
  const valueColumns = scan.output.filter((_, i) => values[i]).map((c) => c.name);
  const series = await context.catalog.lastRows(
    { table: pushdown.table, pushdown: pushdown.scan, columns: valueColumns },
    context.signal,
    context.scanStatistics,
  );
  if (!series) return null;
  // One bounded pass over the series follows: a cancel is honoured here, without yielding to the event loop
  // (a yield costs the query whatever else the loop has queued, tens of ms beside a busy neighbour).
  if (context.signal.aborted) throw abortReason(context.signal);
  // Each group's key values (null: a series without a key column, which no equality matches) and max time.
  const keyOf = (s: (typeof series)[number]): (string | null)[] =>
    pushdown.keys.map((k) => (k.kind !== 'series' ? null : k.role === 'MEASURE_NAME' ? s.measureName : (s.dimensions[k.column] ?? null)));
  if (others.size > 0 && series.some((s) => s.columns.some((c) => others.has(c.name) && c.type !== 'double'))) return null;
  const groupKeys: (string | null)[][] = [];
  const groupIds: string[] = [];
  const groupMax = new Map<string, bigint>();
  for (const s of series) {
    const keys = keyOf(s);
    groupKeys.push(keys);
    if (keys.includes(null)) {
      groupIds.push('');
      continue;
    }
    const id = keys.length === 1 ? (keys[0] as string) : keys.map((v) => `${(v as string).length}:${v}`).join('|');
    groupIds.push(id);
    const t = s.time;
    const max = groupMax.get(id);
    if (max === undefined || t > max) groupMax.set(id, t);
  }
  const { from, to } = scan.pushdown.timeRange;
  const scanDimensions = [...scan.pushdown.dimensions];
  const scanMeasures = scan.pushdown.measureNames;
  // Per scan column: its value column's index (>= 0), or TIME, MEASURE, DIMENSION.
  let valueAt = 0;
  const kinds = scan.output.map((c, j) => {
    const role = roles.get(c.name);
    return values[j]
      ? valueAt++
      : role === 'TIMESTAMP'
        ? TIME
        : role === 'MEASURE_NAME'
          ? MEASURE
          : role === 'DIMENSION'
            ? DIMENSION
            : ABSENT;
  });
  const names = scan.output.map((c) => c.name);
  const scanColumns: SqlValue[][] = scan.output.map(() => []);
  const aggregateValues: SqlValue[][] = aggregateColumns.map(() => []);
  series.forEach((s, i) => {
    const id = groupIds[i] as string;
    if (id === '') return;
    const t = s.time;
    if (t !== groupMax.get(id)) return;
    if ((from !== undefined && t < from) || (to !== undefined && t >= to)) return;
    if (scanMeasures && !scanMeasures.includes(s.measureName)) return;
    for (const [name, allowed] of scanDimensions) {
      const v = s.dimensions[name];
      if (v === undefined || !allowed.includes(v)) return;
    }
    for (let j = 0; j < kinds.length; j++) {
      const kind = kinds[j] as number;
      const out = scanColumns[j] as SqlValue[];
      if (kind >= 0) out.push(s.values[kind] ?? null);
      else if (kind === TIME) out.push(t);
      else if (kind === MEASURE) out.push(s.measureName);
      else if (kind === DIMENSION) out.push(s.dimensions[names[j] as string] ?? null);
      else out.push(null);
    }
    const keys = groupKeys[i] as (string | null)[];
    aggregateColumns.forEach((a, j) => {
      (aggregateValues[j] as SqlValue[]).push(a.kind === 'max' ? t : (keys[a.k] ?? null));
    });
  });
  const sides = scanSide === 'left' ? [...scanColumns, ...aggregateValues] : [...aggregateValues, ...scanColumns];
  const length = scanColumns[0]?.length ?? 0;
  return { columns: node.output.map((c, i) => vectorFromValues(c.type, sides[i] as SqlValue[])), length };
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
    const roles = new Map<string, ColumnRole>(schema.columns.map((c) => [c.name, c.role]));
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
