import type { ColumnType } from '../model/types.ts';
import type { SeriesPlan } from './aggregate-chunks.ts';
import type { ChunkHeader } from './codec.ts';
import { chunksChanged } from './data-revision.ts';
import { HeadBuffer } from './head-buffer.ts';

/** A column of a series: `measure_value::<type>` for a single measure, the attribute name for MULTI. */
export interface SeriesColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** What identifies a series and what it holds, as the scan API and the catalog report it. */
export interface SeriesInfo {
  readonly id: number;
  readonly measureName: string;
  /** Dimension name -> value. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly kind: 'single' | 'multi';
  readonly columns: readonly SeriesColumn[];
}

/** The plain-data form of a series, as persisted. */
export interface SeriesRecord {
  readonly id: number;
  readonly tableId: number;
  readonly measureName: string;
  readonly dimensions: readonly (readonly [string, string])[];
  readonly kind: 'single' | 'multi';
  readonly columns: readonly SeriesColumn[];
}

/** A sealed chunk held in RAM (memory tier). A rewritten chunk is a new object with a new id. */
export interface MemChunk {
  /** Unique in the process and above every persisted id: the checkpoint key [seriesId, id]. */
  readonly id: number;
  readonly header: ChunkHeader;
  readonly bytes: Uint8Array;
}

let nextChunkId = 1;

/** A fresh memory-chunk id (0 is the head's checkpoint key). */
export function newChunkId(): number {
  return nextChunkId++;
}

/** Keeps fresh ids above ids loaded from storage. */
export function reserveChunkIds(above: number): void {
  if (above >= nextChunkId) nextChunkId = above + 1;
}

/** A magnetic chunk as the in-RAM chunk index knows it: its key and zone map, not its bytes. */
export interface MagneticRef {
  /** Partition start, ms since the epoch: the second half of the IndexedDB key [seriesId, partition]. */
  readonly partition: number;
  readonly header: ChunkHeader;
  readonly byteLength: number;
}

/** The name single-measure values are stored under. */
export function singleColumnName(type: ColumnType): string {
  return `measure_value::${type}`;
}

/** The catalog key of a series: measure name and sorted dimensions. */
export function seriesKey(measureName: string, dimensions: readonly (readonly [string, string])[]): string {
  let key = measureName;
  for (const [name, value] of dimensions) key += `\u0000${name}\u0001${value}`;
  return key;
}

/** A series' aggregate plan for `names`, worked out when it had `columnCount` columns. */
export interface KeptSeriesPlan {
  readonly names: readonly string[];
  readonly columnCount: number;
  readonly plan: SeriesPlan;
}

/** One series: (table, dimension set, measure name), its head buffer and its chunk lists. */
export class Series {
  readonly id: number;
  readonly tableId: number;
  readonly measureName: string;
  readonly dimensions: readonly (readonly [string, string])[];
  readonly kind: 'single' | 'multi';
  readonly columns: SeriesColumn[];
  readonly head: HeadBuffer;
  /** Changed only through the methods below, each of which notes the change (see data-revision.ts). */
  private sealedChunks: MemChunk[] = [];
  private magneticRefs: MagneticRef[] = [];
  /** Memory-chunk ids the last checkpoint stored (so the next one writes only the difference). */
  persistedChunks = new Set<number>();
  /** Upper bound of every time stored (may be stale-high after deletes: it only gates the append fast path). */
  maxTime = -1n;
  private info: SeriesInfo | null = null;
  /** The aggregate scan's last plan for this series (kept here, not in a map looked up per series). */
  aggregatePlan: KeptSeriesPlan | null = null;

  constructor(record: SeriesRecord) {
    this.id = record.id;
    this.tableId = record.tableId;
    this.measureName = record.measureName;
    this.dimensions = record.dimensions;
    this.kind = record.kind;
    this.columns = [...record.columns];
    // Empty until the first write, which reserves what it needs at once (a bulk append its whole tail).
    this.head = new HeadBuffer(this.columns, 0);
  }

  /** Memory-tier chunks, sorted by timeMin. */
  get sealed(): readonly MemChunk[] {
    return this.sealedChunks;
  }

  /** Magnetic-tier chunk index, sorted by partition. */
  get magnetic(): readonly MagneticRef[] {
    return this.magneticRefs;
  }

  /** Replaces the memory-tier chunk list (the caller keeps it sorted by timeMin). */
  setSealed(chunks: MemChunk[]): void {
    this.sealedChunks = chunks;
    chunksChanged();
  }

  /** Appends a memory-tier chunk (the caller keeps the list sorted by timeMin). */
  pushSealed(chunk: MemChunk): void {
    this.sealedChunks.push(chunk);
    chunksChanged();
  }

  /** Removes `remove` memory-tier chunks at `at` and puts `chunks` there. */
  spliceSealed(at: number, remove: number, ...chunks: MemChunk[]): void {
    this.sealedChunks.splice(at, remove, ...chunks);
    chunksChanged();
  }

  /** Replaces the magnetic chunk index (the caller keeps it sorted by partition). */
  setMagnetic(refs: MagneticRef[]): void {
    this.magneticRefs = refs;
    chunksChanged();
  }

  columnIndex(name: string): number {
    for (let i = 0; i < this.columns.length; i++) if ((this.columns[i] as SeriesColumn).name === name) return i;
    return -1;
  }

  /** Adds a MULTI attribute column. */
  addColumn(column: SeriesColumn): number {
    this.columns.push(column);
    this.head.addColumn(column.name, column.type);
    this.info = null;
    chunksChanged();
    return this.columns.length - 1;
  }

  toRecord(): SeriesRecord {
    return {
      id: this.id,
      tableId: this.tableId,
      measureName: this.measureName,
      dimensions: this.dimensions,
      kind: this.kind,
      columns: [...this.columns],
    };
  }

  toInfo(): SeriesInfo {
    this.info ??= {
      id: this.id,
      measureName: this.measureName,
      dimensions: Object.fromEntries(this.dimensions),
      kind: this.kind,
      columns: [...this.columns],
    };
    return this.info;
  }

  /** True when nothing is stored in any tier. */
  isEmpty(): boolean {
    return this.head.length === 0 && this.sealed.length === 0 && this.magnetic.length === 0;
  }
}
