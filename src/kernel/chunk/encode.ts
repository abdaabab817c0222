import { TidemarkError } from '../../errors/index.ts';
import { encodeTimesInKernel, type KernelPayload } from '../codecs.ts';
import type { Kernel } from '../kernel.ts';
import { buildBlockSection } from './block-index.ts';
import { type EncodedColumn, encodeColumn } from './columns.ts';
import { MAX_CHUNK_ROWS, MAX_COLUMNS } from './format.ts';
import { sealHeader, writeHeader } from './header.ts';
import { permute, permuteArray, stableTimeOrder } from './sort.ts';
import type { ChunkColumnInput, ChunkInput } from './types.ts';

function invalid(message: string): TidemarkError {
  return new TidemarkError('INVALID_ARGUMENT', message);
}

function validate(input: ChunkInput): void {
  const n = input.times.length;
  if (n > MAX_CHUNK_ROWS) throw invalid(`A chunk holds at most ${MAX_CHUNK_ROWS} rows; got ${n}.`);
  if (input.columns.length > MAX_COLUMNS) throw invalid(`A chunk holds at most ${MAX_COLUMNS} columns; got ${input.columns.length}.`);
  const names = new Set<string>();
  for (const column of input.columns) {
    if (names.has(column.name)) throw invalid(`Column "${column.name}" appears twice in one chunk.`);
    names.add(column.name);
    // A UTF-16 code unit is at most 3 UTF-8 bytes: only a name that long can be too long.
    if (column.name.length * 3 > 0xffff && new TextEncoder().encode(column.name).length > 0xffff)
      throw invalid(`Column name "${column.name.slice(0, 40)}…" is longer than 65,535 bytes.`);
    if (column.values.length !== n) throw invalid(`Column "${column.name}" has ${column.values.length} values for ${n} times.`);
    if (column.type !== 'varchar' && column.validity !== undefined && column.validity.length !== n) {
      throw invalid(`Column "${column.name}" has a validity of ${column.validity.length} bytes for ${n} rows.`);
    }
  }
}

/** The column with its rows moved into time order. */
function reorder(column: ChunkColumnInput, order: Uint32Array | undefined): ChunkColumnInput {
  if (order === undefined) return column;
  if (column.type === 'varchar') return { name: column.name, type: 'varchar', values: permuteArray(column.values, order) };
  const validity = column.validity ? permute(column.validity, order) : undefined;
  switch (column.type) {
    case 'double':
      return validity
        ? { name: column.name, type: 'double', values: permute(column.values, order), validity }
        : { name: column.name, type: 'double', values: permute(column.values, order) };
    case 'boolean':
      return validity
        ? { name: column.name, type: 'boolean', values: permute(column.values, order), validity }
        : { name: column.name, type: 'boolean', values: permute(column.values, order) };
    case 'bigint':
    case 'timestamp':
      return validity
        ? { name: column.name, type: column.type, values: permute(column.values, order), validity }
        : { name: column.name, type: column.type, values: permute(column.values, order) };
  }
}

/**
 * Seals rows into a chunk: sorts them stably by time (duplicates kept in arrival order), encodes
 * the times and every column with the smallest codec the kernel finds, and writes a versioned,
 * checksummed header carrying each column's pre-aggregates.
 */
export function encodeChunk(kernel: Kernel, input: ChunkInput): Uint8Array {
  validate(input);
  const shared = input.sharedTimes && input.times.buffer === input.sharedTimes.times.buffer ? input.sharedTimes : undefined;
  const sliceKey = shared ? `${input.times.byteOffset}:${input.times.length}` : '';
  // A slice met before was sorted (only sorted slices are kept): its payload is reused as it is.
  const known = shared?.payloads.get(sliceKey);
  const order = known ? undefined : stableTimeOrder(input.times);
  const times = permute(input.times, order);
  const n = times.length;
  // The kernel's payloads stay in its memory: the body is assembled there, checksummed in place and copied
  // out once into the chunk (no JavaScript copy per payload, no second copy in for the checksum).
  const inKernel: KernelPayload[] = [];
  let body = 0;
  try {
    let timePayload: Uint8Array | KernelPayload;
    let step: bigint;
    if (known) {
      timePayload = known.bytes;
      step = known.step;
    } else {
      const encoded = encodeTimesInKernel(kernel, times);
      inKernel.push(encoded);
      timePayload = encoded;
      step = encoded.step;
      if (shared && order === undefined)
        shared.payloads.set(sliceKey, { bytes: kernel.bytes().slice(encoded.ptr, encoded.ptr + encoded.length), step });
    }
    const columns: EncodedColumn[] = [];
    for (const column of input.columns) {
      const encoded = encodeColumn(kernel, reorder(column, order), times);
      if (!(encoded.payload instanceof Uint8Array)) inKernel.push(encoded.payload);
      columns.push(encoded);
    }
    let bodyLength = timePayload.length;
    for (const column of columns) bodyLength += column.validity.length + column.payload.length;
    body = kernel.alloc(bodyLength + 16);
    const header = writeHeader(
      {
        count: n,
        timeMin: n > 0 ? (times[0] as bigint) : 0n,
        timeMax: n > 0 ? (times[n - 1] as bigint) : 0n,
        timeCodec: (timePayload instanceof Uint8Array ? timePayload[0] : kernel.bytes()[timePayload.ptr]) as number,
        timePayloadLength: timePayload.length,
        bodyLength,
      },
      columns,
      buildBlockSection(kernel, n, step, columns),
    );
    // Taken after the block index, whose kernel calls may grow the memory (and detach older views).
    const memory = kernel.bytes();
    let at = body;
    const place = (part: Uint8Array | KernelPayload): void => {
      if (part instanceof Uint8Array) memory.set(part, at);
      else memory.copyWithin(at, part.ptr, part.ptr + part.length);
      at += part.length;
    };
    place(timePayload);
    for (const column of columns) {
      place(column.validity);
      place(column.payload);
    }
    const checksum = BigInt.asUintN(64, kernel.exports.hash64(body, bodyLength));
    const chunk = new Uint8Array(header.length + bodyLength);
    chunk.set(header, 0);
    chunk.set(kernel.bytes().subarray(body, body + bodyLength), header.length);
    sealHeader(chunk, header.length, checksum);
    return chunk;
  } finally {
    if (body !== 0) kernel.free(body);
    for (const payload of inKernel) kernel.free(payload.ptr);
  }
}

/** The kernel's checksum of a chunk body. */
export function bodyChecksum(kernel: Kernel, body: Uint8Array): bigint {
  const ptr = kernel.copyIn(body);
  try {
    return BigInt.asUintN(64, kernel.exports.hash64(ptr, body.length));
  } finally {
    kernel.free(ptr);
  }
}
