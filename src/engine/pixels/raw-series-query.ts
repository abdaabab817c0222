import type { Kernel, M4Result, M4Spec } from '../../kernel/index.ts';
import { QueryBinder } from '../sql/binder/bind-query.ts';
import { evaluateConstant } from '../sql/binder/constant.ts';
import { emptyScanStatistics, type SqlCatalog } from '../sql/catalog.ts';
import { columnRoles, dimensionNames } from '../sql/column-roles.ts';
import { parseStatement } from '../sql/parser/parse.ts';
import type { BoundExpression } from '../sql/plan/bound-expression.ts';
import type { PlanNode, ScanPushdown } from '../sql/plan/plan-nodes.ts';
import type { QueryResult } from '../sql/result/query-result.ts';
import type { SqlValue } from '../sql/values/sql-value.ts';
import { vectorFromValues } from '../sql/vector/index.ts';
import type { StorageEngine } from '../storage/engine.ts';
import type { SeriesInfo } from '../storage/series.ts';
import { gapTimes } from './pixel-grid.ts';

type ScanNode = Extract<PlanNode, { kind: 'Scan' }>;
type Role = 'time' | 'value' | 'dimension' | 'measure_name';

/** A raw-points query M4 can be pushed into: which table, what it reads, and what each output column is. */
export interface RawSeriesQuery {
  /** Milliseconds the match spent parsing and binding the text (the run's statistics count them). */
  readonly parseMs: number;
  readonly planMs: number;
  readonly scan: ScanNode;
  readonly valueColumn: string;
  readonly outputs: readonly {
    readonly name: string;
    readonly role: Role;
    readonly source: string;
    readonly type: ScanNode['output'][number]['type'];
  }[];
}

/**
 * Recognises `SELECT time, <double value>, [dimensions, measure_name] FROM t WHERE <only
 * conditions the scan applies exactly: time ranges, measure_name and dimension equalities or IN
 * lists> [ORDER BY time]`, where the output columns tell the series apart. Anything else (an
 * aggregate, a residual filter, a LIMIT, an expression) returns null and runs as SQL.
 */
export function matchRawSeriesQuery(catalog: SqlCatalog, sql: string, now: bigint): RawSeriesQuery | null {
  let plan: PlanNode;
  const started = performance.now();
  let parsed = started;
  try {
    const statement = parseStatement(sql);
    parsed = performance.now();
    if (statement.kind !== 'Query') return null;
    plan = new QueryBinder({ catalog, sql, now }).bindQuery(statement, null);
  } catch {
    return null; // SQL reports the error itself
  }
  let sortKeys: Extract<PlanNode, { kind: 'Sort' }>['keys'] | null = null;
  if (plan.kind === 'Sort') {
    sortKeys = plan.keys;
    plan = plan.input;
  }
  if (plan.kind !== 'Project') return null;
  const project = plan;
  let below = project.input;
  let predicate: BoundExpression | null = null;
  if (below.kind === 'Filter') {
    predicate = below.predicate;
    below = below.input;
  }
  if (below.kind !== 'Scan') return null;
  const scan = below;
  const schema = catalog.getTable(scan.table.database, scan.table.table);
  if (!schema) return null;
  const roleOf = columnRoles(schema);
  const dimensions = dimensionNames(schema);

  const outputs: RawSeriesQuery['outputs'][number][] = [];
  let valueColumn: string | null = null;
  let timeOutput = -1;
  for (const [i, expr] of project.exprs.entries()) {
    const column = project.output[i];
    if (expr.kind !== 'Column' || !column) return null;
    const source = scan.output[expr.index]?.name;
    if (source === undefined) return null;
    if (column.hidden) continue;
    const role = roleOf.get(source);
    let r: Role;
    if (role === 'TIMESTAMP') {
      if (timeOutput >= 0) return null;
      timeOutput = i;
      r = 'time';
    } else if (role === 'MEASURE_VALUE' || role === 'MULTI') {
      if (valueColumn !== null || expr.type.kind !== 'double') return null;
      valueColumn = source;
      r = 'value';
    } else if (role === 'DIMENSION') r = 'dimension';
    else if (role === 'MEASURE_NAME') r = 'measure_name';
    else return null;
    outputs.push({ name: column.name, role: r, source, type: column.type });
  }
  if (timeOutput < 0 || valueColumn === null) return null;
  if (sortKeys) {
    if (sortKeys.length !== 1) return null;
    const key = sortKeys[0];
    if (!key || key.descending || key.expr.kind !== 'Column') return null;
    const projected = project.exprs[key.expr.index];
    if (projected?.kind !== 'Column' || scan.output[projected.index]?.name !== 'time') return null;
  }
  if (predicate && !conjuncts(predicate).every((c) => isPushedExactly(c, scan, now, dimensions))) return null;
  // The output must tell the series apart, or their points would be drawn as one line.
  const shown = new Set(outputs.map((o) => o.source));
  if (!shown.has('measure_name') && (scan.pushdown.measureNames?.length ?? 2) !== 1) return null;
  for (const d of dimensions) if (!shown.has(d) && (scan.pushdown.dimensions.get(d)?.length ?? 2) !== 1) return null;
  return { parseMs: parsed - started, planMs: performance.now() - parsed, scan, valueColumn, outputs };
}

