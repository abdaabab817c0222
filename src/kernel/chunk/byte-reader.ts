import { corruptChunk } from './errors.ts';

/** Little-endian reads that never leave `[0, limit)`: a short chunk becomes CORRUPT_CHUNK, not a RangeError. */
export class ByteReader {
  offset = 0;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly limit: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(count: number, what: string): number {
    const at = this.offset;
    if (at + count > this.limit) throw corruptChunk(at, `${what} runs past the end of the header`);
    this.offset = at + count;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.need(1, what));
  }
  u16(what: string): number {
    return this.view.getUint16(this.need(2, what), true);
  }
  u32(what: string): number {
    return this.view.getUint32(this.need(4, what), true);
  }
  i64(what: string): bigint {
    return this.view.getBigInt64(this.need(8, what), true);
  }
  u64(what: string): bigint {
    return this.view.getBigUint64(this.need(8, what), true);
  }
  f64(what: string): number {
    return this.view.getFloat64(this.need(8, what), true);
  }
  /** A signed 128-bit integer stored as low u64 then high i64. */
  i128(what: string): bigint {
    const low = this.u64(what);
    const high = this.i64(what);
    return (high << 64n) | low;
  }
  slice(count: number, what: string): Uint8Array {
    const at = this.need(count, what);
    return this.bytes.subarray(at, at + count);
  }
}
