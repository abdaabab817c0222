export { CRC32_START, crc32, crc32Continue, crc32Value } from './crc32.ts';
export type { DecodeOptions, LoadedChunk } from './decode.ts';
export { decodeChunk, loadChunk } from './decode.ts';
export { encodeChunk } from './encode.ts';
export { CODEC, CODEC_NAMES, FORMAT_VERSION } from './format.ts';
export { readChunkHeader } from './header.ts';
export type {
  BooleanStats,
  ChunkColumnInput,
  ChunkHeader,
  ChunkInput,
  ColumnHeader,
  ColumnType,
  DecodedChunk,
  DecodedColumn,
  NumericStats,
  SharedTimes,
} from './types.ts';
export { sharedTimes } from './types.ts';
