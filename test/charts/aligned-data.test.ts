import { describe, expect, it } from 'vitest';
import { seriesSignature, toAlignedData, validateChartData } from '../../src/charts/aligned-data.ts';
import type { ChartData } from '../../src/charts/types.ts';

const data: ChartData = {
  times: new Float64Array([1000, 2000, 3000, 4000]),
  series: [
    { label: 'a', values: new Float64Array([1, Number.NaN, 3, 4]) },
    { label: 'b', values: new Float64Array([5, 6, Number.NaN, 8]), missing: new Uint8Array([0, 0, 1, 0]), axis: 'right' },
  ],
};

describe('toAlignedData', () => {
  it('puts times first and turns NaN into null, which uPlot draws as a gap', () => {
    const aligned = toAlignedData(data);
    expect(Array.from(aligned[0] as ArrayLike<number>)).toEqual([1000, 2000, 3000, 4000]);
    expect(aligned[1]).toEqual([1, null, 3, 4]);
  });
  it('turns an entry missing only because of merged times into undefined, which uPlot steps over', () => {
    const aligned = toAlignedData(data);
    expect(aligned[2]).toEqual([5, 6, undefined, 8]);
  });
});

describe('seriesSignature', () => {
  it('changes when a label or axis changes, not when values change', () => {
    const same: ChartData = { ...data, series: data.series.map((s) => ({ ...s, values: new Float64Array(4).fill(9) })) };
    expect(seriesSignature(same)).toBe(seriesSignature(data));
    const relabelled: ChartData = { ...data, series: [{ ...data.series[0]!, label: 'c' }, data.series[1]!] };
    expect(seriesSignature(relabelled)).not.toBe(seriesSignature(data));
    const moved: ChartData = { ...data, series: [{ ...data.series[0]!, axis: 'right' }, data.series[1]!] };
    expect(seriesSignature(moved)).not.toBe(seriesSignature(data));
  });
});

describe('validateChartData', () => {
  it('accepts ascending times with equal lengths', () => {
    expect(validateChartData(data)).toBeNull();
  });
  it('names descending times and a short series', () => {
    expect(validateChartData({ times: new Float64Array([2, 1]), series: [] })).toContain('entry 1');
    expect(validateChartData({ times: new Float64Array([1, 2]), series: [{ label: 'x', values: new Float64Array(1) }] })).toContain(
      '"x" has 1 values for 2 times',
    );
  });
});
