/**
 * The row order that sorts `times` ascending, stably (equal times keep arrival order, which the
 * upsert logic above relies on). Returns undefined when the rows are already in order.
 */
export function stableTimeOrder(times: BigInt64Array): Uint32Array | undefined {
  if (isSorted(times)) return undefined;
  const order = new Uint32Array(times.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // The index tie-break makes the order stable whatever the engine's sort guarantees.
  order.sort((a, b) => {
    const ta = times[a] as bigint;
    const tb = times[b] as bigint;
    return ta < tb ? -1 : ta > tb ? 1 : a - b;
  });
  return order;
}

/**
 * Whether the times never decrease, compared exactly by their 32-bit halves (signed high word, then unsigned
 * low word) so that no BigInt is made per row: every chunk sealed from a sorted append passes through here.
 */
export function isSorted(times: BigInt64Array): boolean {
  const words = new Int32Array(times.buffer, times.byteOffset, times.length * 2);
  let prevHi = words[1] as number;
  let prevLo = (words[0] as number) >>> 0;
  for (let i = 1; i < times.length; i++) {
    const hi = words[2 * i + 1] as number;
    const lo = (words[2 * i] as number) >>> 0;
    if (hi < prevHi || (hi === prevHi && lo < prevLo)) return false;
    prevHi = hi;
    prevLo = lo;
  }
  return true;
}

/** `source` rearranged into `order` (or itself when there is no order). */
export function permute<T extends BigInt64Array | Float64Array | Uint8Array>(source: T, order: Uint32Array | undefined): T {
  if (order === undefined) return source;
  const out = new (source.constructor as new (length: number) => T)(source.length);
  for (let i = 0; i < order.length; i++) out[i] = source[order[i] as number] as T[number];
  return out;
}

/** A plain array rearranged into `order`. */
export function permuteArray<T>(source: readonly T[], order: Uint32Array | undefined): T[] {
  if (order === undefined) return source.slice();
  const out = new Array<T>(source.length);
  for (let i = 0; i < order.length; i++) out[i] = source[order[i] as number] as T;
  return out;
}
