import type { BoundExpression } from '../../plan/bound-expression.ts';
import type { PlanNode, PointTimesPushdown, ScanPushdown } from '../../plan/plan-nodes.ts';
import type { Vector } from '../../vector/index.ts';
import type { ExecutionContext, OperatorStatistics } from '../execution-context.ts';

type ScanNode = Extract<PlanNode, { kind: 'Scan' }>;
type JoinKey = Extract<PlanNode, { kind: 'Join' }>['equiKeys'][number];

/**
 * A runtime filter for a hash join's probe side: once the build side is known, the probe scan
 * only needs series whose join dimensions (and measure_name) appear among the build keys, and
 * times within the build keys' time range. The join still checks every key, so this only skips
 * rows that could not match (callers use it for INNER and RIGHT joins only). Returns the probe
 * plan unchanged when it is not a scan (or a filter over one) or no key is a scan column.
 */
export function withRuntimeFilter(
  probe: PlanNode,
  keys: readonly JoinKey[],
  buildKeys: readonly Vector[],
  context: ExecutionContext,
): PlanNode {
  const scan = probe.kind === 'Filter' ? probe.input : probe;
  if (scan.kind !== 'Scan') return probe;
  const schema = context.catalog.getTable(scan.table.database, scan.table.table);
  if (!schema) return probe;
  const roles = new Map(schema.columns.map((c) => [c.name, c.role]));
  const dimensions = new Map(scan.pushdown.dimensions);
  let measureNames = scan.pushdown.measureNames;
  let { from, to } = scan.pushdown.timeRange;
  let changed = false;
  keys.forEach((key, i) => {
    const column = columnOf(key.left, scan);
    const values = buildKeys[i];
    if (!column || !values) return;
    const role = roles.get(column);
    if (role === 'DIMENSION' || role === 'MEASURE_NAME') {
      const seen = new Set<string>();
      for (let r = 0; r < values.length; r++) {
        const v = values.get(r);
        if (typeof v === 'string') seen.add(v);
      }
      const current = role === 'DIMENSION' ? dimensions.get(column) : measureNames;
      const allowed = current ? current.filter((v) => seen.has(v)) : [...seen];
      if (role === 'DIMENSION') dimensions.set(column, allowed);
      else measureNames = allowed;
      changed = true;
    } else if (role === 'TIMESTAMP') {
      let low: bigint | null = null;
      let high: bigint | null = null;
      for (let r = 0; r < values.length; r++) {
        const v = values.get(r);
        if (typeof v !== 'bigint') continue;
        if (low === null || v < low) low = v;
        if (high === null || v > high) high = v;
      }
      // No build key: an empty range.
      const lo = low ?? 0n;
      const hi = high === null ? 0n : high + 1n;
      if (from === undefined || lo > from) from = lo;
      if (to === undefined || hi < to) to = hi;
      changed = true;
    }
  });
  if (!changed) return probe;
  // Exact points pay when the build times spread out; one instant (lastpoint's join back) is the range itself.
  const pointTimes = from !== undefined && to !== undefined && to - from <= 1n ? undefined : exactPoints(keys, buildKeys, scan, roles);
  const pushdown: ScanPushdown = {
    ...scan.pushdown,
    timeRange: { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) },
    dimensions,
    measureNames,
    ...(pointTimes ? { pointTimes } : {}),
  };
  const filtered: ScanNode = { ...scan, pushdown };
  shareStatistics(context, scan, filtered, 'runtime filter from the join build side');
  if (probe.kind !== 'Filter') return filtered;
  const filter: PlanNode = { ...probe, input: filtered };
  shareStatistics(context, probe, filter);
  return filter;
}

/** Build rows past this many are not turned into exact points (the range and series filters still apply). */
const MAX_POINTS = 4_000_000;

/**
 * With time and at least one series column (dimension, measure_name) among the keys, the build side's exact
 * (series key, time) pairs: the probe scan then reads only rows at those times of those series (point lookups,
 * e.g. high-cpu's and lastpoint's join back onto the table). Undefined otherwise.
 */
function exactPoints(
  keys: readonly JoinKey[],
  buildKeys: readonly Vector[],
  scan: ScanNode,
  roles: ReadonlyMap<string, string>,
): PointTimesPushdown | undefined {
  let timeAt = -1;
  const seriesAt: number[] = [];
  const names: string[] = [];
  keys.forEach((key, i) => {
    const column = columnOf(key.left, scan);
    const role = column ? roles.get(column) : undefined;
    if (role === 'TIMESTAMP' && timeAt < 0) timeAt = i;
    else if ((role === 'DIMENSION' || role === 'MEASURE_NAME') && column && !names.includes(column)) {
      seriesAt.push(i);
      names.push(column);
    }
  });
  const times = timeAt >= 0 ? buildKeys[timeAt] : undefined;
  if (!times || seriesAt.length === 0 || times.length > MAX_POINTS) return undefined;
  const lists = new Map<string, bigint[]>();
  for (let r = 0; r < times.length; r++) {
    const t = times.get(r);
    // A NULL key matches nothing; a key of another type is not what the scan compares: no exact points then.
    if (t === null) continue;
    if (typeof t !== 'bigint') return undefined;
    let key = '';
    let complete = true;
    for (const [j, at] of seriesAt.entries()) {
      const v = buildKeys[at]?.get(r) ?? null;
      if (v === null) {
        complete = false;
        break;
      }
      if (typeof v !== 'string') return undefined;
      key = j === 0 ? v : `${key}\u0000${v}`;
    }
    if (!complete) continue;
    const list = lists.get(key);
    if (list) list.push(t);
    else lists.set(key, [t]);
  }
  const out = new Map<string, BigInt64Array>();
  for (const [key, list] of lists) {
    const sorted = BigInt64Array.from(list).sort();
    let n = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
    out.set(key, sorted.subarray(0, n));
  }
  return { keys: names, times: out };
}

function columnOf(expr: BoundExpression, scan: ScanNode): string | undefined {
  return expr.kind === 'Column' ? scan.output[expr.index]?.name : undefined;
}

/** The rewritten node records into the planned node's statistics, so EXPLAIN ANALYZE shows it. */
function shareStatistics(context: ExecutionContext, planned: PlanNode, running: PlanNode, note?: string): void {
  let statistics = context.operatorStatistics.get(planned);
  if (!statistics) {
    statistics = { rowsOut: 0, batchesOut: 0, totalMs: 0 } satisfies OperatorStatistics;
    context.operatorStatistics.set(planned, statistics);
  }
  if (note) statistics.note = note;
  context.operatorStatistics.set(running, statistics);
}
