import { decodeColumn } from '../chunk/columns.ts';
import { decodeTimesAt, loadChunk } from '../chunk/decode.ts';
import { corruptChunk } from '../chunk/errors.ts';
import { decodeFloat64At } from '../codecs.ts';
import type { Kernel } from '../kernel.ts';
import { findDoubleColumn } from './column.ts';

/** Rows of one double column lent by `withDecodedDouble`. */
export type DoubleRowsReader<T> = (times: BigInt64Array, values: Float64Array, validity: Uint8Array | undefined) => T;

/**
 * Decodes the times and one double column of a chunk inside the kernel and lends them to `read`
 * as views on kernel memory, so a reader that only scans them (M4 of a chunk crossing a pixel edge)
 * costs no copy to JavaScript. The views are valid during the call only, and `read` must not call
 * the kernel. A column with nulls is decoded with its validity (copied out, the general path).
 * The body checksum is verified and the decoded first and last times are checked against the header.
 */
export function withDecodedDouble<T>(kernel: Kernel, bytes: Uint8Array, column: string | number, read: DoubleRowsReader<T>): T {
  const chunk = loadChunk(kernel, bytes);
  let times = 0;
  let values = 0;
  try {
    const { header, base } = chunk;
    const { column: found } = findDoubleColumn(header, column);
    const n = header.count;
    times = kernel.alloc(n * 8 + 16);
    decodeTimesAt(kernel, chunk, times);
    if (found.nullCount > 0) {
      const decoded = decodeColumn(kernel, bytes, base, { ...found, trueCount: 0, distinctCount: 0 }, n);
      const t = checkedTimes(kernel, times, n, header.timeMin, header.timeMax, header.timePayloadOffset).slice();
      return read(t, decoded.values as Float64Array, 'validity' in decoded ? decoded.validity : undefined);
    }
    values = kernel.alloc(n * 8 + 16);
    decodeFloat64At(
      kernel,
      { address: base + found.payloadOffset, length: found.payloadLength, baseAddress: base },
      n,
      values,
      `column "${found.name}"`,
    );
    const t = checkedTimes(kernel, times, n, header.timeMin, header.timeMax, header.timePayloadOffset);
    return read(t, kernel.float64().subarray(values >>> 3, (values >>> 3) + n), undefined);
  } finally {
    if (values) kernel.free(values);
    if (times) kernel.free(times);
    chunk.release();
  }
}

function checkedTimes(kernel: Kernel, address: number, n: number, timeMin: bigint, timeMax: bigint, offset: number): BigInt64Array {
  const t = new BigInt64Array(kernel.bytes().buffer, address, n);
  if (n > 0 && (t[0] !== timeMin || t[n - 1] !== timeMax)) throw corruptChunk(offset, 'row times disagree with the header time range');
  return t;
}
