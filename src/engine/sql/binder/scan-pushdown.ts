import type { BoundExpression } from '../plan/bound-expression.ts';
import type { PlanNode, ScanPushdown, TimeRange, ValueFilterPushdown } from '../plan/plan-nodes.ts';
import { evaluateConstant } from './constant.ts';

type ScanNode = Extract<PlanNode, { kind: 'Scan' }>;

export function emptyPushdown(): ScanPushdown {
  return { timeRange: {}, dimensions: new Map(), measureNames: null };
}

/**
 * Reads what a scan can use from WHERE's conjuncts over its columns: the time range (from
 * comparisons and BETWEEN with constants, `ago(1h)` included), dimension equalities and IN lists,
 * and measure_name equalities. The filter itself stays in the plan: a pushdown only lets the
 * scan skip chunks and series that cannot match.
 */
export function extractPushdown(
  scan: ScanNode,
  conjuncts: readonly BoundExpression[],
  now: bigint,
  dimensionNames: ReadonlySet<string>,
): ScanPushdown {
  let from: bigint | undefined;
  let to: bigint | undefined;
  const dimensions = new Map<string, string[]>();
  let measureNames: string[] | null = null;
  const columnName = (expr: BoundExpression): string | undefined => (expr.kind === 'Column' ? scan.output[expr.index]?.name : undefined);
  const tighten = (lower: bigint | undefined, upper: bigint | undefined) => {
    if (lower !== undefined && (from === undefined || lower > from)) from = lower;
    if (upper !== undefined && (to === undefined || upper < to)) to = upper;
  };
  const constant = (expr: BoundExpression) => evaluateConstant(expr, now);
  const valueFilters: ValueFilterPushdown[] = [];

  // Plain loops and indexes: a query of a kept shape runs this with cold caches, where iterators cost most.
  for (let c = 0; c < conjuncts.length; c++) {
    const conjunct = conjuncts[c] as BoundExpression;
    const valueFilter = valueFilterOf(scan, conjunct, now, dimensionNames);
    if (valueFilter) {
      valueFilters.push(valueFilter);
      continue;
    }
    if (conjunct.kind === 'Call' && conjunct.args.length === 2) {
      const a = conjunct.args[0] as BoundExpression;
      const b = conjunct.args[1] as BoundExpression;
      let op = conjunct.name;
      let column = columnName(a);
      let value = constant(b);
      if (column === undefined) {
        column = columnName(b);
        value = constant(a);
        op = FLIPPED[op] ?? op;
      }
      if (column === undefined || value === undefined || value === null) continue;
      if (column === 'time' && typeof value === 'bigint') {
        // The range is half-open [from, to).
        if (op === '>=') tighten(value, undefined);
        else if (op === '>') tighten(value + 1n, undefined);
        else if (op === '<') tighten(undefined, value);
        else if (op === '<=') tighten(undefined, value + 1n);
        else if (op === '=') tighten(value, value + 1n);
      } else if (op === '=' && typeof value === 'string') {
        if (column === 'measure_name') measureNames = intersect(measureNames, [value]);
        else if (dimensionNames.has(column)) dimensions.set(column, intersect(dimensions.get(column) ?? null, [value]));
      }
    } else if (conjunct.kind === 'Call' && conjunct.name === 'between' && conjunct.args.length === 3) {
      const low = constant(conjunct.args[1] as BoundExpression);
      const high = constant(conjunct.args[2] as BoundExpression);
      if (columnName(conjunct.args[0] as BoundExpression) === 'time' && typeof low === 'bigint' && typeof high === 'bigint')
        tighten(low, high + 1n);
    } else if (conjunct.kind === 'InList' && !conjunct.negated) {
      const column = columnName(conjunct.value);
      const values = conjunct.list.map(constant);
      if (column === undefined || !values.every((v): v is string => typeof v === 'string')) continue;
      if (column === 'measure_name') measureNames = intersect(measureNames, values);
      else if (dimensionNames.has(column)) dimensions.set(column, intersect(dimensions.get(column) ?? null, values));
    }
  }
  const timeRange: { -readonly [K in keyof TimeRange]: TimeRange[K] } = {};
  if (from !== undefined) timeRange.from = from;
  if (to !== undefined) timeRange.to = to;
  return valueFilters.length > 0 ? { timeRange, dimensions, measureNames, valueFilters } : { timeRange, dimensions, measureNames };
}

/**
 * The conjunct as a value filter the storage applies exactly: a DOUBLE value column (not time, a dimension
 * or measure_name) compared with a constant double, e.g. `usage_user > 90.0`; undefined for anything else.
 */
export function valueFilterOf(
  scan: ScanNode,
  conjunct: BoundExpression,
  now: bigint,
  dimensionNames: ReadonlySet<string>,
): ValueFilterPushdown | undefined {
  if (conjunct.kind !== 'Call' || conjunct.args.length !== 2 || !(conjunct.name in FLIPPED)) return undefined;
  const a = conjunct.args[0] as BoundExpression;
  const b = conjunct.args[1] as BoundExpression;
  const valueColumn = (e: BoundExpression): string | undefined => {
    if (e.kind !== 'Column') return undefined;
    const column = scan.output[e.index];
    if (column?.type.kind !== 'double' || column.name === 'time' || column.name === 'measure_name') return undefined;
    return dimensionNames.has(column.name) ? undefined : column.name;
  };
  let op = conjunct.name as ValueFilterPushdown['op'];
  let column = valueColumn(a);
  let other = b;
  if (column === undefined) {
    column = valueColumn(b);
    other = a;
    op = FLIPPED[op] as ValueFilterPushdown['op'];
  }
  if (column === undefined) return undefined;
  const value = evaluateConstant(other, now);
  return typeof value === 'number' ? { column, op, value } : undefined;
}

const FLIPPED: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '<>': '<>' };

function intersect(current: string[] | null, values: readonly string[]): string[] {
  if (current === null) return [...new Set(values)];
  const allowed = new Set(values);
  return current.filter((v) => allowed.has(v));
}
