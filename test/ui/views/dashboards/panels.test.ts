import { describe, expect, it } from 'vitest';
import type { LiveUpdate } from '../../../../src/client/index.ts';
import { mergeLiveUpdate } from '../../../../src/ui/results/merge-live.ts';
import type { ColumnarResult } from '../../../../src/ui/results/result-types.ts';
import { applyUrlState } from '../../../../src/ui/views/dashboards/dashboard-page.tsx';
import { exampleDashboards } from '../../../../src/ui/views/dashboards/examples.ts';
import { newDashboard } from '../../../../src/ui/views/dashboards/model/ops.ts';
import { checkDashboard } from '../../../../src/ui/views/dashboards/model/validate.ts';
import { cellText, numericColumns } from '../../../../src/ui/views/dashboards/panels/result-values.ts';
import { statValues } from '../../../../src/ui/views/dashboards/panels/stat-panel.tsx';

const statistics = {} as ColumnarResult['statistics'];

/** A time-shaped result: t (timestamp), host (text), v (double, NULL where given as null). */
function result(rows: [number, string, number | null][]): ColumnarResult {
  const n = rows.length;
  const valid = rows.some((r) => r[2] === null) ? Uint8Array.from(rows, (r) => (r[2] === null ? 0 : 1)) : undefined;
  return {
    columns: [
      {
        name: 't',
        type: 'timestamp',
        kind: 'bigint',
        data: BigInt64Array.from(rows, (r) => BigInt(r[0]) * 1_000_000n),
        timeMs: Float64Array.from(rows, (r) => r[0]),
      },
      { name: 'host', type: 'varchar', kind: 'text', data: rows.map((r) => r[1]) },
      { name: 'v', type: 'double', kind: 'number', data: Float64Array.from(rows, (r) => r[2] ?? 0), ...(valid ? { valid } : {}) },
    ],
    rowCount: n,
    statistics,
  };
}

function rowsOf(r: ColumnarResult): string[] {
  return Array.from({ length: r.rowCount }, (_, i) => r.columns.map((c) => cellText(c, i)).join('|'));
}

// The shared merge (src/ui/results) as the live panels rely on it.
describe('live updates', () => {
  const before = result([
    [1000, 'a', 1],
    [2000, 'a', 2],
    [3000, 'a', 3],
    [4000, 'a', 4],
  ]);

  it('replaces the tail from replaceFromMs and drops rows that slid out of the window', () => {
    const update: LiveUpdate = {
      result: result([
        [3000, 'a', 30],
        [5000, 'a', null],
      ]),
      replaceFromMs: 3000,
      fromMs: 2000,
      toMs: 5000,
    };
    const merged = mergeLiveUpdate(before, update);
    expect(merged.rowCount).toBe(3);
    expect(rowsOf(merged).map((r) => r.split('|').slice(1).join('|'))).toEqual(['a|2', 'a|30', 'a|']);
    expect(merged.columns[0]?.kind === 'bigint' && Array.from(merged.columns[0].timeMs ?? [])).toEqual([2000, 3000, 5000]);
  });

  it('takes a whole result, a first result or a changed shape as it is', () => {
    const whole: LiveUpdate = { result: result([[9000, 'b', 9]]), replaceFromMs: null, fromMs: 0, toMs: 9000 };
    expect(mergeLiveUpdate(before, whole)).toBe(whole.result);
    expect(mergeLiveUpdate(null, { ...whole, replaceFromMs: 5 })).toBe(whole.result);
    const other: ColumnarResult = {
      columns: [{ name: 'x', type: 'double', kind: 'number', data: new Float64Array([1]) }],
      rowCount: 1,
      statistics,
    };
    expect(mergeLiveUpdate(before, { ...whole, result: other, replaceFromMs: 5 })).toBe(other);
  });
});

describe('panel values', () => {
  it('stats reduce each series of a time-shaped result', () => {
    const r = result([
      [1000, 'a', 1],
      [1000, 'b', 10],
      [2000, 'a', 3],
      [2000, 'b', null],
    ]);
    expect(statValues(r, 'last')).toEqual([
      { label: expect.stringContaining('a'), value: 3 },
      { label: expect.stringContaining('b'), value: 10 },
    ]);
    expect(statValues(r, 'max').map((s) => s.value)).toEqual([3, 10]);
  });

  it('stats of a result without time use its numeric columns, per row when there are labels', () => {
    const plain: ColumnarResult = {
      columns: [
        { name: 'avg', type: 'double', kind: 'number', data: new Float64Array([2.5]) },
        { name: 'n', type: 'bigint', kind: 'bigint', data: new BigInt64Array([7n]) },
      ],
      rowCount: 1,
      statistics,
    };
    expect(statValues(plain, 'last')).toEqual([
      { label: 'avg', value: 2.5 },
      { label: 'n', value: 7 },
    ]);
    const grouped: ColumnarResult = {
      columns: [
        { name: 'host', type: 'varchar', kind: 'text', data: ['a', 'b'] },
        { name: 'cpu', type: 'double', kind: 'number', data: new Float64Array([1, 2]) },
      ],
      rowCount: 2,
      statistics,
    };
    expect(numericColumns(grouped).map((c) => [c.label, c.values[0]])).toEqual([
      ['a cpu', 1],
      ['b cpu', 2],
    ]);
  });

  it('cells print times in UTC and NULL as empty', () => {
    const r = result([[Date.UTC(2024, 0, 2, 3, 4, 5), 'x', null]]);
    expect(rowsOf(r)).toEqual(['2024-01-02 03:04:05.000|x|']);
  });
});

describe('dashboards', () => {
  it('the example dashboards are valid', () => {
    for (const d of exampleDashboards()) expect(checkDashboard(JSON.parse(JSON.stringify(d))).ok).toBe(true);
  });

  it('a link overrides the saved time range, refresh and variable values', () => {
    const saved = {
      ...newDashboard('d', 'd'),
      variables: [
        { name: 'one', label: 'one', source: { kind: 'custom' as const, values: ['a', 'b'] }, multi: false, current: ['a'] },
        { name: 'many', label: 'many', source: { kind: 'custom' as const, values: ['a', 'b'] }, multi: true, current: [] },
      ],
    };
    const opened = applyUrlState(saved, {
      id: 'd',
      time: { kind: 'relative', last: '7d' },
      refresh: '5s',
      variables: new Map([
        ['one', ['b', 'a']],
        ['many', ['a', 'b']],
      ]),
      problems: [],
    });
    expect(opened.time).toEqual({ kind: 'relative', last: '7d' });
    expect(opened.refresh).toBe('5s');
    expect(opened.variables.map((v) => v.current)).toEqual([['b'], ['a', 'b']]);
  });
});
