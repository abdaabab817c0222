import type { ColumnRole, SqlCatalog } from '../catalog.ts';
import { columnRoles } from '../column-roles.ts';
import type { BoundExpression } from '../plan/bound-expression.ts';
import type { AggregatePushdown, PlanNode } from '../plan/plan-nodes.ts';
import { evaluateConstant } from './constant.ts';

type AggregateNode = Extract<PlanNode, { kind: 'Aggregate' }>;
type Input = AggregatePushdown['aggregates'][number]['input'];

const PUSHABLE = new Set(['count', 'sum', 'avg', 'min', 'max']);
const TIME_OPERATORS = new Set(['>=', '>', '<', '<=', '=']);

/**
 * Decides whether the storage can answer an aggregate by itself (see AggregatePushdown) and says
 * how; undefined keeps the ordinary scan + hash aggregate. Every WHERE conjunct must be one the
 * scan pushdown holds exactly (time comparisons with constants, dimension and measure_name
 * equalities and IN lists), since the pushed aggregate never sees the filter.
 */
export function planAggregatePushdown(node: AggregateNode, catalog: SqlCatalog, now: bigint): AggregatePushdown | undefined {
  if (node.groupingSets) return undefined;
  let input = node.input;
  let conjuncts: readonly BoundExpression[] = [];
  if (input.kind === 'Filter') {
    conjuncts = input.predicate.kind === 'And' ? input.predicate.args : [input.predicate];
    input = input.input;
  }
  if (input.kind !== 'Scan') return undefined;
  const scan = input;
  const schema = catalog.getTable(scan.table.database, scan.table.table);
  if (!schema) return undefined;
  const roles = columnRoles(schema);
  const roleOf = (expr: BoundExpression): ColumnRole | undefined =>
    expr.kind === 'Column' ? roles.get(scan.output[expr.index]?.name ?? '') : undefined;
  const nameOf = (expr: BoundExpression): string => (expr.kind === 'Column' ? (scan.output[expr.index]?.name ?? '') : '');
  if (!conjuncts.every((c) => exactConjunct(c, roleOf, now))) return undefined;

  let bucketWidth: bigint | null = null;
  const keys: AggregatePushdown['keys'][number][] = [];
  for (const key of node.groupBy) {
    const role = roleOf(key);
    if (role === 'DIMENSION' || role === 'MEASURE_NAME') {
      keys.push({ kind: 'series', column: nameOf(key), role });
      continue;
    }
    if (
      key.kind === 'Call' &&
      key.name === 'bin' &&
      key.args.length === 2 &&
      roleOf(key.args[0]!) === 'TIMESTAMP' &&
      bucketWidth === null
    ) {
      const width = evaluateConstant(key.args[1]!, now);
      if (typeof width !== 'bigint' || width <= 0n) return undefined;
      bucketWidth = width;
      keys.push({ kind: 'bin' });
      continue;
    }
    return undefined;
  }

  const columns: string[] = [];
  const aggregates: AggregatePushdown['aggregates'][number][] = [];
  for (const aggregate of node.aggregates) {
    if (aggregate.distinct || aggregate.filter) return undefined;
    // min_by / max_by(value, time): the value at the first / last row.
    if ((aggregate.name === 'min_by' || aggregate.name === 'max_by') && aggregate.args.length === 2) {
      if (roleOf(aggregate.args[1]!) !== 'TIMESTAMP') return undefined;
      const source = valueSource(aggregate.args[0]!, roleOf, now);
      if (source?.kind !== 'column' || source.column.type.kind !== 'double') return undefined;
      const name = nameOf(source.column);
      let index = columns.indexOf(name);
      if (index < 0) index = columns.push(name) - 1;
      aggregates.push({
        fn: aggregate.name === 'max_by' ? 'last' : 'first',
        input: { kind: 'column', column: index, measure: source.measure },
      });
      continue;
    }
    if (!PUSHABLE.has(aggregate.name)) return undefined;
    const fn = aggregate.name as AggregatePushdown['aggregates'][number]['fn'];
    if (aggregate.args.length === 0) {
      if (fn !== 'count') return undefined;
      aggregates.push({ fn, input: { kind: 'rows' } });
      continue;
    }
    if (aggregate.args.length !== 1) return undefined;
    const source = valueSource(aggregate.args[0]!, roleOf, now);
    if (!source) return undefined;
    if (source.kind === 'time') {
      if (fn === 'sum' || fn === 'avg') return undefined;
      aggregates.push({ fn, input: { kind: 'time' } });
      continue;
    }
    const name = nameOf(source.column);
    if (source.column.type.kind !== 'double') return undefined;
    let index = columns.indexOf(name);
    if (index < 0) index = columns.push(name) - 1;
    const pushed: Input = { kind: 'column', column: index, measure: source.measure };
    aggregates.push({ fn, input: pushed });
  }
  return { table: scan.table, scan: scan.pushdown, bucketWidth, keys, columns, aggregates };
}

