import { describe, expect, it } from 'vitest';
import { nextCursorIndex } from '../../src/charts/keyboard-cursor.ts';
import { withAlpha } from '../../src/charts/palette.ts';
import { rangeWithThresholds } from '../../src/charts/thresholds.ts';
import { formatTime, tooltipRows } from '../../src/charts/tooltip.ts';
import { selectionToRange } from '../../src/charts/zoom.ts';

describe('selectionToRange', () => {
  it('maps the selection box through the pixel→value mapping', () => {
    expect(selectionToRange({ left: 10, width: 90 }, (px) => 1000 + px)).toEqual([1010, 1100]);
  });
  it('ignores clicks and inverted or non-finite mappings', () => {
    expect(selectionToRange({ left: 10, width: 2 }, (px) => px)).toBeNull();
    expect(selectionToRange({ left: 10, width: 20 }, () => Number.NaN)).toBeNull();
    expect(selectionToRange({ left: 10, width: 20 }, (px) => -px)).toBeNull();
  });
});

describe('rangeWithThresholds', () => {
  it('extends the data range to the thresholds and handles an empty one', () => {
    expect(
      rangeWithThresholds(10, 20, [
        { value: 50, color: 'r' },
        { value: 5, color: 'g' },
      ]),
    ).toEqual([5, 50]);
    expect(rangeWithThresholds(null, null, [{ value: 7, color: 'r' }])).toEqual([7, 7]);
    expect(rangeWithThresholds(null, null, [])).toEqual([null, null]);
  });
});

describe('tooltipRows', () => {
  const series = [{ label: 'Time' }, { label: 'a', stroke: '#111111' }, { label: 'b', show: false }, { label: 'c' }];
  const values = [
    [0, 1],
    [1.5, null],
    [2, 2],
    [null, 3],
  ];
  it('lists visible series that have a value at the index, with their unit', () => {
    expect(tooltipRows(series, values, 0, () => 'ms')).toEqual([{ label: 'a', value: '1.5 ms', color: '#111111' }]);
    expect(tooltipRows(series, values, 1, () => undefined)).toEqual([{ label: 'c', value: '3', color: '' }]);
  });
  it('caps the number of rows', () => {
    const many = [{ label: 'Time' }, ...Array.from({ length: 30 }, (_, i) => ({ label: `s${i}` }))];
    const vals = [[0], ...Array.from({ length: 30 }, () => [1])];
    expect(tooltipRows(many, vals, 0, () => undefined, 20)).toHaveLength(20);
  });
});

describe('formatTime and withAlpha', () => {
  it('formats a local timestamp with milliseconds only when present', () => {
    expect(formatTime(new Date(2024, 0, 2, 3, 4, 5).getTime())).toBe('2024-01-02 03:04:05');
    expect(formatTime(new Date(2024, 0, 2, 3, 4, 5, 67).getTime())).toBe('2024-01-02 03:04:05.067');
  });
  it('turns #rrggbb into rgba and leaves other colours alone', () => {
    expect(withAlpha('#ff8000', 0.5)).toBe('rgba(255,128,0,0.5)');
    expect(withAlpha('red', 0.5)).toBe('red');
  });
});

describe('nextCursorIndex (keyboard crosshair)', () => {
  it('starts at an end, steps by one or ten, stops at the ends, and ignores other keys', () => {
    expect(nextCursorIndex('ArrowRight', false, null, 5)).toBe(0);
    expect(nextCursorIndex('ArrowLeft', false, null, 5)).toBe(4);
    expect(nextCursorIndex('ArrowRight', false, 3, 5)).toBe(4);
    expect(nextCursorIndex('ArrowRight', false, 4, 5)).toBe(4);
    expect(nextCursorIndex('ArrowRight', true, 0, 50)).toBe(10);
    expect(nextCursorIndex('ArrowLeft', true, 5, 50)).toBe(0);
    expect(nextCursorIndex('Home', false, 7, 50)).toBe(0);
    expect(nextCursorIndex('End', false, 7, 50)).toBe(49);
    expect(nextCursorIndex('x', false, 7, 50)).toBeNull();
    expect(nextCursorIndex('ArrowRight', false, null, 0)).toBeNull();
  });
});
