import { type IDBPDatabase, type IDBPTransaction, type StoreNames, wrap } from 'idb';
import { TidemarkError } from '../../errors/index.ts';
import type { DatabaseRecord } from './catalog.ts';
import type { Durability, MagneticChunkRecord, MemTierChange, PersistedState } from './durability.ts';
import { IDB_VERSION, idbName, type TidemarkIdbSchema } from './idb-schema.ts';
import type { SeriesRecord } from './series.ts';
import type { TableRecord } from './table-state.ts';
import { entryBytes, type WalEntry, type WalPut } from './wal-entry.ts';

/** The subset of the Web Locks API used for single-writer access. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

export interface IdbDurabilityOptions {
  readonly name: string;
  readonly indexedDB: IDBFactory;
  /** The IDBKeyRange of the same implementation (default globalThis.IDBKeyRange). */
  readonly IDBKeyRange?: typeof IDBKeyRange;
  /** Web Locks (navigator.locks in browsers); without it, single-writer access is not enforced. */
  readonly locks?: LockManagerLike;
}

type StoreName = StoreNames<TidemarkIdbSchema>;
type Tx = IDBPTransaction<TidemarkIdbSchema, StoreName[], 'readwrite'>;

const CHECKPOINT_STORES: StoreName[] = ['meta', 'wal', 'memtier'];
/** A checkpoint that deletes dropped series also writes their records and magnetic chunks. */
const CHECKPOINT_DROPPING_STORES: StoreName[] = ['meta', 'wal', 'memtier', 'series', 'magnetic', 'magnetic_index'];

interface Pending {
  readonly seq: number;
  readonly entry: WalEntry;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Turns an IndexedDB failure into a typed error naming what was being written. */
export function storageError(error: unknown, what: string): TidemarkError {
  const name =
    error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)
      ? String((error as { name: unknown }).name)
      : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError') {
    return new TidemarkError(
      'QUOTA_EXCEEDED',
      `The browser's storage quota is full while ${what}; nothing of it was written. Free space (delete data or tables) and retry.`,
      { cause: error },
    );
  }
  if (error instanceof TidemarkError) return error;
  return new TidemarkError('INTERNAL', `IndexedDB failed while ${what}: ${message || name || 'unknown error'}.`, { cause: error });
}

/**
 * Durability on IndexedDB. The log is group-committed: entries queue while a transaction is in
 * flight and the next transaction takes them all; each caller's promise resolves only when the
 * transaction holding its entry has completed. A failed transaction (a full quota) rejects its
 * callers with a typed error, writes nothing (IDB transactions are atomic) and keeps the entries
 * to retry with the next commit, since they are already applied in RAM.
 *
 * The contract: a write is acknowledged once the transaction holding its entry has completed, with the
 * browser's default durability (relaxed in Chromium since 121, and in Firefox and Safari: the transaction
 * completes once its data is handed to the operating system, not after a flush to disk). That survives a
 * reload or a crash of the tab (the durability tests and the reload e2e assert it); an operating-system
 * crash or power loss right after may lose the latest commits.
 */
export class IdbDurability implements Durability {
  readonly kind = 'indexeddb';
  private seq = 0;
  private queue: Pending[] = [];
  private retry: { seq: number; entry: WalEntry }[] = [];
  private flushing = false;
  private walBytes = 0;
  private readonly magneticBytes = new Map<string, number>();
  private readonly memtierBytes = new Map<string, number>();
  private releaseLock: (() => void) | null = null;
  /** Log transactions committed, and entries they carried (group commit puts several in one). */
  commits = 0;
  entriesCommitted = 0;

  private constructor(
    private readonly db: IDBPDatabase<TidemarkIdbSchema>,
    private readonly keyRange: typeof IDBKeyRange,
  ) {}

