import { TidemarkError } from '../../errors/index.ts';
import type { Kernel } from '../../kernel/index.ts';
import { type NormalizedRecord, normalizeWith, prepareCommon } from '../model/normalize-record.ts';
import { resolveTableOptions, type TableOptionsInput } from '../model/options.ts';
import type {
  MeasureValueType,
  ScalarMeasureType,
  TableDescription,
  TableOptions,
  WriteRecordsRequest,
  WriteRecordsResponse,
} from '../model/types.ts';
import { type AggregateScanRequest, type AggregateScanResult, aggregateTable } from './aggregate-scan.ts';
import { Catalog } from './catalog.ts';
import { encodeSlice } from './chunk-ops.ts';
import type { ChunkCodec, DecodedChunk } from './codec.ts';
import { DecodeCache } from './decode-cache.ts';
import { dropEmptySeries } from './drop-empty-series.ts';
import type { Durability, MemTierChange, MemTierChunkRecord } from './durability.ts';
import { type LastRowColumns, lastPointTable, lastRowColumns } from './last-point.ts';
import { type M4ScanRequest, type M4ScanResult, m4ScanTable } from './m4-scan.ts';
import { MagneticTier } from './magnetic-tier.ts';
import { restore } from './restore.ts';
import { type RetentionReport, runRetention } from './retention.ts';
import { scanTable } from './scan.ts';
import type { ScanRequest, ScanResult, SeriesFilter, TimeRange } from './scan-types.ts';
import { freshSchemaVersion } from './schema-map.ts';
import { selectSeries } from './select-series.ts';
import type { MagneticRef, Series, SeriesInfo } from './series.ts';
import { deleteRangeInRam, type TierConfig } from './series-ops.ts';
import { type StorageStats, tableStats } from './stats.ts';
import type { TableState } from './table-state.ts';
import { entryBytes, type WalCollector } from './wal-entry.ts';
import { applyColumns, type WriteColumnsRequest } from './write-columns.ts';
import { applyColumnsBatch, checkBatch, type WriteColumnsBatchRequest } from './write-columns-batch.ts';
import { applyRecords, type WriteTally } from './write-records.ts';

/** How the storage engine is set up. */
export interface StorageEngineOptions {
  readonly codec: ChunkCodec;
  readonly durability: Durability;
  /** Current time in ms since the epoch; drives the write window and aging. */
  readonly clock: () => number;
  /** RAM budget for the magnetic chunk cache, in bytes (default 64 MiB). */
  readonly memoryBudgetBytes?: number;
  /** Points per memory-tier chunk (default 8192). */
  readonly chunkPoints?: number;
  /** Memory-tier chunks never span a boundary of this many ns; must divide a day (default 1 day). */
  readonly partitionNs?: bigint;
  /**
   * Log entries between automatic checkpoints (default 4096). An import logs one entry per series per batch
   * (hundreds a batch), and each checkpoint re-encodes the head of every series written since the last one:
   * counted in entries alone, a bulk load would checkpoint every other batch. The log's bytes
   * (checkpointBytes) bound its size and its replay time on open.
   */
  readonly checkpointEvery?: number;
  /** Log bytes between automatic checkpoints (default 64 MiB), so big columnar writes do not pile up in the log. */
  readonly checkpointBytes?: number;
}

/** `deleteRecords`: removes points from both tiers. */
export interface DeleteRecordsRequest {
  readonly database: string;
  readonly table: string;
  readonly timeRange: TimeRange;
  /** Dimension name -> value(s) the series must have. */
  readonly dimensions?: SeriesFilter['dimensions'];
  readonly measureName?: string;
}

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

/**
 * A committed change (written points now durable and visible to scans, or deleted ones gone):
 * where, and the time span it touched in ns.
 */
export interface CommittedWrite {
  readonly database: string;
  readonly table: string;
  readonly minTime: bigint;
  readonly maxTime: bigint;
  readonly points: number;
}

/** lastRowScan's answer: LastRowColumns with each series as the scan API reports it. */
export type LastRowScanResult = Omit<LastRowColumns, 'series'> & { readonly series: readonly SeriesInfo[] };

