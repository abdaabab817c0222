import type { SqlType } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { BigIntVector, BooleanVector, ConstantVector, DictionaryVector, NumberVector, ValueVector, type Vector } from './vector.ts';

/** Which storage a type's vectors use. */
export type VectorStorage = 'number' | 'bigint' | 'boolean' | 'value';

export function storageOf(type: SqlType): VectorStorage {
  switch (type.kind) {
    case 'double':
    case 'integer':
    case 'date':
    case 'interval year to month':
      return 'number';
    case 'bigint':
    case 'timestamp':
    case 'time':
    case 'interval day to second':
      return 'bigint';
    case 'boolean':
      return 'boolean';
    default:
      return 'value';
  }
}

/**
 * Fills a typed array from values, recording NULLs in a validity array that exists only when some
 * value is NULL.
 */
function fill<A extends { [i: number]: number | bigint }>(
  data: A,
  values: ArrayLike<SqlValue>,
  convert: (v: SqlValue) => number | bigint,
): Uint8Array | null {
  let valid: Uint8Array | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      valid ??= new Uint8Array(values.length).fill(1);
      valid[i] = 0;
    } else data[i] = convert(v);
  }
  return valid;
}

/** Builds a vector of a known length from values computed one row at a time. */
export function vectorFromValues(type: SqlType, values: ArrayLike<SqlValue>): Vector {
  const n = values.length;
  switch (storageOf(type)) {
    case 'number': {
      const data = new Float64Array(n);
      return new NumberVector(
        type,
        data,
        fill(data, values, (v) => v as number),
      );
    }
    case 'bigint': {
      const data = new BigInt64Array(n);
      return new BigIntVector(
        type,
        data,
        fill(data, values, (v) => v as bigint),
      );
    }
    case 'boolean': {
      const data = new Uint8Array(n);
      return new BooleanVector(
        type,
        data,
        fill(data, values, (v) => (v ? 1 : 0)),
      );
    }
    default:
      return new ValueVector(
        type,
        Array.from(values, (v) => v ?? null),
      );
  }
}

/** Concatenates vectors of one type (used to gather batches into a result), always into new storage. */
export function concatVectors(type: SqlType, parts: readonly Vector[]): Vector {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const typed = concatStored(type, parts, total);
  if (typed) return typed;
  const values = new Array<SqlValue>(total);
  let offset = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) values[offset + i] = part.get(i);
    offset += part.length;
  }
  return vectorFromValues(type, values);
}

/**
 * concatVectors without a value per row: typed arrays copied whole and constants (a series' dimension
 * columns) filled; null when some part has another storage (the generic path then reads values).
 */
function concatStored(type: SqlType, parts: readonly Vector[], total: number): Vector | null {
  const storage = storageOf(type);
  if (storage === 'value') {
    let coded = true;
    for (const part of parts) {
      if (part instanceof ConstantVector || part instanceof DictionaryVector) continue;
      if (!(part instanceof ValueVector && part.values.length === part.length)) return null;
      coded = false;
    }
    if (coded) return concatCoded(type, parts as readonly (ConstantVector | DictionaryVector)[], total);
    // Filled whole first: `new Array(n)` left with holes past about 100 k elements reads as a slow dictionary-mode
    // array; filled, it is a packed one, and each constant part (a series' dimension) is one native fill.
    const values = new Array<SqlValue>(total).fill(null);
    let at = 0;
    for (const part of parts) {
      if (part instanceof ConstantVector) values.fill(part.value, at, at + part.length);
      else if (part instanceof DictionaryVector) {
        const { codes, dictionary } = part;
        for (let i = 0; i < codes.length; i++) values[at + i] = dictionary[codes[i]!] ?? null;
      } else {
        const from = (part as ValueVector).values;
        for (let i = 0; i < from.length; i++) values[at + i] = from[i] as SqlValue;
      }
      at += part.length;
    }
    return new ValueVector(type, values);
  }
  const Typed = storage === 'number' ? NumberVector : storage === 'bigint' ? BigIntVector : BooleanVector;
  const data = storage === 'number' ? new Float64Array(total) : storage === 'bigint' ? new BigInt64Array(total) : new Uint8Array(total);
  let valid: Uint8Array | null = null;
  const markNull = (from: number, to: number) => {
    valid ??= new Uint8Array(total).fill(1);
    valid.fill(0, from, to);
  };
  let at = 0;
  for (const part of parts) {
    const n = part.length;
    if (part instanceof Typed) {
      (data as Float64Array).set(part.data as Float64Array, at);
      if (part.valid) {
        valid ??= new Uint8Array(total).fill(1);
        valid.set(part.valid, at);
      }
    } else if (part instanceof ConstantVector) {
      const v = part.value;
      if (v === null) markNull(at, at + n);
      else if (storage === 'number' && typeof v === 'number') (data as Float64Array).fill(v, at, at + n);
      else if (storage === 'bigint' && typeof v === 'bigint') (data as BigInt64Array).fill(v, at, at + n);
      else if (storage === 'boolean' && typeof v === 'boolean') (data as Uint8Array).fill(v ? 1 : 0, at, at + n);
      else return null;
    } else return null;
    at += n;
  }
  if (storage === 'number') return new NumberVector(type, data as Float64Array, valid);
  if (storage === 'bigint') return new BigIntVector(type, data as BigInt64Array, valid);
  return new BooleanVector(type, data as Uint8Array, valid);
}

/**
 * Constant and dictionary parts as one dictionary vector: codes copied (a constant part is one native fill), the
 * parts' dictionaries merged, each value met after the first dictionary given one code. Parts that share a
 * dictionary (batches of one coalesced scan, gathers of one batch) keep their codes when it is the first one met.
 */
function concatCoded(type: SqlType, parts: readonly (ConstantVector | DictionaryVector)[], total: number): DictionaryVector {
  const codes = new Int32Array(total);
  const dictionary: SqlValue[] = [];
  const index = new Map<SqlValue, number>();
  const codeOf = (value: SqlValue): number => {
    let code = index.get(value);
    if (code === undefined) {
      code = dictionary.length;
      index.set(value, code);
      dictionary.push(value);
    }
    return code;
  };
  let shared: readonly SqlValue[] | null = null;
  let remap: Int32Array | null = null;
  let at = 0;
  for (const part of parts) {
    const n = part.length;
    if (part instanceof ConstantVector) codes.fill(codeOf(part.value), at, at + n);
    else {
      const from = part.codes;
      if (part.dictionary === shared && remap === null) codes.set(from, at);
      else {
        if (part.dictionary !== shared) {
          shared = part.dictionary;
          // The first dictionary met, on an empty output dictionary, is taken whole and keeps its codes: repeats in
          // it stay (a coalesced batch's holds each series' value), each value coded by its first copy from then on.
          if (dictionary.length === 0) {
            for (const value of shared) {
              const v = value ?? null;
              if (!index.has(v)) index.set(v, dictionary.length);
              dictionary.push(v);
            }
            remap = null;
          } else remap = Int32Array.from(shared, (value) => codeOf(value ?? null));
        }
        if (remap === null) codes.set(from, at);
        else {
          const r = remap;
          for (let i = 0; i < n; i++) codes[at + i] = r[from[i]!]!;
        }
      }
    }
    at += n;
  }
  return new DictionaryVector(type, codes, dictionary);
}
