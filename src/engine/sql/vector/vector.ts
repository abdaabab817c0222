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

type BackingArray = Float64Array | BigInt64Array | Uint8Array;

/**
 * A vector over a typed array with an optional validity array. The three storages differ only in
 * how a stored element reads as a SQL value, so they share gathering and NULL handling here.
 */
abstract class TypedArrayVector<A extends BackingArray> implements Vector {
  constructor(
    readonly type: SqlType,
    readonly data: A,
    readonly valid: Uint8Array | null = null,
  ) {}

  get length(): number {
    return this.data.length;
  }

  get(index: number): SqlValue {
    return this.valid && this.valid[index] === 0 ? null : this.read(index);
  }

  isNull(index: number): boolean {
    return this.valid !== null && this.valid[index] === 0;
  }

  take(indices: Int32Array): Vector {
    const data = new (this.data.constructor as new (n: number) => A)(indices.length);
    const source = this.data as unknown as { [i: number]: number | bigint };
    const target = data as unknown as { [i: number]: number | bigint };
    for (let i = 0; i < indices.length; i++) target[i] = source[indices[i]!]!;
    return this.withData(data, takeValid(this.valid, indices));
  }

  protected abstract read(index: number): SqlValue;
  protected abstract withData(data: A, valid: Uint8Array | null): Vector;
}

/** Float64 storage: double and integer columns, dates and year-month intervals. */
export class NumberVector extends TypedArrayVector<Float64Array> {
  protected read(index: number): SqlValue {
    return this.data[index]!;
  }

  protected withData(data: Float64Array, valid: Uint8Array | null): Vector {
    return new NumberVector(this.type, data, valid);
  }

  /** A monomorphic gather (the shared one sees every typed array kind and stays slow). */
  override take(indices: Int32Array): Vector {
    const source = this.data;
    const data = new Float64Array(indices.length);
    for (let i = 0; i < indices.length; i++) data[i] = source[indices[i]!]!;
    return new NumberVector(this.type, data, takeValid(this.valid, indices));
  }
}

/** The (low, high) 32-bit halves of a BigInt64Array's elements sit side by side in memory on every little-endian platform. */
const LITTLE_ENDIAN = new Int32Array(BigInt64Array.of(1n).buffer)[0] === 1;

/** BigInt64 storage: bigint, timestamp (ns), time (ns of day) and day-to-second intervals (ns). */
export class BigIntVector extends TypedArrayVector<BigInt64Array> {
  protected read(index: number): SqlValue {
    return this.data[index]!;
  }

  protected withData(data: BigInt64Array, valid: Uint8Array | null): Vector {
    return new BigIntVector(this.type, data, valid);
  }

  /** Gathers 64-bit values as pairs of 32-bit halves: reading a BigInt64Array element allocates a BigInt. */
  override take(indices: Int32Array): Vector {
    if (!LITTLE_ENDIAN) return super.take(indices);
    const source = this.data;
    const from = new Int32Array(source.buffer, source.byteOffset, source.length * 2);
    const data = new BigInt64Array(indices.length);
    const to = new Int32Array(data.buffer);
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i]! * 2;
      to[2 * i] = from[k]!;
      to[2 * i + 1] = from[k + 1]!;
    }
    return new BigIntVector(this.type, data, takeValid(this.valid, indices));
  }
}

/** Boolean storage: one byte per row, 0 or 1. */
export class BooleanVector extends TypedArrayVector<Uint8Array> {
  protected read(index: number): SqlValue {
    return this.data[index] === 1;
  }

  protected withData(data: Uint8Array, valid: Uint8Array | null): Vector {
    return new BooleanVector(this.type, data, valid);
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

/**
 * Values held as codes into a small dictionary: the dimension and measure_name columns of a batch that joins
 * several series (each series' rows hold one value), so a row costs a 32-bit code instead of a string pointer,
 * concatenation and gathers copy codes, and operators that know it work once per distinct value. The dictionary
 * may hold NULL and need not be distinct or fully used; every code is a valid index into it.
 */
export class DictionaryVector implements Vector {
  constructor(
    readonly type: SqlType,
    readonly codes: Int32Array,
    readonly dictionary: readonly SqlValue[],
  ) {}

  get length(): number {
    return this.codes.length;
  }

  get(index: number): SqlValue {
    return this.dictionary[this.codes[index]!] ?? null;
  }

  isNull(index: number): boolean {
    return (this.dictionary[this.codes[index]!] ?? null) === null;
  }

  take(indices: Int32Array): Vector {
    const source = this.codes;
    const codes = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) codes[i] = source[indices[i]!]!;
    return new DictionaryVector(this.type, codes, this.dictionary);
  }

  /** Every row's value as a plain array (for code that reads values in bulk and does not know codes). */
  materialize(): SqlValue[] {
    const n = this.codes.length;
    const codes = this.codes;
    const dictionary = this.dictionary;
    const values = new Array<SqlValue>(n).fill(null);
    for (let i = 0; i < n; i++) values[i] = dictionary[codes[i]!] ?? null;
    return values;
  }
}

function takeValid(valid: Uint8Array | null, indices: Int32Array): Uint8Array | null {
  if (!valid) return null;
  const out = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = valid[indices[i]!]!;
  return out;
}
