// Raw memory for the JavaScript side: the host asks for a block, writes into it through a
// typed-array view over the exported memory, and passes (pointer, length) to a kernel.
// Blocks come from the runtime's TLSF heap, so they can be freed in any order; nothing
// here is garbage-collected, which keeps kernels free of GC pauses.

/** Allocates `bytes` bytes aligned to 16 and returns the pointer (0 when bytes is 0). */
export function alloc(bytes: usize): usize {
  if (bytes == 0) return 0;
  return heap.alloc(bytes);
}

/** Frees a block returned by `alloc`. Freeing 0 is a no-op. */
export function free(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}
