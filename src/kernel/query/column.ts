import { TidemarkError } from '../../errors/index.ts';
import { decodeColumn } from '../chunk/columns.ts';
import { decodeTimesAt, type LoadedChunk, loadChunk } from '../chunk/decode.ts';
import { corruptChunk } from '../chunk/errors.ts';
import type { ChunkHeader, ColumnHeader } from '../chunk/types.ts';
import type { Kernel } from '../kernel.ts';

/** Finds a column by name or index; the query kernels take double columns only. */
export function findDoubleColumn(
  header: ChunkHeader,
  column: string | number,
): { index: number; column: ColumnHeader & { type: 'double' } } {
  const index = typeof column === 'number' ? column : header.columns.findIndex((c) => c.name === column);
  const found = header.columns[index];
  if (found === undefined)
    throw new TidemarkError('NOT_FOUND', `The chunk has no column ${typeof column === 'number' ? `#${column}` : `"${column}"`}.`);
  if (found.type !== 'double')
    throw new TidemarkError('INVALID_ARGUMENT', `Column "${found.name}" is ${found.type}; this kernel takes double columns.`);
  return { index, column: found };
}

/** Where to put a decoded double column; arrays must have exactly `header.count` entries. */
export interface DoubleColumnTarget {
  readonly values: Float64Array;
  readonly times?: BigInt64Array;
  /** Receives one byte per row (1 = present); without it, nulls read as 0 and cannot be told apart. */
  readonly validity?: Uint8Array;
}

/**
 * Decodes one double column (and optionally the times) of a chunk into caller-provided arrays,
 * without decoding the other columns. Returns the row count.
 */
export function decodeDoubleColumnInto(kernel: Kernel, bytes: Uint8Array, column: string | number, target: DoubleColumnTarget): number {
  const chunk = loadChunk(kernel, bytes);
  try {
    const { header } = chunk;
    const { column: found } = findDoubleColumn(header, column);
    for (const [name, array] of [
      ['values', target.values],
      ['times', target.times],
      ['validity', target.validity],
    ] as const) {
      if (array !== undefined && array.length !== header.count) {
        throw new TidemarkError('INVALID_ARGUMENT', `The ${name} array has ${array.length} entries; the chunk has ${header.count} rows.`);
      }
    }
    if (target.times) decodeTimesInto(kernel, chunk, target.times);
    const decoded = decodeColumn(kernel, bytes, chunk.base, { ...found, trueCount: 0, distinctCount: 0 }, header.count);
    target.values.set(decoded.values as Float64Array);
    if (target.validity) {
      if ('validity' in decoded && decoded.validity) target.validity.set(decoded.validity);
      else target.validity.fill(1);
    }
    return header.count;
  } finally {
    chunk.release();
  }
}

/** Decodes the times of a loaded chunk into `out` and checks they are sorted. */
export function decodeTimesInto(kernel: Kernel, chunk: LoadedChunk, out: BigInt64Array): void {
  const dst = kernel.alloc(chunk.header.count * 8 + 16);
  try {
    decodeTimesAt(kernel, chunk, dst);
    kernel.copyOut(dst, out);
  } finally {
    kernel.free(dst);
  }
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as bigint) < (out[i - 1] as bigint))
      throw corruptChunk(chunk.header.timePayloadOffset, `row times are not sorted at row ${i}`);
  }
}
