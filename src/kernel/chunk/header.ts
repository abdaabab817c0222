import { type M4BlockSection, readBlockSection, writeBlockSection } from './block-index.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import type { EncodedColumn } from './columns.ts';
import { crc32 } from './crc32.ts';
import { corruptChunk } from './errors.ts';
import {
  CHUNK_MAGIC,
  CRC_BYTES,
  FIXED_HEADER_BYTES,
  FORMAT_VERSION,
  MAX_CHUNK_ROWS,
  MAX_COLUMNS,
  OFFSET_BODY_CHECKSUM,
  OFFSET_HEADER_LENGTH,
  OLDEST_FORMAT_VERSION,
  STATS_BYTES,
  TYPE_CODES,
  TYPES_BY_CODE,
} from './format.ts';
import type { BooleanStats, ChunkHeader, ColumnHeader, NumericStats } from './types.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 of column names already written: every chunk of a series repeats them, and encoding is not free. */
const encodedNames = new Map<string, Uint8Array>();

function utf8Name(name: string): Uint8Array {
  let bytes = encodedNames.get(name);
  if (bytes === undefined) {
    bytes = encoder.encode(name);
    // A bound, so a stream of ever-new names cannot grow it without limit.
    if (encodedNames.size >= 4096) encodedNames.clear();
    encodedNames.set(name, bytes);
  }
  return bytes;
}

/** What the header records besides the columns. */
export interface HeaderFacts {
  readonly count: number;
  readonly timeMin: bigint;
  readonly timeMax: bigint;
  readonly timeCodec: number;
  readonly timePayloadLength: number;
  readonly bodyLength: number;
}

/**
 * Writes the header for `columns`, with the body checksum left as zero at OFFSET_BODY_CHECKSUM and
 * the CRC still to be computed: `sealHeader` fills both once the body is known.
 */
export function writeHeader(facts: HeaderFacts, columns: readonly EncodedColumn[], blocks?: M4BlockSection): Uint8Array {
  const w = new ByteWriter();
  w.u32(CHUNK_MAGIC);
  w.u16(FORMAT_VERSION);
  w.u16(columns.length);
  w.u32(0); // header length, patched below
  w.u32(0); // total length, patched below
  w.u32(facts.count);
  w.i64(facts.timeMin);
  w.i64(facts.timeMax);
  w.u8(facts.timeCodec);
  w.u8(0);
  w.u16(0);
  w.u32(facts.timePayloadLength);
  w.u64(0n);
  for (const column of columns) {
    const name = utf8Name(column.name);
    w.u16(name.length);
    w.bytes(name);
    w.u8(TYPE_CODES[column.type]);
    w.u8(column.codec);
    w.u8(column.stats !== undefined || column.type === 'varchar' ? 1 : 0);
    w.u8(0);
    w.u32(column.nullCount);
    w.u32(column.validity.length);
    w.u32(column.payload.length);
    writeStats(w, column);
  }
  writeBlockSection(w, blocks);
  const headerLength = w.length + CRC_BYTES;
  w.patchU32(OFFSET_HEADER_LENGTH, headerLength);
  w.patchU32(OFFSET_HEADER_LENGTH + 4, headerLength + facts.bodyLength);
  w.u32(0); // CRC, filled by sealHeader
  return w.finish();
}

function writeStats(w: ByteWriter, column: EncodedColumn): void {
  if (column.type === 'varchar') {
    w.u32(column.distinctCount);
    return;
  }
  const stats = column.stats;
  if (stats === undefined) return;
  if (column.type === 'double') {
    const s = stats as NumericStats<number>;
    for (const v of [s.min, s.max, s.sum, s.first, s.last]) w.f64(v);
    w.i64(s.firstTime);
    w.i64(s.lastTime);
  } else if (column.type === 'boolean') {
    const s = stats as BooleanStats;
    w.u32(s.trueCount);
    w.u8(s.first ? 1 : 0);
    w.u8(s.last ? 1 : 0);
    w.u16(0);
    w.i64(s.firstTime);
    w.i64(s.lastTime);
  } else {
    const s = stats as NumericStats<bigint>;
    w.i64(s.min);
    w.i64(s.max);
    w.i128(s.sum);
    w.i64(s.first);
    w.i64(s.last);
    w.i64(s.firstTime);
    w.i64(s.lastTime);
  }
}

