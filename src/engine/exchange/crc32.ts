import { CRC32_START, crc32Continue, crc32Value } from '../../kernel/index.ts';

/** A running CRC-32 (the chunk header's, src/kernel/chunk/crc32.ts): `update` with each slice, `value` for the checksum so far (as 8 lowercase hex digits by `hex`). */
export class Crc32 {
  private state = CRC32_START;

  update(bytes: Uint8Array): void {
    this.state = crc32Continue(this.state, bytes);
  }

  get value(): number {
    return crc32Value(this.state);
  }

  get hex(): string {
    return this.value.toString(16).padStart(8, '0');
  }
}

/** CRC-32 of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  const c = new Crc32();
  c.update(bytes);
  return c.value;
}
