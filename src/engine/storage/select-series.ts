import type { SeriesFilter } from './scan-types.ts';
import type { Series } from './series.ts';
import type { TableState } from './table-state.ts';

/** Selections kept per table: the same filters come query after query (a dashboard's panels). */
interface KeptSelection {
  readonly version: number;
  readonly series: readonly Series[];
}
const kept = new WeakMap<TableState, Map<string, KeptSelection>>();
/** Selections kept per table, the most recently used last. */
const KEPT_PER_TABLE = 16;

/**
 * Resolves a filter through the indexes: measure name -> series and dimension=value -> series
 * sets are intersected, smallest first; the table is walked only when nothing narrows it. The answer,
 * in id order, is kept for the same measure names and dimension values while no series is added or
 * removed (`TableState.seriesVersion`): the same list, so a caller may know it again by identity.
 */
export function selectSeries(
  table: TableState,
  filter: SeriesFilter | undefined,
  measures: readonly string[] | undefined,
): readonly Series[] {
  // Filters that are not plain names and values (a predicate, ids) are worked out every time.
  if (filter?.where || filter?.seriesIds) return selectAnew(table, filter, measures);
  const key = selectionKey(filter, measures);
  let byKey = kept.get(table);
  const known = byKey?.get(key);
  if (byKey && known) {
    byKey.delete(key);
    if (known.version === table.seriesVersion) {
      byKey.set(key, known);
      return known.series;
    }
  }
  const series = Object.freeze(selectAnew(table, filter, measures));
  if (!byKey) {
    byKey = new Map();
    kept.set(table, byKey);
  }
  byKey.set(key, { version: table.seriesVersion, series });
  if (byKey.size > KEPT_PER_TABLE) byKey.delete(byKey.keys().next().value as string);
  return series;
}

/** The measure names and dimension values asked for, each list sorted and without repeats (the answer's order is by id). */
function selectionKey(filter: SeriesFilter | undefined, measures: readonly string[] | undefined): string {
  const names = (list: Iterable<string>) => [...new Set(list)].sort();
  const dimensions = Object.entries(filter?.dimensions ?? {})
    .map(([name, wanted]) => [name, names(typeof wanted === 'string' ? [wanted] : wanted)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([measures ? names(measures) : null, dimensions]);
}

function selectAnew(table: TableState, filter: SeriesFilter | undefined, measures: readonly string[] | undefined): Series[] {
  // A list for each index that narrows: a series has one measure name and one value per dimension, so the
  // series of distinct names or values are distinct, and their union is their lists one after another (no
  // set to build, no hash of every series, each one cold once another program ran).
  const candidates: (readonly Series[] | ReadonlySet<Series>)[] = [];
  const union = (
    index: ReadonlyMap<string, ReadonlySet<Series>> | undefined,
    keys: Iterable<string>,
  ): readonly Series[] | ReadonlySet<Series> => {
    const distinct = new Set(keys);
    // One name or value: its index set itself, read only.
    if (distinct.size === 1) for (const key of distinct) return index?.get(key) ?? [];
    const list: Series[] = [];
    for (const key of distinct) for (const s of index?.get(key) ?? []) list.push(s);
    return list;
  };
  if (measures) candidates.push(union(table.byMeasure, measures));
  for (const [name, wanted] of Object.entries(filter?.dimensions ?? {}))
    candidates.push(union(table.byDimension.get(name), typeof wanted === 'string' ? [wanted] : wanted));
  if (filter?.seriesIds) {
    const ids = new Set(filter.seriesIds);
    const set = new Set<Series>();
    for (const s of table.series.values()) if (ids.has(s.id)) set.add(s);
    candidates.push(set);
  }
  let result: Series[];
  if (candidates.length === 0) result = [...table.series.values()];
  else {
    const sizeOf = (c: readonly Series[] | ReadonlySet<Series>) => (c instanceof Set ? c.size : (c as readonly Series[]).length);
    candidates.sort((a, b) => sizeOf(a) - sizeOf(b));
    const [smallest, ...rest] = candidates as [readonly Series[] | ReadonlySet<Series>, ...(readonly Series[] | ReadonlySet<Series>)[]];
    const sets = rest.map((c) => (c instanceof Set ? c : new Set(c)));
    result = [...smallest].filter((s) => sets.every((set) => set.has(s)));
  }
  const where = filter?.where;
  if (where) result = result.filter((s) => where(s.toInfo()));
  // Series are usually met in id order already (the table's map keeps creation order): a check, not a sort.
  for (let i = 1; i < result.length; i++) if ((result[i - 1] as Series).id > (result[i] as Series).id) return inIdOrder(result);
  return result;
}

/** Positions fit below this many in the low bits of a sort key, and ids below 2^32 above them: exact in a double. */
const POSITION_LIMIT = 1 << 21;

/**
 * The series sorted by id (distinct). Several index lists one after another (one per measure name asked for)
 * come in id order within each: a typed sort of keys id * 2^21 + position reads each series once and
 * compares numbers natively, where sorting the objects reads two of them per comparison.
 */
function inIdOrder(list: Series[]): Series[] {
  const n = list.length;
  if (n >= POSITION_LIMIT) return list.sort((a, b) => a.id - b.id);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = (list[i] as Series).id;
    if (!(Number.isInteger(id) && id >= 0 && id < 2 ** 32)) return list.sort((a, b) => a.id - b.id);
    keys[i] = id * POSITION_LIMIT + i;
  }
  keys.sort();
  const out = new Array<Series>(n);
  for (let i = 0; i < n; i++) out[i] = list[(keys[i] as number) % POSITION_LIMIT] as Series;
  return out;
}