/** Stores the body checksum and then the header CRC (which therefore covers the checksum too). */
export function sealHeader(chunk: Uint8Array, headerLength: number, bodyChecksum: bigint): void {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  view.setBigUint64(OFFSET_BODY_CHECKSUM, bodyChecksum, true);
  view.setUint32(headerLength - CRC_BYTES, crc32(chunk, 0, headerLength - CRC_BYTES), true);
}

/**
 * Parses and validates a chunk's header without decoding anything: magic, version, lengths
 * (a truncated chunk is caught here), the header CRC, and that every payload lies inside the
 * chunk. The body checksum is verified by `decodeChunk` and the kernels, not here.
 */
export function readChunkHeader(bytes: Uint8Array): ChunkHeader {
  if (bytes.length < FIXED_HEADER_BYTES + CRC_BYTES) {
    throw corruptChunk(bytes.length, `a chunk has at least ${FIXED_HEADER_BYTES + CRC_BYTES} bytes, this one ${bytes.length}`);
  }
  const fixed = new ByteReader(bytes, FIXED_HEADER_BYTES);
  if (fixed.u32('magic') !== CHUNK_MAGIC) throw corruptChunk(0, 'it does not start with the chunk magic "TMCK"');
  const formatVersion = fixed.u16('format version');
  if (formatVersion < OLDEST_FORMAT_VERSION || formatVersion > FORMAT_VERSION)
    throw corruptChunk(4, `format version ${formatVersion} is not supported (expected ${OLDEST_FORMAT_VERSION} to ${FORMAT_VERSION})`);
  const columnCount = fixed.u16('column count');
  const headerLength = fixed.u32('header length');
  const totalLength = fixed.u32('total length');
  if (totalLength !== bytes.length) {
    throw corruptChunk(
      Math.min(totalLength, bytes.length),
      `the chunk says it has ${totalLength} bytes but ${bytes.length} were given (truncated or padded)`,
    );
  }
  if (headerLength < FIXED_HEADER_BYTES + CRC_BYTES || headerLength > totalLength) {
    throw corruptChunk(OFFSET_HEADER_LENGTH, `header length ${headerLength} is impossible`);
  }
  const crcAt = headerLength - CRC_BYTES;
  const storedCrc = new DataView(bytes.buffer, bytes.byteOffset + crcAt, 4).getUint32(0, true);
  if (crc32(bytes, 0, crcAt) !== storedCrc) throw corruptChunk(crcAt, 'the header checksum does not match');

  const count = fixed.u32('row count');
  const timeMin = fixed.i64('time min');
  const timeMax = fixed.i64('time max');
  const timeCodec = fixed.u8('time codec');
  fixed.slice(3, 'padding');
  const timePayloadLength = fixed.u32('time payload length');
  const bodyChecksum = fixed.u64('body checksum');
  if (count > MAX_CHUNK_ROWS) throw corruptChunk(16, `row count ${count} exceeds the maximum ${MAX_CHUNK_ROWS}`);
  if (columnCount > MAX_COLUMNS) throw corruptChunk(6, `column count ${columnCount} exceeds the maximum ${MAX_COLUMNS}`);
  if (count > 0 ? timeMin > timeMax : timeMin !== 0n || timeMax !== 0n) throw corruptChunk(20, 'time min and max are inconsistent');

  const r = new ByteReader(bytes, crcAt);
  r.offset = FIXED_HEADER_BYTES;
  let bodyAt = headerLength;
  const timePayloadOffset = bodyAt;
  bodyAt += timePayloadLength;
  const columns: ColumnHeader[] = [];
  for (let c = 0; c < columnCount; c++) {
    const start = r.offset;
    const nameBytes = r.slice(r.u16('column name length'), 'column name');
    const name = decodeName(nameBytes, start + 2);
    const typeAt = r.offset;
    const type = TYPES_BY_CODE[r.u8('column type')];
    if (type === undefined) throw corruptChunk(typeAt, 'unknown column type');
    const codec = r.u8('column codec');
    const hasStats = r.u8('stats flag');
    if (r.u8('padding') !== 0 || hasStats > 1) throw corruptChunk(typeAt + 2, 'invalid column flags');
    const nullAt = r.offset;
    const nullCount = r.u32('null count');
    const validityLength = r.u32('validity length');
    const payloadLength = r.u32('payload length');
    if (nullCount > count) throw corruptChunk(nullAt, `null count ${nullCount} exceeds the row count ${count}`);
    if (validityLength !== (nullCount > 0 ? (count + 7) >> 3 : 0))
      throw corruptChunk(nullAt + 4, 'validity bitmap length does not match the null count');
    const present = count - nullCount;
    if (type !== 'varchar' && hasStats !== (present > 0 ? 1 : 0))
      throw corruptChunk(typeAt + 2, 'stats presence does not match the present values');
    if (type === 'varchar' && hasStats !== 1) throw corruptChunk(typeAt + 2, 'a varchar column must record its dictionary size');
    const validityOffset = bodyAt;
    const payloadOffset = validityOffset + validityLength;
    bodyAt = payloadOffset + payloadLength;
    if (bodyAt > totalLength) throw corruptChunk(nullAt + 8, `column "${name}" payload runs past the end of the chunk`);
    const base = { name, codec, nullCount, validityOffset, validityLength, payloadOffset, payloadLength };
    const statsAt = r.offset;
    if (hasStats && r.offset + STATS_BYTES[type] > crcAt) throw corruptChunk(statsAt, `column "${name}" stats run past the header`);
    switch (type) {
      case 'double':
        columns.push(hasStats ? { ...base, type, stats: readDoubleStats(r) } : { ...base, type });
        break;
      case 'bigint':
      case 'timestamp':
        columns.push(hasStats ? { ...base, type, stats: readBigintStats(r) } : { ...base, type });
        break;
      case 'boolean': {
        if (!hasStats) {
          columns.push({ ...base, type });
          break;
        }
        const stats = readBooleanStats(r);
        if (stats.trueCount > present) throw corruptChunk(statsAt, `column "${name}" has more true values than rows`);
        columns.push({ ...base, type, stats });
        break;
      }
      case 'varchar': {
        const distinctCount = r.u32('distinct count');
        if (distinctCount > present) throw corruptChunk(statsAt, `column "${name}" has more distinct strings than rows`);
        columns.push({ ...base, type, distinctCount });
        break;
      }
    }
  }
  // Format 3 adds the M4 block index after the columns.
  const m4Blocks = formatVersion >= 3 ? readBlockSection(r, columns, count) : undefined;
  if (r.offset !== crcAt) throw corruptChunk(r.offset, 'the header has bytes after its last column');
  if (bodyAt !== totalLength) throw corruptChunk(OFFSET_HEADER_LENGTH + 4, 'the payload lengths do not add up to the chunk length');
  return {
    formatVersion,
    count,
    timeMin,
    timeMax,
    timeCodec,
    timePayloadOffset,
    timePayloadLength,
    headerLength,
    totalLength,
    bodyChecksum,
    columns,
    ...(m4Blocks ? { m4Blocks } : {}),
  };
}

