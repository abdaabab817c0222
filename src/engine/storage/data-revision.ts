// A number that changes whenever any series' stored data changes: its head's rows or columns, or its sealed or
// magnetic chunk lists. Caches of what a scan worked out from those (see kept-extents.ts, aggregate-kept.ts) are
// valid while it holds, so a query repeated over unchanged data touches no series to check them. One counter for
// the whole process: a write anywhere invalidates every such cache, which is only ever the cost of one slow pass.

let revision = 0;

/** The current data revision (compare for equality only). */
export function dataRevision(): number {
  return revision;
}

/** Notes that some series' data changed (every mutation of a head or a chunk list calls it). */
export function dataChanged(): void {
  revision++;
}
