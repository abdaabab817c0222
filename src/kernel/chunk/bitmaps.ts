import { corruptChunk } from './errors.ts';

/** Packs one byte per row (non-zero = set) into a bitmap, least significant bit first. */
export function packBitmap(flags: Uint8Array): Uint8Array {
  const out = new Uint8Array((flags.length + 7) >> 3);
  for (let i = 0; i < flags.length; i++) if (flags[i]) out[i >> 3] = (out[i >> 3] as number) | (1 << (i & 7));
  return out;
}

/**
 * Unpacks a bitmap of `count` bits into one byte per row. The bitmap must be exactly the right
 * length with zero padding bits, and have `expectedSetBits` bits set; `byteOffset` is where it
 * sits in the chunk, for the error.
 */
export function unpackBitmap(bitmap: Uint8Array, count: number, expectedSetBits: number, byteOffset: number): Uint8Array {
  if (bitmap.length !== (count + 7) >> 3) throw corruptChunk(byteOffset, `a bitmap of ${count} rows has ${bitmap.length} bytes`);
  const out = new Uint8Array(count);
  let set = 0;
  for (let i = 0; i < count; i++) {
    const bit = ((bitmap[i >> 3] as number) >> (i & 7)) & 1;
    out[i] = bit;
    set += bit;
  }
  if (count & 7 && (bitmap[bitmap.length - 1] as number) >> (count & 7) !== 0) {
    throw corruptChunk(byteOffset + bitmap.length - 1, 'a bitmap has bits set past its last row');
  }
  if (set !== expectedSetBits) throw corruptChunk(byteOffset, `a bitmap has ${set} bits set where ${expectedSetBits} were expected`);
  return out;
}
