import { TidemarkError } from '../../errors/index.ts';
import { decodeTimesAt, loadChunk } from '../chunk/decode.ts';
import { corruptChunk } from '../chunk/errors.ts';
import { decodeFloat64At } from '../codecs.ts';
import type { Kernel } from '../kernel.ts';
import { findDoubleColumn } from './column.ts';
import { createM4Result, type M4Result, type M4Spec, m4Chunk, m4Values } from './m4.ts';

const ORDER = ['count', 'first', 'last', 'min', 'max', 'firstTime', 'lastTime', 'minTime', 'maxTime'] as const;

/**
 * M4 over many chunks of one series with the pixel arrays kept in kernel memory: a chunk's times
 * and column are decoded straight into the kernel and fed to its M4 there, so nothing crosses to
 * JavaScript per chunk (m4Chunk copies the times, the values and every pixel array in and out for
 * each chunk). `close()` copies the arrays out once and frees the kernel memory.
 */
export class M4Accumulator {
  private readonly out: number;
  private closed = false;

  constructor(
    private readonly kernel: Kernel,
    readonly spec: M4Spec,
  ) {
    const start = createM4Result(spec); // validates the spec
    this.out = kernel.alloc(ORDER.length * 8 * spec.pixels);
    for (const [k, name] of ORDER.entries()) kernel.copyInto(this.out + k * 8 * spec.pixels, start[name]);
  }

  /**
   * Adds every row of one double column of a chunk. A column with nulls takes the general path
   * (m4Chunk, which reads validity). Times are the chunk's own (sorted by the encoder; the body
   * checksum was verified); the decoded first and last times are checked against the header.
   */
  addChunk(bytes: Uint8Array, column: string | number): void {
    this.check();
    const chunk = loadChunk(this.kernel, bytes);
    let times = 0;
    let values = 0;
    try {
      const { header, base } = chunk;
      const { column: found } = findDoubleColumn(header, column);
      const n = header.count;
      if (n === 0) return;
      if (found.nullCount > 0) {
        this.addResult((into) => m4Chunk(this.kernel, bytes, column, this.spec, into));
        return;
      }
      times = this.kernel.alloc(n * 8 + 16);
      values = this.kernel.alloc(n * 8 + 16);
      decodeTimesAt(this.kernel, chunk, times);
      const view = new DataView(this.kernel.bytes().buffer);
      if (view.getBigInt64(times, true) !== header.timeMin || view.getBigInt64(times + (n - 1) * 8, true) !== header.timeMax) {
        throw corruptChunk(header.timePayloadOffset, 'row times disagree with the header time range');
      }
      decodeFloat64At(
        this.kernel,
        { address: base + found.payloadOffset, length: found.payloadLength, baseAddress: base },
        n,
        values,
        `column "${found.name}"`,
      );
      this.kernel.exports.m4(times, values, 0, n, this.spec.from, this.spec.to, this.spec.pixels, this.out);
    } finally {
      if (values) this.kernel.free(values);
      if (times) this.kernel.free(times);
      chunk.release();
    }
  }

  /** Adds rows already decoded (sorted times, values, optional validity of one byte per row). */
  addValues(times: BigInt64Array, values: Float64Array, validity: Uint8Array | undefined): void {
    this.check();
    this.addResult((into) => m4Values(this.kernel, times, values, validity, this.spec, into));
  }

  /** The pixel arrays (copied out of the kernel); the accumulator cannot be used afterwards. */
  close(): M4Result {
    this.check();
    const result = createM4Result(this.spec);
    this.readInto(result);
    this.closed = true;
    this.kernel.free(this.out);
    return result;
  }

  /** Frees the kernel memory without reading (after an error). */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.kernel.free(this.out);
  }

  /** Runs a JS-side M4 call on the current arrays and puts its result back. */
  private addResult(run: (into: M4Result) => M4Result): void {
    const current = createM4Result(this.spec);
    this.readInto(current);
    const next = run(current);
    for (const [k, name] of ORDER.entries()) this.kernel.copyInto(this.out + k * 8 * this.spec.pixels, next[name]);
  }

  private readInto(result: M4Result): void {
    for (const [k, name] of ORDER.entries()) this.kernel.copyOut(this.out + k * 8 * this.spec.pixels, result[name]);
  }

  private check(): void {
    if (this.closed) throw new TidemarkError('INVALID_ARGUMENT', 'This M4 accumulator was closed.');
  }
}
