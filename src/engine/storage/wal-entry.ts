import type { CellValue } from '../model/values.ts';
import type { ChunkColumnInput } from './codec.ts';
import { HeadBuffer } from './head-buffer.ts';
import type { Series, SeriesRecord } from './series.ts';

/** Points written to one series, columns named (so replay survives later schema growth). */
export interface WalSeriesPut {
  readonly seriesId: number;
  readonly times: BigInt64Array;
  readonly columns: readonly ChunkColumnInput[];
  readonly versions: BigInt64Array | null;
}

/**
 * Points written to one series as the encoded chunk the append sealed them into (columns named in it):
 * a bulk append logs its compressed chunks, not the raw arrays, so the log writes a fraction of the bytes.
 */
export interface WalChunkPut {
  readonly seriesId: number;
  readonly chunk: Uint8Array;
  /**
   * The rows went to the series' head, not into a sealed chunk: they are logged encoded only to make the log
   * smaller, and replay puts them back as rows (into the head), never keeps them as a chunk of their own.
   */
  readonly rows?: boolean;
}

/** One series' part of a put entry; replayed in order. */
export type WalPut = WalSeriesPut | WalChunkPut;

export function isChunkPut(put: WalPut): put is WalChunkPut {
  return (put as Partial<WalChunkPut>).chunk instanceof Uint8Array;
}

/** One logged mutation. Replaying every entry in order rebuilds the RAM state. */
export type WalEntry =
  | { readonly kind: 'put'; readonly tableId: number; readonly series: readonly SeriesRecord[]; readonly puts: readonly WalPut[] }
  | {
      readonly kind: 'delete';
      readonly tableId: number;
      readonly seriesIds: readonly number[];
      readonly from: bigint;
      readonly to: bigint;
    };

/**
 * Collects what a write changed, for the write-ahead log: the accepted points per series (the
 * last value per time wins, as on replay) and the series created or widened.
 */
export class WalCollector {
  private readonly rows = new Map<Series, HeadBuffer>();
  private readonly bulk: WalPut[] = [];
  private readonly schema = new Set<Series>();

  /** A disabled collector (memory storage: there is no log) records nothing. */
  constructor(
    readonly tableId: number,
    private readonly enabled = true,
  ) {}

  /** Notes that a series was created or gained a column. */
  seriesChanged(series: Series): void {
    if (!this.enabled) return;
    this.schema.add(series);
  }

  put(series: Series, t: bigint, cells: readonly (CellValue | null)[], version: bigint): void {
    if (!this.enabled) return;
    let buffer = this.rows.get(series);
    if (!buffer) {
      buffer = new HeadBuffer(series.columns, 16);
      this.rows.set(series, buffer);
    }
    while (buffer.columns.length < series.columns.length) {
      const c = series.columns[buffer.columns.length];
      if (c) buffer.addColumn(c.name, c.type);
    }
    const at = buffer.find(t);
    if (at >= 0) buffer.writeRow(at, cells, version);
    else buffer.insertAt(-at - 1, t, cells, version);
  }

  /** Logs a columnar batch as-is (the arrays must not be mutated afterwards). */
  putColumns(put: WalSeriesPut): void {
    if (!this.enabled) return;
    this.bulk.push(put);
  }

  /**
   * Logs rows as the encoded chunk they were sealed into (chunks are immutable), or with `rows`, rows kept in
   * the head, encoded for the log alone.
   */
  putChunk(seriesId: number, chunk: Uint8Array, rows = false): void {
    if (!this.enabled) return;
    this.bulk.push(rows ? { seriesId, chunk, rows } : { seriesId, chunk });
  }

  /** Whether anything is logged at all (memory storage has no log: callers skip building entries). */
  get logging(): boolean {
    return this.enabled;
  }

  isEmpty(): boolean {
    return this.rows.size === 0 && this.bulk.length === 0 && this.schema.size === 0;
  }

  entry(): WalEntry {
    const puts: WalPut[] = [...this.bulk];
    for (const [series, buffer] of this.rows) {
      const slice = buffer.slice(0, buffer.length);
      puts.push({ seriesId: series.id, times: slice.times, columns: slice.columns, versions: slice.versions });
    }
    return { kind: 'put', tableId: this.tableId, series: [...this.schema].map((s) => s.toRecord()), puts };
  }
}

/** Approximate size of a log entry in bytes (typed arrays exactly, strings by length). */
export function entryBytes(entry: WalEntry): number {
  if (entry.kind === 'delete') return 64;
  let b = 64;
  for (const p of entry.puts) {
    if (isChunkPut(p)) {
      b += p.chunk.byteLength;
      continue;
    }
    b += p.times.byteLength + (p.versions?.byteLength ?? 0);
    for (const c of p.columns)
      b += Array.isArray(c.values) ? c.values.reduce((s, v) => s + 8 + (v ? v.length : 0), 0) : (c.values as Float64Array).byteLength;
  }
  return b;
}
