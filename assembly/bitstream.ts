// Bit streams for the XOR codecs, least significant bit first. The writer buffers 64 bits; the
// reader is position-based and refuses to go past its limit (it then returns zeros and raises
// `streamOverrun`, which decoders check once at the end instead of per value).

import { lowMask } from './bits';

let writeAcc: u64 = 0;
let writeFill: i32 = 0;
let writePtr: usize = 0;

export function beginWrite(dst: usize): void {
  writeAcc = 0;
  writeFill = 0;
  writePtr = dst;
}

/** Appends the low `count` (1..64) bits of `v` (which must have no higher bits set). */
export function writeBits(v: u64, count: i32): void {
  writeAcc |= v << (<u64>writeFill);
  const total = writeFill + count;
  if (total >= 64) {
    store<u64>(writePtr, writeAcc);
    writePtr += 8;
    writeFill = total - 64;
    writeAcc = writeFill == 0 ? 0 : v >> <u64>(count - writeFill);
  } else {
    writeFill = total;
  }
}

/** Flushes the partial word and returns the end of the stream. */
export function endWrite(): usize {
  const tail = (writeFill + 7) >> 3;
  for (let b = 0; b < tail; b++) store<u8>(writePtr + b, <u8>(writeAcc >> ((<u64>b) << 3)));
  return writePtr + tail;
}

let readBase: usize = 0;
let readPos: usize = 0;
let readLimit: usize = 0;
export let streamOverrun = false;

/** Starts reading `bytes` bytes at `src` (8 readable bytes of slack must follow). */
export function beginRead(src: usize, bytes: usize): void {
  readBase = src;
  readPos = 0;
  readLimit = bytes << 3;
  streamOverrun = false;
}

/** Reads `count` (1..64) bits; past the limit returns 0 and sets `streamOverrun`. */
export function readBits(count: i32): u64 {
  if (readPos + <usize>count > readLimit) {
    streamOverrun = true;
    return 0;
  }
  const byte = readPos >> 3;
  const shift = <u64>(readPos & 7);
  let v = load<u64>(readBase + byte) >> shift;
  if (count > 56 && shift != 0) v |= (<u64>load<u8>(readBase + byte + 8)) << (64 - shift);
  readPos += <usize>count;
  return v & lowMask(count);
}

/** Bytes the reader has touched so far, counting a partly read last byte. */
export function readBytesConsumed(): usize {
  return (readPos + 7) >> 3;
}

/** Address of the byte the reader has reached (for error positions). */
export function readAddress(): usize {
  return readBase + (readPos >> 3);
}
