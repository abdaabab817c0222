import { BigIntVector, type Vector } from '../../vector/index.ts';

/** The little-endian reading of BigInt64Array halves below (every mainstream platform). */
const LITTLE_ENDIAN = new Int32Array(BigInt64Array.of(1n).buffer)[0] === 1;

/**
 * The least and greatest BigInt of a key column (null when it has none). A time column without NULLs is read as
 * 32-bit halves (high signed, low unsigned) and only its two answers as BigInts: a BigInt per row cost more than
 * the rest of the runtime filter over a large build side.
 */
export function timeBounds(values: Vector): [bigint | null, bigint | null] {
  if (values instanceof BigIntVector && !values.valid && LITTLE_ENDIAN && values.length > 0) {
    const data = values.data;
    const words = new Int32Array(data.buffer, data.byteOffset, values.length * 2);
    let least = 0;
    let greatest = 0;
    for (let r = 1; r < values.length; r++) {
      const hi = words[2 * r + 1]!;
      const lo = words[2 * r]! >>> 0;
      const leastHi = words[2 * least + 1]!;
      if (hi < leastHi || (hi === leastHi && lo < words[2 * least]! >>> 0)) least = r;
      const greatestHi = words[2 * greatest + 1]!;
      if (hi > greatestHi || (hi === greatestHi && lo > words[2 * greatest]! >>> 0)) greatest = r;
    }
    return [data[least]!, data[greatest]!];
  }
  let low: bigint | null = null;
  let high: bigint | null = null;
  for (let r = 0; r < values.length; r++) {
    const v = values.get(r);
    if (typeof v !== 'bigint') continue;
    if (low === null || v < low) low = v;
    if (high === null || v > high) high = v;
  }
  return [low, high];
}
