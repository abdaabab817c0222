import type { BlockPartials } from './bucket-partials.ts';

// A pushed aggregate's groups of series, told to the storage so it merges each group's series into one set of
// partials as it aggregates them (the kernel writes every chunk of a group's series straight into the group's).

/** What a grouping needs to know of a series. */
export interface SeriesKeys {
  readonly measureName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * How the series a storage is about to aggregate (in the order it gave them) fall into groups: series i adds
 * to group groupOf[i], its request column c to the group's slot columnSlots[i][c] (-1: the column feeds
 * nothing, and the storage answers per series instead). A slot takes each series' rows in its chunks' order,
 * then its head's; a slot fed by several series of a group takes them in series order only when the group's
 * `shared` flag is 0 (then each slot has one series): with it set, the answer must not depend on that order
 * beyond row counts, min and max (the storage answers per series when such a group's series hold head rows).
 */
export interface SeriesGrouping {
  readonly groupOf: Int32Array;
  readonly groupCount: number;
  /** The slots (columns) of each group's partials. */
  readonly slots: number;
  readonly columnSlots: readonly (readonly number[])[];
  readonly shared: Uint8Array;
}

/** One group's partials (columns: the grouping's slots), dense over bucket numbers firstBucket .. firstBucket + bucketCount - 1. */
export interface GroupAggregate extends BlockPartials {
  readonly firstBucket: bigint;
  readonly bucketCount: number;
}
