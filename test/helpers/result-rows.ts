import { expect } from 'vitest';
import type { QueryResult } from '../../src/engine/sql/result/query-result.ts';

/** A query result's cells, row by row (as its vectors give them). */
export function rowsOf<Cell = unknown>(result: QueryResult): Cell[][] {
  return Array.from({ length: result.rowCount }, (_, r) => result.vectors.map((v) => v.get(r) as Cell));
}

/** Expects the same rows in the same order, every cell the same by Object.is (bit for bit: -0 is not 0, NaN is NaN). */
export function expectSameCells(actual: readonly (readonly unknown[])[], expected: readonly (readonly unknown[])[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (const [r, row] of actual.entries())
    for (const [c, cell] of row.entries()) {
      const other = expected[r]?.[c];
      expect(Object.is(cell, other), `${label}\nrow ${r} column ${c}: ${String(cell)} vs ${String(other)}`).toBe(true);
    }
}
