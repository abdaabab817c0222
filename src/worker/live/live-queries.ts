import {
  type ColumnarColumn,
  type ColumnarResult,
  type CommittedWrite,
  type Database,
  defaultIntervalMs,
  expandMacros,
  gridFor,
  pixelOf,
  pixelStart,
  toColumnarResult,
} from '../../engine/index.ts';
import { TidemarkError } from '../../errors/index.ts';
import type { LiveUpdate, SubscribeRequest, SubscriptionEvent } from '../protocol-live.ts';

/** Sends a subscription's event to the client (the dispatcher's postEvent). */
export type EventSink = (subscription: number, event: SubscriptionEvent) => void;

export interface LiveQueriesOptions {
  /** Wall clock in epoch ms (sliding windows end at it); default Date.now. */
  readonly clock?: () => number;
  /**
   * How often sliding windows are moved when no write came (default 1000 ms; each subscription
   * moves at most once per its interval): an update with no rows and the new window.
   */
  readonly slideMs?: number;
}

interface Window {
  readonly fromMs: number;
  readonly toMs: number;
}

interface Subscription {
  readonly id: number;
  readonly sql: string;
  readonly range: SubscribeRequest['range'];
  readonly intervalMs: number;
  readonly pixels: number | undefined;
  /** "database\0table" keys of the tables it reads. */
  readonly tables: ReadonlySet<string>;
  /** Whether the SQL bounds its time by `$__timeFilter`, so a re-run can be narrowed to a tail. */
  readonly narrowable: boolean;
  /** Whether it buckets by `$__interval` (a tail then starts at a bucket boundary). */
  readonly bucketed: boolean;
  running: boolean;
  /** The columns of the last result (a slide sends none of its rows, but the same columns) and the window end it was for. */
  lastColumns: ColumnarResult['columns'] | null;
  lastToMs: number;
  /** The earliest time (ms) touched by writes not yet re-run; null when nothing is pending. */
  pendingFromMs: number | null;
  closed: boolean;
}

const key = (database: string, table: string) => `${database}\u0000${table}`;

/**
 * The worker's live queries. Each subscription is a SQL template, a window (fixed, or the last
 * `lastMs` up to now), an interval and a pixel width. The first run pushes the whole result; after
 * a committed write to a table the query reads, it re-runs over the tail of the window the write
 * touched (from the start of the bucket, or pixel column, holding the earliest new point; for raw
 * queries from that point) and pushes only those rows with `replaceFromMs`. At most one run is in
 * flight per subscription; writes arriving meanwhile are merged into the next run.
 */
