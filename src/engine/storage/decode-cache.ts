import type { ChunkCodec, DecodedChunk } from './codec.ts';

/**
 * A small LRU of decoded chunks keyed by their encoded bytes (the bytes object is replaced when
 * a chunk is rewritten, so a stale entry can never be hit). It saves re-decoding a chunk for
 * every out-of-order point that lands in it.
 */
export class DecodeCache {
  private readonly entries = new Map<Uint8Array, DecodedChunk>();
  constructor(
    private readonly codec: ChunkCodec,
    private readonly capacity = 32,
  ) {}

  decode(bytes: Uint8Array): DecodedChunk {
    const hit = this.entries.get(bytes);
    if (hit) {
      this.entries.delete(bytes);
      this.entries.set(bytes, hit);
      return hit;
    }
    const decoded = this.codec.decode(bytes);
    this.entries.set(bytes, decoded);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest) this.entries.delete(oldest);
    }
    return decoded;
  }

  /**
   * The times and the named columns: the cached full decode when there is one, else a projected
   * decode (not cached: writes need every column) when the codec offers it and it saves columns.
   */
  decodeColumns(bytes: Uint8Array, columns: readonly string[], columnCount: number): DecodedChunk {
    const hit = this.entries.get(bytes);
    if (hit) return hit;
    if (!this.codec.decodeColumns || columns.length >= columnCount) return this.decode(bytes);
    return this.codec.decodeColumns(bytes, columns);
  }

  clear(): void {
    this.entries.clear();
  }
}
