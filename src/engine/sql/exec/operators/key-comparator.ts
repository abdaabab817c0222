import type { SortKey } from '../../plan/plan-nodes.ts';
import { compareValues } from '../../values/compare.ts';
import { BigIntVector, DictionaryVector, NumberVector, ValueVector, type Vector } from '../../vector/index.ts';

/** Compares rows a and b of one ORDER BY key: negative, zero or positive, with its direction and NULL placement applied. */
export type KeyComparator = (a: number, b: number) => number;

/** The (low, high) 32-bit halves of a BigInt64Array's elements sit side by side in memory on little-endian platforms. */
const LITTLE_ENDIAN = new Int32Array(BigInt64Array.of(1n).buffer)[0] === 1;

/**
 * A comparator for one key over its vector, specialised to the vector's storage: the generic path reads
 * each row through `get` (a BigInt allocated per read of a timestamp) and dispatches on the type per
 * comparison, which made checking an already ordered answer (a pushed-down aggregate's) cost more
 * than producing it. Same order as compareValues: NaN above every double, -0 equal to 0, strings by code point.
 */
export function keyComparator(key: Pick<SortKey, 'descending' | 'nullsFirst'>, vector: Vector): KeyComparator {
  const sign = key.descending ? -1 : 1;
  // Where a NULL goes relative to a value: before (-1) or after (1), whatever the direction.
  const nullSide = key.nullsFirst ? -1 : 1;
  if (vector instanceof BigIntVector && LITTLE_ENDIAN) {
    const words = new Int32Array(vector.data.buffer, vector.data.byteOffset, vector.data.length * 2);
    const valid = vector.valid;
    return (a, b) => {
      if (valid !== null) {
        const x = valid[a] === 1;
        const y = valid[b] === 1;
        if (!x || !y) return x === y ? 0 : x ? -nullSide : nullSide;
      }
      const ah = words[2 * a + 1] as number;
      const bh = words[2 * b + 1] as number;
      if (ah !== bh) return ah < bh ? -sign : sign;
      const al = (words[2 * a] as number) >>> 0;
      const bl = (words[2 * b] as number) >>> 0;
      return al === bl ? 0 : al < bl ? -sign : sign;
    };
  }
  if (vector instanceof NumberVector) {
    const data = vector.data;
    const valid = vector.valid;
    const type = vector.type;
    return (a, b) => {
      if (valid !== null) {
        const x = valid[a] === 1;
        const y = valid[b] === 1;
        if (!x || !y) return x === y ? 0 : x ? -nullSide : nullSide;
      }
      const x = data[a] as number;
      const y = data[b] as number;
      if (x < y) return -sign;
      if (x > y) return sign;
      return x === y ? 0 : sign * compareValues(x, y, type);
    };
  }
  if (vector instanceof DictionaryVector) {
    // The dictionary ranked once (equal values share a rank, NULL has none), then rows compare by their codes' ranks.
    const { codes, dictionary } = vector;
    const type = vector.type;
    const order = dictionary.map((_, i) => i).filter((i) => dictionary[i] !== null);
    order.sort((a, b) => compareValues(dictionary[a]!, dictionary[b]!, type));
    const rank = new Int32Array(dictionary.length).fill(-1);
    let r = 0;
    for (let i = 0; i < order.length; i++) {
      if (i > 0 && compareValues(dictionary[order[i - 1]!]!, dictionary[order[i]!]!, type) !== 0) r++;
      rank[order[i]!] = r;
    }
    return (a, b) => {
      const x = rank[codes[a]!]!;
      const y = rank[codes[b]!]!;
      if (x === y) return 0;
      if (x < 0 || y < 0) return x < 0 ? nullSide : -nullSide;
      return x < y ? -sign : sign;
    };
  }
  if (vector instanceof ValueVector) {
    const values = vector.values;
    const type = vector.type;
    return (a, b) => {
      const x = values[a] ?? null;
      const y = values[b] ?? null;
      if (x === y) return 0;
      if (x === null || y === null) return x === null ? nullSide : -nullSide;
      return sign * compareValues(x, y, type);
    };
  }
  return (a, b) => {
    const x = vector.get(a);
    const y = vector.get(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? nullSide : -nullSide;
    return sign * compareValues(x, y, vector.type);
  };
}
