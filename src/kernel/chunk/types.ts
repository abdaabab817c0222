import type { M4BlockIndex } from './block-index.ts';

/** The value types a chunk column can hold (Timestream's scalar types). */
export type ColumnType = 'double' | 'bigint' | 'timestamp' | 'boolean' | 'varchar';

/**
 * One column to seal into a chunk. `validity` has one byte per row, 1 = present; without it every
 * row is present. A varchar column marks nulls with `null` in `values` instead.
 */
export type ChunkColumnInput =
  | { readonly name: string; readonly type: 'double'; readonly values: Float64Array; readonly validity?: Uint8Array }
  | { readonly name: string; readonly type: 'bigint'; readonly values: BigInt64Array; readonly validity?: Uint8Array }
  | {
      readonly name: string;
      readonly type: 'timestamp';
      /** Nanoseconds since the epoch. */
      readonly values: BigInt64Array;
      readonly validity?: Uint8Array;
    }
  | {
      readonly name: string;
      readonly type: 'boolean';
      /** One byte per row, 0 or 1. */
      readonly values: Uint8Array;
      readonly validity?: Uint8Array;
    }
  | { readonly name: string; readonly type: 'varchar'; readonly values: readonly (string | null)[] };

/** What `encodeChunk` seals: row times (ns, any order, duplicates allowed) and the columns. */
export interface ChunkInput {
  readonly times: BigInt64Array;
  readonly columns: readonly ChunkColumnInput[];
  /** Time payloads already encoded for slices of the same times (see SharedTimes). */
  readonly sharedTimes?: SharedTimes;
}

/**
 * The encoded time payloads of one time column's slices, for chunks sealed over the same slices of it: series
 * written together with one time column (a columnar batch) cut their chunks at the same rows, so each slice's
 * times are checked and encoded once, not once per series. A chunk's `times` counts as the same slice when it
 * is a view of this column's buffer at the same offset and length, so this holds only while the column's
 * contents do not change (make one per batch). Only sorted slices are kept.
 */
export interface SharedTimes {
  readonly times: BigInt64Array;
  /** Per slice (`byteOffset:length`): the time payload's bytes and the times' constant step. */
  readonly payloads: Map<string, { readonly bytes: Uint8Array; readonly step: bigint }>;
}

/** An empty SharedTimes for `times`. */
export function sharedTimes(times: BigInt64Array): SharedTimes {
  return { times, payloads: new Map() };
}

/**
 * A decoded column: the same shape as the input. Null rows hold 0 (0n, false) in `values` and 0 in
 * `validity`; `validity` is present only when the column has nulls.
 */
export type DecodedColumn =
  | { name: string; type: 'double'; values: Float64Array; validity?: Uint8Array }
  | { name: string; type: 'bigint'; values: BigInt64Array; validity?: Uint8Array }
  | { name: string; type: 'timestamp'; values: BigInt64Array; validity?: Uint8Array }
  | { name: string; type: 'boolean'; values: Uint8Array; validity?: Uint8Array }
  | { name: string; type: 'varchar'; values: (string | null)[] };

/**
 * Pre-aggregates of a numeric column over its present values, so a query can answer from the
 * header. `min`/`max` ignore NaN (they are NaN only when every value is NaN); `sum` is the plain
 * sum in time order (NaN if any value is NaN). `first`/`last` are the values of the earliest and
 * latest present rows (ties: arrival order).
 */
export interface NumericStats<T extends number | bigint> {
  readonly min: T;
  readonly max: T;
  readonly sum: T;
  readonly first: T;
  readonly last: T;
  readonly firstTime: bigint;
  readonly lastTime: bigint;
}

/** Pre-aggregates of a boolean column over its present values. */
export interface BooleanStats {
  readonly trueCount: number;
  readonly first: boolean;
  readonly last: boolean;
  readonly firstTime: bigint;
  readonly lastTime: bigint;
}

interface ColumnHeaderBase {
  readonly name: string;
  /** Codec of the values payload (see `CODEC_NAMES`). */
  readonly codec: number;
  readonly nullCount: number;
  /** Byte offset of this column's validity bitmap in the chunk (length 0 when there are no nulls). */
  readonly validityOffset: number;
  readonly validityLength: number;
  /** Byte offset and length of the values payload in the chunk. */
  readonly payloadOffset: number;
  readonly payloadLength: number;
}

/** A column's entry in the chunk header. `stats` is absent when the column has no present value. */
export type ColumnHeader =
  | (ColumnHeaderBase & { readonly type: 'double'; readonly stats?: NumericStats<number> })
  | (ColumnHeaderBase & { readonly type: 'bigint' | 'timestamp'; readonly stats?: NumericStats<bigint> })
  | (ColumnHeaderBase & { readonly type: 'boolean'; readonly stats?: BooleanStats })
  | (ColumnHeaderBase & { readonly type: 'varchar'; readonly distinctCount: number });

/** The validated header of a chunk: a zone map and pre-aggregate that needs no decoding. */
export interface ChunkHeader {
  readonly formatVersion: number;
  /** Rows in the chunk. */
  readonly count: number;
  /** Earliest and latest row time in ns (0n for an empty chunk). */
  readonly timeMin: bigint;
  readonly timeMax: bigint;
  /** Codec of the time payload. */
  readonly timeCodec: number;
  readonly timePayloadOffset: number;
  readonly timePayloadLength: number;
  /** Bytes of the header itself and of the whole chunk. */
  readonly headerLength: number;
  readonly totalLength: number;
  /** Checksum of every byte after the header (the header has its own CRC). */
  readonly bodyChecksum: bigint;
  readonly columns: readonly ColumnHeader[];
  /** Format 3: per-block min/max of NULL-free double columns, for M4 (see block-index.ts). */
  readonly m4Blocks?: M4BlockIndex;
}

/** A decoded chunk: rows sorted by time (stable), and every column in the same row order. */
export interface DecodedChunk {
  readonly header: ChunkHeader;
  readonly times: BigInt64Array;
  readonly columns: DecodedColumn[];
}
