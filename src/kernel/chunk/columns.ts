import {
  decodeFloat64At,
  decodeInt64At,
  encodeFloat64InKernel,
  encodeFloat64Payload,
  encodeInt64InKernel,
  encodeInt64Payload,
  type KernelPayload,
} from '../codecs.ts';
import type { Kernel } from '../kernel.ts';
import { packBitmap, unpackBitmap } from './bitmaps.ts';
import { MIN_INDEXED_ROWS } from './block-index.ts';
import { corruptChunk } from './errors.ts';
import { CODEC } from './format.ts';
import { booleanStats } from './stats.ts';
import type { BooleanStats, ChunkColumnInput, ColumnType, DecodedColumn, NumericStats } from './types.ts';

/** A column ready to be written: its payloads and the header facts about it. */
export interface EncodedColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly codec: number;
  readonly nullCount: number;
  /** Empty when the column has no nulls. */
  readonly validity: Uint8Array;
  /** In JavaScript, or left in kernel memory by the kernel's encoders (the chunk encoder copies and frees it). */
  readonly payload: Uint8Array | KernelPayload;
  readonly stats: NumericStats<number> | NumericStats<bigint> | BooleanStats | undefined;
  readonly distinctCount: number;
  /** A double column's M4 block records (blocks of 1,024), made by the encoder while it held the values. */
  readonly blockRecords?: Uint8Array;
}

/** Values of the present rows only (nulls are not stored in the payload). */
function compact<T extends Float64Array | BigInt64Array | Uint8Array>(values: T, validity: Uint8Array | undefined, present: number): T {
  if (validity === undefined || present === values.length) return values;
  const out = new (values.constructor as new (length: number) => T)(present);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (validity[i]) out[k++] = values[i] as T[number];
  return out;
}

function countPresent(validity: Uint8Array | undefined, n: number): number {
  if (validity === undefined) return n;
  let present = 0;
  for (let i = 0; i < n; i++) present += validity[i] ? 1 : 0;
  return present;
}

const encoder = new TextEncoder();

/** Dictionary payload of strings: u8 codec | u32 size | (u32 length, UTF-8)* | i64 payload of ids. */
function encodeVarchar(kernel: Kernel, values: readonly (string | null)[]): { payload: Uint8Array; distinct: number } {
  const ids = new Map<string, number>();
  const entries: Uint8Array[] = [];
  const present = values.filter((v): v is string => v !== null);
  const idWords = new Uint32Array(present.length * 2);
  for (let i = 0; i < present.length; i++) {
    const value = present[i] as string;
    let id = ids.get(value);
    if (id === undefined) {
      id = ids.size;
      ids.set(value, id);
      entries.push(encoder.encode(value));
    }
    idWords[i * 2] = id; // low word of a little-endian i64; the high word stays 0
  }
  const idPayload = encodeInt64Payload(kernel, new BigInt64Array(idWords.buffer), false);
  let size = 1 + 4 + idPayload.length;
  for (const entry of entries) size += 4 + entry.length;
  const payload = new Uint8Array(size);
  const view = new DataView(payload.buffer);
  payload[0] = CODEC.stringDictionary;
  view.setUint32(1, entries.length, true);
  let at = 5;
  for (const entry of entries) {
    view.setUint32(at, entry.length, true);
    payload.set(entry, at + 4);
    at += 4 + entry.length;
  }
  payload.set(idPayload, at);
  return { payload, distinct: entries.length };
}

function minMaxSum<T>(s: { readonly min: T; readonly max: T; readonly sum: T }): { min: T; max: T; sum: T } {
  return { min: s.min, max: s.max, sum: s.sum };
}

/** First and last present values with their times (n >= 1). */
function ends<T extends Float64Array | BigInt64Array>(values: T, times: BigInt64Array) {
  const n = values.length;
  return {
    first: values[0] as T[number],
    last: values[n - 1] as T[number],
    firstTime: times[0] as bigint,
    lastTime: times[n - 1] as bigint,
  };
}

/**
 * Encodes one column whose rows are already in time order; `times` are the row times. A payload left in
 * kernel memory (see EncodedColumn) is the caller's to free.
 */