/** The input of an aggregate: time, a value column, or `CASE WHEN measure_name = 'm' THEN column END`. */
function valueSource(
  expr: BoundExpression,
  roleOf: (e: BoundExpression) => ColumnRole | undefined,
  now: bigint,
): { kind: 'time' } | { kind: 'column'; column: BoundExpression; measure: string | null } | undefined {
  const role = roleOf(expr);
  if (role === 'TIMESTAMP') return { kind: 'time' };
  if (role === 'MEASURE_VALUE' || role === 'MULTI') return { kind: 'column', column: expr, measure: null };
  if (expr.kind !== 'Case' || expr.whens.length !== 1 || evaluateConstant(expr.else, now) !== null) return undefined;
  const { condition, result } = expr.whens[0]!;
  const resultRole = roleOf(result);
  if (resultRole !== 'MEASURE_VALUE' && resultRole !== 'MULTI') return undefined;
  if (condition.kind !== 'Call' || condition.name !== '=' || condition.args.length !== 2) return undefined;
  const [a, b] = condition.args as [BoundExpression, BoundExpression];
  const measure =
    roleOf(a) === 'MEASURE_NAME' ? evaluateConstant(b, now) : roleOf(b) === 'MEASURE_NAME' ? evaluateConstant(a, now) : undefined;
  if (typeof measure !== 'string') return undefined;
  return { kind: 'column', column: result, measure };
}

/** Whether the scan pushdown represents this conjunct exactly (extractPushdown reads the same forms). */
export function exactConjunct(conjunct: BoundExpression, roleOf: (e: BoundExpression) => ColumnRole | undefined, now: bigint): boolean {
  const seriesColumn = (e: BoundExpression) => {
    const role = roleOf(e);
    return role === 'DIMENSION' || role === 'MEASURE_NAME';
  };
  if (conjunct.kind === 'Call' && conjunct.args.length === 2) {
    const [a, b] = conjunct.args as [BoundExpression, BoundExpression];
    const [column, other] = roleOf(a) !== undefined ? [a, b] : [b, a];
    const value = evaluateConstant(other, now);
    if (value === undefined || value === null) return false;
    if (roleOf(column) === 'TIMESTAMP') return TIME_OPERATORS.has(conjunct.name) && typeof value === 'bigint';
    return seriesColumn(column) && conjunct.name === '=' && typeof value === 'string';
  }
  if (conjunct.kind === 'Call' && conjunct.name === 'between' && conjunct.args.length === 3) {
    const [v, lo, hi] = conjunct.args as [BoundExpression, BoundExpression, BoundExpression];
    return roleOf(v) === 'TIMESTAMP' && typeof evaluateConstant(lo, now) === 'bigint' && typeof evaluateConstant(hi, now) === 'bigint';
  }
  if (conjunct.kind === 'InList' && !conjunct.negated) {
    return seriesColumn(conjunct.value) && conjunct.list.every((e) => typeof evaluateConstant(e, now) === 'string');
  }
  return false;
}

/**
 * Limit over Sort over Project over a pushed-down Aggregate, sorted first on the bin bucket: only
 * the offset + limit newest (DESC) or oldest (ASC) buckets holding data can reach the result (each
 * such bucket gives at least one row, and every row of an older bucket sorts after them), so the
 * pushdown is told it may stop there. Any other plan comes back as it was.
 */
export function withTopBuckets(plan: PlanNode): PlanNode {
  if (plan.kind !== 'Limit' || plan.limit === null) return plan;
  const sort = plan.input;
  if (sort.kind !== 'Sort') return plan;
  const project = sort.input;
  if (project.kind !== 'Project') return plan;
  const aggregate = project.input;
  if (aggregate.kind !== 'Aggregate' || !aggregate.pushdown || aggregate.pushdown.bucketWidth === null) return plan;
  const first = sort.keys[0];
  if (first?.expr.kind !== 'Column') return plan;
  const projected = project.exprs[first.expr.index];
  if (projected?.kind !== 'Column' || aggregate.pushdown.keys[projected.index]?.kind !== 'bin') return plan;
  if (projected.index >= aggregate.groupBy.length) return plan;
  const topBuckets = { count: plan.offset + plan.limit, newest: first.descending };
  return {
    ...plan,
    input: { ...sort, input: { ...project, input: { ...aggregate, pushdown: { ...aggregate.pushdown, topBuckets } } } },
  };
}