  static async open(options: IdbDurabilityOptions): Promise<IdbDurability> {
    let release: (() => void) | null = null;
    if (options.locks) {
      release = await acquireWriterLock(options.locks, options.name);
    }
    const keyRange = options.IDBKeyRange ?? (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange;
    if (!keyRange) {
      release?.();
      throw new TidemarkError('INVALID_ARGUMENT', 'IndexedDB storage needs IDBKeyRange: pass the one of your IndexedDB implementation.', {
        details: { field: 'IDBKeyRange' },
      });
    }
    let db: IDBPDatabase<TidemarkIdbSchema>;
    try {
      // The factory is injected (fake-indexeddb in tests), so open it directly and wrap it.
      const request = options.indexedDB.open(idbName(options.name), IDB_VERSION);
      request.addEventListener('upgradeneeded', () => {
        const database = request.result;
        database.createObjectStore('meta');
        database.createObjectStore('databases', { keyPath: 'name' });
        database.createObjectStore('tables', { keyPath: 'id' });
        database.createObjectStore('series', { keyPath: 'id' }).createIndex('tableId', 'tableId');
        database.createObjectStore('wal');
        database.createObjectStore('memtier', { keyPath: ['seriesId', 'chunkId'] });
        database.createObjectStore('magnetic');
        database.createObjectStore('magnetic_index', { keyPath: ['seriesId', 'partition'] });
      });
      db = (await wrap(request)) as unknown as IDBPDatabase<TidemarkIdbSchema>;
    } catch (error) {
      release?.();
      throw storageError(error, `opening the IndexedDB database "${idbName(options.name)}"`);
    }
    const durability = new IdbDurability(db, keyRange);
    durability.releaseLock = release;
    return durability;
  }

  async load(): Promise<PersistedState> {
    const tx = this.db.transaction(['meta', 'databases', 'tables', 'series', 'wal', 'memtier', 'magnetic_index'], 'readonly');
    const checkpointSeq = (await tx.objectStore('meta').get('checkpointSeq')) ?? 0;
    const databases = await tx.objectStore('databases').getAll();
    const tables = await tx.objectStore('tables').getAll();
    const series = await tx.objectStore('series').getAll();
    const memTier = await tx.objectStore('memtier').getAll();
    const magneticIndex = await tx.objectStore('magnetic_index').getAll();
    const range = this.keyRange.lowerBound(checkpointSeq, true);
    const wal = await tx.objectStore('wal').getAll(range);
    const lastKey = await tx.objectStore('wal').openCursor(null, 'prev');
    await tx.done;
    this.seq = Math.max(checkpointSeq, lastKey ? Number(lastKey.key) : 0);
    this.walBytes = wal.reduce((s, e) => s + entryBytes(e), 0);
    for (const m of magneticIndex) this.magneticBytes.set(`${m.seriesId}:${m.partition}`, m.byteLength);
    for (const m of memTier) this.memtierBytes.set(`${m.seriesId}:${m.chunkId}`, m.bytes.byteLength);
    return { databases, tables, series, memTier, magneticIndex, wal };
  }

  async putDatabase(record: DatabaseRecord): Promise<void> {
    await this.run(['databases'], `creating database "${record.name}"`, (tx) => {
      tx.objectStore('databases').put(record);
    });
  }

  async deleteDatabase(name: string, tableIds: readonly number[], seriesIds: readonly number[]): Promise<void> {
    await this.run(['databases', 'tables', 'series', 'memtier', 'magnetic', 'magnetic_index'], `deleting database "${name}"`, (tx) => {
      tx.objectStore('databases').delete(name);
      for (const id of tableIds) tx.objectStore('tables').delete(id);
      this.deleteSeriesIn(tx, seriesIds);
    });
  }

  async putTable(record: TableRecord): Promise<void> {
    await this.run(['tables'], `saving table "${record.database}.${record.name}"`, (tx) => {
      tx.objectStore('tables').put(record);
    });
  }

  async deleteTable(tableId: number, seriesIds: readonly number[]): Promise<void> {
    await this.run(['tables', 'series', 'memtier', 'magnetic', 'magnetic_index'], `deleting table ${tableId}`, (tx) => {
      tx.objectStore('tables').delete(tableId);
      this.deleteSeriesIn(tx, seriesIds);
    });
  }

  private deleteSeriesIn(tx: Tx, seriesIds: readonly number[]): void {
    for (const id of seriesIds) {
      tx.objectStore('series').delete(id);
      tx.objectStore('memtier').delete(this.keyRange.bound([id], [id, []]));
      // [id] sorts before [id, p] and [id, []] after every [id, number]: one key range per series.
      const range = this.keyRange.bound([id], [id, []]);
      tx.objectStore('magnetic').delete(range);
      tx.objectStore('magnetic_index').delete(range);
      for (const map of [this.magneticBytes, this.memtierBytes])
        for (const key of [...map.keys()]) if (key.startsWith(`${id}:`)) map.delete(key);
    }
  }

  log(entry: WalEntry): Promise<void> {
    const seq = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ seq, entry, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing || (this.queue.length === 0 && this.retry.length === 0)) return;
    this.flushing = true;
    // Let the current task's other writes join this commit.
    queueMicrotask(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0);
    const retry = this.retry.splice(0);
    const entries = [...retry, ...batch.map(({ seq, entry }) => ({ seq, entry }))];
    try {
      await this.run(['wal', 'series'], 'writing to the write-ahead log', (tx) => {
        const wal = tx.objectStore('wal');
        const series = tx.objectStore('series');
        for (const { seq, entry } of mergePuts(entries)) {
          wal.put(entry, seq);
          if (entry.kind === 'put') for (const s of entry.series) series.put(s);
        }
      });
      for (const { entry } of entries) this.walBytes += entryBytes(entry);
      this.commits++;
      this.entriesCommitted += entries.length;
      for (const p of batch) p.resolve();
    } catch (error) {
      // Applied in RAM already: keep them to write with the next commit (or the next checkpoint covers them).
      this.retry.unshift(...entries);
      const typed = storageError(error, 'writing to the write-ahead log');
      for (const p of batch) p.reject(typed);
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.kick();
    }
  }

