import { TidemarkError } from '../errors/index.ts';
import type { Kernel } from './kernel.ts';

// Browser builds resolve the Node-only kernel loader (node.ts) to this module (see vite.config.ts),
// so no bundle carries node:fs. Code that runs in a browser passes the kernel it loaded by URL.

export async function loadKernelFromFile(): Promise<Kernel> {
  throw new TidemarkError(
    'KERNEL_LOAD',
    'Loading the kernel from a file works only in Node; in a browser, load it with loadKernelFromUrl.',
  );
}