export class LiveQueries {
  private readonly subscriptions = new Map<number, Subscription>();
  /** Ids unsubscribed while their subscribe call was still starting. */
  private readonly cancelled = new Set<number>();
  private readonly clock: () => number;
  private stopListening: (() => void) | null = null;
  private disposed = false;
  private readonly slideMs: number;
  private slideTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly database: Promise<Database>,
    private readonly send: EventSink,
    options: LiveQueriesOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.slideMs = options.slideMs ?? 1000;
  }

  get size(): number {
    return this.subscriptions.size;
  }

  async subscribe(id: number, request: SubscribeRequest): Promise<{ intervalMs: number }> {
    if (this.disposed) throw new TidemarkError('ABORTED', 'Live queries were stopped.');
    if (!Number.isInteger(id) || id < 0) throw invalid(`subscription must be a non-negative integer id (got ${id}).`, 'subscription');
    if (this.subscriptions.has(id)) throw new TidemarkError('ALREADY_EXISTS', `Subscription ${id} already exists.`);
    if (typeof request?.sql !== 'string' || request.sql.trim() === '') throw invalid('sql must be a non-empty SQL query.', 'sql');
    checkRange(request.range);
    if (request.pixels !== undefined && (!Number.isInteger(request.pixels) || request.pixels < 1))
      throw invalid(`pixels must be a positive integer (got ${request.pixels}).`, 'pixels');
    if (request.intervalMs !== undefined && !(Number.isFinite(request.intervalMs) && request.intervalMs >= 1))
      throw invalid(`intervalMs must be at least 1 (got ${request.intervalMs}).`, 'intervalMs');
    const db = await this.database;
    this.listen(db);
    const tables = new Set(db.tablesRead(request.sql).map((t) => key(t.database, t.table)));
    const window = this.windowOf(request.range);
    const intervalMs = request.intervalMs ?? defaultIntervalMs(window, request.pixels);
    // Which macros it uses (outside strings and comments) says how a re-run can be narrowed.
    const macros = new Set(expandMacros(request.sql, { ...window, intervalMs }).macros.map((m) => m.name));
    if (this.cancelled.delete(id) || this.disposed) return { intervalMs };
    const subscription: Subscription = {
      id,
      sql: request.sql,
      range: request.range,
      intervalMs,
      pixels: request.pixels,
      tables,
      narrowable: macros.has('timeFilter'),
      bucketed: macros.has('interval') || macros.has('interval_ms'),
      running: true,
      lastColumns: null,
      lastToMs: window.toMs,
      pendingFromMs: null,
      closed: false,
    };
    this.subscriptions.set(id, subscription);
    if ('lastMs' in request.range) this.startSliding();
    try {
      const update = await this.run(db, subscription, window, null);
      if (!subscription.closed) this.send(id, { kind: 'update', update });
    } catch (error) {
      this.subscriptions.delete(id);
      throw error;
    } finally {
      subscription.running = false;
    }
    this.drain(db, subscription);
    return { intervalMs };
  }

  unsubscribe(id: number): boolean {
    const subscription = this.subscriptions.get(id);
    if (!subscription) {
      this.cancelled.add(id);
      return false;
    }
    subscription.closed = true;
    this.subscriptions.delete(id);
    return true;
  }

  /** Stops every subscription and the write listener. */
  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions.values()) s.closed = true;
    this.subscriptions.clear();
    this.stopListening?.();
    this.stopListening = null;
    if (this.slideTimer !== null) clearInterval(this.slideTimer);
    this.slideTimer = null;
  }

  private startSliding(): void {
    if (this.slideTimer !== null || this.disposed) return;
    this.slideTimer = setInterval(() => this.slide(), this.slideMs);
    (this.slideTimer as { unref?: () => void }).unref?.();
  }

  /** Moves sliding windows that no write moved lately: an update with no rows, so the chart drops what fell out. */
  private slide(): void {
    let sliding = 0;
    for (const s of this.subscriptions.values()) {
      if (!('lastMs' in s.range)) continue;
      sliding++;
      if (s.running || s.pendingFromMs !== null || s.lastColumns === null) continue;
      const window = this.windowOf(s.range);
      if (window.toMs - s.lastToMs < Math.max(this.slideMs, s.intervalMs)) continue;
      s.lastToMs = window.toMs;
      const result: ColumnarResult = { columns: s.lastColumns.map(emptyColumn), rowCount: 0, statistics: NO_STATISTICS };
      this.send(s.id, { kind: 'update', update: { result, replaceFromMs: window.toMs, fromMs: window.fromMs, toMs: window.toMs } });
    }
    if (sliding === 0 && this.slideTimer !== null) {
      clearInterval(this.slideTimer);
      this.slideTimer = null;
    }
  }

  private listen(db: Database): void {
    if (this.stopListening || this.disposed) return;
    this.stopListening = db.onWrite((write) => this.onWrite(db, write));
  }

  private onWrite(db: Database, write: CommittedWrite): void {
    const table = key(write.database, write.table);
    const minMs = Number(write.minTime / 1_000_000n);
    const maxMs = Number(write.maxTime / 1_000_000n);
    for (const s of this.subscriptions.values()) {
      if (!s.tables.has(table)) continue;
      // A fixed window ignores writes wholly outside it; a sliding one keeps moving towards them.
      if ('fromMs' in s.range && (maxMs < s.range.fromMs || minMs > s.range.toMs)) continue;
      s.pendingFromMs = s.pendingFromMs === null ? minMs : Math.min(s.pendingFromMs, minMs);
      this.drain(db, s);
    }
  }

  /** Runs the pending re-run unless one is in flight (that one drains again when it ends). */
  private drain(db: Database, s: Subscription): void {
    if (s.running || s.closed || s.pendingFromMs === null) return;
    const touchedMs = s.pendingFromMs;
    s.pendingFromMs = null;
    s.running = true;
    const window = this.windowOf(s.range);
    void this.run(db, s, window, touchedMs)
      .then((update) => {
        if (!s.closed) this.send(s.id, { kind: 'update', update });
      })
      .catch((error: unknown) => {
        if (!s.closed) this.send(s.id, { kind: 'error', error: TidemarkError.from(error).toJSON() });
      })
      .finally(() => {
        s.running = false;
        this.drain(db, s);
      });
  }

  /** Runs the query over the window, or over its tail from `touchedMs` when the query allows it. */
  private async run(db: Database, s: Subscription, window: Window, touchedMs: number | null): Promise<LiveUpdate> {
    const replaceFromMs = touchedMs === null || !s.narrowable ? null : this.tailStart(s, window, touchedMs);
    const range = replaceFromMs === null ? window : { fromMs: replaceFromMs, toMs: window.toMs };
    const result = await db.query(s.sql, {
      range,
      intervalMs: s.intervalMs,
      ...(s.pixels !== undefined ? { pixels: s.pixels, gridRange: window } : {}),
    });
    const columnar = toColumnarResult(result);
    s.lastColumns = columnar.columns.map(emptyColumn);
    s.lastToMs = window.toMs;
    return { result: columnar, replaceFromMs, fromMs: window.fromMs, toMs: window.toMs };
  }

  /** Where a re-run starts: the bucket (and pixel column) holding the earliest new point, inside the window. */
  private tailStart(s: Subscription, window: Window, touchedMs: number): number {
    let from = touchedMs;
    if (s.bucketed) from = Math.floor(from / s.intervalMs) * s.intervalMs;
    if (s.pixels !== undefined) {
      const spec = gridFor(window, s.pixels);
      const p = pixelOf(spec, BigInt(Math.floor(from)) * 1_000_000n);
      if (p >= 0 && p < s.pixels) from = Math.min(from, Number(pixelStart(spec, p) / 1_000_000n));
    }
    return Math.max(window.fromMs, Math.min(from, window.toMs));
  }

  private windowOf(range: SubscribeRequest['range']): Window {
    if ('lastMs' in range) {
      const now = this.clock();
      return { fromMs: now - range.lastMs, toMs: now };
    }
    return { fromMs: range.fromMs, toMs: range.toMs };
  }
}

