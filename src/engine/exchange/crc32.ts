/** CRC-32 (IEEE 802.3, the polynomial gzip and PNG use), computed incrementally over byte slices. */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** A running CRC-32: `update` with each slice, `value` for the checksum so far (as 8 lowercase hex digits by `hex`). */
export class Crc32 {
  private crc = 0xffffffff;

  update(bytes: Uint8Array): void {
    let c = this.crc;
    for (let i = 0; i < bytes.length; i++) c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
    this.crc = c;
  }

  get value(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }

  get hex(): string {
    return this.value.toString(16).padStart(8, '0');
  }
}

export function crc32(bytes: Uint8Array): number {
  const c = new Crc32();
  c.update(bytes);
  return c.value;
}