export function encodeColumn(kernel: Kernel, column: ChunkColumnInput, times: BigInt64Array): EncodedColumn {
  const n = times.length;
  if (column.type === 'varchar') {
    let nulls = 0;
    const validityFlags = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (column.values[i] === null) nulls++;
      else validityFlags[i] = 1;
    }
    const { payload, distinct } = encodeVarchar(kernel, column.values);
    return {
      name: column.name,
      type: 'varchar',
      codec: CODEC.stringDictionary,
      nullCount: nulls,
      validity: nulls > 0 ? packBitmap(validityFlags) : new Uint8Array(0),
      payload,
      stats: undefined,
      distinctCount: distinct,
    };
  }
  const present = countPresent(column.validity, n);
  const validity = present < n && column.validity ? packBitmap(column.validity) : new Uint8Array(0);
  const presentTimes = compact(times, column.validity, present);
  let payload: Uint8Array | KernelPayload;
  let stats: EncodedColumn['stats'];
  let blockRecords: Uint8Array | undefined;
  if (column.type === 'double') {
    const values = compact(column.values, column.validity, present);
    if (present === 0) {
      payload = encodeFloat64Payload(kernel, values);
      stats = undefined;
    } else {
      // Stats (bit for bit stats.ts doubleStats) and M4 block records from the kernel while the values are in its memory.
      const encoded = encodeFloat64InKernel(kernel, values, present === n && n >= MIN_INDEXED_ROWS);
      payload = encoded.payload;
      blockRecords = encoded.blockRecords;
      stats = { ...minMaxSum(encoded), ...ends(values, presentTimes) };
    }
  } else if (column.type === 'boolean') {
    const values = compact(column.values, column.validity, present);
    const bitmap = packBitmap(values);
    payload = new Uint8Array(1 + bitmap.length);
    payload[0] = CODEC.bitmap;
    payload.set(bitmap, 1);
    stats = booleanStats(values, presentTimes);
  } else {
    const values = compact(column.values, column.validity, present);
    if (present === 0) {
      payload = encodeInt64Payload(kernel, values, false);
      stats = undefined;
    } else {
      const encoded = encodeInt64InKernel(kernel, values);
      payload = encoded.payload;
      stats = { ...minMaxSum(encoded), ...ends(values, presentTimes) };
    }
  }
  return {
    name: column.name,
    type: column.type,
    codec: payload instanceof Uint8Array ? (payload[0] as number) : (kernel.bytes()[payload.ptr] as number),
    nullCount: n - present,
    validity,
    payload,
    stats,
    distinctCount: 0,
    ...(blockRecords ? { blockRecords } : {}),
  };
}

/** Everything `decodeColumn` needs to know about where a column sits and what the header promised. */
export interface ColumnSlot {
  readonly name: string;
  readonly type: ColumnType;
  readonly codec: number;
  readonly nullCount: number;
  readonly validityOffset: number;
  readonly validityLength: number;
  readonly payloadOffset: number;
  readonly payloadLength: number;
  /** For booleans: the number of true values the header recorded. */
  readonly trueCount: number;
  /** For varchar: the dictionary size the header recorded. */
  readonly distinctCount: number;
}

