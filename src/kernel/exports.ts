/**
 * The raw exports of `build/kernel.wasm`, as AssemblyScript compiles them from `assembly/index.ts`.
 * Pointers and lengths are plain numbers into `memory`. A test checks this list against the
 * module's real exports, so the two cannot drift apart.
 */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  abiVersion(): number;
  alloc(bytes: number): number;
  free(ptr: number): void;
  sumF64(ptr: number, count: number): number;
}

/** Names of the functions in {@link KernelExports}, checked against the wasm at load time. */
export const KERNEL_FUNCTION_NAMES = ['abiVersion', 'alloc', 'free', 'sumF64'] as const;

/** The ABI version this TypeScript was written against; must equal the wasm's `abiVersion()`. */
export const EXPECTED_KERNEL_ABI_VERSION = 1;