/** Runs a matched query with M4 in the chunk scan and builds the rows a chart needs, gap rows included. */
export async function runRawSeriesM4(engine: StorageEngine, kernel: Kernel, query: RawSeriesQuery, spec: M4Spec): Promise<QueryResult> {
  const started = performance.now();
  const { scan } = query;
  const pushdown: ScanPushdown = scan.pushdown;
  const dimensions: Record<string, readonly string[]> = {};
  for (const [name, values] of pushdown.dimensions) dimensions[name] = values;
  const result = await engine.m4Scan(
    {
      database: scan.table.database,
      table: scan.table.table,
      seriesFilter: { dimensions },
      ...(pushdown.measureNames ? { measures: pushdown.measureNames } : {}),
      column: query.valueColumn,
      spec,
      timeRange: pushdown.timeRange,
    },
    kernel,
  );
  const rows: { time: bigint; value: number | null; series: SeriesInfo; order: number }[] = [];
  for (const [order, { series, m4 }] of result.series.entries()) {
    for (const [time, value] of pixelPoints(m4)) rows.push({ time, value, series, order });
    for (const time of gapTimes(m4.count, m4.firstTime, m4.lastTime)) rows.push({ time, value: null, series, order });
  }
  rows.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.order - b.order));
  const columns = query.outputs.map((o) => ({ name: o.name, type: o.type }));
  const vectors = query.outputs.map((o) =>
    vectorFromValues(
      o.type,
      rows.map((r): SqlValue => {
        if (o.role === 'time') return r.time;
        if (o.role === 'value') return r.value;
        if (o.role === 'measure_name') return r.series.measureName;
        return r.series.dimensions[o.source] ?? null;
      }),
    ),
  );
  const statistics = emptyScanStatistics();
  statistics.chunksAnsweredFromHeaders = result.stats.chunksFromHeaders;
  // Chunks answered from their M4 block index are decoded in part (the blocks a pixel edge cuts).
  statistics.chunksDecoded = result.stats.chunksDecoded + result.stats.chunksFromBlocks;
  statistics.rowsProduced = rows.length;
  const executeMs = performance.now() - started;
  const phases = { parseMs: query.parseMs, planMs: query.planMs, executeMs };
  return {
    columns,
    vectors,
    rowCount: rows.length,
    statistics: { elapsedMs: query.parseMs + query.planMs + executeMs, scan: statistics, phases },
  };
}

/** A series' M4 points in time order: per pixel its first, min, max and last, one per distinct time. */
export function pixelPoints(m4: M4Result): [bigint, number][] {
  const out: [bigint, number][] = [];
  for (let p = 0; p < m4.spec.pixels; p++) {
    if ((m4.count[p] as number) === 0) continue;
    const points: [bigint, number][] = [[m4.firstTime[p] as bigint, m4.first[p] as number]];
    if (!Number.isNaN(m4.min[p] as number)) points.push([m4.minTime[p] as bigint, m4.min[p] as number]);
    if (!Number.isNaN(m4.max[p] as number)) points.push([m4.maxTime[p] as bigint, m4.max[p] as number]);
    points.push([m4.lastTime[p] as bigint, m4.last[p] as number]);
    points.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const point of points) {
      const prev = out[out.length - 1];
      if (prev && prev[0] === point[0]) continue;
      out.push(point);
    }
  }
  return out;
}

function conjuncts(expr: BoundExpression): BoundExpression[] {
  return expr.kind === 'And' ? expr.args.flatMap(conjuncts) : [expr];
}

const COMPARISONS = new Set(['<', '>', '<=', '>=', '=']);

/** True when the scan's pushdown applies this condition exactly, so the filter can be dropped. */
function isPushedExactly(expr: BoundExpression, scan: ScanNode, now: bigint, dimensions: ReadonlySet<string>): boolean {
  const name = (e: BoundExpression) => (e.kind === 'Column' ? scan.output[e.index]?.name : undefined);
  const constant = (e: BoundExpression) => evaluateConstant(e, now);
  const onColumn = (column: string | undefined, value: SqlValue | undefined, op: string): boolean => {
    if (column === undefined || value === undefined || value === null) return false;
    if (column === 'time') return typeof value === 'bigint';
    return op === '=' && typeof value === 'string' && (column === 'measure_name' || dimensions.has(column));
  };
  if (expr.kind === 'Call' && COMPARISONS.has(expr.name) && expr.args.length === 2) {
    const [a, b] = expr.args as [BoundExpression, BoundExpression];
    return name(a) !== undefined ? onColumn(name(a), constant(b), expr.name) : onColumn(name(b), constant(a), expr.name);
  }
  if (expr.kind === 'Call' && expr.name === 'between' && expr.args.length === 3) {
    const [v, lo, hi] = expr.args as [BoundExpression, BoundExpression, BoundExpression];
    return name(v) === 'time' && typeof constant(lo) === 'bigint' && typeof constant(hi) === 'bigint';
  }
  if (expr.kind === 'InList' && !expr.negated) {
    const column = name(expr.value);
    return (
      column !== undefined &&
      (column === 'measure_name' || dimensions.has(column)) &&
      expr.list.every((e) => typeof constant(e) === 'string')
    );
  }
  return false;
}
