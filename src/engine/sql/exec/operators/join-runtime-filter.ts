import { columnRoles } from '../../column-roles.ts';
import type { BoundExpression } from '../../plan/bound-expression.ts';
import type { PlanNode, PointTimesPushdown, ScanPushdown } from '../../plan/plan-nodes.ts';
import { BigIntVector, ConstantVector, DictionaryVector, type Vector } from '../../vector/index.ts';
import type { ExecutionContext, OperatorStatistics } from '../execution-context.ts';
import { timeBounds } from './time-bounds.ts';

type ScanNode = Extract<PlanNode, { kind: 'Scan' }>;
type JoinKey = Extract<PlanNode, { kind: 'Join' }>['equiKeys'][number];

/**
 * A runtime filter for a hash join's probe side: once the build side is known, the probe scan
 * only needs series whose join dimensions (and measure_name) appear among the build keys, and
 * times within the build keys' time range. The join still checks every key, so this only skips
 * rows that could not match (callers use it for INNER and RIGHT joins only). Returns the probe
 * plan unchanged when it is not a scan (or a filter over one) or no key is a scan column.
 *
 * `matchesOnce` says the filter is exact: every key is a distinct scan column (one time, the rest dimensions
 * or measure_name), compared as it is, and the build side's (series key, time) pairs are distinct, so each
 * row the filtered probe yields matches exactly one build row, the one whose keys equal its own (the scan
 * reads a series only at its pairs' times, and a series holds one row per time).
 *
 * `semiJoin`: the caller answers an exact filter as a semi-join, taking the probe's batches as they come, so
 * the scan may hand many series' rows over as one batch (pointTimes.batched) when the filter is exact.
 */
export function withRuntimeFilter(
  probe: PlanNode,
  keys: readonly JoinKey[],
  buildKeys: readonly Vector[],
  context: ExecutionContext,
  semiJoin = false,
): { readonly plan: PlanNode; readonly matchesOnce: boolean } {
  const unchanged = { plan: probe, matchesOnce: false };
  const scan = probe.kind === 'Filter' ? probe.input : probe;
  if (scan.kind !== 'Scan') return unchanged;
  const schema = context.catalog.getTable(scan.table.database, scan.table.table);
  if (!schema) return unchanged;
  const roles = columnRoles(schema);
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
      const seen = distinctStrings(values);
      const current = role === 'DIMENSION' ? dimensions.get(column) : measureNames;
      const allowed = current ? current.filter((v) => seen.has(v)) : [...seen];
      if (role === 'DIMENSION') dimensions.set(column, allowed);
      else measureNames = allowed;
      changed = true;
    } else if (role === 'TIMESTAMP') {
      const [low, high] = timeBounds(values);
      // No build key: an empty range.
      const lo = low ?? 0n;
      const hi = high === null ? 0n : high + 1n;
      if (from === undefined || lo > from) from = lo;
      if (to === undefined || hi < to) to = hi;
      changed = true;
    }
  });
  if (!changed) return unchanged;
  // Exact points pay when the build times spread out; one instant (lastpoint's join back) is the range itself.
  const points = from !== undefined && to !== undefined && to - from <= 1n ? undefined : exactPoints(keys, buildKeys, scan, roles);
  const pointTimes = points && semiJoin && points.matchesOnce ? { ...points.pointTimes, batched: true } : points?.pointTimes;
  const pushdown: ScanPushdown = {
    ...scan.pushdown,
    timeRange: { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) },
    dimensions,
    measureNames,
    ...(pointTimes ? { pointTimes } : {}),
  };
  const filtered: ScanNode = { ...scan, pushdown };
  const matchesOnce = points?.matchesOnce === true;
  shareStatistics(
    context,
    scan,
    filtered,
    matchesOnce
      ? 'runtime filter from the join build side: exact (series, time) points, one match each'
      : 'runtime filter from the join build side',
  );
  if (probe.kind !== 'Filter') return { plan: filtered, matchesOnce };
  const filter: PlanNode = { ...probe, input: filtered };
  shareStatistics(context, probe, filter);
  return { plan: filter, matchesOnce };
}

