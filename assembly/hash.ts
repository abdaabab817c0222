// Checksum of a chunk body. Each 8-byte word goes through a step that is a bijection of the state
// for a fixed word and of the word for a fixed state, so any change confined to one word always
// changes the result; wider corruption collides with probability about 2^-64.

// biome-ignore lint/correctness/noPrecisionLoss: a u64 literal, exact in AssemblyScript
const P1: u64 = 0x9e3779b185ebca87;
// biome-ignore lint/correctness/noPrecisionLoss: a u64 literal, exact in AssemblyScript
const P2: u64 = 0xc2b2ae3d27d4eb4f;
// biome-ignore lint/correctness/noPrecisionLoss: a u64 literal, exact in AssemblyScript
const P3: u64 = 0x165667b19e3779f9;

function step(h: u64, w: u64): u64 {
  return rotl<u64>(h ^ (w * P1), 31) * P2 + P3;
}

/** 64-bit checksum of `len` bytes at `ptr`, returned as two 32-bit halves via `hashHigh`. */
export function hash64(ptr: usize, len: usize): u64 {
  let h: u64 = <u64>len * P3;
  let i: usize = 0;
  const words = len & ~(<usize>7);
  for (; i < words; i += 8) h = step(h, load<u64>(ptr + i));
  if (i < len) {
    let tail: u64 = 0;
    for (let k: usize = 0; i + k < len; k++) tail |= (<u64>load<u8>(ptr + i + k)) << ((<u64>k) << 3);
    h = step(h, tail);
  }
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h;
}
