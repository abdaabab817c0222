import { describe, expect, it } from 'vitest';
import {
  columnWidth,
  csvField,
  formatCell,
  formatTimestampNs,
  normaliseRange,
  rangeToTsv,
  sortOrder,
  toCsvChunks,
  visibleWindow,
} from '../../../src/ui/results/table-model.ts';
import { bigintColumn, booleanColumn, makeResult, numberColumn, textColumn, timeColumn } from './make-result.ts';

const result = makeResult([
  timeColumn('time', [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 2)]),
  textColumn('host', ['b', null, 'a, "x"']),
  numberColumn('v', [2.5, null, -1]),
  bigintColumn('n', [3n, 1n, 2n]),
  booleanColumn('ok', [true, false, true]),
]);

describe('formatCell', () => {
  it('prints timestamps as Timestream does, NULL as NULL, and other kinds plainly', () => {
    expect(formatCell(result.columns[0]!, 0)).toBe('2024-01-01 00:00:00.000000000');
    expect(formatCell(result.columns[1]!, 1)).toBe('NULL');
    expect(formatCell(result.columns[2]!, 1)).toBe('NULL');
    expect(formatCell(result.columns[2]!, 0)).toBe('2.5');
    expect(formatCell(result.columns[3]!, 2)).toBe('2');
    expect(formatCell(result.columns[4]!, 1)).toBe('false');
    expect(formatCell({ name: 'd', type: 'date', kind: 'number', data: new Float64Array([19723]) }, 0)).toBe('2024-01-01');
  });
  it('keeps nanoseconds and handles instants before 1970', () => {
    expect(formatTimestampNs(1_000_000_123n)).toBe('1970-01-01 00:00:01.000000123');
    expect(formatTimestampNs(-1n)).toBe('1969-12-31 23:59:59.999999999');
  });
});

describe('sortOrder', () => {
  it('keeps the result order without a sort', () => {
    expect(Array.from(sortOrder(result, null))).toEqual([0, 1, 2]);
  });
  it('sorts each kind both ways with NULLs last', () => {
    expect(Array.from(sortOrder(result, { column: 0, direction: 'asc' }))).toEqual([0, 2, 1]);
    expect(Array.from(sortOrder(result, { column: 0, direction: 'desc' }))).toEqual([1, 2, 0]);
    expect(Array.from(sortOrder(result, { column: 1, direction: 'asc' }))).toEqual([2, 0, 1]);
    expect(Array.from(sortOrder(result, { column: 1, direction: 'desc' }))).toEqual([0, 2, 1]);
    expect(Array.from(sortOrder(result, { column: 2, direction: 'asc' }))).toEqual([2, 0, 1]);
    expect(Array.from(sortOrder(result, { column: 2, direction: 'desc' }))).toEqual([0, 2, 1]);
    expect(Array.from(sortOrder(result, { column: 3, direction: 'asc' }))).toEqual([1, 2, 0]);
  });
  it('is stable for equal values', () => {
    const r = makeResult([numberColumn('v', [1, 0, 1, 0])]);
    expect(Array.from(sortOrder(r, { column: 0, direction: 'desc' }))).toEqual([0, 2, 1, 3]);
  });
  it('sorts a million numbers', () => {
    const n = 1_000_000;
    const values = Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const order = sortOrder(makeResult([numberColumn('v', values)]), { column: 0, direction: 'asc' });
    expect(values[order[0]!]).toBe(0);
    expect(values[order[n - 1]!]).toBe(n - 1);
  });
});

describe('CSV export', () => {
  it('quotes only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
  it('writes a header and the rows in view order, NULL as empty', () => {
    const csv = toCsvChunks(result, sortOrder(result, { column: 3, direction: 'asc' })).join('');
    expect(csv).toBe(
      'time,host,v,n,ok\r\n' +
        '2024-01-03 00:00:00.000000000,,,1,false\r\n' +
        '2024-01-02 00:00:00.000000000,"a, ""x""",-1,2,true\r\n' +
        '2024-01-01 00:00:00.000000000,b,2.5,3,true\r\n',
    );
  });
  it('chunks long output', () => {
    const r = makeResult([numberColumn('v', [1, 2, 3, 4, 5])]);
    const chunks = toCsvChunks(r, sortOrder(r, null), 2);
    expect(chunks).toEqual(['v\r\n', '1\r\n2\r\n', '3\r\n4\r\n', '5\r\n']);
  });
});

describe('selection and virtual window', () => {
  it('copies a rectangle as TSV in view order', () => {
    const order = sortOrder(result, { column: 3, direction: 'asc' });
    expect(rangeToTsv(result, order, normaliseRange({ row: 1, col: 3 }, { row: 0, col: 1 }))).toBe('NULL\tNULL\t1\na, "x"\t-1\t2');
  });
  it('renders only the rows in view plus overscan', () => {
    expect(visibleWindow(0, 280, 28, 1_000_000, 5)).toEqual({ first: 0, last: 15 });
    expect(visibleWindow(28 * 500_000, 280, 28, 1_000_000, 5)).toEqual({ first: 499_995, last: 500_015 });
    expect(visibleWindow(28 * 999_990, 280, 28, 1_000_000, 5)).toEqual({ first: 999_985, last: 999_999 });
  });
  it('sizes timestamp columns wider than numbers', () => {
    expect(columnWidth(result.columns[0]!)).toBeGreaterThan(columnWidth(result.columns[2]!));
  });
});

describe('sortOrder on numbers (radix) agrees with a stable comparator sort', () => {
  function reference(values: readonly (number | null)[], direction: 'asc' | 'desc'): number[] {
    const idx = values.map((_, i) => i);
    const sign = direction === 'asc' ? 1 : -1;
    return idx.sort((a, b) => {
      const x = values[a]!;
      const y = values[b]!;
      if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
      return (x < y ? -sign : x > y ? sign : 0) || a - b;
    });
  }
  it('for doubles: negatives, zeros, fractions, huge values, duplicates and NULLs', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pool = [0, -0.5, 3, 3, -1e300, 1e300, 2.5e-8, -2.5e-8, 42, Number.MAX_SAFE_INTEGER, -7];
    const values = Array.from({ length: 2000 }, () =>
      rand() < 0.1 ? null : rand() < 0.5 ? pool[Math.floor(rand() * pool.length)]! : (rand() - 0.5) * 1e6,
    );
    const result = makeResult([numberColumn('v', values)]);
    for (const direction of ['asc', 'desc'] as const) {
      expect(Array.from(sortOrder(result, { column: 0, direction }))).toEqual(reference(values, direction));
    }
  });
  it('for 64-bit integers beyond 2^53, negative ones included', () => {
    const big = [2n ** 62n, -(2n ** 62n), 0n, -1n, 1n, 2n ** 53n + 1n, 2n ** 53n, -(2n ** 63n), 2n ** 63n - 1n, 0n];
    const result = makeResult([bigintColumn('n', big)]);
    const asc = Array.from(sortOrder(result, { column: 0, direction: 'asc' })).map((i) => big[i]);
    expect(asc).toEqual([...big].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const desc = Array.from(sortOrder(result, { column: 0, direction: 'desc' }));
    expect(desc.map((i) => big[i])).toEqual([...big].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    // Equal values keep their result order in both directions.
    expect(desc.indexOf(2)).toBeLessThan(desc.indexOf(9));
  });
});
