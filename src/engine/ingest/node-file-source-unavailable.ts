import { TidemarkError } from '../../errors/index.ts';
import type { NodeFileSource } from './node-file-source.ts';

// Browser builds resolve the Node-only file reader (node-file-source.ts) to this module (see
// vite.config.ts), so no bundle carries node:fs. In a browser, import a File or Blob instead.

export async function openNodeFileSource(path: string): Promise<NodeFileSource> {
  throw new TidemarkError(
    'INVALID_ARGUMENT',
    `Reading the file path "${path}" works only in Node; in a browser, import a File or Blob (drop it, pick it, or pass it to importFile).`,
  );
}
