// The kernel's exports. Every function takes pointers and lengths into the exported memory;
// nothing here knows about tables or SQL. The ABI version changes whenever an export's
// signature or a binary format changes, so a stale wasm next to new JavaScript is caught at load.

/** Version of the kernel's ABI (exports and formats). Bump on any incompatible change. */
export const KERNEL_ABI_VERSION: i32 = 7;

export function abiVersion(): i32 {
  return KERNEL_ABI_VERSION;
}

export { aggregateBuckets, aggregateChunkColumn } from './aggregate';
export { gorillaBaselineDecode, gorillaBaselineEncode } from './baseline';
export { decodeFloat64Column, encodeFloat64Column, float64Bound } from './codecs/float64';
export { decodeInt64Column, encodeInt64Column, int64Bound } from './codecs/int64';
export { statsF64, statsI64 } from './column-stats';
export { lastErrorAddress } from './error';
export { filterF64 } from './filter';
export { decodeFloat64Prefix, firstUnsortedI64, gather64, gatherFloat64Rows } from './gather';
export { hash64 } from './hash';
export { m4 } from './m4';
export { m4BlockIndex, m4BlockIndexOfValues, m4BlockPieces, regularTimeStep } from './m4-blocks';
export { alloc, free } from './memory';
export { readPointBatch } from './point-batch';
export { pointRows } from './point-rows';
export { aggregateChunkRange } from './range-aggregate';
export { aggregateChunkRanges, aggregateRangeTable } from './range-batch';
export { sumF64 } from './sum';
