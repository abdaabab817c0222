import type { SeriesFilter } from './scan-types.ts';
import type { Series } from './series.ts';
import type { TableState } from './table-state.ts';

/**
 * Resolves a filter through the indexes: measure name -> series and dimension=value -> series
 * sets are intersected, smallest first; the table is walked only when nothing narrows it.
 */
export function selectSeries(table: TableState, filter: SeriesFilter | undefined, measures: readonly string[] | undefined): Series[] {
  const candidates: Set<Series>[] = [];
  if (measures) {
    const set = new Set<Series>();
    for (const m of measures) for (const s of table.byMeasure.get(m) ?? []) set.add(s);
    candidates.push(set);
  }
  for (const [name, wanted] of Object.entries(filter?.dimensions ?? {})) {
    const values = table.byDimension.get(name);
    const set = new Set<Series>();
    for (const v of typeof wanted === 'string' ? [wanted] : wanted) for (const s of values?.get(v) ?? []) set.add(s);
    candidates.push(set);
  }
  if (filter?.seriesIds) {
    const ids = new Set(filter.seriesIds);
    const set = new Set<Series>();
    for (const s of table.series.values()) if (ids.has(s.id)) set.add(s);
    candidates.push(set);
  }
  let result: Series[];
  if (candidates.length === 0) result = [...table.series.values()];
  else {
    candidates.sort((a, b) => a.size - b.size);
    const [smallest, ...rest] = candidates as [Set<Series>, ...Set<Series>[]];
    result = [...smallest].filter((s) => rest.every((set) => set.has(s)));
  }
  const where = filter?.where;
  if (where) result = result.filter((s) => where(s.toInfo()));
  // Series are usually met in id order already (the table's map keeps creation order): a check, not a sort.
  for (let i = 1; i < result.length; i++)
    if ((result[i - 1] as Series).id > (result[i] as Series).id) return result.sort((a, b) => a.id - b.id);
  return result;
}
