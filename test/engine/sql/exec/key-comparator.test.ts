import { describe, expect, it } from 'vitest';
import { keyComparator } from '../../../../src/engine/sql/exec/operators/key-comparator.ts';
import type { SortKey } from '../../../../src/engine/sql/plan/plan-nodes.ts';
import { T } from '../../../../src/engine/sql/types/sql-type.ts';
import { compareValues } from '../../../../src/engine/sql/values/compare.ts';
import type { SqlValue } from '../../../../src/engine/sql/values/sql-value.ts';
import { BigIntVector, BooleanVector, NumberVector, ValueVector, type Vector } from '../../../../src/engine/sql/vector/index.ts';

// The specialised comparators must order rows exactly as the generic rule does: compareValues on
// present values, the key's direction, NULLs first or last whatever the direction.

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const rand = random(3);
const pick = <V>(xs: readonly V[]): V => xs[Math.floor(rand() * xs.length)] as V;

function reference(key: SortKey, vector: Vector): (a: number, b: number) => number {
  return (a, b) => {
    const x = vector.get(a);
    const y = vector.get(b);
    if (x === null || y === null) {
      if (x === y) return 0;
      return (x === null) === key.nullsFirst ? -1 : 1;
    }
    const c = compareValues(x, y, vector.type);
    return key.descending ? -c : c;
  };
}

const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);

function vectors(n: number): Vector[] {
  const valid = Uint8Array.from({ length: n }, () => (rand() < 0.2 ? 0 : 1));
  const doubles = Float64Array.from({ length: n }, () => pick([0, -0, 1.5, -2, Number.NaN, Number.POSITIVE_INFINITY, -1e300, 7]));
  const longs = BigInt64Array.from({ length: n }, () =>
    pick([0n, 1n, -1n, 2n ** 31n, -(2n ** 31n), 2n ** 32n + 5n, -(2n ** 63n), 2n ** 63n - 1n, 1_451_606_400_000_000_000n]),
  );
  const strings: SqlValue[] = Array.from({ length: n }, () =>
    rand() < 0.2 ? null : pick(['', 'a', 'ab', 'b', '\uffff', '\u{1f600}', 'host_10', 'host_9']),
  );
  return [
    new NumberVector(T.double, doubles),
    new NumberVector(T.double, doubles, valid),
    new BigIntVector(T.timestamp, longs),
    new BigIntVector(T.bigint, longs, valid),
    new ValueVector(T.varchar, strings),
    new BooleanVector(
      T.boolean,
      Uint8Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0)),
      valid,
    ),
  ];
}

describe('keyComparator', () => {
  it('orders every pair as compareValues does, both directions, NULLs first and last', () => {
    const n = 60;
    for (const vector of vectors(n)) {
      for (const descending of [false, true]) {
        for (const nullsFirst of [false, true]) {
          const key = { expr: {} as SortKey['expr'], descending, nullsFirst };
          const fast = keyComparator(key, vector);
          const slow = reference(key, vector);
          for (let a = 0; a < n; a++)
            for (let b = 0; b < n; b++)
              if (sign(fast(a, b)) !== sign(slow(a, b)))
                expect(`${vector.type.kind} rows ${a} ${b}: ${fast(a, b)}`).toBe(`${vector.type.kind} rows ${a} ${b}: ${slow(a, b)}`);
        }
      }
    }
  });
});
