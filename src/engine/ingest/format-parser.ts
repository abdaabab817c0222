import type { BatchBuilder } from './batch-builder.ts';
import type { RejectionSink } from './rejection-sink.ts';

/**
 * A streaming parser for one format. `push` takes the next slice of (decompressed) bytes and parses
 * every record it completes, keeping an incomplete tail for the next slice; `finish` parses that tail as
 * the last record. Parsed rows go to the builder, bad ones to the rejection sink; neither call is async,
 * so the importer decides when batches are handed on.
 */
export interface FormatParser {
  push(bytes: Uint8Array): void;
  finish(): void;
}

/** What a parser writes to. */
export interface ParserOutput {
  readonly builder: BatchBuilder;
  readonly rejections: RejectionSink;
  /** Records longer than this are rejected (and skipped to the next line) so memory stays bounded. */
  readonly maxRecordBytes: number;
}

/** Joins a kept tail with the next slice. */
export function joinBytes(head: Uint8Array | undefined, tail: Uint8Array): Uint8Array {
  if (head === undefined || head.length === 0) return tail;
  if (tail.length === 0) return head;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/** True when bytes start with the UTF-8 byte order mark. */
export function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}