/**
 * A column name from its UTF-8 bytes. Names are nearly always ASCII, and building those directly
 * is many times faster than a TextDecoder call, which matters when a query scans many headers.
 */
function decodeName(bytes: Uint8Array, byteOffset: number): string {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) ascii = false;
  if (ascii) return String.fromCharCode(...bytes);
  try {
    return decoder.decode(bytes);
  } catch {
    throw corruptChunk(byteOffset, 'a column name is not UTF-8');
  }
}

function readDoubleStats(r: ByteReader): NumericStats<number> {
  const min = r.f64('min');
  const max = r.f64('max');
  const sum = r.f64('sum');
  const first = r.f64('first');
  const last = r.f64('last');
  return { min, max, sum, first, last, firstTime: r.i64('first time'), lastTime: r.i64('last time') };
}

function readBigintStats(r: ByteReader): NumericStats<bigint> {
  const min = r.i64('min');
  const max = r.i64('max');
  const sum = r.i128('sum');
  const first = r.i64('first');
  const last = r.i64('last');
  return { min, max, sum, first, last, firstTime: r.i64('first time'), lastTime: r.i64('last time') };
}

function readBooleanStats(r: ByteReader): BooleanStats {
  const trueCount = r.u32('true count');
  const first = r.u8('first') !== 0;
  const last = r.u8('last') !== 0;
  r.u16('padding');
  return { trueCount, first, last, firstTime: r.i64('first time'), lastTime: r.i64('last time') };
}
