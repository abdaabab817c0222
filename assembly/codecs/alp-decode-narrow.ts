// The current pfor block's codes unpacked as u32 offsets from its base: the first step of both ALP
// decoders for blocks up to 32 bits wide, frame of reference (./alp-decode-for.ts) and delta
// (./alp-decode-delta.ts).

import { unpackBits32 } from '../bits';
import { PACK_SHIFT, unpackInterleaved32 } from '../interleaved';
import { BLOCK, blockPacked, blockPackedValues, blockTail, blockWidth } from './pfor';

export const narrowCodes = memory.data(BLOCK * 4 + 16);

/** Unpacks the current block's codes (width <= 32, either layout) as u32 offsets from its base into `narrowCodes`. */
export function unpackNarrow(m: i32): void {
  const packed = blockPackedValues;
  if (packed > 0) unpackInterleaved32(blockPacked, packed >> PACK_SHIFT, blockWidth, narrowCodes);
  unpackBits32(blockTail, m - packed, blockWidth, narrowCodes + ((<usize>packed) << 2));
}
