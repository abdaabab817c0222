import { TidemarkError } from '../errors/index.ts';
import type { Kernel } from '../kernel/index.ts';
import { type DatabaseQueryOptions, runDatabaseQuery, tablesRead } from './database-query.ts';
import { type ImportFileOptions, type ImportFileResult, type ImportFileSource, importFile } from './import-file.ts';
import type { TableOptionsInput } from './model/options.ts';
import { type TimeInput, toNs } from './model/time.ts';
import type { TableDescription, WriteRecordsRequest, WriteRecordsResponse } from './model/types.ts';
import type { QueryResult } from './sql/result/query-result.ts';
import type { ChunkCodec } from './storage/codec.ts';
import type { Durability } from './storage/durability.ts';
import type { CommittedWrite, DeleteRecordsRequest } from './storage/engine.ts';
import { StorageEngine } from './storage/engine.ts';
import { IdbDurability, type LockManagerLike } from './storage/idb-durability.ts';
import { chunkCodecFor } from './storage/kernel-codec.ts';
import { MemoryDurability } from './storage/memory-durability.ts';
import type { RetentionReport } from './storage/retention.ts';
import type { ScanRequest, ScanResult, SeriesFilter } from './storage/scan-types.ts';
import type { StorageStats } from './storage/stats.ts';
import type { WriteColumnsRequest } from './storage/write-columns.ts';
import type { WriteColumnsBatchRequest } from './storage/write-columns-batch.ts';

/** How to open a Tidemark database. */
export interface OpenDatabaseOptions {
  /** Names the store (the IndexedDB database is `tidemark:<name>`). */
  readonly name: string;
  /** Default: 'indexeddb' when an IndexedDB factory is available (browsers; fake-indexeddb in tests), else 'memory'. */
  readonly storage?: 'indexeddb' | 'memory';
  /** RAM budget for cached magnetic chunks, in bytes (default 64 MiB). */
  readonly memoryBudgetBytes?: number;
  /** Current time in ms since the epoch (default Date.now); drives the write window and aging. */
  readonly clock?: () => number;
  /**
   * The kernel (its chunk codec compresses), or a promise of it: the store opens while the kernel compiles.
   * Loaded from its file in Node when omitted.
   */
  readonly kernel?: Kernel | Promise<Kernel>;
  /** IndexedDB factory (default globalThis.indexedDB). */
  readonly indexedDB?: IDBFactory;
  /** Web Locks manager for single-writer access (default navigator.locks when present). */
  readonly locks?: LockManagerLike;
  /** How often the retention job runs, in ms (default 60 000; 0 disables the timer). */
  readonly retentionIntervalMs?: number;
  /** Points per memory-tier chunk (default 8192). */
  readonly chunkPoints?: number;
}

/** A time range in any accepted time form: [from, to). */
export interface TimeRangeInput {
  readonly from?: TimeInput;
  readonly to?: TimeInput;
}

/** `scan` with times in any accepted form. */
export type ScanInput = Omit<ScanRequest, 'timeRange'> & { readonly timeRange?: TimeRangeInput };

/** `deleteRecords` with times in any accepted form. */
export interface DeleteRecordsInput {
  readonly database: string;
  readonly table: string;
  readonly timeRange: TimeRangeInput;
  readonly dimensions?: SeriesFilter['dimensions'];
  readonly measureName?: string;
}

function rangeNs(range: TimeRangeInput | undefined, field: string): { from?: bigint; to?: bigint } {
  const out: { from?: bigint; to?: bigint } = {};
  try {
    if (range?.from !== undefined) out.from = toNs(range.from);
    if (range?.to !== undefined) out.to = toNs(range.to);
  } catch (error) {
    throw new TidemarkError('INVALID_ARGUMENT', `${field}: ${(error as Error).message}.`, { details: { field } });
  }
  return out;
}

/**
 * A Tidemark database: Timestream's data model and write API over a memory tier and a magnetic
 * tier, with a write-ahead log in IndexedDB. The same object serves Node and the worker.
 */
