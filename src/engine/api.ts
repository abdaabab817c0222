import { TidemarkError } from '../errors/index.ts';
import type { Kernel } from '../kernel/index.ts';
import { type ImportFileOptions, type ImportFileResult, type ImportFileSource, importFile } from './import-file.ts';
import { tablesReadBy } from './live/tables-read.ts';
import type { TableOptionsInput } from './model/options.ts';
import { type TimeInput, toNs } from './model/time.ts';
import type { TableDescription, WriteRecordsRequest, WriteRecordsResponse } from './model/types.ts';
import { checkPixels, gridFor, matchRawSeriesQuery, reduceResultToPixels, runRawSeriesM4 } from './pixels/index.ts';
import { type ExpandedSql, expandMacros, hasMacros, mapErrorToTemplate } from './sql/macros.ts';
import type { QueryResult } from './sql/result/query-result.ts';
import { type QueryOptions, runSql } from './sql/run-sql.ts';
import { NANOS_PER_MILLI } from './sql/values/sql-value.ts';
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
import { StorageSqlCatalog } from './storage-sql-catalog.ts';

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
  /** The loaded kernel (its chunk codec compresses); loaded from its file in Node when omitted. */
  readonly kernel?: Kernel;
  /** IndexedDB factory (default globalThis.indexedDB). */
  readonly indexedDB?: IDBFactory;
  /** Web Locks manager for single-writer access (default navigator.locks when present). */
  readonly locks?: LockManagerLike;
  /** How often the retention job runs, in ms (default 60 000; 0 disables the timer). */
  readonly retentionIntervalMs?: number;
  /** Points per memory-tier chunk (default 8192). */
  readonly chunkPoints?: number;
}

/** `Database.query` options: the SQL engine's, plus the range and interval the macros expand to. */
export interface DatabaseQueryOptions extends QueryOptions {
  /** The time range `$__timeFilter`, `$__timeFrom` and `$__timeTo` expand to, in epoch ms (inclusive). */
  readonly range?: { readonly fromMs: number; readonly toMs: number };
  /**
   * The bucket width `$__interval` and `$__interval_ms` expand to. Without it, a query with a range
   * gets the range divided into `pixels` (default 1000) buckets, rounded to a whole unit.
   */
  readonly intervalMs?: number;
  /**
   * The chart's width: a time-shaped result (a timestamp column, numeric columns, text group
   * columns) comes back reduced to M4 (first/last/min/max rows per pixel column over `range`, or
   * over the result's own span without one), with a NULL row where a series has a gap. Raw-point
   * queries over one double measure push M4 into the chunk scan.
   */
  readonly pixels?: number;
  /** Whether raw-point queries may push M4 into the scan (default true; tests compare both paths). */
  readonly pixelPushdown?: boolean;
  /**
   * The range the pixel grid spans, when it differs from `range` (a live query re-reads only the
   * tail of its window on the whole window's grid). Default: `range`.
   */
  readonly gridRange?: { readonly fromMs: number; readonly toMs: number };
}

/** The `$__interval` a range gets when none is given: about `buckets` buckets, rounded to a whole unit. */
export function defaultIntervalMs(range: { readonly fromMs: number; readonly toMs: number }, buckets = 1000): number {
  const raw = Math.max(1, (range.toMs - range.fromMs) / Math.max(1, buckets));
  const steps = [
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
    3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
  ];
  return steps.find((s) => s >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
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
  async query(sql: string, options: DatabaseQueryOptions = {}): Promise<QueryResult> {
    const { range, intervalMs, pixels, pixelPushdown, gridRange, ...rest } = options;
    const catalog = new StorageSqlCatalog(this.engine);
    if (range && !(Number.isFinite(range.fromMs) && Number.isFinite(range.toMs) && range.fromMs <= range.toMs)) {
      throw new TidemarkError('INVALID_ARGUMENT', `range must have finite fromMs <= toMs (got ${range.fromMs}..${range.toMs}).`, {
        details: { field: 'range' },
      });
    }
    if (pixels !== undefined) checkPixels(pixels);
    if (typeof sql !== 'string' || (pixels === undefined && !hasMacros(sql))) return runSql(catalog, sql, rest);
    let expanded: ExpandedSql | null = null;
    if (hasMacros(sql)) {
      const interval = intervalMs ?? (range ? defaultIntervalMs(range, pixels) : undefined);
      expanded = expandMacros(sql, {
        ...(range ? { fromMs: range.fromMs, toMs: range.toMs } : {}),
        ...(interval !== undefined ? { intervalMs: interval } : {}),
      });
    }
    const text = expanded ? expanded.sql : sql;
    // One "now" for the pushdown check and the run, so ago() means the same in both.
    const now = rest.now ?? BigInt(Date.now()) * NANOS_PER_MILLI;
    try {
      if (pixels === undefined) return await runSql(catalog, text, { ...rest, now });
      const grid = gridRange ?? range;
      const spec = grid ? gridFor(grid, pixels) : undefined;
      if (spec && pixelPushdown !== false) {
        const raw = matchRawSeriesQuery(catalog, text, now);
        if (raw) {
          if (rest.signal?.aborted) return await runSql(catalog, text, { ...rest, now }); // reports the abort
          return await runRawSeriesM4(this.engine, this.kernel, raw, spec);
        }
      }
      const result = await runSql(catalog, text, { ...rest, now });
      return reduceResultToPixels(this.kernel, result, { ...(spec ? { spec } : {}), pixels });
    } catch (error) {
      throw expanded ? mapErrorToTemplate(error, expanded) : error;
    }
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
    const catalog = new StorageSqlCatalog(this.engine);
    if (!hasMacros(sql)) return tablesReadBy(catalog, sql);
    const expanded = expandMacros(sql, { fromMs: 0, toMs: 1, intervalMs: 1000 });
    try {
      return tablesReadBy(catalog, expanded.sql);
    } catch (error) {
      throw mapErrorToTemplate(error, expanded);
    }
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

async function resolveKernel(kernel: Kernel | undefined): Promise<Kernel> {
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
  const kernel = await resolveKernel(options.kernel);
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