/** The little-endian reading of BigInt64Array halves (every mainstream platform; elsewhere points are always sorted). */
const LITTLE_ENDIAN = new Int32Array(BigInt64Array.of(1n).buffer)[0] === 1;

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
): { readonly pointTimes: PointTimesPushdown; readonly matchesOnce: boolean } | undefined {
  let timeAt = -1;
  const seriesAt: number[] = [];
  const names: string[] = [];
  // Whether the points stand for every key: each one a scan column (the time once, the others distinct
  // series columns) against a plain build column, so a probe row at a point equals its build row's keys.
  let coversKeys = true;
  keys.forEach((key, i) => {
    const column = columnOf(key.left, scan);
    const role = column ? roles.get(column) : undefined;
    if (key.right.kind !== 'Column') coversKeys = false;
    if (role === 'TIMESTAMP' && timeAt < 0) timeAt = i;
    else if ((role === 'DIMENSION' || role === 'MEASURE_NAME') && column && !names.includes(column)) {
      seriesAt.push(i);
      names.push(column);
    } else coversKeys = false;
  });
  const times = timeAt >= 0 ? buildKeys[timeAt] : undefined;
  if (!times || seriesAt.length === 0 || times.length > MAX_POINTS) return undefined;
  // The build times as one BigInt64Array (a NULL time, like a NULL series key, matches nothing).
  const n = times.length;
  let timeData: BigInt64Array;
  let timeValid: Uint8Array | null = null;
  if (times instanceof BigIntVector) {
    timeData = times.data;
    timeValid = times.valid;
  } else {
    timeData = new BigInt64Array(n);
    timeValid = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const t = times.get(r);
      if (t === null) continue;
      // A key of another type is not what the scan compares: no exact points then.
      if (typeof t !== 'bigint') return undefined;
      timeData[r] = t;
      timeValid[r] = 1;
    }
  }
  // Build rows come a series at a time: each series key's rows as runs [from, to) of the time array, copied
  // whole afterwards (no BigInt per row).
  const runs = new Map<string, number[]>();
  let runKey: string | null = null;
  let runStart = 0;
  const close = (end: number) => {
    if (runKey === null || end <= runStart) return;
    const list = runs.get(runKey);
    if (list) list.push(runStart, end);
    else runs.set(runKey, [runStart, end]);
  };
  // Dictionary-coded series columns (coalesced series): a row whose codes and time validity are the previous
  // row's has its key, so only rows where a code changes build one.
  const codes = seriesAt.map((k) => buildKeys[k]);
  const coded = codes.every((v) => v instanceof DictionaryVector) ? (codes as DictionaryVector[]).map((v) => v.codes) : null;
  for (let r = 0; r < n; r++) {
    if (coded !== null && r > 0 && (timeValid === null || timeValid[r] === timeValid[r - 1]) && sameCodes(coded, r)) continue;
    let key: string | null = timeValid && timeValid[r] === 0 ? null : '';
    for (let j = 0; j < seriesAt.length && key !== null; j++) {
      const v = buildKeys[seriesAt[j]!]?.get(r) ?? null;
      if (v === null) key = null;
      else if (typeof v !== 'string') return undefined;
      else key = j === 0 ? v : `${key}\u0000${v}`;
    }
    if (key !== runKey) {
      close(r);
      runKey = key;
      runStart = r;
    }
  }
  close(n);
  const out = new Map<string, BigInt64Array>();
  let distinct = true;
  for (const [key, list] of runs) {
    let total = 0;
    for (let i = 0; i < list.length; i += 2) total += list[i + 1]! - list[i]!;
    const sorted = new BigInt64Array(total);
    let at = 0;
    for (let i = 0; i < list.length; i += 2) {
      sorted.set(timeData.subarray(list[i]!, list[i + 1]!), at);
      at += list[i + 1]! - list[i]!;
    }
    // A key's rows are usually one series' run in time order: sorted only when not (a BigInt64Array sort reads
    // a BigInt per element).
    const words = new Int32Array(sorted.buffer, sorted.byteOffset, total * 2);
    if (!ascending(words, total)) sorted.sort();
    // Repeated times dropped, compared as 32-bit halves (equal values have equal halves whatever the byte order).
    let m = 0;
    for (let i = 0; i < total; i++) {
      if (m > 0 && words[2 * i] === words[2 * m - 2] && words[2 * i + 1] === words[2 * m - 1]) continue;
      words[2 * m] = words[2 * i]!;
      words[2 * m + 1] = words[2 * i + 1]!;
      m++;
    }
    if (m < total) distinct = false;
    out.set(key, sorted.subarray(0, m));
  }
  return { pointTimes: { keys: names, times: out }, matchesOnce: coversKeys && distinct };
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

/** Whether row r has row r - 1's code in every one of `columns`. */
function sameCodes(columns: readonly Int32Array[], r: number): boolean {
  for (let c = 0; c < columns.length; c++) {
    const codes = columns[c]!;
    if (codes[r] !== codes[r - 1]) return false;
  }
  return true;
}

/** Whether the first n 64-bit values (as little-endian 32-bit halves: high signed, low unsigned) never decrease. */
function ascending(words: Int32Array, n: number): boolean {
  if (!LITTLE_ENDIAN) return false;
  for (let i = 1; i < n; i++) {
    const hi = words[2 * i + 1]!;
    const before = words[2 * i - 1]!;
    if (hi < before || (hi === before && words[2 * i]! >>> 0 < words[2 * i - 2]! >>> 0)) return false;
  }
  return true;
}

/** The distinct strings of a build key column: once per dictionary code or constant rather than once per row. */
function distinctStrings(values: Vector): Set<string> {
  const seen = new Set<string>();
  if (values instanceof ConstantVector) {
    if (typeof values.value === 'string' && values.length > 0) seen.add(values.value);
    return seen;
  }
  if (values instanceof DictionaryVector) {
    // In order of first use, as the rows would add them.
    const { codes, dictionary } = values;
    const used = new Uint8Array(dictionary.length);
    for (let r = 0; r < codes.length; r++) {
      const code = codes[r]!;
      if (used[code] === 1) continue;
      used[code] = 1;
      const v = dictionary[code];
      if (typeof v === 'string') seen.add(v);
    }
    return seen;
  }
  for (let r = 0; r < values.length; r++) {
    const v = values.get(r);
    if (typeof v === 'string') seen.add(v);
  }
  return seen;
}
