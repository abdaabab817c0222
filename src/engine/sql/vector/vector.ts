import type { SqlType } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';

/**
 * One column of a batch. Storage follows the value's JavaScript form (see SqlValue): doubles
 * and integers in typed arrays, bigint-valued types in BigInt64Array, everything else as values.
 * `valid` has one byte per row, 1 where the value is present; null means no row is null.
 */
export interface Vector {
  readonly type: SqlType;
  readonly length: number;
  get(index: number): SqlValue;
  isNull(index: number): boolean;
  /** The rows at `indices`, in that order (a gather; indices may repeat). */
  take(indices: Int32Array): Vector;
}

/** Float64 storage: double and integer columns, dates and year-month intervals. */
export class NumberVector implements Vector {
  constructor(
    readonly type: SqlType,
    readonly data: Float64Array,
    readonly valid: Uint8Array | null = null,
  ) {}

  get length(): number {
    return this.data.length;
  }

  get(index: number): SqlValue {
    return this.valid && this.valid[index] === 0 ? null : this.data[index]!;
  }

  isNull(index: number): boolean {
    return this.valid !== null && this.valid[index] === 0;
  }

  take(indices: Int32Array): Vector {
    const data = new Float64Array(indices.length);
    for (let i = 0; i < indices.length; i++) data[i] = this.data[indices[i]!]!;
    return new NumberVector(this.type, data, takeValid(this.valid, indices));
  }
}

/** BigInt64 storage: bigint, timestamp (ns), time (ns of day) and day-to-second intervals (ns). */
export class BigIntVector implements Vector {
  constructor(
    readonly type: SqlType,
    readonly data: BigInt64Array,
    readonly valid: Uint8Array | null = null,
  ) {}

  get length(): number {
    return this.data.length;
  }

  get(index: number): SqlValue {
    return this.valid && this.valid[index] === 0 ? null : this.data[index]!;
  }

  isNull(index: number): boolean {
    return this.valid !== null && this.valid[index] === 0;
  }

  take(indices: Int32Array): Vector {
    const data = new BigInt64Array(indices.length);
    for (let i = 0; i < indices.length; i++) data[i] = this.data[indices[i]!]!;
    return new BigIntVector(this.type, data, takeValid(this.valid, indices));
  }
}

/** Boolean storage: one byte per row, 0 or 1. */
export class BooleanVector implements Vector {
  constructor(
    readonly type: SqlType,
    readonly data: Uint8Array,
    readonly valid: Uint8Array | null = null,
  ) {}

  get length(): number {
    return this.data.length;
  }

  get(index: number): SqlValue {
    return this.valid && this.valid[index] === 0 ? null : this.data[index] === 1;
  }

  isNull(index: number): boolean {
    return this.valid !== null && this.valid[index] === 0;
  }

  take(indices: Int32Array): Vector {
    const data = new Uint8Array(indices.length);
    for (let i = 0; i < indices.length; i++) data[i] = this.data[indices[i]!]!;
    return new BooleanVector(this.type, data, takeValid(this.valid, indices));
  }
}

/** Values of any type held as they are (varchar, arrays, rows, maps, timeseries). */
export class ValueVector implements Vector {
  constructor(
    readonly type: SqlType,
    readonly values: readonly SqlValue[],
  ) {}

  get length(): number {
    return this.values.length;
  }

  get(index: number): SqlValue {
    return this.values[index] ?? null;
  }

  isNull(index: number): boolean {
    return (this.values[index] ?? null) === null;
  }

  take(indices: Int32Array): Vector {
    const values = new Array<SqlValue>(indices.length);
    for (let i = 0; i < indices.length; i++) values[i] = this.values[indices[i]!] ?? null;
    return new ValueVector(this.type, values);
  }
}

/** One value repeated: literals, and dimension columns of a batch that comes from one series. */
export class ConstantVector implements Vector {
  constructor(
    readonly type: SqlType,
    readonly value: SqlValue,
    readonly length: number,
  ) {}

  get(_index?: number): SqlValue {
    return this.value;
  }

  isNull(_index?: number): boolean {
    return this.value === null;
  }

  take(indices: Int32Array): Vector {
    return new ConstantVector(this.type, this.value, indices.length);
  }
}

function takeValid(valid: Uint8Array | null, indices: Int32Array): Uint8Array | null {
  if (!valid) return null;
  const out = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = valid[indices[i]!]!;
  return out;
}