  async readMagnetic(seriesId: number, partition: number): Promise<Uint8Array | undefined> {
    try {
      return await this.db.get('magnetic', [seriesId, partition]);
    } catch (error) {
      throw storageError(error, `reading the magnetic chunk [${seriesId}, ${partition}]`);
    }
  }

  async readMagneticRange(seriesId: number, from: number, to: number): Promise<{ partition: number; bytes: Uint8Array }[]> {
    try {
      const range = this.keyRange.bound([seriesId, from], [seriesId, to]);
      const tx = this.db.transaction('magnetic', 'readonly');
      const [keys, values] = await Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range)]);
      await tx.done;
      return values.map((bytes, i) => ({ partition: (keys[i] as [number, number])[1], bytes }));
    } catch (error) {
      throw storageError(error, `reading the magnetic chunks of series ${seriesId}`);
    }
  }

  async writeMagnetic(puts: readonly MagneticChunkRecord[], deletes: readonly (readonly [number, number])[]): Promise<void> {
    await this.run(['magnetic', 'magnetic_index'], 'writing magnetic chunks', (tx) => {
      for (const [s, p] of deletes) {
        tx.objectStore('magnetic').delete([s, p]);
        tx.objectStore('magnetic_index').delete([s, p]);
      }
      for (const put of puts) {
        tx.objectStore('magnetic').put(put.bytes, [put.seriesId, put.partition]);
        tx.objectStore('magnetic_index').put({
          seriesId: put.seriesId,
          partition: put.partition,
          header: put.header,
          byteLength: put.bytes.byteLength,
        });
      }
    });
    for (const [s, p] of deletes) this.magneticBytes.delete(`${s}:${p}`);
    for (const put of puts) this.magneticBytes.set(`${put.seriesId}:${put.partition}`, put.bytes.byteLength);
  }

  async checkpoint(changes: readonly MemTierChange[], droppedSeries: readonly number[]): Promise<void> {
    const upTo = this.seq;
    const stores = droppedSeries.length > 0 ? CHECKPOINT_DROPPING_STORES : CHECKPOINT_STORES;
    await this.run(stores, 'checkpointing the memory tier', (tx) => {
      this.deleteSeriesIn(tx, droppedSeries);
      const store = tx.objectStore('memtier');
      for (const change of changes) {
        for (const id of change.drop) store.delete([change.seriesId, id]);
        for (const chunk of change.put) store.put(chunk);
      }
      tx.objectStore('wal').delete(this.keyRange.upperBound(upTo));
      tx.objectStore('meta').put(upTo, 'checkpointSeq');
    });
    // Entries that failed earlier are covered by the checkpoint now.
    this.retry = this.retry.filter((r) => r.seq > upTo);
    this.walBytes = 0;
    for (const change of changes) {
      for (const id of change.drop) this.memtierBytes.delete(`${change.seriesId}:${id}`);
      for (const chunk of change.put) this.memtierBytes.set(`${chunk.seriesId}:${chunk.chunkId}`, chunk.bytes.byteLength);
    }
  }

  storedBytes(): number {
    let b = this.walBytes;
    for (const v of this.magneticBytes.values()) b += v;
    for (const v of this.memtierBytes.values()) b += v;
    return b;
  }

  /** Bytes of magnetic chunks only. */
  magneticStoredBytes(): number {
    let b = 0;
    for (const v of this.magneticBytes.values()) b += v;
    return b;
  }

  close(): void {
    this.db.close();
    this.releaseLock?.();
    this.releaseLock = null;
  }

  /**
   * Runs one readwrite transaction: `fill` issues requests synchronously (nothing else is
   * awaited inside the transaction), then the transaction's completion is awaited. A request
   * that throws aborts the whole transaction, so nothing is half-written.
   */
  private async run(stores: StoreName[], what: string, fill: (tx: Tx) => void): Promise<void> {
    let tx: Tx;
    try {
      tx = this.db.transaction(stores, 'readwrite');
    } catch (error) {
      throw storageError(error, what);
    }
    // Request errors also surface as the transaction's error; swallow them per request.
    tx.done.catch(() => undefined);
    try {
      fill(tx);
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished.
      }
      throw storageError(error, what);
    }
    try {
      await tx.done;
    } catch (error) {
      throw storageError(tx.error ?? error, what);
    }
  }
}

