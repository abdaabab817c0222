// CRC-32 (IEEE 802.3, the polynomial gzip and PNG use) for the chunk header and backup files: small
// inputs, so a table-driven loop in TypeScript is fast enough, and it detects every burst error up
// to 32 bits. The register is kept as a signed 32-bit integer: as an unsigned one it exceeds V8's
// small-integer range, and the optimised loop is thrown away ("lost precision") on the first such value.

const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The register before any byte (as crc32Continue takes it). */
export const CRC32_START = -1;

/** The register after `bytes[start, end)` from `state` (CRC32_START for the first slice); crc32Value gives the checksum. */
export function crc32Continue(state: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = state | 0;
  for (let i = start; i < end; i++) crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return crc;
}

/** The checksum (unsigned) of a register crc32Continue returned. */
export function crc32Value(state: number): number {
  return ~state >>> 0;
}

/** CRC-32 of `bytes[start, end)`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32Value(crc32Continue(CRC32_START, bytes, start, end));
}
