// The public face of the `tidemark` library (Node and bundlers). Everything a program may
// import is named here; anything else is internal.
export * from './engine/index.ts';
export type { ErrorPosition, SerializedTidemarkError, TidemarkErrorCode } from './errors/index.ts';
export { formatPosition, TidemarkError } from './errors/index.ts';
export type { KernelInfo } from './kernel/index.ts';
export { Kernel, loadKernelFromBytes, loadKernelFromUrl } from './kernel/index.ts';
export { loadKernelFromFile } from './kernel/node.ts';
