import { TidemarkError } from '../errors/index.ts';
import type { Kernel } from '../kernel/index.ts';
import { tablesReadBy } from './live/tables-read.ts';
import { checkPixels, gridFor, matchRawSeriesQuery, reduceResultToPixels, runRawSeriesM4 } from './pixels/index.ts';
import { type ExpandedSql, expandMacros, hasMacros, mapErrorToTemplate } from './sql/macros.ts';
import type { QueryResult } from './sql/result/query-result.ts';
import { type QueryOptions, runSql } from './sql/run-sql.ts';
import { NANOS_PER_MILLI } from './sql/values/sql-value.ts';
import type { StorageEngine } from './storage/engine.ts';
import { StorageSqlCatalog } from './storage-sql-catalog.ts';

/** `Database.query` options: the SQL engine's, plus the range and interval the macros expand to. */
export interface DatabaseQueryOptions extends QueryOptions {
  /** The time range `$__timeFilter`, `$__timeFrom` and `$__timeTo` expand to, in epoch ms (inclusive). */
  readonly range?: { readonly fromMs: number; readonly toMs: number };
  /**
   * The bucket width `$__interval` and `$__interval_ms` expand to. Without it, a query with a range
   * gets the range divided into `pixels` (default 1000) buckets, rounded to a whole unit.
   */
  readonly intervalMs?: number;
  /**
   * The chart's width: a time-shaped result (a timestamp column, numeric columns, text group
   * columns) comes back reduced to M4 (first/last/min/max rows per pixel column over `range`, or
   * over the result's own span without one), with a NULL row where a series has a gap. Raw-point
   * queries over one double measure push M4 into the chunk scan.
   */
  readonly pixels?: number;
  /** Whether raw-point queries may push M4 into the scan (default true; tests compare both paths). */
  readonly pixelPushdown?: boolean;
  /**
   * The range the pixel grid spans, when it differs from `range` (a live query re-reads only the
   * tail of its window on the whole window's grid). Default: `range`.
   */
  readonly gridRange?: { readonly fromMs: number; readonly toMs: number };
}

/** The `$__interval` a range gets when none is given: about `buckets` buckets, rounded to a whole unit. */
export function defaultIntervalMs(range: { readonly fromMs: number; readonly toMs: number }, buckets = 1000): number {
  const raw = Math.max(1, (range.toMs - range.fromMs) / Math.max(1, buckets));
  const steps = [
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
    3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
  ];
  return steps.find((s) => s >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
}

/**
 * `Database.query`: expands the macros with the range and interval, runs the SQL, and for a chart
 * (`pixels`) reduces a time-shaped result to M4, pushing M4 into the chunk scan for raw-point
 * queries over one double measure. Errors point into the SQL as the caller wrote it.
 */
export async function runDatabaseQuery(
  engine: StorageEngine,
  kernel: Kernel,
  sql: string,
  options: DatabaseQueryOptions,
): Promise<QueryResult> {
  const { range, intervalMs, pixels, pixelPushdown, gridRange, ...rest } = options;
  const catalog = new StorageSqlCatalog(engine);
  checkRange(range, 'range');
  checkRange(gridRange, 'gridRange');
  if (pixels !== undefined) checkPixels(pixels);
  if (typeof sql !== 'string' || (pixels === undefined && !hasMacros(sql))) return runSql(catalog, sql, rest);
  let expanded: ExpandedSql | null = null;
  if (hasMacros(sql)) {
    const interval = intervalMs ?? (range ? defaultIntervalMs(gridRange ?? range, pixels) : undefined);
    expanded = expandMacros(sql, {
      ...(range ? { fromMs: range.fromMs, toMs: range.toMs } : {}),
      ...(interval !== undefined ? { intervalMs: interval } : {}),
    });
  }
  const text = expanded ? expanded.sql : sql;
  // One "now" for the pushdown check and the run, so ago() means the same in both.
  const now = rest.now ?? BigInt(Date.now()) * NANOS_PER_MILLI;
  try {
    if (pixels === undefined) return await runSql(catalog, text, { ...rest, now });
    const grid = gridRange ?? range;
    const spec = grid ? gridFor(grid, pixels) : undefined;
    if (spec && pixelPushdown !== false) {
      const raw = matchRawSeriesQuery(catalog, text, now);
      if (raw) {
        if (rest.signal?.aborted) throw new TidemarkError('ABORTED', 'The query was cancelled.');
        return await runRawSeriesM4(engine, kernel, raw, spec);
      }
    }
    const result = await runSql(catalog, text, { ...rest, now });
    return reduceResultToPixels(kernel, result, { ...(spec ? { spec } : {}), pixels });
  } catch (error) {
    throw expanded ? mapErrorToTemplate(error, expanded) : error;
  }
}

/** The tables a query reads (macros expanded with a placeholder range); SQL errors point into the template. */
export function tablesRead(engine: StorageEngine, sql: string): { database: string; table: string }[] {
  const catalog = new StorageSqlCatalog(engine);
  if (!hasMacros(sql)) return tablesReadBy(catalog, sql);
  const expanded = expandMacros(sql, { fromMs: 0, toMs: 1, intervalMs: 1000 });
  try {
    return tablesReadBy(catalog, expanded.sql);
  } catch (error) {
    throw mapErrorToTemplate(error, expanded);
  }
}

function checkRange(range: { readonly fromMs: number; readonly toMs: number } | undefined, field: string): void {
  if (range && !(Number.isFinite(range.fromMs) && Number.isFinite(range.toMs) && range.fromMs <= range.toMs)) {
    throw new TidemarkError('INVALID_ARGUMENT', `${field} must have finite fromMs <= toMs (got ${range.fromMs}..${range.toMs}).`, {
      details: { field },
    });
  }
}
