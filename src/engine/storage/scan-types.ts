import type { ColumnType } from '../model/types.ts';
import type { ChunkHeader, ValueFilter } from './codec.ts';
import type { SeriesInfo } from './series.ts';

/** A half-open time range [from, to) in ns; a missing end is unbounded. */
export interface TimeRange {
  readonly from?: bigint;
  readonly to?: bigint;
}

/** Which series a scan reads. Every given criterion must hold (AND); a list means any of its values (OR). */
export interface SeriesFilter {
  /** Dimension name -> required value, or any of several values. */
  readonly dimensions?: Readonly<Record<string, string | readonly string[]>>;
  /** Only these series ids. */
  readonly seriesIds?: readonly number[];
  /** A last, arbitrary test on the series (e.g. a LIKE on a dimension). */
  readonly where?: (series: SeriesInfo) => boolean;
}

/** What the query engine asks the storage for. */
export interface ScanRequest {
  readonly database: string;
  readonly table: string;
  readonly timeRange?: TimeRange;
  readonly seriesFilter?: SeriesFilter;
  /** Measure names to read (default: all). */
  readonly measures?: readonly string[];
  /** Value columns to return (`measure_value::<type>` or MULTI attribute names; default: all). */
  readonly columns?: readonly string[];
  /**
   * Whether series holding none of `columns` are returned too (their times, without columns). By default they
   * are skipped; a SQL row exists whatever columns it has, so the SQL scan keeps them.
   */
  readonly everySeries?: boolean;
  /**
   * 'points': every point as column batches. 'chunk-headers': chunks that lie wholly inside the
   * range and overlap no other data of their series come back as headers only (zone maps and
   * pre-aggregates, nothing decoded); everything else comes back as points.
   */
  readonly want?: 'points' | 'chunk-headers';
  /**
   * Only rows where every one of these comparisons of a DOUBLE column with a constant holds (null rows
   * never pass; NaN passes only `<>`). Chunks are skipped by their zone map and filtered before the other
   * columns are decoded. Ignored with want 'chunk-headers'.
   */
  readonly rowFilter?: readonly ValueFilter[];
  /**
   * Point lookups (a join's exact build keys): only rows whose series, keyed by the `keys` columns' values
   * (dimension names or `measure_name`) joined by NUL, maps to a sorted list holding the row's time. Series
   * without an entry are skipped. Ignored with want 'chunk-headers'. `batched`: the reader takes many series' rows
   * as one batch (a semi-join), so the scan may place them side by side in one buffer (see placePointRows).
   */
  readonly pointTimes?: {
    readonly keys: readonly string[];
    readonly times: ReadonlyMap<string, BigInt64Array>;
    readonly batched?: boolean;
  };
  /**
   * Adds each row's record version as a last BIGINT column named `$version` (null where the row has the default
   * version 1), so a backup keeps what upserts compare. Not with `rowFilter` or `pointTimes`.
   */
  readonly withVersions?: boolean;
}

/** A column of a batch; `validity` (1 byte per row, 1 = present) only when some row is null. */
export type ScanColumn =
  | { readonly name: string; readonly type: 'double'; readonly values: Float64Array; readonly validity?: Uint8Array }
  | { readonly name: string; readonly type: 'bigint' | 'timestamp'; readonly values: BigInt64Array; readonly validity?: Uint8Array }
  | { readonly name: string; readonly type: 'boolean'; readonly values: Uint8Array; readonly validity?: Uint8Array }
  | { readonly name: string; readonly type: 'varchar'; readonly values: readonly (string | null)[]; readonly validity?: Uint8Array };

/** One series' points in the range, sorted by time, one row per time. */
export interface SeriesBatch {
  readonly series: SeriesInfo;
  readonly times: BigInt64Array;
  readonly columns: readonly ScanColumn[];
}

/** A chunk answered by its header alone. */
export interface ChunkHeaderEntry {
  readonly series: SeriesInfo;
  readonly tier: 'memory' | 'magnetic';
  readonly header: ChunkHeader;
}

/** What a scan did, for EXPLAIN ANALYZE. */
export interface ScanStats {
  readonly seriesMatched: number;
  readonly chunksConsidered: number;
  readonly chunksPruned: number;
  readonly chunksDecoded: number;
  readonly chunksFromHeaders: number;
  readonly bytesRead: number;
}

export interface ScanResult {
  readonly batches: readonly SeriesBatch[];
  readonly headers: readonly ChunkHeaderEntry[];
  readonly stats: ScanStats;
}

/** Column type names are shared with the model. */
export type { ColumnType, ValueFilter };
