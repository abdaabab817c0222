import { TidemarkError } from '../errors/index.ts';
import type { Kernel } from './kernel.ts';
import { loadKernelFromBytes } from './load-bytes.ts';

/**
 * Where the wasm sits relative to this module: next to it in the published library
 * (`dist/lib/kernel/kernel.wasm`), and in `build/` when running from source (tests, scripts).
 */
const CANDIDATES = ['./kernel.wasm', '../../build/kernel.wasm'];

/** Loads the kernel in Node from its file (no fetch, no network). */
export async function loadKernelFromFile(path?: string | URL): Promise<Kernel> {
  const { readFile } = await import('node:fs/promises');
  const tried: string[] = [];
  const paths = path !== undefined ? [path] : CANDIDATES.map((c) => new URL(c, import.meta.url));
  for (const candidate of paths) {
    try {
      const bytes = await readFile(candidate);
      return await loadKernelFromBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      tried.push(candidate instanceof URL ? candidate.pathname : candidate);
    }
  }
  throw new TidemarkError('KERNEL_LOAD', `The kernel wasm was not found (looked at ${tried.join(', ')}); run npm run build:wasm.`);
}