/**
 * Takes the writer lock for a database name without waiting; throws CONFLICT when another tab
 * (or worker) holds it. The lock is held until the returned release function is called.
 */
async function acquireWriterLock(locks: LockManagerLike, name: string): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const granted = await new Promise<boolean>((resolve, reject) => {
    locks
      .request(`tidemark-writer:${name}`, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(false);
          return;
        }
        resolve(true);
        return held;
      })
      .catch(reject);
  });
  if (!granted) {
    throw new TidemarkError(
      'CONFLICT',
      `The database "${name}" is already open for writing in another tab or worker; only one writer at a time is allowed. Close it there, or send the writes through that tab.`,
      { details: { database: name } },
    );
  }
  return release;
}

/**
 * One log record for each run of consecutive put entries of one table in a commit (an import batch writes
 * hundreds of series at once, one entry each): IndexedDB then serialises and stores one value, not hundreds.
 * The record takes the run's last sequence number, so a checkpoint taken part way through the run (it covers
 * every entry up to its number) never drops the entries after it; replay applies the run in order. Replaying
 * the run's entries that such a checkpoint already holds is harmless: each put is an upsert of the same points,
 * and every later entry of the run is replayed after it.
 */
export function mergePuts(entries: readonly { readonly seq: number; readonly entry: WalEntry }[]): { seq: number; entry: WalEntry }[] {
  const out: { seq: number; entry: WalEntry }[] = [];
  let run: { tableId: number; series: SeriesRecord[]; puts: WalPut[]; at: number } | null = null;
  for (const { seq, entry } of entries) {
    if (entry.kind === 'put' && run !== null && run.tableId === entry.tableId) {
      run.series.push(...entry.series);
      run.puts.push(...entry.puts);
      out[run.at] = { seq, entry: { kind: 'put', tableId: run.tableId, series: run.series, puts: run.puts } };
      continue;
    }
    run = entry.kind === 'put' ? { tableId: entry.tableId, series: [...entry.series], puts: [...entry.puts], at: out.length } : null;
    out.push({ seq, entry });
  }
  return out;
}
