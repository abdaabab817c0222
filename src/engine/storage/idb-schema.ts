import type { DBSchema } from 'idb';
import type { DatabaseRecord } from './catalog.ts';
import type { MagneticIndexRecord, MemTierChunkRecord } from './durability.ts';
import type { SeriesRecord } from './series.ts';
import type { TableRecord } from './table-state.ts';
import type { WalEntry } from './wal-entry.ts';

/** The IndexedDB layout of one Tidemark database (one IDB database per `openDatabase` name). */
export interface TidemarkIdbSchema extends DBSchema {
  meta: { key: string; value: number };
  databases: { key: string; value: DatabaseRecord };
  tables: { key: number; value: TableRecord };
  series: { key: number; value: SeriesRecord; indexes: { tableId: number } };
  /** The write-ahead log, keyed by sequence number. */
  wal: { key: number; value: WalEntry };
  /** Checkpointed memory tier, keyed [seriesId, chunkId] (chunk 0 is the head): checkpoints write only what changed. */
  memtier: { key: [number, number]; value: MemTierChunkRecord };
  /** Magnetic chunk bytes keyed [seriesId, partition]: a series' time range is one key-range scan. */
  magnetic: { key: [number, number]; value: Uint8Array };
  /** The magnetic chunk index (zone maps), small enough to load whole on open. */
  magnetic_index: { key: [number, number]; value: MagneticIndexRecord };
}

export const IDB_VERSION = 1;

/** The IndexedDB database name for a Tidemark database name. */
export function idbName(name: string): string {
  return `tidemark:${name}`;
}
