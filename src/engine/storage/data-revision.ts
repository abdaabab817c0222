// Numbers that change whenever series' stored data changes: one for the chunk lists (sealed and magnetic) and the
// series' columns, one for the heads' rows. Caches of what a scan worked out from those (see kept-extents.ts,
// aggregate-kept.ts) are valid while they hold, so a query repeated over unchanged data touches no series to check
// them; apart, so a live stream writing into heads leaves what was worked out from the chunks valid. One pair for
// the whole process: a change anywhere invalidates every such cache, which is only ever the cost of one slow pass.

let chunks = 0;
let heads = 0;

/** The current chunk revision (compare for equality only). */
export function chunkRevision(): number {
  return chunks;
}

/** The current head revision (compare for equality only). */
export function headRevision(): number {
  return heads;
}

/** Notes that some series' chunk lists or columns changed (every such mutation calls it). */
export function chunksChanged(): void {
  chunks++;
}

/** Notes that some series' head rows changed (every such mutation calls it); returns the new head revision. */
export function headsChanged(): number {
  return ++heads;
}
