// The chunk's byte layout (little-endian). Changing anything here means a new FORMAT_VERSION.
//
//   fixed part (FIXED_HEADER_BYTES):
//     0 u32 magic "TMCK" | 4 u16 format version | 6 u16 column count | 8 u32 header length
//     12 u32 total length | 16 u32 row count | 20 i64 time min | 28 i64 time max
//     36 u8 time codec | 37 u8[3] zero | 40 u32 time payload length | 44 u64 body checksum
//   per column: u16 name length | name (UTF-8) | u8 type | u8 codec | u8 has stats | u8 zero
//     | u32 null count | u32 validity length | u32 payload length | stats (size by type)
//   format 3: the M4 block index (block-index.ts)
//   u32 CRC-32 of every header byte before it
//   body: time payload, then per column its validity bitmap and values payload

import type { ColumnType } from './types.ts';

export const CHUNK_MAGIC = 0x4b434d54; // "TMCK" read as little-endian u32
/**
 * Version written. 2: bit-packed blocks may use the interleaved (SIMD) layout (flag 4 of a block).
 * 3: the header ends with the M4 block index (block-index.ts).
 * Chunks of every version from OLDEST_FORMAT_VERSION on stay readable (IndexedDB keeps old chunks).
 */
export const FORMAT_VERSION = 3;
export const OLDEST_FORMAT_VERSION = 1;
export const FIXED_HEADER_BYTES = 52;
export const OFFSET_COLUMN_COUNT = 6;
export const OFFSET_HEADER_LENGTH = 8;
export const OFFSET_TOTAL_LENGTH = 12;
export const OFFSET_ROW_COUNT = 16;
export const OFFSET_TIME_MIN = 20;
export const OFFSET_TIME_MAX = 28;
export const OFFSET_TIME_CODEC = 36;
export const OFFSET_TIME_PAYLOAD_LENGTH = 40;
export const OFFSET_BODY_CHECKSUM = 44;
export const CRC_BYTES = 4;

/** Most rows a chunk may hold: keeps every offset and count well inside u32 and i32. */
export const MAX_CHUNK_ROWS = 1 << 24;
export const MAX_COLUMNS = 4096;

export const TYPE_CODES: Readonly<Record<ColumnType, number>> = {
  double: 0,
  bigint: 1,
  timestamp: 2,
  boolean: 3,
  varchar: 4,
};
export const TYPES_BY_CODE: readonly ColumnType[] = ['double', 'bigint', 'timestamp', 'boolean', 'varchar'];

/** Bytes of the stats block per type (when present). */
export const STATS_BYTES: Readonly<Record<ColumnType, number>> = {
  double: 7 * 8,
  bigint: 8 * 8, // min, max, sum as i128, first, last, firstTime, lastTime
  timestamp: 8 * 8,
  boolean: 4 + 1 + 1 + 2 + 8 + 8,
  varchar: 4, // distinct count
};

/** Codec ids (the first byte of each payload), as the kernel and the TypeScript codecs write them. */
export const CODEC = {
  raw: 0,
  deltaPfor: 1,
  dodPfor: 2,
  forPfor: 3,
  deltaZigzagPfor: 4,
  constant: 5,
  alp: 6,
  gorilla: 7,
  rle: 9,
  dictionary: 10,
  bitmap: 11,
  stringDictionary: 12,
} as const;

/** Readable codec names, for EXPLAIN and diagnostics. */
export const CODEC_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(CODEC).map(([name, id]) => [id, name]));
