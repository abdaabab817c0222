import { TidemarkError } from '../errors/index.ts';
import { computeBuildId, instantiateKernel, type Kernel } from './kernel.ts';

/** Compiles and instantiates the kernel from its bytes (Node, tests, or a fetched buffer). */
export async function loadKernelFromBytes(bytes: Uint8Array): Promise<Kernel> {
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    throw new TidemarkError('KERNEL_LOAD', `The kernel wasm does not compile: ${(error as Error).message}`, { cause: error });
  }
  return instantiateKernel(module, bytes.byteLength, await computeBuildId(bytes as Uint8Array<ArrayBuffer>));
}
