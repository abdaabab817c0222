import { describe, expect, it } from 'vitest';
import { sliceBatch, sliceVector } from '../../../../src/engine/sql/exec/materialize.ts';
import { T } from '../../../../src/engine/sql/types/sql-type.ts';
import type { SqlValue } from '../../../../src/engine/sql/values/sql-value.ts';
import {
  BigIntVector,
  BooleanVector,
  ConstantVector,
  DictionaryVector,
  NumberVector,
  ValueVector,
  type Vector,
} from '../../../../src/engine/sql/vector/index.ts';

const values = (v: Vector) => Array.from({ length: v.length }, (_, i) => v.get(i));
const valid = Uint8Array.from([1, 0, 1, 1, 0, 1, 1]);

const vectors: [string, Vector][] = [
  ['double', new NumberVector(T.double, Float64Array.from([1, 2, 3, -0, 5, Number.NaN, 7]), valid)],
  ['bigint', new BigIntVector(T.bigint, BigInt64Array.from([1n, 2n, 3n, 4n, 5n, 6n, -7n]), null)],
  ['boolean', new BooleanVector(T.boolean, Uint8Array.from([1, 0, 1, 0, 1, 0, 1]), valid)],
  ['dictionary', new DictionaryVector(T.varchar, Int32Array.from([0, 1, 2, 1, 0, 2, 2]), ['a', null, 'c'])],
  ['constant', new ConstantVector(T.varchar, 'x', 7)],
  ['values', new ValueVector(T.varchar, ['a', null, 'b', 'c', null, 'd', 'e'])],
];

describe('sliceVector', () => {
  it.each(vectors)('gives rows start .. end - 1 of a %s vector, NULLs included', (_name, vector) => {
    for (const [start, end] of [
      [0, 7],
      [2, 5],
      [6, 7],
      [3, 3],
    ] as const) {
      const slice = sliceVector(vector, start, end);
      expect(slice.length).toBe(end - start);
      expect(values(slice)).toEqual(values(vector).slice(start, end) as SqlValue[]);
      for (let i = 0; i < slice.length; i++) expect(slice.isNull(i)).toBe(vector.isNull(start + i));
    }
  });

  it('cuts a large batch into batches of at most the size, every row once, in order', () => {
    const n = 10;
    const batch = {
      columns: [
        new NumberVector(
          T.double,
          Float64Array.from({ length: n }, (_, i) => i),
        ),
        new ConstantVector(T.varchar, 'k', n),
      ],
      length: n,
    };
    const parts = [...sliceBatch(batch, 4)];
    expect(parts.map((p) => p.length)).toEqual([4, 4, 2]);
    expect(parts.flatMap((p) => values(p.columns[0] as Vector))).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(parts.every((p) => p.columns[1]?.length === p.length)).toBe(true);
  });
});
