import type { SerializedTidemarkError } from '../../errors/index.ts';
import type { ChunkHeader, ResidentChunkStats } from './codec.ts';
import type { Series } from './series.ts';
import type { TableState } from './table-state.ts';

/** Figures for one tier of one table. */
export interface TierStats {
  /** Series with at least one point in this tier. */
  readonly series: number;
  readonly points: number;
  readonly chunks: number;
  /** Encoded bytes of the tier's chunks (what is, or would be, written to storage). */
  readonly bytesStored: number;
  /** Bytes held in RAM: chunks and head buffers (memory), cached decoded chunks (magnetic). */
  readonly bytesInRam: number;
  /** Raw size (8-byte time + 8 bytes per value) over encoded size, for sealed data; 0 when nothing is sealed. */
  readonly compressionRatio: number;
  /** Oldest and newest time in ns, or null when empty. */
  readonly oldest: bigint | null;
  readonly newest: bigint | null;
}

/** Figures for one table. */
export interface TableStats {
  readonly database: string;
  readonly table: string;
  readonly series: number;
  readonly memory: TierStats;
  readonly magnetic: TierStats;
}

/** What the storage holds, per table and tier. */
export interface StorageStats {
  readonly tables: readonly TableStats[];
  /** Bytes the durable store holds (IndexedDB), or 0 for memory storage. */
  readonly bytesStored: number;
  /** The retention job: when it last finished (clock ms), and its last failure since (e.g. QUOTA_EXCEEDED). */
  readonly background: { readonly lastRetentionAt: number | null; readonly lastError: SerializedTidemarkError | null };
  readonly cache: { readonly bytes: number; readonly budget: number; readonly hits: number; readonly misses: number };
  /**
   * Sealed chunks the kernel keeps a copy of in its own memory between queries (so a scan reads them in place),
   * beside the tiers' bytes above; zeros when the codec keeps none.
   */
  readonly residentChunks: ResidentChunkStats;
}

class Tally {
  series = 0;
  points = 0;
  chunks = 0;
  stored = 0;
  ram = 0;
  raw = 0;
  oldest: bigint | null = null;
  newest: bigint | null = null;

  span(min: bigint, max: bigint): void {
    if (this.oldest === null || min < this.oldest) this.oldest = min;
    if (this.newest === null || max > this.newest) this.newest = max;
  }

  chunk(h: ChunkHeader, bytes: number, columns: number): void {
    this.chunks++;
    this.points += h.count;
    this.stored += bytes;
    this.raw += h.count * 8 * (1 + columns);
    this.span(h.timeMin, h.timeMax);
  }

  done(): TierStats {
    return {
      series: this.series,
      points: this.points,
      chunks: this.chunks,
      bytesStored: this.stored,
      bytesInRam: this.ram,
      compressionRatio: this.stored > 0 ? this.raw / this.stored : 0,
      oldest: this.oldest,
      newest: this.newest,
    };
  }
}

/** Computes a table's figures; `cachedBytes` says how much of a series' magnetic data sits in the cache. */
export function tableStats(table: TableState, cachedBytes: (series: Series) => number): TableStats {
  const memory = new Tally();
  const magnetic = new Tally();
  for (const s of table.series.values()) {
    const cols = s.columns.length;
    if (s.head.length > 0 || s.sealed.length > 0) memory.series++;
    for (const c of s.sealed) {
      memory.chunk(c.header, c.bytes.byteLength, cols);
      memory.ram += c.bytes.byteLength;
    }
    if (s.head.length > 0) {
      memory.points += s.head.length;
      memory.ram += s.head.bytes();
      memory.span(s.head.times[0] as bigint, s.head.times[s.head.length - 1] as bigint);
    }
    if (s.magnetic.length > 0) magnetic.series++;
    for (const r of s.magnetic) magnetic.chunk(r.header, r.byteLength, cols);
    magnetic.ram += cachedBytes(s);
  }
  return { database: table.database, table: table.name, series: table.series.size, memory: memory.done(), magnetic: magnetic.done() };
}
