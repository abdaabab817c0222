export type { Batch } from './batch.ts';
export { identitySelection, takeBatch } from './batch.ts';
export type { Vector } from './vector.ts';
export { BigIntVector, BooleanVector, ConstantVector, DictionaryVector, NumberVector, ValueVector } from './vector.ts';
export type { VectorStorage } from './vector-builder.ts';
export { concatVectors, storageOf, vectorFromValues } from './vector-builder.ts';
