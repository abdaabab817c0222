import type { PlanColumn } from '../plan/plan-nodes.ts';
import type { SqlValue } from '../values/sql-value.ts';
import {
  type Batch,
  BigIntVector,
  BooleanVector,
  ConstantVector,
  concatVectors,
  DictionaryVector,
  NumberVector,
  ValueVector,
  type Vector,
  vectorFromValues,
} from '../vector/index.ts';

/** Concatenates batches into one (operators that need all rows at once: sort, window, join build). */
export function concatBatches(output: readonly PlanColumn[], batches: readonly Batch[]): Batch {
  if (batches.length === 1) return batches[0]!;
  const length = batches.reduce((n, b) => n + b.length, 0);
  return {
    columns: output.map((column, i) =>
      concatVectors(
        column.type,
        batches.map((b) => b.columns[i]!),
      ),
    ),
    length,
  };
}

/** Splits one large batch into batches of at most `size` rows, without copying when it already fits. */
export function* sliceBatch(batch: Batch, size: number): Generator<Batch> {
  if (batch.length <= size) {
    if (batch.length > 0) yield batch;
    return;
  }
  for (let start = 0; start < batch.length; start += size) {
    const end = Math.min(start + size, batch.length);
    yield { columns: batch.columns.map((c) => sliceVector(c, start, end)), length: end - start };
  }
}

/**
 * Rows start .. end - 1 of a vector: a view of its arrays where it has them (nothing copied; vectors are never
 * written after they are made), else a gather.
 */
export function sliceVector(vector: Vector, start: number, end: number): Vector {
  const valid = (v: { readonly valid: Uint8Array | null }) => (v.valid === null ? null : v.valid.subarray(start, end));
  if (vector instanceof NumberVector) return new NumberVector(vector.type, vector.data.subarray(start, end), valid(vector));
  if (vector instanceof BigIntVector) return new BigIntVector(vector.type, vector.data.subarray(start, end), valid(vector));
  if (vector instanceof BooleanVector) return new BooleanVector(vector.type, vector.data.subarray(start, end), valid(vector));
  if (vector instanceof DictionaryVector) return new DictionaryVector(vector.type, vector.codes.subarray(start, end), vector.dictionary);
  if (vector instanceof ConstantVector) return new ConstantVector(vector.type, vector.value, end - start);
  if (vector instanceof ValueVector) return new ValueVector(vector.type, vector.values.slice(start, end));
  const indices = new Int32Array(end - start);
  for (let i = 0; i < indices.length; i++) indices[i] = start + i;
  return vector.take(indices);
}

/** Gathers rows where index -1 means a row of NULLs (the missing side of an outer join). */
export function takeOrNull(vector: Vector, indices: Int32Array): Vector {
  let hasMissing = false;
  for (let i = 0; i < indices.length; i++) if (indices[i]! < 0) hasMissing = true;
  if (!hasMissing) return vector.take(indices);
  const values = new Array<SqlValue>(indices.length);
  for (let i = 0; i < indices.length; i++) values[i] = indices[i]! < 0 ? null : vector.get(indices[i]!);
  return vectorFromValues(vector.type, values);
}
