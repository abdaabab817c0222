import { TidemarkError } from '../../errors/index.ts';
import { readStream, streamOfSlices } from './byte-source.ts';

/** True when bytes start with the gzip member magic (RFC 1952: 0x1f 0x8b, then method 8 = deflate). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

/**
 * Looks at the first slice; when it is gzip, returns the decompressed slices (through the platform's
 * DecompressionStream, which Web Workers and Node 20 both have), else the slices unchanged.
 * `onRawSlice` sees every raw slice as it is read, so progress counts bytes of the file, not of its content.
 */
export function gunzipIfNeeded(
  slices: AsyncIterable<Uint8Array>,
  onRawSlice: (slice: Uint8Array) => void,
  signal?: AbortSignal,
): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      const iterator = slices[Symbol.asyncIterator]();
      // A first slice shorter than the magic (a tiny stream chunk) is joined with the next ones.
      let head: Uint8Array = new Uint8Array(0);
      while (head.length < 3) {
        const next = await iterator.next();
        if (next.done) break;
        onRawSlice(next.value);
        head = head.length === 0 ? next.value : concat(head, next.value);
      }
      const rest: AsyncIterable<Uint8Array> = {
        async *[Symbol.asyncIterator]() {
          if (head.length > 0) yield head;
          for (;;) {
            const next = await iterator.next();
            if (next.done) return;
            onRawSlice(next.value);
            yield next.value;
          }
        },
      };
      if (!isGzip(head)) {
        yield* rest;
        return;
      }
      if (typeof DecompressionStream === 'undefined') {
        throw new TidemarkError(
          'INVALID_ARGUMENT',
          'This file is gzip-compressed, and this platform has no DecompressionStream to read it.',
        );
      }
      // DOM typings declare the writable side as BufferSource; bytes are what it takes.
      const decompressed = streamOfSlices(rest).pipeThrough(
        new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
      );
      try {
        yield* readStream(decompressed, signal);
      } catch (error) {
        if (signal?.aborted) return;
        if (error instanceof TidemarkError) throw error;
        throw new TidemarkError(
          'VALIDATION',
          `The gzip data is corrupt or truncated: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