/**
 * The storage engine: catalog, memory tier, magnetic tier, write-ahead log and retention. One
 * mutation runs at a time (a promise chain); a write is applied to RAM under that lock and
 * acknowledged once its log entry is durable, so the log is group-committed across writes.
 */
export class StorageEngine {
  readonly catalog = new Catalog();
  readonly magnetic: MagneticTier;
  private readonly cfg: TierConfig;
  private readonly durability: Durability;
  private readonly clock: () => number;
  private readonly checkpointEvery: number;
  private readonly pinned = new Map<string, DecodedChunk>();
  private readonly dirty = new Set<Series>();
  private readonly budget: number;
  private lock: Promise<unknown> = Promise.resolve();
  private entriesSinceCheckpoint = 0;
  private bytesSinceCheckpoint = 0;
  private readonly checkpointBytes: number;
  private backgroundError: TidemarkError | null = null;
  private lastRetentionAt: number | null = null;
  private closed = false;
  private readonly writeListeners = new Set<(write: CommittedWrite) => void>();

  private constructor(options: StorageEngineOptions) {
    const partitionNs = options.partitionNs ?? 86_400_000_000_000n;
    if (partitionNs <= 0n || 86_400_000_000_000n % partitionNs !== 0n) {
      throw new TidemarkError(
        'INVALID_ARGUMENT',
        `partitionNs ${partitionNs} must divide a day, so a memory chunk lies in one magnetic partition.`,
        { details: { field: 'partitionNs' } },
      );
    }
    this.durability = options.durability;
    this.clock = options.clock;
    this.checkpointEvery = options.checkpointEvery ?? 4096;
    this.checkpointBytes = options.checkpointBytes ?? 64 * 1024 * 1024;
    this.budget = options.memoryBudgetBytes ?? 64 * 1024 * 1024;
    this.magnetic = new MagneticTier(options.durability, options.codec, this.budget);
    this.cfg = {
      codec: options.codec,
      cache: new DecodeCache(options.codec),
      chunkPoints: options.chunkPoints ?? 8192,
      partitionNs,
      magnetic: (series, ref) => this.pinned.get(`${series.id}:${ref.partition}`),
    };
  }

  /** Opens the engine: loads what is persisted, replays the log, then runs retention once. */
  static async open(options: StorageEngineOptions): Promise<StorageEngine> {
    const engine = new StorageEngine(options);
    const state = await options.durability.load();
    const touched = restore(engine.catalog, engine.cfg, state);
    for (const s of touched) engine.dirty.add(s);
    engine.entriesSinceCheckpoint = state.wal.length;
    await engine.runRetention();
    return engine;
  }

  get storage(): 'indexeddb' | 'memory' {
    return this.durability.kind;
  }

  private nowNs(): bigint {
    return BigInt(Math.floor(this.clock())) * 1_000_000n;
  }

