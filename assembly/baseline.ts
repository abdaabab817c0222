// The Gorilla codec exposed on its own, for the benchmark's baseline column.

import { gorillaDecode, gorillaEncode } from './codecs/gorilla';

/** Encodes `n` doubles with plain Gorilla; returns the stream length in bytes. */
export function gorillaBaselineEncode(src: usize, n: i32, dst: usize): i32 {
  return <i32>(gorillaEncode(src, n, dst) - dst);
}

/** Decodes a plain Gorilla stream; returns 1, or 0 when corrupt. */
export function gorillaBaselineDecode(src: usize, bytes: usize, n: i32, dst: usize): i32 {
  return gorillaDecode(src, bytes, n, dst);
}
