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