  /** Runs `task` after every earlier mutation has finished. */
  private exclusive<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.lock.then(() => {
      if (this.closed) throw new TidemarkError('ABORTED', 'The database is closed.');
      return task();
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  // ---- catalog -------------------------------------------------------------------------

  createDatabase(name: string): Promise<void> {
    return this.exclusive(async () => {
      this.catalog.checkNewDatabase(name);
      const record = { name, createdAt: this.clock() };
      await this.durability.putDatabase(record);
      this.catalog.addDatabase(record);
    });
  }

  deleteDatabase(name: string): Promise<void> {
    return this.exclusive(async () => {
      const db = this.catalog.database(name);
      const tables = [...db.tables.values()];
      const seriesIds = tables.flatMap((t) => [...t.series.values()].map((s) => s.id));
      await this.durability.deleteDatabase(
        name,
        tables.map((t) => t.id),
        seriesIds,
      );
      for (const t of tables) this.dropTableState(t);
      this.catalog.databases.delete(name);
      // A database name SQL resolved is gone: the schema epoch moves (see schemaEpoch).
      freshSchemaVersion();
    });
  }

  listDatabases(): string[] {
    return [...this.catalog.databases.keys()].sort();
  }

  createTable(database: string, table: string, options?: TableOptionsInput): Promise<TableDescription> {
    return this.exclusive(async () => {
      this.catalog.checkNewTable(database, table);
      const resolved = resolveTableOptions(options);
      if (typeof resolved === 'string') throw new TidemarkError('VALIDATION', resolved, { details: { table } });
      const record = this.catalog.newTableRecord(database, table, resolved, this.clock());
      await this.durability.putTable(record);
      this.catalog.addTable(record);
      return this.describeTable(database, table);
    });
  }

  updateTable(database: string, table: string, options: TableOptionsInput): Promise<TableDescription> {
    return this.exclusive(async () => {
      const state = this.catalog.table(database, table);
      const resolved = resolveTableOptions(options, state.options);
      if (typeof resolved === 'string') throw new TidemarkError('VALIDATION', resolved, { details: { table } });
      await this.durability.putTable({ ...state.toRecord(), options: resolved });
      state.options = resolved;
      return this.describeTable(database, table);
    });
  }

  deleteTable(database: string, table: string): Promise<void> {
    return this.exclusive(async () => {
      const state = this.catalog.table(database, table);
      await this.durability.deleteTable(
        state.id,
        [...state.series.values()].map((s) => s.id),
      );
      this.dropTableState(state);
    });
  }

  private dropTableState(table: TableState): void {
    const ids = [...table.series.values()].map((s) => s.id);
    for (const s of table.series.values()) this.dirty.delete(s);
    this.magnetic.forget(ids);
    this.catalog.removeTable(table);
  }

  listTables(database: string): string[] {
    return [...this.catalog.database(database).tables.keys()].sort();
  }

  /**
   * A number that changes whenever the table's dimensions, measure names or attribute types do
   * (so whatever is derived from {@link describeTable}'s names and types can be kept while it holds),
   * or undefined when there is no such table. Versions are never reused, not even by a table
   * created again under the same name.
   */
  tableSchemaVersion(database: string, table: string): number | undefined {
    return this.catalog.databases.get(database)?.tables.get(table)?.schemaVersion;
  }

  describeTable(database: string, table: string): TableDescription {
    const t = this.catalog.table(database, table);
    const byName = <T>(a: { name: string; type: T }, b: { name: string; type: T }): number =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    return {
      databaseName: database,
      tableName: table,
      options: { ...t.options } satisfies TableOptions,
      createdAt: t.createdAt,
      dimensions: [...t.byDimension.keys()].sort(),
      measures: [...t.measureTypes].map(([name, type]): { name: string; type: MeasureValueType } => ({ name, type })).sort(byName),
      multiMeasureAttributes: [...t.attributeTypes]
        .map(([name, type]): { name: string; type: ScalarMeasureType } => ({ name, type }))
        .sort(byName),
      series: t.series.size,
    };
  }

  // ---- writes --------------------------------------------------------------------------

  /** Timestream's WriteRecords: rejected records are listed, the good ones are written. */
  async writeRecords(request: WriteRecordsRequest): Promise<WriteRecordsResponse> {
    if (!request || !Array.isArray(request.Records))
      throw new TidemarkError('VALIDATION', 'Records must be an array of records.', { details: { field: 'Records' } });
    const table = this.catalog.table(request.DatabaseName, request.TableName);
    const prepared = prepareCommon(request.CommonAttributes);
    const normalized = request.Records.map((r, i) => normalizeWith(r, prepared, i));
    const span = timeSpan(normalized.map((r) => (typeof r === 'string' ? undefined : r.time)));
    return this.commit(request.DatabaseName, request.TableName, span, async () => {
      await this.prefetch(table, normalized);
      return applyRecords(this.catalog, table, normalized, this.nowNs(), this.cfg, this.durability.kind !== 'memory');
    });
  }

  /** The columnar fast path (same rules; a rejected row's RecordIndex is its row index). */
  async writeColumns(request: WriteColumnsRequest): Promise<WriteRecordsResponse> {
    const table = this.catalog.table(request.database, request.table);
    const span = timeSpan(request.times ?? []);
    return this.commit(request.database, request.table, span, async () => {
      await this.prefetchColumns(table, request.measureName, request.dimensions, earliestOf(span, request.times));
      return applyColumns(this.catalog, table, request, this.nowNs(), this.cfg, this.durability.kind !== 'memory');
    });
  }

  /**
   * Several columnar writes sharing one time column (WriteColumnsBatchRequest), applied under one lock and
   * logged as one entry; a rejected row's RecordIndex is `seriesIndex * times.length + row`.
   */
  async writeColumnsBatch(request: WriteColumnsBatchRequest): Promise<WriteRecordsResponse> {
    checkBatch(request);
    const table = this.catalog.table(request.database, request.table);
    const span = timeSpan(request.times ?? []);
    return this.commit(request.database, request.table, span, async () => {
      // The series share their times, and so their earliest.
      const earliest = earliestOf(span, request.times);
      for (const s of request.series) await this.prefetchColumns(table, s.measureName, s.dimensions, earliest);
      return applyColumnsBatch(this.catalog, table, request, this.nowNs(), this.cfg, this.durability.kind !== 'memory');
    });
  }

  /** Fetches the magnetic chunks a columnar write to one series, whose earliest time is `min` (ns), may upsert into. */
  private async prefetchColumns(
    table: TableState,
    measureName: string,
    dimensions: Readonly<Record<string, string>> | undefined,
    min: bigint | undefined,
  ): Promise<void> {
    if (min === undefined) return;
    const dims = Object.entries(dimensions ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const series = this.findSeries(table, measureName, dims);
    if (!series || series.magnetic.length === 0) return;
    if (min <= series.maxTime)
      await this.pinRefs(
        series,
        series.magnetic.filter((r) => r.header.timeMax >= min),
      );
  }

  private findSeries(table: TableState, measureName: string, dims: readonly (readonly [string, string])[]): Series | undefined {
    let key = measureName;
    for (const [name, value] of dims) key += `\u0000${name}\u0001${value}`;
    return table.series.get(key);
  }

  /** Fetches the magnetic chunks a write may upsert into, so the write itself never waits mid-way. */
  private async prefetch(table: TableState, records: readonly (NormalizedRecord | string)[]): Promise<void> {
    let anyMagnetic = false;
    for (const s of table.series.values()) {
      if (s.magnetic.length > 0) {
        anyMagnetic = true;
        break;
      }
    }
    if (!anyMagnetic) return;
    for (const p of records) {
      if (typeof p === 'string') continue;
      const series = this.findSeries(table, p.measureName, p.dimensions);
      if (!series || series.magnetic.length === 0 || p.time > series.maxTime) continue;
      await this.pinRefs(
        series,
        series.magnetic.filter((r) => r.header.timeMin <= p.time && r.header.timeMax >= p.time),
      );
    }
  }

  private async pinRefs(series: Series, refs: readonly MagneticRef[]): Promise<void> {
    for (const ref of refs) {
      const key = `${series.id}:${ref.partition}`;
      if (!this.pinned.has(key)) this.pinned.set(key, await this.magnetic.read(series, ref));
    }
  }

  /** Applies a write under the lock, then waits for its log entry to be durable. */
  private async commit(
    database: string,
    table: string,
    span: { min: bigint; max: bigint } | null,
    apply: () => Promise<{ tally: WriteTally; log: WalCollector }>,
  ): Promise<WriteRecordsResponse> {
    const { tally, durable } = await this.exclusive(async () => {
      try {
        const { tally, log } = await apply();
        if (log.isEmpty()) return { tally, durable: Promise.resolve() };
        const entry = log.entry();
        for (const p of entry.kind === 'put' ? entry.puts : []) {
          const s = this.catalog.seriesById.get(p.seriesId);
          if (s) this.dirty.add(s);
        }
        this.entriesSinceCheckpoint++;
        if (this.durability.kind !== 'memory') this.bytesSinceCheckpoint += entryBytes(entry);
        return { tally, durable: this.durability.log(entry) };
      } finally {
        this.pinned.clear();
      }
    });
    await durable;
    const points = tally.memory + tally.magnetic;
    if (points > 0 && span) this.notifyWrite({ database, table, minTime: span.min, maxTime: span.max, points });
    if (tally.magnetic > 0) this.runRetentionInBackground();
    else if (this.entriesSinceCheckpoint >= this.checkpointEvery || this.bytesSinceCheckpoint >= this.checkpointBytes)
      void this.checkpoint().catch((e) => this.noteBackgroundError(e));
    return {
      RecordsIngested: { Total: tally.memory + tally.magnetic, MemoryStore: tally.memory, MagneticStore: tally.magnetic },
      RejectedRecords: tally.rejected,
    };
  }

  /**
   * Calls `listener` after every write that stored points, once they are durable and visible to
   * scans (live queries re-run on it). Returns a function that removes the listener.
   */
  onWrite(listener: (write: CommittedWrite) => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  private notifyWrite(write: CommittedWrite): void {
    for (const listener of [...this.writeListeners]) {
      try {
        listener(write);
      } catch (error) {
        this.noteBackgroundError(error);
      }
    }
  }

  /** Deletes points in a time range from both tiers; returns how many were removed. */
  deleteRecords(request: DeleteRecordsRequest): Promise<{ readonly deleted: number }> {
    return this.exclusive(async () => {
      const table = this.catalog.table(request.database, request.table);
      const from = request.timeRange?.from ?? MIN;
      const to = request.timeRange?.to ?? MAX;
      const series = selectSeries(
        table,
        request.dimensions ? { dimensions: request.dimensions } : undefined,
        request.measureName !== undefined ? [request.measureName] : undefined,
      );
      let deleted = 0;
      for (const s of series) {
        const removed = deleteRangeInRam(s, from, to, this.cfg);
        if (removed > 0) this.dirty.add(s);
        deleted += removed;
      }
      const durable =
        series.length > 0
          ? this.durability.log({ kind: 'delete', tableId: table.id, seriesIds: series.map((s) => s.id), from, to })
          : Promise.resolve();
      this.entriesSinceCheckpoint++;
      for (const s of series) deleted += await this.magnetic.deleteRange(s, from, to);
      await durable;
      // The log entry replays the same drops: they are as durable as the delete.
      for (const s of dropEmptySeries(this.catalog, series)) this.dirty.delete(s);
      // Live queries over the range must drop the deleted points.
      if (deleted > 0) this.notifyWrite({ database: request.database, table: request.table, minTime: from, maxTime: to, points: deleted });
      return { deleted };
    });
  }

  // ---- reads ---------------------------------------------------------------------------

  /**
   * The scan API the query engine builds on. It runs in turn with mutations, so aging or a
   * delete never changes the chunk lists under a scan that is waiting on IndexedDB.
   */
  scan(request: ScanRequest): Promise<ScanResult> {
    const table = this.catalog.table(request.database, request.table);
    return this.exclusive(() => scanTable(table, request, this.cfg, (series, refs) => this.magnetic.readAll(series, refs)));
  }

  /** M4 (first/last/min/max per pixel column) of one double column, pushed into the chunk scan. */
  m4Scan(request: M4ScanRequest, kernel: Kernel): Promise<M4ScanResult> {
    const table = this.catalog.table(request.database, request.table);
    return this.exclusive(() => m4ScanTable(table, request, this.cfg, (series, refs) => this.magnetic.readAll(series, refs), kernel));
  }

  /**
   * A bucketed aggregate answered inside the storage (chunk headers, the kernel's fused pass, or
   * decoded points), per series and bucket; the query engine merges series into groups.
   */
  aggregateScan(request: AggregateScanRequest): Promise<AggregateScanResult> {
    const table = this.catalog.table(request.database, request.table);
    return this.exclusive(() => aggregateTable(table, request, this.cfg, (series, refs) => this.magnetic.readAll(series, refs)));
  }

  /**
   * Each series' last row in the range (max(time) and max_by(_, time) with one bucket per series), from
   * the newest chunk's header or the head buffer where they suffice; null when the request has buckets.
   */
  lastPointScan(request: AggregateScanRequest): Promise<AggregateScanResult | null> {
    const table = this.catalog.table(request.database, request.table);
    return this.exclusive(() => lastPointTable(table, request, this.cfg, (series, refs) => this.magnetic.readAll(series, refs)));
  }

  /**
   * Each series' last row in the range with the request's columns of any type, column by column (see
   * lastRowColumns); null when the request has buckets.
   */
  lastRowScan(request: AggregateScanRequest): Promise<LastRowScanResult | null> {
    const table = this.catalog.table(request.database, request.table);
    return this.exclusive(async () => {
      const last = await lastRowColumns(table, request, this.cfg, (series, refs) => this.magnetic.readAll(series, refs), true);
      return last && { ...last, series: last.series.map((s) => s.toInfo()) };
    });
  }

  stats(): StorageStats {
    const tables = [...this.catalog.tablesById.values()].map((t) =>
      tableStats(t, (s) => s.magnetic.reduce((sum, r) => sum + this.magnetic.cache.peekBytes(`${s.id}:${r.partition}`), 0)),
    );
    tables.sort((a, b) => (`${a.database}\u0000${a.table}` < `${b.database}\u0000${b.table}` ? -1 : 1));
    return {
      tables,
      bytesStored: this.durability.storedBytes(),
      background: {
        lastRetentionAt: this.lastRetentionAt,
        lastError: this.backgroundError ? this.backgroundError.toJSON() : null,
      },
      cache: { bytes: this.magnetic.cache.bytes, budget: this.budget, hits: this.magnetic.cache.hits, misses: this.magnetic.cache.misses },
      residentChunks: this.cfg.codec.residentChunks?.() ?? { bytes: 0, chunks: 0, budget: 0 },
    };
  }

  // ---- background work -----------------------------------------------------------------

  /** Runs retention without waiting; a failure (a full quota) is kept for stats() rather than thrown. */
  runRetentionInBackground(): void {
    void this.runRetention().catch((e) => this.noteBackgroundError(e));
  }

  private noteBackgroundError(error: unknown): void {
    const typed = TidemarkError.from(error);
    // Closing while a job waits is not a failure worth reporting.
    if (typed.code !== 'ABORTED') this.backgroundError = typed;
  }

  /** Moves aged data to the magnetic tier and deletes expired data, then checkpoints. */
  runRetention(): Promise<RetentionReport> {
    return this.exclusive(async () => {
      const report = await runRetention(this.catalog, this.cfg, this.magnetic, this.nowNs());
      this.lastRetentionAt = this.clock();
      this.backgroundError = null;
      for (const s of report.touched) this.dirty.add(s);
      // Expiry may have emptied series in either tier (a magnetic-only series is not among `touched`).
      for (const s of dropEmptySeries(this.catalog, [...this.catalog.seriesById.values()])) this.dirty.delete(s);
      if (report.touched.size > 0 || this.entriesSinceCheckpoint > 0 || this.catalog.droppedSeries.size > 0) await this.checkpointNow();
      return report;
    });
  }

  /** Stores the memory tier of changed series and truncates the log. */
  checkpoint(): Promise<void> {
    return this.exclusive(() => this.checkpointNow());
  }

  private async checkpointNow(): Promise<void> {
    const dropped = [...this.catalog.droppedSeries];
    if (this.durability.kind === 'memory') {
      this.catalog.droppedSeries.clear();
      this.dirty.clear();
      this.entriesSinceCheckpoint = 0;
      this.bytesSinceCheckpoint = 0;
      return;
    }
    const changes: MemTierChange[] = [];
    for (const s of this.dirty) {
      if (!this.catalog.seriesById.has(s.id)) continue;
      const current = new Set(s.sealed.map((c) => c.id));
      const put: MemTierChunkRecord[] = s.sealed
        .filter((c) => !s.persistedChunks.has(c.id))
        .map((c) => ({ seriesId: s.id, chunkId: c.id, bytes: c.bytes }));
      const drop = [...s.persistedChunks].filter((id) => id !== 0 && !current.has(id));
      // The head is stored whole under chunk id 0 (or dropped when empty).
      if (s.head.length > 0)
        put.push({ seriesId: s.id, chunkId: 0, bytes: encodeSlice(this.cfg.codec, s.head.slice(0, s.head.length)).bytes });
      else if (s.persistedChunks.has(0)) drop.push(0);
      changes.push({ seriesId: s.id, put, drop });
    }
    await this.durability.checkpoint(changes, dropped);
    for (const id of dropped) this.catalog.droppedSeries.delete(id);
    for (const s of this.dirty) {
      s.persistedChunks = new Set(s.sealed.map((c) => c.id));
      if (s.head.length > 0) s.persistedChunks.add(0);
    }
    this.dirty.clear();
    this.entriesSinceCheckpoint = 0;
    this.bytesSinceCheckpoint = 0;
  }

  /**
   * Drops the in-memory state at once, as a crash would: no checkpoint, no waiting. Commits
   * already handed to IndexedDB finish or not; nothing later is written. For crash tests, and
   * for a worker that must stop immediately.
   */
  abandon(): void {
    this.closed = true;
    this.durability.close();
  }

  /** Waits for pending work, checkpoints, and releases the storage. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.exclusive(() => this.checkpointNow()).catch(() => undefined);
    this.closed = true;
    this.durability.close();
  }
}

/** The earliest and latest of the given times (ns bigint or ms numbers), or null when there are none. */
function timeSpan(times: ArrayLike<bigint | number | undefined>): { min: bigint; max: bigint } | null {
  if (times instanceof Float64Array) return msSpan(times);
  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = Number.NEGATIVE_INFINITY;
  let min: bigint | null = null;
  let max: bigint | null = null;
  const n = typeof times?.length === 'number' ? times.length : 0;
  for (let i = 0; i < n; i++) {
    const t = times[i];
    if (typeof t === 'number') {
      if (t < minMs) minMs = t;
      if (t > maxMs) maxMs = t;
    } else if (typeof t === 'bigint') {
      if (min === null || t < min) min = t;
      if (max === null || t > max) max = t;
    }
  }
  if (Number.isFinite(minMs) && Number.isFinite(maxMs)) {
    const lo = BigInt(Math.floor(minMs)) * 1_000_000n;
    const hi = BigInt(Math.floor(maxMs)) * 1_000_000n;
    if (min === null || lo < min) min = lo;
    if (max === null || hi > max) max = hi;
  }
  return min === null || max === null ? null : { min, max };
}

/** timeSpan of ms times in a Float64Array (a columnar write's): one typed loop, no type test per element. */
function msSpan(times: Float64Array): { min: bigint; max: bigint } | null {
  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    if (t < minMs) minMs = t;
    if (t > maxMs) maxMs = t;
  }
  if (!Number.isFinite(minMs) || !Number.isFinite(maxMs)) return null;
  return { min: BigInt(Math.floor(minMs)) * 1_000_000n, max: BigInt(Math.floor(maxMs)) * 1_000_000n };
}

/**
 * The earliest of a columnar write's times in ns (ms are floored), or undefined when there is none: its span's
 * min (timeSpan skips NaN), else, when an infinite time left no span, a pass that skips every time that is not a
 * finite number (rejected by its row later: it has no chunk to fetch, and no BigInt).
 */
function earliestOf(span: { min: bigint } | null, times: Float64Array | BigInt64Array | undefined): bigint | undefined {
  if (span) return span.min;
  if (!times) return undefined;
  let lo: number | bigint | undefined;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number | bigint;
    if (typeof t === 'number' && !Number.isFinite(t)) continue;
    if (lo === undefined || t < lo) lo = t;
  }
  if (lo === undefined) return undefined;
  return typeof lo === 'bigint' ? lo : BigInt(Math.floor(lo)) * 1_000_000n;
}