export class Database {
  private timer: ReturnType<typeof setInterval> | null = null;

  /** @internal use openDatabase */
  constructor(
    private readonly engine: StorageEngine,
    retentionIntervalMs: number,
    private readonly kernel: Kernel,
  ) {
    if (retentionIntervalMs > 0) {
      this.timer = setInterval(() => this.engine.runRetentionInBackground(), retentionIntervalMs);
      // Never keep a Node process alive for the retention job.
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /** The storage engine underneath (the query engine's catalog and scans build on it). */
  get storageEngine(): StorageEngine {
    return this.engine;
  }

  /** 'indexeddb' or 'memory'. */
  get storage(): 'indexeddb' | 'memory' {
    return this.engine.storage;
  }

  createDatabase(name: string): Promise<void> {
    return this.engine.createDatabase(name);
  }
  deleteDatabase(name: string): Promise<void> {
    return this.engine.deleteDatabase(name);
  }
  listDatabases(): Promise<string[]> {
    return Promise.resolve(this.engine.listDatabases());
  }
  /** memoryStoreRetentionHours 1-8766 (default 6), magneticStoreRetentionDays 1-73000 (default 73000), enableMagneticStoreWrites (default false). */
  createTable(database: string, table: string, options?: TableOptionsInput): Promise<TableDescription> {
    return this.engine.createTable(database, table, options);
  }
  updateTable(database: string, table: string, options: TableOptionsInput): Promise<TableDescription> {
    return this.engine.updateTable(database, table, options);
  }
  deleteTable(database: string, table: string): Promise<void> {
    return this.engine.deleteTable(database, table);
  }
  listTables(database: string): Promise<string[]> {
    return Promise.resolve().then(() => this.engine.listTables(database));
  }
  describeTable(database: string, table: string): Promise<TableDescription> {
    return Promise.resolve().then(() => this.engine.describeTable(database, table));
  }

  /** Timestream's WriteRecords (no 100-record cap); resolves once the accepted records are durable. */
  writeRecords(request: WriteRecordsRequest): Promise<WriteRecordsResponse> {
    return this.engine.writeRecords(request);
  }
  /** The columnar fast path. */
  writeColumns(request: WriteColumnsRequest): Promise<WriteRecordsResponse> {
    return this.engine.writeColumns(request);
  }
  /** Columnar writes to several series sharing one time column, durable together (one lock, one log entry). */
  writeColumnsBatch(request: WriteColumnsBatchRequest): Promise<WriteRecordsResponse> {
    return this.engine.writeColumnsBatch(request);
  }
  /** Removes points in [from, to) from both tiers. */
  deleteRecords(request: DeleteRecordsInput): Promise<{ readonly deleted: number }> {
    const req: DeleteRecordsRequest = {
      database: request.database,
      table: request.table,
      timeRange: rangeNs(request.timeRange, 'timeRange'),
      ...(request.dimensions ? { dimensions: request.dimensions } : {}),
      ...(request.measureName !== undefined ? { measureName: request.measureName } : {}),
    };
    return this.engine.deleteRecords(req);
  }
  /** The scan API the query engine builds on. */
  scan(request: ScanInput): Promise<ScanResult> {
    const { timeRange, ...rest } = request;
    return Promise.resolve().then(() => this.engine.scan({ ...rest, timeRange: rangeNs(timeRange, 'timeRange') }));
  }
  /**
   * Runs one SQL statement in Timestream's dialect over both tiers. The result has typed
   * vectors; `toColumnarResult` and `toTimestreamResponse` give the columnar and Timestream shapes.
   */
  query(sql: string, options: DatabaseQueryOptions = {}): Promise<QueryResult> {
    return runDatabaseQuery(this.engine, this.kernel, sql, options);
  }
  /**
   * Imports a file (a Blob, bytes, `{ path }` or a path string in Node, `{ text }`) in slices: proposes a
   * mapping unless given one, creates the target table when missing, and reports every rejected line.
   */
  importFile(source: ImportFileSource | string, options: ImportFileOptions = {}): Promise<ImportFileResult> {
    return importFile(this, source, options);
  }
  /** The tables a query reads (macros expanded with a placeholder range); SQL errors are thrown as query() would. */
  tablesRead(sql: string): { database: string; table: string }[] {
    return tablesRead(this.engine, sql);
  }
  /**
   * Calls `listener` after each write that stored points (once durable and visible to queries),
   * with the table and the time span it touched. Returns a function that removes the listener.
   */
  onWrite(listener: (write: CommittedWrite) => void): () => void {
    return this.engine.onWrite(listener);
  }
  stats(): Promise<StorageStats> {
    return Promise.resolve(this.engine.stats());
  }
  /** Runs the retention job now (it also runs on a timer). */
  runRetention(): Promise<RetentionReport> {
    return this.engine.runRetention();
  }
  /** Persists the memory tier and truncates the write-ahead log. */
  checkpoint(): Promise<void> {
    return this.engine.checkpoint();
  }
  /** Stops the retention timer, checkpoints and releases the storage (and the writer lock). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.engine.close();
  }
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

async function resolveKernel(kernel: Kernel | Promise<Kernel> | undefined): Promise<Kernel> {
  if (kernel) return kernel;
  if (isNode()) {
    // Kept behind a dynamic import so browser bundles never load the Node file loader.
    const { loadKernelFromFile } = await import('../kernel/node.ts');
    return loadKernelFromFile();
  }
  throw new TidemarkError('KERNEL_LOAD', 'openDatabase needs the loaded kernel outside Node: pass { kernel } (see loadKernelFromUrl).', {
    details: { field: 'kernel' },
  });
}

/** Opens (or creates) a Tidemark database, replaying its write-ahead log. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (!options || typeof options.name !== 'string' || options.name.length === 0) {
    throw new TidemarkError('INVALID_ARGUMENT', 'openDatabase needs a non-empty name.', { details: { field: 'name' } });
  }
  // Started first: a kernel still compiling must not hold up opening the store, nor be left unobserved if it fails.
  const kernelLoad = resolveKernel(options.kernel);
  kernelLoad.catch(() => undefined);
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  const storage = options.storage ?? (factory ? 'indexeddb' : 'memory');
  let durability: Durability;
  if (storage === 'indexeddb') {
    if (!factory)
      throw new TidemarkError(
        'INVALID_ARGUMENT',
        'storage "indexeddb" was asked for but no IndexedDB is available here; use storage "memory".',
        { details: { field: 'storage' } },
      );
    const nav = (globalThis as { navigator?: { locks?: LockManagerLike; storage?: { persist?: () => Promise<boolean> } } }).navigator;
    const locks = options.locks ?? nav?.locks;
    durability = await IdbDurability.open({ name: options.name, indexedDB: factory, ...(locks ? { locks } : {}) });
    // Ask the browser not to evict the data; a refusal is not an error.
    void nav?.storage?.persist?.().catch(() => false);
  } else if (storage === 'memory') {
    durability = new MemoryDurability();
  } else {
    throw new TidemarkError('INVALID_ARGUMENT', `storage must be "indexeddb" or "memory" (got "${String(storage)}").`, {
      details: { field: 'storage' },
    });
  }
  let kernel: Kernel;
  try {
    kernel = await kernelLoad;
  } catch (error) {
    durability.close();
    throw error;
  }
  const codec: ChunkCodec = chunkCodecFor(kernel);
  const engine = await StorageEngine.open({
    codec,
    durability,
    clock: options.clock ?? Date.now,
    ...(options.memoryBudgetBytes !== undefined ? { memoryBudgetBytes: options.memoryBudgetBytes } : {}),
    ...(options.chunkPoints !== undefined ? { chunkPoints: options.chunkPoints } : {}),
  });
  return new Database(engine, options.retentionIntervalMs ?? 60_000, kernel);
}
