import { type ImportSource, openByteSlices } from './byte-source.ts';
import { gunzipIfNeeded } from './gzip.ts';

/** The first bytes of a source's content (decompressed when gzip), and whether they are all of it. */
export interface SourceHead {
  readonly bytes: Uint8Array;
  /** True when the content ended within the head. */
  readonly complete: boolean;
  readonly compressed: boolean;
}

/**
 * Reads up to `maxBytes` of a source's content for detection and preview, then stops reading (a stream is
 * cancelled), so a 1 GB file costs one slice. Give a Blob or bytes: a stream cannot be read again afterwards.
 */
export async function readHead(source: ImportSource, maxBytes = 256 * 1024): Promise<SourceHead> {
  const opened = openByteSlices(source, Math.min(maxBytes, 1 << 20));
  let compressed = false;
  let firstRaw = true;
  const content = gunzipIfNeeded(opened.slices, (raw) => {
    if (firstRaw) compressed = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
    firstRaw = false;
  });
  const parts: Uint8Array[] = [];
  let size = 0;
  let complete = true;
  for await (const slice of content) {
    parts.push(slice);
    size += slice.length;
    if (size >= maxBytes) {
      complete = false;
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, maxBytes));
  let at = 0;
  for (const part of parts) {
    const take = Math.min(part.length, bytes.length - at);
    bytes.set(part.subarray(0, take), at);
    at += take;
    if (at === bytes.length) break;
  }
  return { bytes, complete: complete && size <= maxBytes, compressed };
}
