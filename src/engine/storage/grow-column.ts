import type { ColumnType } from '../model/types.ts';
import type { CellValue } from '../model/values.ts';
import type { ChunkColumnInput } from './codec.ts';

type Data = Float64Array | BigInt64Array | Uint8Array | (string | null)[];

function allocate(type: ColumnType, capacity: number): Data {
  switch (type) {
    case 'double':
      return new Float64Array(capacity);
    case 'bigint':
    case 'timestamp':
      return new BigInt64Array(capacity);
    case 'boolean':
      return new Uint8Array(capacity);
    case 'varchar':
      return [];
  }
}

/**
 * A growable, typed column with an optional validity vector (allocated on the first null, so
 * dense columns pay nothing). Positions beyond `length` are garbage.
 */
export class GrowColumn {
  readonly name: string;
  readonly type: ColumnType;
  data: Data;
  validity: Uint8Array | null = null;

  constructor(name: string, type: ColumnType, capacity: number) {
    this.name = name;
    this.type = type;
    this.data = allocate(type, capacity);
  }

  /** Grows the backing store to hold at least `capacity` rows, keeping the first `length`. */
  reserve(capacity: number, length: number): void {
    if (Array.isArray(this.data)) return;
    if (this.data.length >= capacity) return;
    const next = allocate(this.type, Math.max(capacity, this.data.length * 2)) as Float64Array;
    next.set((this.data as Float64Array).subarray(0, length));
    this.data = next;
    if (this.validity) {
      const v = new Uint8Array(next.length);
      v.set(this.validity.subarray(0, length));
      this.validity = v;
    }
  }

  get(i: number): CellValue | null {
    if (Array.isArray(this.data)) return this.data[i] ?? null;
    if (this.validity && this.validity[i] === 0) return null;
    return (this.data[i] as CellValue | undefined) ?? null;
  }

  /** Writes row i (within capacity); `length` is the current row count, needed to materialise validity. */
  set(i: number, value: CellValue | null, length: number): void {
    // Strings carry their nulls in the array itself.
    if (Array.isArray(this.data)) {
      this.data[i] = value as string | null;
      return;
    }
    if (value === null) {
      this.ensureValidity(Math.max(length, i + 1));
      (this.validity as Uint8Array)[i] = 0;
      return;
    }
    if (this.validity) this.validity[i] = 1;
    (this.data as unknown as CellValue[])[i] = value;
  }

  /** Opens a gap at row i by shifting rows [i, length) up by one. */
  openGap(i: number, length: number): void {
    if (Array.isArray(this.data)) this.data.splice(i, 0, null);
    else this.data.copyWithin(i + 1, i, length);
    if (this.validity) this.validity.copyWithin(i + 1, i, length);
  }

  /** Removes rows where keep[i] is 0, compacting in place; returns nothing (the caller tracks length). */
  compact(keep: Uint8Array, length: number): void {
    let w = 0;
    const data = this.data as unknown as CellValue[];
    const validity = this.validity;
    for (let r = 0; r < length; r++) {
      if (!keep[r]) continue;
      if (w !== r) {
        data[w] = data[r] as CellValue;
        if (validity) validity[w] = validity[r] as number;
      }
      w++;
    }
    if (Array.isArray(this.data)) this.data.length = w;
  }

  /** Copies rows [from, to) out as a chunk column input. */
  slice(from: number, to: number): ChunkColumnInput {
    const validity = this.validity ? this.validity.slice(from, to) : undefined;
    const extra = validity?.includes(0) ? { validity } : {};
    const values = Array.isArray(this.data) ? this.data.slice(from, to) : this.data.slice(from, to);
    return { name: this.name, type: this.type, values, ...extra } as ChunkColumnInput;
  }

  /**
   * Rows [from, to) as a chunk column input over this column's own memory (strings copied): valid only until
   * the column next changes, for a caller that reads it at once (sealing encodes it, then drops the rows).
   */
  view(from: number, to: number): ChunkColumnInput {
    const validity = this.validity ? this.validity.subarray(from, to) : undefined;
    const extra = validity?.includes(0) ? { validity } : {};
    const values = Array.isArray(this.data) ? this.data.slice(from, to) : this.data.subarray(from, to);
    return { name: this.name, type: this.type, values, ...extra } as ChunkColumnInput;
  }

  /** Drops rows [0, n) by shifting the rest down. */
  shift(n: number, length: number): void {
    if (Array.isArray(this.data)) this.data.splice(0, n);
    else this.data.copyWithin(0, n, length);
    if (this.validity) this.validity.copyWithin(0, n, length);
  }

  private ensureValidity(length: number): void {
    if (this.validity || Array.isArray(this.data)) return;
    this.validity = new Uint8Array(Math.max(this.data.length, length)).fill(1);
  }

  /** Marks rows [from, to) null (a MULTI attribute that appears after rows already exist). */
  markNull(from: number, to: number): void {
    if (Array.isArray(this.data)) {
      for (let i = from; i < to; i++) this.data[i] = null;
      return;
    }
    this.ensureValidity(to);
    (this.validity as Uint8Array).fill(0, from, to);
  }

  /** Bytes held in RAM (strings estimated at 2 bytes per UTF-16 unit). */
  bytes(): number {
    let b = this.validity ? this.validity.byteLength : 0;
    if (Array.isArray(this.data)) for (const s of this.data) b += 8 + (s ? s.length * 2 : 0);
    else b += this.data.byteLength;
    return b;
  }
}
