import { describe, expect, it } from 'vitest';
import type { NormalizedResult } from './cells.ts';
import { cellsEqual, compareResults } from './compare-results.ts';

const result = (families: NormalizedResult['families'], rows: NormalizedResult['rows']): NormalizedResult => ({
  names: families.map((_, i) => `c${i}`),
  families,
  rows,
});

describe('comparing results', () => {
  it('takes doubles within 1e-9 relative, and nothing looser', () => {
    expect(cellsEqual({ double: 1e6 }, { double: 1e6 * (1 + 5e-10) })).toBe(true);
    expect(cellsEqual({ double: 1e6 }, { double: 1e6 * (1 + 5e-9) })).toBe(false);
    expect(cellsEqual({ double: 0.1 + 0.2 }, { double: 0.3 })).toBe(true);
    expect(cellsEqual({ double: 0.3 }, { double: 0.30001 })).toBe(false);
  });

  it('tells NULL from values and timestamps to the nanosecond', () => {
    expect(cellsEqual(null, null)).toBe(true);
    expect(cellsEqual(null, { integer: 0n })).toBe(false);
    expect(cellsEqual({ nanos: 1n }, { nanos: 2n })).toBe(false);
    expect(cellsEqual({ integer: 3n }, { double: 3 })).toBe(false);
  });

  it('ignores row order unless the query orders totally', () => {
    const a = result(
      ['integer', 'varchar'],
      [
        [{ integer: 1n }, { text: 'x' }],
        [{ integer: 2n }, null],
      ],
    );
    const b = result(
      ['integer', 'varchar'],
      [
        [{ integer: 2n }, null],
        [{ integer: 1n }, { text: 'x' }],
      ],
    );
    expect(compareResults(a, b, false)).toBeNull();
    expect(compareResults(a, b, true)).toMatch(/ordered rows differ/);
  });

  it('reports missing rows, extra rows and type families', () => {
    const a = result(['integer'], [[{ integer: 1n }], [{ integer: 1n }]]);
    const b = result(['integer'], [[{ integer: 1n }]]);
    expect(compareResults(a, b, false)).toMatch(/row count: tidemark 2, duckdb 1/);
    expect(compareResults(result(['double'], []), result(['integer'], []), false)).toMatch(/tidemark double, duckdb integer/);
    expect(compareResults(result(['unknown'], [[null]]), result(['varchar'], [[null]]), false)).toBeNull();
  });
});
