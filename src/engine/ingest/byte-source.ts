import { TidemarkError } from '../../errors/index.ts';

/**
 * Anything an import can read: a Blob or File (browser, Node 20), a byte stream, bytes, or text
 * (a paste). A Node file path goes through `openNodeFileSource` (kept in its own module so the browser
 * bundle never sees `node:fs`).
 */
export type ImportSource = Blob | ReadableStream<Uint8Array> | Uint8Array | string;

/**
 * The default slice size: large enough to amortise per-slice work (in a browser each Blob read is a round trip
 * to the browser process: 4 MiB reads cost its threads ~140 ms less CPU per 64 MiB than 1 MiB ones), small
 * enough to keep memory flat (a Blob holds two slices at once: the one parsed and the one being read).
 */
export const DEFAULT_SLICE_BYTES = 4 << 20;

/** A source opened for reading in slices, with its size when known. */
export interface ByteSlices {
  readonly totalBytes: number | undefined;
  readonly slices: AsyncIterable<Uint8Array>;
}

/**
 * Opens a source for slice-by-slice reading; nothing is read until the slices are iterated. An abort
 * cancels a pending stream read at once (a stalled network stream does not hold a cancelled import).
 */
export function openByteSlices(source: ImportSource, sliceBytes: number = DEFAULT_SLICE_BYTES, signal?: AbortSignal): ByteSlices {
  if (!(sliceBytes >= 1)) throw new TidemarkError('INVALID_ARGUMENT', `The slice size must be at least 1 byte, not ${sliceBytes}.`);
  if (typeof source === 'string') {
    const bytes = new TextEncoder().encode(source);
    return { totalBytes: bytes.length, slices: sliceBytesOf(bytes, sliceBytes) };
  }
  if (source instanceof Uint8Array) return { totalBytes: source.length, slices: sliceBytesOf(source, sliceBytes) };
  if (typeof Blob !== 'undefined' && source instanceof Blob) return { totalBytes: source.size, slices: sliceBlob(source, sliceBytes) };
  if (isReadableStream(source)) return { totalBytes: undefined, slices: readStream(source, signal) };
  throw new TidemarkError('INVALID_ARGUMENT', 'An import source must be a Blob, a File, a ReadableStream of bytes, bytes, or text.');
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as { getReader?: unknown }).getReader === 'function';
}

async function* sliceBytesOf(bytes: Uint8Array, sliceBytes: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += sliceBytes) yield bytes.subarray(at, Math.min(bytes.length, at + sliceBytes));
}

async function* sliceBlob(blob: Blob, sliceBytes: number): AsyncGenerator<Uint8Array> {
  // Blob.slice reads lazily: only the slice being parsed and the one being read are ever in memory, whatever
  // the file's size. The next slice is read while this one is parsed: in a browser a read is a round trip to
  // the process holding the blob's data, which would otherwise leave the parsing thread idle for each slice.
  const read = (at: number): Promise<ArrayBuffer> => {
    const reading = blob.slice(at, Math.min(blob.size, at + sliceBytes)).arrayBuffer();
    // Awaited below; a consumer that stops early must not leave its failure unhandled.
    reading.catch(() => undefined);
    return reading;
  };
  let next = blob.size > 0 ? read(0) : undefined;
  for (let at = 0; next !== undefined; at += sliceBytes) {
    const current = await next;
    next = at + sliceBytes < blob.size ? read(at + sliceBytes) : undefined;
    yield new Uint8Array(current);
  }
}

/**
 * Reads a byte stream to its end, releasing (and cancelling) it when the consumer stops early; an abort
 * cancels the stream, which ends a pending read.
 */
export async function* readStream(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  const onAbort = (): void => {
    reader.cancel().catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      if (value.length > 0) yield value;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Turns slices back into a byte stream (to pipe through a DecompressionStream). */
export function streamOfSlices(slices: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = slices[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
