import { writeExploreHash } from '../explore/explore-state.ts';

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Explore's address for charting an imported table over its whole time span: every column (one series per
 * numeric value column and per combination of the text ones), with the range from the first to just after the
 * last point, so `$__timeFilter` covers them all.
 */
export function exploreHashFor(target: { readonly database: string; readonly table: string }, firstMs: number, lastMs: number): string {
  const sql = `SELECT * FROM ${quoted(target.database)}.${quoted(target.table)}\nWHERE $__timeFilter\nORDER BY time`;
  const fromMs = Math.floor(firstMs);
  const toMs = Math.max(fromMs + 1, Math.ceil(lastMs) + 1);
  return writeExploreHash({ sql, range: { kind: 'absolute', fromMs, toMs }, refresh: 'off', view: 'chart' });
}
