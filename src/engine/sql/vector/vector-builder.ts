import type { SqlType } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { BigIntVector, BooleanVector, NumberVector, ValueVector, type Vector } from './vector.ts';

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

/** Builds a vector of a known length from values computed one row at a time. */
export function vectorFromValues(type: SqlType, values: ArrayLike<SqlValue>): Vector {
  const n = values.length;
  switch (storageOf(type)) {
    case 'number': {
      const data = new Float64Array(n);
      let valid: Uint8Array | null = null;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) {
          valid ??= new Uint8Array(n).fill(1);
          valid[i] = 0;
        } else data[i] = v as number;
      }
      return new NumberVector(type, data, valid);
    }
    case 'bigint': {
      const data = new BigInt64Array(n);
      let valid: Uint8Array | null = null;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) {
          valid ??= new Uint8Array(n).fill(1);
          valid[i] = 0;
        } else data[i] = v as bigint;
      }
      return new BigIntVector(type, data, valid);
    }
    case 'boolean': {
      const data = new Uint8Array(n);
      let valid: Uint8Array | null = null;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) {
          valid ??= new Uint8Array(n).fill(1);
          valid[i] = 0;
        } else data[i] = v ? 1 : 0;
      }
      return new BooleanVector(type, data, valid);
    }
    default:
      return new ValueVector(
        type,
        Array.from(values, (v) => v ?? null),
      );
  }
}

/** Concatenates vectors of one type (used to gather batches into a result). */
export function concatVectors(type: SqlType, parts: readonly Vector[]): Vector {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const values = new Array<SqlValue>(total);
  let offset = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) values[offset + i] = part.get(i);
    offset += part.length;
  }
  return vectorFromValues(type, values);
}
