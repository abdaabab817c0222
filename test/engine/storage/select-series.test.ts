import { describe, expect, it } from 'vitest';
import { selectSeries } from '../../../src/engine/storage/select-series.ts';
import { TableState } from '../../../src/engine/storage/table-state.ts';

// selectSeries answers in series id order, which scans rely on (every batch, partial and last row comes
// in that order). Series usually enter the table in id order; after a restore or a dropped and re-created
// series they need not, and the answer must still be sorted.

function table(ids: readonly number[], measureOf: (id: number) => string = (id) => (id % 2 === 0 ? 'even' : 'odd')): TableState {
  const t = new TableState({ id: 1, database: 'd', name: 't', options: {} as TableState['options'], createdAt: 0 });
  for (const id of ids)
    t.addSeries({
      id,
      tableId: 1,
      measureName: measureOf(id),
      dimensions: [['host', `h${id % 3}`]],
      kind: 'single',
      columns: [{ name: 'measure_value::double', type: 'double' }],
    });
  return t;
}

const idsOf = (t: TableState, ...args: Parameters<typeof selectSeries> extends [unknown, ...infer R] ? R : never) =>
  selectSeries(t, ...args).map((s) => s.id);

describe('selectSeries', () => {
  it('returns series in id order whatever order they entered the table', () => {
    for (const ids of [
      [1, 2, 3, 4, 5, 6],
      [6, 5, 4, 3, 2, 1],
      [3, 1, 6, 2, 5, 4],
    ]) {
      const t = table(ids);
      expect(idsOf(t, undefined, undefined)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(idsOf(t, undefined, ['even'])).toEqual([2, 4, 6]);
      expect(idsOf(t, { dimensions: { host: ['h0', 'h1'] } }, undefined)).toEqual([1, 3, 4, 6]);
      expect(idsOf(t, { dimensions: { host: 'h1' } }, ['odd'])).toEqual([1]);
    }
  });

  it('gives each series once for repeated names or values, and intersects every filter', () => {
    // Hosts: 1 h1, 2 h2, 3 h0, 4 h1, 5 h2, 6 h0; odd and even measures.
    const t = table([1, 2, 3, 4, 5, 6]);
    expect(idsOf(t, { dimensions: { host: ['h0', 'h0', 'h2', 'h0'] } }, undefined)).toEqual([2, 3, 5, 6]);
    expect(idsOf(t, undefined, ['odd', 'even', 'odd'])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(idsOf(t, { dimensions: { host: ['h0', 'h2', 'nope'] } }, ['odd', 'odd'])).toEqual([3, 5]);
    expect(idsOf(t, { dimensions: { host: ['h1'], zone: ['a'] } }, undefined)).toEqual([]);
    expect(idsOf(t, { dimensions: { host: ['h1', 'h2'] }, seriesIds: [2, 4, 5] }, ['even'])).toEqual([2, 4]);
  });

  it('sorts the lists of several measure names into one id order, for any ids and any order they entered in', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    // Small ids, ids near and past 2^32 (the typed sort's limit), and ids past 2^53's safe range of positions.
    for (const scale of [1, 2 ** 31, 2 ** 33]) {
      for (let round = 0; round < 20; round++) {
        const n = 1 + (next() % 600);
        const ids = new Set<number>();
        while (ids.size < n) ids.add(scale === 1 ? next() % 5_000 : scale + (next() % 5_000));
        const entered = [...ids].sort(() => (next() % 3) - 1);
        const t = table(entered, (id) => `m${id % 5}`);
        const asked = ['m3', 'm0', 'm4', 'm1'];
        const want = [...ids].filter((id) => asked.includes(`m${id % 5}`)).sort((a, b) => a - b);
        expect(idsOf(t, undefined, asked)).toEqual(want);
      }
    }
  });

  it('keeps a selection while no series comes or goes: the same list, equal to one worked out afresh after any change', () => {
    const t = table([1, 2, 3, 4, 5, 6]);
    const first = selectSeries(t, { dimensions: { host: ['h0', 'h2'] } }, ['odd', 'even']);
    // The same names and values in another order and with repeats: the same selection.
    expect(selectSeries(t, { dimensions: { host: ['h2', 'h0', 'h2'] } }, ['even', 'odd'])).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first.map((s) => s.id)).toEqual([2, 3, 5, 6]);
    // Another filter is another selection.
    expect(selectSeries(t, { dimensions: { host: ['h0'] } }, ['odd', 'even']).map((s) => s.id)).toEqual([3, 6]);
    // A series added (id 9: host h0, odd) or removed changes it.
    t.addSeries({
      id: 9,
      tableId: 1,
      measureName: 'odd',
      dimensions: [['host', 'h0']],
      kind: 'single',
      columns: [{ name: 'measure_value::double', type: 'double' }],
    });
    const after = selectSeries(t, { dimensions: { host: ['h0', 'h2'] } }, ['odd', 'even']);
    expect(after).not.toBe(first);
    expect(after.map((s) => s.id)).toEqual([2, 3, 5, 6, 9]);
    t.removeSeries(after[1] as (typeof after)[number]);
    expect(selectSeries(t, { dimensions: { host: ['h2', 'h0'] } }, ['odd', 'even']).map((s) => s.id)).toEqual([2, 5, 6, 9]);
    // A predicate is worked out every time (it may read anything).
    let calls = 0;
    const where = () => {
      calls++;
      return true;
    };
    selectSeries(t, { where }, ['odd']);
    selectSeries(t, { where }, ['odd']);
    expect(calls).toBe(2 * selectSeries(t, undefined, ['odd']).length);
  });

  it('selects exactly the series meeting every filter, whichever list is smallest', () => {
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const t = new TableState({ id: 1, database: 'd', name: 't', options: {} as TableState['options'], createdAt: 0 });
      const count = 1 + next(120);
      const ids = new Set<number>();
      while (ids.size < count) ids.add(next(1_000));
      const made: { id: number; measure: string; dimensions: [string, string][] }[] = [];
      for (const id of ids) {
        // Some series lack a dimension; values repeat across measures.
        const dimensions: [string, string][] = [];
        if (next(5) > 0) dimensions.push(['host', `h${next(12)}`]);
        if (next(3) > 0) dimensions.push(['zone', `z${next(4)}`]);
        const measure = `m${next(7)}`;
        // A table holds one series per measure name and dimension values.
        const key = JSON.stringify([measure, dimensions]);
        if (made.some((m) => JSON.stringify([m.measure, m.dimensions]) === key)) continue;
        made.push({ id, measure, dimensions });
        t.addSeries({ id, tableId: 1, measureName: measure, dimensions, kind: 'single', columns: [{ name: 'v', type: 'double' }] });
      }
      const pick = (prefix: string, n: number) => Array.from({ length: 1 + next(n) }, () => `${prefix}${next(n + 2)}`);
      const measures = next(3) > 0 ? pick('m', 7) : undefined;
      const dimensions: Record<string, string | string[]> = {};
      if (next(2) > 0) dimensions.host = next(4) === 0 ? `h${next(12)}` : pick('h', 12);
      if (next(3) === 0) dimensions.zone = pick('z', 4);
      const seriesIds = next(4) === 0 ? made.map((m) => m.id).filter(() => next(3) === 0) : undefined;
      const filter = { dimensions, ...(seriesIds ? { seriesIds } : {}) };
      const want = made
        .filter(
          (m) =>
            (!measures || measures.includes(m.measure)) &&
            Object.entries(dimensions).every(([name, v]) => {
              const value = m.dimensions.find(([n]) => n === name)?.[1];
              return value !== undefined && (typeof v === 'string' ? [v] : v).includes(value);
            }) &&
            (!seriesIds || seriesIds.includes(m.id)),
        )
        .map((m) => m.id)
        .sort((a, b) => a - b);
      expect(idsOf(t, filter, measures), JSON.stringify({ measures, filter })).toEqual(want);
    }
  });
});
