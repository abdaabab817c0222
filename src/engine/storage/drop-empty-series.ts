import type { Catalog } from './catalog.ts';
import type { Series } from './series.ts';

// A series whose every point was deleted or expired leaves the catalog, so its dimension values,
// measure name and lookups go with its data instead of lingering (and growing without bound
// where series churn, e.g. one per short-lived container).

/** Whether a series holds no point in either tier. */
export function isEmptySeries(series: Series): boolean {
  return series.head.length === 0 && series.sealed.length === 0 && series.magnetic.length === 0;
}

/** Drops those of `series` that hold no point (see Catalog.dropSeries); returns them. */
export function dropEmptySeries(catalog: Catalog, series: Iterable<Series>): Series[] {
  const dropped: Series[] = [];
  const multiTables = new Set<number>();
  for (const s of series) {
    if (!isEmptySeries(s) || catalog.seriesById.get(s.id) !== s) continue;
    catalog.dropSeries(s);
    dropped.push(s);
    if (s.kind === 'multi') multiTables.add(s.tableId);
  }
  // Once per table, not per series: it reads every series of the table.
  for (const id of multiTables) catalog.tablesById.get(id)?.rebindAttributeTypes();
  return dropped;
}
