import { TidemarkError } from '../errors/index.ts';
import { computeBuildId, instantiateKernel, type Kernel } from './kernel.ts';
import { loadKernelFromBytes } from './load-bytes.ts';

/**
 * Loads the kernel in a browser or worker. The response is compiled while it streams in; a
 * server that does not send `application/wasm` makes `compileStreaming` refuse, so we then fall
 * back to compiling the buffered bytes.
 */
export async function loadKernelFromUrl(url: string | URL): Promise<Kernel> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new TidemarkError('KERNEL_LOAD', `Could not fetch the kernel from ${String(url)}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) {
    throw new TidemarkError(
      'KERNEL_LOAD',
      `Could not fetch the kernel from ${String(url)}: HTTP ${response.status} ${response.statusText}`,
    );
  }
  const forHash = response.clone();
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.startsWith('application/wasm') && typeof WebAssembly.compileStreaming === 'function') {
    const [module, bytes] = await Promise.all([WebAssembly.compileStreaming(response), forHash.arrayBuffer()]);
    return instantiateKernel(module, bytes.byteLength, await computeBuildId(bytes));
  }
  return loadKernelFromBytes(new Uint8Array(await forHash.arrayBuffer()));
}
