export type { KernelExports } from './exports.ts';
export { EXPECTED_KERNEL_ABI_VERSION, KERNEL_FUNCTION_NAMES } from './exports.ts';
export type { KernelInfo } from './kernel.ts';
export { computeBuildId, instantiateKernel, Kernel } from './kernel.ts';
export { loadKernelFromBytes } from './load-bytes.ts';
export { loadKernelFromUrl } from './load-url.ts';
