// Where a decoder gave up. Decoders return 0 (or a negative status) on corrupt input and record
// the address of the offending byte here, so the host can report a byte offset inside the chunk.

let errorAddress: usize = 0;

/** Records `at` as the first corrupt byte and returns 0, so a decoder can `return fail(p)`. */
export function fail(at: usize): usize {
  errorAddress = at;
  return 0;
}

/** Address of the byte where the last failed decode stopped. */
export function lastErrorAddress(): usize {
  return errorAddress;
}
