import { describe, expect, it } from 'vitest';
import { chooseResultView, resultToChart, resultToChartData } from '../../../src/ui/results/result-to-chart.ts';
import { bigintColumn, booleanColumn, makeResult, numberColumn, textColumn, timeColumn } from './make-result.ts';

describe('resultToChartData', () => {
  it('makes one series per host for a GROUP BY hostname result', () => {
    const result = makeResult([
      timeColumn('t', [1000, 1000, 1000, 2000, 2000, 2000]),
      textColumn('hostname', ['a', 'b', 'c', 'a', 'b', 'c']),
      numberColumn('cpu', [1, 2, 3, 4, 5, 6]),
    ]);
    const data = resultToChartData(result)!;
    expect(Array.from(data.times)).toEqual([1000, 2000]);
    expect(data.series.map((s) => s.label)).toEqual(['a', 'b', 'c']);
    expect(data.series.map((s) => Array.from(s.values))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(data.series.every((s) => s.missing === undefined)).toBe(true);
  });

  it('sorts times, names series by column without groups, and converts bigint values', () => {
    const result = makeResult([timeColumn('time', [3000, 1000, 2000]), numberColumn('avg', [3, 1, 2]), bigintColumn('n', [30n, 10n, 20n])]);
    const data = resultToChartData(result)!;
    expect(Array.from(data.times)).toEqual([1000, 2000, 3000]);
    expect(data.series.map((s) => [s.label, Array.from(s.values)])).toEqual([
      ['avg', [1, 2, 3]],
      ['n', [10, 20, 30]],
    ]);
  });

  it('labels group × column when there are several value columns, joining several group columns', () => {
    const result = makeResult([
      timeColumn('t', [1, 1]),
      textColumn('region', ['eu', 'us']),
      textColumn('host', ['h1', 'h2']),
      numberColumn('cpu', [1, 2]),
      numberColumn('mem', [3, 4]),
    ]);
    const mapping = resultToChart(result)!;
    expect(mapping.data.series.map((s) => s.label)).toEqual(['eu, h1 · cpu', 'eu, h1 · mem', 'us, h2 · cpu', 'us, h2 · mem']);
    expect(mapping.seriesColumns).toEqual(['cpu', 'mem', 'cpu', 'mem']);
  });

  it('draws NULL values as gaps and marks times a group has no row as missing, not gaps', () => {
    const result = makeResult([
      timeColumn('t', [1000, 2000, 3000, 1500]),
      textColumn('host', ['a', 'a', 'a', 'b']),
      numberColumn('v', [1, null, 3, 9]),
    ]);
    const mapping = resultToChart(result)!;
    const [a, b] = mapping.data.series;
    expect(Array.from(mapping.data.times)).toEqual([1000, 1500, 2000, 3000]);
    expect(Array.from(a!.values)).toEqual([1, Number.NaN, Number.NaN, 3]);
    expect(Array.from(a!.missing!)).toEqual([0, 1, 0, 0]); // 2000 is a NULL: a gap; 1500 only b has
    expect(Array.from(b!.missing!)).toEqual([1, 0, 1, 1]);
  });

  it('returns null without a timestamp column or without a numeric column', () => {
    expect(resultToChartData(makeResult([textColumn('h', ['a']), numberColumn('v', [1])]))).toBeNull();
    expect(resultToChartData(makeResult([timeColumn('t', [1]), textColumn('h', ['a']), booleanColumn('b', [true])]))).toBeNull();
    expect(resultToChartData(makeResult([]))).toBeNull();
  });

  it('caps the number of series and reports how many were dropped', () => {
    const hosts = Array.from({ length: 10 }, (_, i) => `h${i}`);
    const result = makeResult([
      timeColumn(
        't',
        hosts.map(() => 1),
      ),
      textColumn('host', hosts),
      numberColumn(
        'v',
        hosts.map((_, i) => i),
      ),
    ]);
    const mapping = resultToChart(result, 4)!;
    expect(mapping.data.series).toHaveLength(4);
    expect(mapping.droppedSeries).toBe(6);
    expect(mapping.groupColumns).toEqual(['host']);
  });

  it('handles a million rows in one pass', () => {
    const n = 1_000_000;
    const ms = new Float64Array(n);
    const hosts: string[] = new Array(n);
    const vals: number[] = new Array(n);
    for (let i = 0; i < n; i++) {
      ms[i] = Math.floor(i / 4) * 1000;
      hosts[i] = `h${i % 4}`;
      vals[i] = i;
    }
    const result = makeResult([
      { name: 't', type: 'timestamp', kind: 'bigint', data: new BigInt64Array(n), timeMs: ms },
      textColumn('host', hosts),
      numberColumn('v', vals),
    ]);
    const data = resultToChartData(result)!;
    expect(data.series).toHaveLength(4);
    expect(data.times.length).toBe(n / 4);
    expect(data.series[3]!.values[10]).toBe(43);
  });
});

describe('chooseResultView', () => {
  it('charts a time series and tables anything else', () => {
    expect(chooseResultView(makeResult([timeColumn('t', [1, 2]), numberColumn('v', [1, 2])]))).toBe('chart');
    expect(chooseResultView(makeResult([timeColumn('t', [1]), numberColumn('v', [1])]))).toBe('table');
    expect(chooseResultView(makeResult([textColumn('h', ['a', 'b']), numberColumn('v', [1, 2])]))).toBe('table');
  });
});