const NO_STATISTICS: ColumnarResult['statistics'] = {
  elapsedMs: 0,
  phases: { parseMs: 0, planMs: 0, executeMs: 0 },
  scan: { chunksTotal: 0, chunksPruned: 0, chunksDecoded: 0, chunksAnsweredFromHeaders: 0, bytesDecoded: 0, rowsProduced: 0 },
};

/** The same column with no rows. */
function emptyColumn(c: ColumnarColumn): ColumnarColumn {
  switch (c.kind) {
    case 'number':
      return { name: c.name, type: c.type, kind: c.kind, data: new Float64Array(0) };
    case 'bigint':
      return { name: c.name, type: c.type, kind: c.kind, data: new BigInt64Array(0), ...(c.timeMs ? { timeMs: new Float64Array(0) } : {}) };
    case 'boolean':
      return { name: c.name, type: c.type, kind: c.kind, data: new Uint8Array(0) };
    case 'text':
      return { name: c.name, type: c.type, kind: c.kind, data: [] };
  }
}

function invalid(message: string, field: string): TidemarkError {
  return new TidemarkError('INVALID_ARGUMENT', message, { details: { field } });
}

function checkRange(range: SubscribeRequest['range'] | undefined): void {
  if (range && 'lastMs' in range) {
    if (!(Number.isFinite(range.lastMs) && range.lastMs > 0))
      throw invalid(`range.lastMs must be a positive number of ms (got ${range.lastMs}).`, 'range');
    return;
  }
  if (!range || !(Number.isFinite(range.fromMs) && Number.isFinite(range.toMs) && range.fromMs <= range.toMs)) {
    throw invalid('range must be { fromMs, toMs } with fromMs <= toMs, or { lastMs }.', 'range');
  }
}
