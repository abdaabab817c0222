import type { DatabaseRecord } from './catalog.ts';
import type { Durability, MagneticChunkRecord, MemTierChange, PersistedState } from './durability.ts';
import type { TableRecord } from './table-state.ts';
import type { WalEntry } from './wal-entry.ts';

/** The 'memory' storage: nothing survives the process; magnetic chunks live in a Map. */
export class MemoryDurability implements Durability {
  readonly kind = 'memory';
  private readonly magnetic = new Map<string, MagneticChunkRecord>();
  private bytes = 0;

  async load(): Promise<PersistedState> {
    return { databases: [], tables: [], series: [], memTier: [], magneticIndex: [], wal: [] };
  }
  async putDatabase(_record: DatabaseRecord): Promise<void> {}
  async deleteDatabase(_name: string, _tableIds: readonly number[], seriesIds: readonly number[]): Promise<void> {
    this.dropSeries(seriesIds);
  }
  async putTable(_record: TableRecord): Promise<void> {}
  async deleteTable(_tableId: number, seriesIds: readonly number[]): Promise<void> {
    this.dropSeries(seriesIds);
  }
  async log(_entry: WalEntry): Promise<void> {}
  async readMagnetic(seriesId: number, partition: number): Promise<Uint8Array | undefined> {
    return this.magnetic.get(`${seriesId}:${partition}`)?.bytes;
  }
  async readMagneticRange(seriesId: number, from: number, to: number): Promise<{ partition: number; bytes: Uint8Array }[]> {
    return [...this.magnetic.values()]
      .filter((r) => r.seriesId === seriesId && r.partition >= from && r.partition <= to)
      .sort((a, b) => a.partition - b.partition)
      .map((r) => ({ partition: r.partition, bytes: r.bytes }));
  }
  async writeMagnetic(puts: readonly MagneticChunkRecord[], deletes: readonly (readonly [number, number])[]): Promise<void> {
    for (const [s, p] of deletes) this.remove(`${s}:${p}`);
    for (const put of puts) {
      const key = `${put.seriesId}:${put.partition}`;
      this.remove(key);
      this.magnetic.set(key, put);
      this.bytes += put.bytes.byteLength;
    }
  }
  async checkpoint(_changes: readonly MemTierChange[], droppedSeries: readonly number[]): Promise<void> {
    this.dropSeries(droppedSeries);
  }
  storedBytes(): number {
    return this.bytes;
  }
  close(): void {}

  private remove(key: string): void {
    const old = this.magnetic.get(key);
    if (old) this.bytes -= old.bytes.byteLength;
    this.magnetic.delete(key);
  }

  private dropSeries(seriesIds: readonly number[]): void {
    const ids = new Set(seriesIds);
    for (const [key, record] of [...this.magnetic]) if (ids.has(record.seriesId)) this.remove(key);
  }
}
