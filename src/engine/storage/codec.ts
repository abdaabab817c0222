import type {
  BucketAggregates,
  BucketSpec,
  ChunkHeader,
  ChunkRangeAggregates,
  ColumnHeader,
  DecodedChunk,
  FilteredRows,
  PointBatchResult,
  PointColumn,
  PointLookup,
  RangeBatchResult,
  RangeJob,
  RangeMemo,
  RangeTableRun,
  RangeTarget,
  RangeWants,
  ResidentChunkStats,
  SharedTimes,
  ValueFilter,
  WidthJob,
} from '../../kernel/index.ts';

/**
 * The chunk codec contract the storage relies on: the kernel's encodeChunk / decodeChunk /
 * readChunkHeader behind an interface, so the engine is written against what it needs.
 */

export type {
  ChunkHeader,
  ChunkRangeAggregates,
  ColumnHeader,
  DecodedChunk,
  FilteredRows,
  PointBatchResult,
  PointColumn,
  PointLookup,
  RangeBatchResult,
  RangeJob,
  RangeMemo,
  RangeTableRun,
  RangeTarget,
  RangeWants,
  ResidentChunkStats,
  SharedTimes,
  ValueFilter,
  WidthJob,
};

/**
 * One column as the storage moves it around: the kernel's chunk column input, where a varchar
 * column may also carry a validity vector (ignored by the encoder, which reads nulls from the
 * values).
 */
export type ChunkColumnInput =
  | { readonly name: string; readonly type: 'double'; readonly values: Float64Array; readonly validity?: Uint8Array }
  | { readonly name: string; readonly type: 'bigint'; readonly values: BigInt64Array; readonly validity?: Uint8Array }
  | { readonly name: string; readonly type: 'timestamp'; readonly values: BigInt64Array; readonly validity?: Uint8Array }
  | { readonly name: string; readonly type: 'boolean'; readonly values: Uint8Array; readonly validity?: Uint8Array }
  | { readonly name: string; readonly type: 'varchar'; readonly values: readonly (string | null)[]; readonly validity?: Uint8Array };

/** A column read back from a chunk (same shapes). */
export type ChunkColumn = ChunkColumnInput;

/** Encodes and decodes chunks. Encoding sorts stably by time and keeps duplicates. */
export interface ChunkCodec {
  readonly name: string;
  /** `sharedTimes`: payloads of the same time slices encoded before (a batch's series share their times). */
  encode(input: {
    readonly times: BigInt64Array;
    readonly columns: readonly ChunkColumnInput[];
    readonly sharedTimes?: SharedTimes;
  }): Uint8Array;
  decode(bytes: Uint8Array): DecodedChunk;
  readHeader(bytes: Uint8Array): ChunkHeader;
  /** Optional: decodes the times and only the named columns (a projection; the rest are left out). */
  decodeColumns?(bytes: Uint8Array, columns: readonly string[]): DecodedChunk;
  /**
   * Optional: per-bucket count/sum/min/max/first/last of one double column, decoded and bucketed in
   * one pass without materialising the points (the kernel's fused aggregation). Rows outside the
   * spec's buckets are ignored.
   */
  aggregateBuckets?(bytes: Uint8Array, column: string, spec: BucketSpec): BucketAggregates;
  /**
   * Optional: the rows in [from, to) that pass every value filter, with only the named columns, decoding the
   * other columns only for the selected rows (late materialisation in the kernel); with `points` (sorted times),
   * only rows at those times (point lookups).
   */
  filterRows?(
    bytes: Uint8Array,
    from: bigint,
    to: bigint,
    filters: readonly ValueFilter[],
    columns: readonly string[],
    points?: BigInt64Array,
  ): FilteredRows;
  /**
   * Optional, with readPoints: how many rows an unfiltered read of [from, to) finds, known without reading the
   * chunk, when a range lookup of readPoints can read them into a place sized for them; -1 when not.
   */
  rangeRowCount?(bytes: Uint8Array, header: ChunkHeader, from: bigint, to: bigint, columns: readonly string[]): number;
  /**
   * Optional: per-bucket aggregates of several NULL-free double columns over the rows with
   * from <= time < to, the times decoded once (the kernel's range pass; see ChunkRangeAggregates).
   * With `reuse` the answer may view a buffer the next call overwrites (read it at once). `wants`
   * (default: all) may leave min/max or the edge values out, and those cells are then unspecified.
   */
  aggregateRange?(
    bytes: Uint8Array,
    columns: readonly string[],
    spec: BucketSpec,
    from: bigint,
    to: bigint,
    reuse?: boolean,
    wants?: RangeWants,
  ): ChunkRangeAggregates;
  /**
   * Optional: many chunks' range passes, each merged into its target's partials (empty at first, in
   * BucketPartialArrays' layout), in a few kernel calls (see the kernel's aggregateChunkRanges).
   */
  aggregateRanges?(targets: readonly RangeTarget[], jobs: readonly RangeJob[], columns: number, wants: RangeWants): RangeBatchResult;
  /**
   * Optional: a kept table of range-pass jobs over whole chunks (see the kernel's RangeTable), run later over
   * any range and targets; null when the chunks cannot be kept where the codec computes.
   */
  keepRanges?(jobs: readonly WidthJob[]): KeptRanges | null;
  /**
   * Optional: many series' point lookups (their chunks', then their head's rows at the points, in [from, to); a
   * lookup without points: every row there), each series' rows after the one's before in one buffer (see the
   * kernel's readPointBatch).
   */
  readPoints?(lookups: readonly PointLookup[], columns: readonly PointColumn[], from: bigint, to: bigint): PointBatchResult;
  /** Optional: the chunks the codec keeps copied where it computes (the kernel's resident chunks), for stats. */
  residentChunks?(): ResidentChunkStats;
}

/** Range-pass jobs kept by the codec (see ChunkCodec.keepRanges). */
export interface KeptRanges {
  /** The targets' partials over [from, to), or null when a chunk is no longer kept (build the table again). */
  run(targets: readonly RangeTarget[], columns: number, wants: RangeWants, from: bigint, to: bigint): RangeTableRun | null;
  /** Frees what the table holds. */
  dispose(): void;
}
