/**
 * Finds the ArrayBuffers behind the typed arrays in a result so postMessage can transfer them
 * instead of copying. Only plain objects and arrays are walked, to a small depth, because a
 * result is columnar data, not an arbitrary graph. Buffers that must stay usable in the worker
 * (the kernel's own memory) are skipped through `keep`.
 */
export function collectTransferables(value: unknown, keep: (buffer: ArrayBufferLike) => boolean = () => false): Transferable[] {
  const found = new Set<ArrayBuffer>();
  walk(value, 0, found, keep);
  return [...found];
}

const MAX_DEPTH = 6;

function walk(value: unknown, depth: number, found: Set<ArrayBuffer>, keep: (buffer: ArrayBufferLike) => boolean): void {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
  if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer;
    // Shared memory cannot be transferred, and a view over part of a larger buffer would
    // detach data the sender still owns, so only whole, private buffers are taken.
    if (buffer instanceof ArrayBuffer && !keep(buffer) && value.byteOffset === 0 && value.byteLength === buffer.byteLength) {
      found.add(buffer);
    }
    return;
  }
  if (value instanceof ArrayBuffer) {
    if (!keep(value)) found.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) walk(item, depth + 1, found, keep);
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return;
  for (const item of Object.values(value as Record<string, unknown>)) walk(item, depth + 1, found, keep);
}
