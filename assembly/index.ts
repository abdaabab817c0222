// The kernel's exports. Every function takes pointers and lengths into the exported memory;
// nothing here knows about tables or SQL. The ABI version changes whenever an export's
// signature or a binary format changes, so a stale wasm next to new JavaScript is caught at load.

/** Version of the kernel's ABI (exports and formats). Bump on any incompatible change. */
export const KERNEL_ABI_VERSION: i32 = 1;

export function abiVersion(): i32 {
  return KERNEL_ABI_VERSION;
}

export { alloc, free } from './memory';
export { sumF64 } from './sum';
