/**
 * A growable little-endian byte buffer for assembling chunk headers. Every write reserves first and
 * only then reads `this.view`, because reserving may replace the buffer.
 */
export class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  length = 0;

  private reserve(count: number): number {
    const at = this.length;
    if (at + count > this.buffer.length) {
      const next = new Uint8Array(Math.max(this.buffer.length * 2, at + count));
      next.set(this.buffer);
      this.buffer = next;
      this.view = new DataView(next.buffer);
    }
    this.length = at + count;
    return at;
  }

  u8(v: number): void {
    const at = this.reserve(1);
    this.view.setUint8(at, v);
  }
  u16(v: number): void {
    const at = this.reserve(2);
    this.view.setUint16(at, v, true);
  }
  u32(v: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, v, true);
  }
  i64(v: bigint): void {
    const at = this.reserve(8);
    this.view.setBigInt64(at, v, true);
  }
  u64(v: bigint): void {
    const at = this.reserve(8);
    this.view.setBigUint64(at, v, true);
  }
  f64(v: number): void {
    const at = this.reserve(8);
    this.view.setFloat64(at, v, true);
  }
  i128(v: bigint): void {
    this.u64(BigInt.asUintN(64, v));
    this.i64(BigInt.asIntN(64, v >> 64n));
  }
  bytes(data: Uint8Array): void {
    const at = this.reserve(data.length);
    this.buffer.set(data, at);
  }
  /** Overwrites a u32 written earlier (lengths known only at the end). */
  patchU32(at: number, v: number): void {
    this.view.setUint32(at, v, true);
  }
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