function scatter<T extends Float64Array | BigInt64Array | Uint8Array>(compacted: T, validity: Uint8Array | undefined, out: T): T {
  if (validity === undefined) return compacted;
  let k = 0;
  for (let i = 0; i < validity.length; i++) if (validity[i]) out[i] = compacted[k++] as T[number];
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one column of a chunk held both as `bytes` and in kernel memory at `base`. The body
 * checksum has been verified; these checks catch what a forged checksum could still hide.
 */
export function decodeColumn(kernel: Kernel, bytes: Uint8Array, base: number, slot: ColumnSlot, count: number): DecodedColumn {
  if (slot.payloadLength < 1 || bytes[slot.payloadOffset] !== slot.codec) {
    throw corruptChunk(slot.payloadOffset, `column "${slot.name}" payload does not start with its codec id ${slot.codec}`);
  }
  const validity =
    slot.nullCount > 0
      ? unpackBitmap(
          bytes.subarray(slot.validityOffset, slot.validityOffset + slot.validityLength),
          count,
          count - slot.nullCount,
          slot.validityOffset,
        )
      : undefined;
  const present = count - slot.nullCount;
  const location = { address: base + slot.payloadOffset, length: slot.payloadLength, baseAddress: base };
  const what = `column "${slot.name}"`;
  switch (slot.type) {
    case 'double': {
      const values = new Float64Array(present);
      const dst = kernel.alloc(present * 8 + 16);
      try {
        decodeFloat64At(kernel, location, present, dst, what);
        kernel.copyOut(dst, values);
      } finally {
        kernel.free(dst);
      }
      const full = scatter(values, validity, new Float64Array(count));
      return validity ? { name: slot.name, type: 'double', values: full, validity } : { name: slot.name, type: 'double', values: full };
    }
    case 'bigint':
    case 'timestamp': {
      const values = new BigInt64Array(present);
      const dst = kernel.alloc(present * 8 + 16);
      try {
        decodeInt64At(kernel, location, present, dst, what);
        kernel.copyOut(dst, values);
      } finally {
        kernel.free(dst);
      }
      const full = scatter(values, validity, new BigInt64Array(count));
      return validity ? { name: slot.name, type: slot.type, values: full, validity } : { name: slot.name, type: slot.type, values: full };
    }
    case 'boolean': {
      const bitmap = bytes.subarray(slot.payloadOffset + 1, slot.payloadOffset + slot.payloadLength);
      const values = unpackBitmap(bitmap, present, slot.trueCount, slot.payloadOffset + 1);
      const full = scatter(values, validity, new Uint8Array(count));
      return validity ? { name: slot.name, type: 'boolean', values: full, validity } : { name: slot.name, type: 'boolean', values: full };
    }
    case 'varchar':
      return { name: slot.name, type: 'varchar', values: decodeVarchar(kernel, bytes, base, slot, validity, count) };
  }
}

function decodeVarchar(
  kernel: Kernel,
  bytes: Uint8Array,
  base: number,
  slot: ColumnSlot,
  validity: Uint8Array | undefined,
  count: number,
): (string | null)[] {
  const end = slot.payloadOffset + slot.payloadLength;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = slot.payloadOffset + 1;
  if (at + 4 > end) throw corruptChunk(at, `column "${slot.name}" dictionary size is missing`);
  const size = view.getUint32(at, true);
  if (size !== slot.distinctCount)
    throw corruptChunk(at, `column "${slot.name}" dictionary has ${size} entries, the header says ${slot.distinctCount}`);
  at += 4;
  const dictionary: string[] = [];
  for (let k = 0; k < size; k++) {
    if (at + 4 > end) throw corruptChunk(at, `column "${slot.name}" dictionary entry ${k} is cut off`);
    const length = view.getUint32(at, true);
    if (length > end - at - 4) throw corruptChunk(at, `column "${slot.name}" dictionary entry ${k} is longer than its payload`);
    try {
      dictionary.push(decoder.decode(bytes.subarray(at + 4, at + 4 + length)));
    } catch {
      throw corruptChunk(at + 4, `column "${slot.name}" dictionary entry ${k} is not UTF-8`);
    }
    at += 4 + length;
  }
  const present = count - slot.nullCount;
  const idWords = new Uint32Array(present * 2);
  const dst = kernel.alloc(present * 8 + 16);
  try {
    decodeInt64At(kernel, { address: base + at, length: end - at, baseAddress: base }, present, dst, `column "${slot.name}" ids`);
    kernel.copyOut(dst, idWords);
  } finally {
    kernel.free(dst);
  }
  const out = new Array<string | null>(count).fill(null);
  let k = 0;
  for (let i = 0; i < count; i++) {
    if (validity && !validity[i]) continue;
    const id = idWords[k * 2] as number;
    if (idWords[k * 2 + 1] !== 0 || id >= size) throw corruptChunk(at, `column "${slot.name}" has a string id out of its dictionary`);
    out[i] = dictionary[id] as string;
    k++;
  }
  return out;
}
