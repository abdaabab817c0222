import type { ColumnType } from '../model/types.ts';
import type { CellValue } from '../model/values.ts';
import type { ChunkColumnInput } from './codec.ts';
import { headsChanged } from './data-revision.ts';
import { GrowColumn } from './grow-column.ts';

/** Rows taken out of a head buffer, ready to encode. */
export interface HeadSlice {
  readonly times: BigInt64Array;
  readonly columns: readonly ChunkColumnInput[];
  /** Per-row versions, or null when every row has the default version 1. */
  readonly versions: BigInt64Array | null;
}

/**
 * A series' unsealed points: sorted by time, one row per time (upserts replace in place), in
 * typed arrays so the in-order append path allocates nothing per point. Out-of-order points
 * are inserted at their place; heads are small (sealed at a few thousand points) so the shift
 * is cheap.
 */
export class HeadBuffer {
  /** Rows held: changed only through setLength and the methods below, each of which notes the change (see data-revision.ts). */
  private rows = 0;
  /** The head revision of its last change (see data-revision.ts): a cache read at a later one holds for this head. */
  changedAt = 0;
  times: BigInt64Array;
  readonly columns: GrowColumn[] = [];
  versions: BigInt64Array | null = null;

  constructor(schema: readonly { readonly name: string; readonly type: ColumnType }[], capacity = 64) {
    this.times = new BigInt64Array(capacity);
    for (const c of schema) this.columns.push(new GrowColumn(c.name, c.type, capacity));
  }

  get length(): number {
    return this.rows;
  }

  /** Sets the rows held, after a caller wrote them into the arrays (or to drop the last ones). */
  setLength(n: number): void {
    this.rows = n;
    this.changedAt = headsChanged();
  }

  get capacity(): number {
    return this.times.length;
  }

  /** Adds a column (a new MULTI attribute): existing rows are null in it. */
  addColumn(name: string, type: ColumnType): void {
    const column = new GrowColumn(name, type, this.times.length);
    if (this.length > 0) column.markNull(0, this.length);
    this.columns.push(column);
    this.changedAt = headsChanged();
  }

  reserve(capacity: number): void {
    if (capacity <= this.times.length) return;
    // Doubling, from 64 rows at least, so row-by-row inserts reallocate rarely.
    const cap = Math.max(capacity, this.times.length * 2, 64);
    const times = new BigInt64Array(cap);
    times.set(this.times.subarray(0, this.length));
    this.times = times;
    for (const c of this.columns) c.reserve(cap, this.length);
    if (this.versions) {
      const v = new BigInt64Array(cap).fill(1n);
      v.set(this.versions.subarray(0, this.length));
      this.versions = v;
    }
  }

  /** Index of `t` if present, else -(insertion point) - 1. */
  find(t: bigint): number {
    let lo = 0;
    let hi = this.length - 1;
    const times = this.times;
    // Appends are the common case: check the end before searching.
    if (hi >= 0 && (times[hi] as bigint) < t) return -(hi + 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = times[mid] as bigint;
      if (v < t) lo = mid + 1;
      else if (v > t) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  version(i: number): bigint {
    return this.versions ? (this.versions[i] as bigint) : 1n;
  }

  /** Cells of row i in column order. */
  row(i: number): (CellValue | null)[] {
    return this.columns.map((c) => c.get(i));
  }

  /** Inserts a row at index `at` (from find). `cells` align with the columns. */
  insertAt(at: number, t: bigint, cells: readonly (CellValue | null)[], version: bigint): void {
    this.reserve(this.length + 1);
    const n = this.length;
    if (at < n) {
      this.times.copyWithin(at + 1, at, n);
      for (const c of this.columns) c.openGap(at, n);
      this.versions?.copyWithin(at + 1, at, n);
    }
    this.times[at] = t;
    this.rows = n + 1;
    this.writeRow(at, cells, version);
  }

  /** Overwrites row i's values and version. */
  writeRow(i: number, cells: readonly (CellValue | null)[], version: bigint): void {
    for (let c = 0; c < this.columns.length; c++) (this.columns[c] as GrowColumn).set(i, cells[c] ?? null, this.length);
    if (version !== 1n && !this.versions) this.versions = new BigInt64Array(this.times.length).fill(1n);
    if (this.versions) this.versions[i] = version;
    this.changedAt = headsChanged();
  }

  /** Removes rows with keep[i] = 0. */
  compact(keep: Uint8Array): number {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      if (!keep[r]) continue;
      this.times[w] = this.times[r] as bigint;
      if (this.versions) this.versions[w] = this.versions[r] as bigint;
      w++;
    }
    for (const c of this.columns) c.compact(keep, this.length);
    const removed = this.length - w;
    this.setLength(w);
    return removed;
  }

  /** Copies rows [from, to) out without removing them. */
  slice(from: number, to: number): HeadSlice {
    const versions = this.versions ? this.versions.slice(from, to) : null;
    return {
      times: this.times.slice(from, to),
      columns: this.columns.map((c) => c.slice(from, to)),
      versions: versions?.some((v) => v !== 1n) ? versions : null,
    };
  }

  /**
   * Rows [from, to) over the buffer's own memory, without copying the typed columns: valid only until the
   * buffer next changes (sealing reads it into a chunk at once, then drops the rows with dropFirst).
   */
  view(from: number, to: number): HeadSlice {
    const versions = this.versions ? this.versions.subarray(from, to) : null;
    return {
      times: this.times.subarray(from, to),
      columns: this.columns.map((c) => c.view(from, to)),
      versions: versions?.some((v) => v !== 1n) ? versions : null,
    };
  }

  /** Removes and returns rows [0, n). */
  takeFirst(n: number): HeadSlice {
    const out = this.slice(0, n);
    this.dropFirst(n);
    return out;
  }

  /** Removes rows [0, n). */
  dropFirst(n: number): void {
    const len = this.length;
    this.times.copyWithin(0, n, len);
    for (const c of this.columns) c.shift(n, len);
    this.versions?.copyWithin(0, n, len);
    this.setLength(len - n);
  }

  /** Bytes held in RAM. */
  bytes(): number {
    let b = this.times.byteLength + (this.versions?.byteLength ?? 0);
    for (const c of this.columns) b += c.bytes();
    return b;
  }
}
