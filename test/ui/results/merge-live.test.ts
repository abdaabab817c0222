import { describe, expect, it } from 'vitest';
import { mergeLiveUpdate } from '../../../src/ui/results/merge-live.ts';
import { makeResult, numberColumn, textColumn, timeColumn } from './make-result.ts';

const held = makeResult([
  timeColumn('t', [1000, 1000, 2000, 2000, 3000]),
  textColumn('h', ['a', 'b', 'a', 'b', 'a']),
  numberColumn('v', [1, 2, 3, null, 5]),
]);

describe('mergeLiveUpdate', () => {
  it('replaces the tail from replaceFromMs with the update and keeps the rest', () => {
    const update = makeResult([
      timeColumn('t', [2000, 2000, 3000, 4000]),
      textColumn('h', ['a', 'b', 'a', 'a']),
      numberColumn('v', [30, 40, 50, 60]),
    ]);
    const merged = mergeLiveUpdate(held, { result: update, replaceFromMs: 2000, fromMs: 0, toMs: 5000 });
    expect(merged.rowCount).toBe(6);
    const [t, h, v] = merged.columns;
    expect(t?.kind === 'bigint' && Array.from(t.timeMs!)).toEqual([1000, 1000, 2000, 2000, 3000, 4000]);
    expect(t?.kind === 'bigint' && Array.from(t.data).map(Number)).toEqual([1e9, 1e9, 2e9, 2e9, 3e9, 4e9]);
    expect(h?.data).toEqual(['a', 'b', 'a', 'b', 'a', 'a']);
    expect(v?.kind === 'number' && Array.from(v.data)).toEqual([1, 2, 30, 40, 50, 60]);
  });

  it('drops rows that slid out of the window and keeps NULL marks', () => {
    const update = makeResult([timeColumn('t', [3000]), textColumn('h', ['a']), numberColumn('v', [7])]);
    const merged = mergeLiveUpdate(held, { result: update, replaceFromMs: 3000, fromMs: 2000, toMs: 4000 });
    const v = merged.columns[2]!;
    expect(merged.rowCount).toBe(3);
    expect(v.kind === 'number' && Array.from(v.data)).toEqual([3, 0, 7]);
    expect(v.kind === 'number' && Array.from(v.valid!)).toEqual([1, 0, 1]);
  });

  it('takes the update whole when it says so, when nothing is held, or when the columns changed', () => {
    const update = makeResult([timeColumn('t', [9000]), textColumn('h', ['z']), numberColumn('v', [9])]);
    expect(mergeLiveUpdate(held, { result: update, replaceFromMs: null, fromMs: 0, toMs: 1 })).toBe(update);
    expect(mergeLiveUpdate(null, { result: update, replaceFromMs: 5, fromMs: 0, toMs: 1 })).toBe(update);
    const other = makeResult([timeColumn('t', [9000]), numberColumn('x', [9])]);
    expect(mergeLiveUpdate(held, { result: other, replaceFromMs: 5, fromMs: 0, toMs: 1 })).toBe(other);
  });
});
