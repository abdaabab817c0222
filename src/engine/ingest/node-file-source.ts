/**
 * Node only: reads a file path as a byte stream for `streamImport`. Kept out of the package's browser
 * path (the ingest index does not re-export it), so a bundle for the worker never pulls in `node:fs`.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { DEFAULT_SLICE_BYTES } from './byte-source.ts';

/** A file opened for import: its stream of slices, its size and its name (for reports). */
export interface NodeFileSource {
  readonly stream: ReadableStream<Uint8Array>;
  readonly totalBytes: number;
  readonly fileName: string;
}

/** Opens a file for streaming import in slices of `sliceBytes`; the file closes when the stream ends or is cancelled. */
export async function openNodeFileSource(path: string, sliceBytes: number = DEFAULT_SLICE_BYTES): Promise<NodeFileSource> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  let position = 0;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const buffer = new Uint8Array(sliceBytes);
        const { bytesRead } = await handle.read(buffer, 0, sliceBytes, position);
        if (bytesRead === 0) {
          await close();
          controller.close();
          return;
        }
        position += bytesRead;
        controller.enqueue(bytesRead === sliceBytes ? buffer : buffer.subarray(0, bytesRead));
      } catch (error) {
        await close();
        controller.error(error);
      }
    },
    async cancel() {
      await close();
    },
  });
  return { stream, totalBytes: size, fileName: basename(path) };
}
