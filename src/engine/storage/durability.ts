import type { DatabaseRecord } from './catalog.ts';
import type { ChunkHeader } from './codec.ts';
import type { SeriesRecord } from './series.ts';
import type { TableRecord } from './table-state.ts';
import type { WalEntry } from './wal-entry.ts';

/** A magnetic chunk as stored: key [seriesId, partition], its zone map and its bytes. */
export interface MagneticChunkRecord {
  readonly seriesId: number;
  readonly partition: number;
  readonly header: ChunkHeader;
  readonly bytes: Uint8Array;
}

/** A magnetic chunk's entry in the chunk index: its key, zone map and size, not its bytes. */
export interface MagneticIndexRecord {
  readonly seriesId: number;
  readonly partition: number;
  readonly header: ChunkHeader;
  readonly byteLength: number;
}

/** One persisted memory-tier chunk: key [seriesId, chunkId]; chunkId 0 holds the series' head, encoded. */
export interface MemTierChunkRecord {
  readonly seriesId: number;
  readonly chunkId: number;
  readonly bytes: Uint8Array;
}

/** What a checkpoint changes for one series: chunks to store and chunk ids to drop. */
export interface MemTierChange {
  readonly seriesId: number;
  readonly put: readonly MemTierChunkRecord[];
  readonly drop: readonly number[];
}

/** Everything persisted, as loaded on open. */
export interface PersistedState {
  readonly databases: readonly DatabaseRecord[];
  readonly tables: readonly TableRecord[];
  readonly series: readonly SeriesRecord[];
  readonly memTier: readonly MemTierChunkRecord[];
  readonly magneticIndex: readonly MagneticIndexRecord[];
  /** Log entries after the last checkpoint, in order. */
  readonly wal: readonly WalEntry[];
}

/**
 * Where the engine persists: IndexedDB, or nothing (memory storage keeps magnetic chunks in a
 * Map). Catalog calls and magnetic writes are single atomic transactions; `log` is group
 * committed and resolves only once the entry is durable.
 */
export interface Durability {
  readonly kind: 'indexeddb' | 'memory';
  load(): Promise<PersistedState>;
  putDatabase(record: DatabaseRecord): Promise<void>;
  /** Deletes the database record, its tables, their series and every chunk of them. */
  deleteDatabase(name: string, tableIds: readonly number[], seriesIds: readonly number[]): Promise<void>;
  putTable(record: TableRecord): Promise<void>;
  deleteTable(tableId: number, seriesIds: readonly number[]): Promise<void>;
  /** Appends to the write-ahead log (with the series it creates or widens); resolves when durable. */
  log(entry: WalEntry): Promise<void>;
  readMagnetic(seriesId: number, partition: number): Promise<Uint8Array | undefined>;
  /** A series' magnetic chunks with partitions in [from, to], in partition order: one key-range read. */
  readMagneticRange(seriesId: number, from: number, to: number): Promise<{ partition: number; bytes: Uint8Array }[]>;
  /** Writes and deletes magnetic chunks in one transaction. */
  writeMagnetic(puts: readonly MagneticChunkRecord[], deletes: readonly (readonly [number, number])[]): Promise<void>;
  /**
   * Stores the memory-tier changes since the last checkpoint, deletes everything stored of the
   * dropped series (record and chunks in both tiers), and truncates the log up to what was applied,
   * in one transaction.
   */
  checkpoint(changes: readonly MemTierChange[], droppedSeries: readonly number[]): Promise<void>;
  /** Bytes stored (an estimate where the backend cannot say). */
  storedBytes(): number;
  close(): void;
}
