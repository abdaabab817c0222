import type uPlot from 'uplot';
import { describe, expect, it, vi } from 'vitest';
import { buildUplotOptions, unitOfSeries } from '../../src/charts/build-options.ts';
import { type ChartHandlers, FALLBACK_THEME } from '../../src/charts/handlers.ts';
import type { ChartData, ChartOptions } from '../../src/charts/types.ts';

const data: ChartData = {
  times: new Float64Array([0, 1000]),
  series: [
    { label: 'cpu', values: new Float64Array([1, 2]) },
    { label: 'mem', values: new Float64Array([3, 4]), axis: 'right' },
  ],
};

function handlers(patch: Partial<ChartHandlers> = {}): ChartHandlers {
  return { onZoom: undefined, onZoomOut: undefined, thresholds: [], xRange: undefined, theme: FALLBACK_THEME, ...patch };
}

function build(options: Partial<ChartOptions> = {}, h = handlers(), d = data): uPlot.Options {
  return buildUplotOptions({ width: 400, height: 200, ...options }, d, h);
}

describe('buildUplotOptions', () => {
  it('plots milliseconds on a time x scale, one uPlot series per chart series, never bridging gaps', () => {
    const opts = build();
    expect(opts.ms).toBe(1);
    expect(opts.scales?.x?.time).toBe(true);
    expect(opts.series.map((s) => s.label)).toEqual(['Time', 'cpu', 'mem']);
    expect(opts.series.slice(1).every((s) => s.spanGaps === false)).toBe(true);
  });

  it('adds a right-hand axis on its own scale only when a series asks for it', () => {
    const opts = build({ unit: '%', rightUnit: 'bytes' });
    expect(opts.series[2]?.scale).toBe('y2');
    expect(opts.axes).toHaveLength(3);
    expect(opts.axes?.[2]).toMatchObject({ scale: 'y2', side: 1 });
    const leftOnly = build({}, handlers(), { ...data, series: [data.series[0]!] });
    expect(leftOnly.axes).toHaveLength(2);
    expect(leftOnly.scales?.y2).toBeUndefined();
  });

  it('formats axis ticks and legend values in the unit', () => {
    const opts = build({ unit: '%', rightUnit: 'bytes' });
    const fakeU = {} as uPlot;
    const left = opts.axes?.[1]?.values as (u: uPlot, splits: number[]) => string[];
    expect(left(fakeU, [0, 50])).toEqual(['0%', '50%']);
    const right = opts.axes?.[2]?.values as (u: uPlot, splits: number[]) => string[];
    expect(right(fakeU, [2048])).toEqual(['2 KiB']);
    const legendValue = opts.series[2]?.value as (u: uPlot, v: number | null) => string;
    expect(legendValue(fakeU, 1024)).toBe('1 KiB');
    expect(legendValue(fakeU, null)).toBe('—');
    expect(unitOfSeries({ label: 'x', values: new Float64Array(), unit: 'ms' }, { width: 1, height: 1, unit: '%' })).toBe('ms');
  });

  it('draws each style differently: area fills, bars use the bars path, points have no line', () => {
    expect(build({ style: 'line' }).series[1]?.fill).toBeUndefined();
    expect(build({ style: 'area' }).series[1]?.fill).toMatch(/^rgba\(/);
    const bars = build({ style: 'bars' }).series[1];
    expect(typeof bars?.paths).toBe('function');
    const points = build({ style: 'points' }).series[1];
    expect((points!.paths as () => null)()).toBeNull();
    expect(points?.points?.show).toBe(true);
  });

  it('shows the given x range instead of the data extent, read when the scale is ranged', () => {
    const h = handlers();
    const range = build({}, h).scales?.x?.range as (u: uPlot, min: number, max: number) => [number, number];
    expect(range({} as uPlot, 10, 20)).toEqual([10, 20]);
    h.xRange = { fromMs: 0, toMs: 100 };
    expect(range({} as uPlot, 10, 20)).toEqual([0, 100]);
  });

  it('shares the cursor through the sync key', () => {
    expect(build({ syncKey: 'dash-1' }).cursor?.sync?.key).toBe('dash-1');
    expect(build().cursor?.sync).toBeUndefined();
  });

  it('widens the y range to include thresholds', () => {
    const h = handlers({ thresholds: [{ value: 90, color: 'red' }] });
    const range = build({}, h).scales?.y?.range as (u: uPlot, min: number, max: number) => [number, number];
    const [lo, hi] = range({} as uPlot, 10, 40);
    expect(lo).toBeLessThanOrEqual(10);
    expect(hi).toBeGreaterThanOrEqual(90);
  });

  it('turns a drag into onZoom(fromMs, toMs) and clears the selection', () => {
    const onZoom = vi.fn();
    const opts = build({}, handlers({ onZoom }));
    const setSelect = vi.fn();
    const setScale = vi.fn();
    const u = { select: { left: 100, width: 50 }, posToVal: (px: number) => px * 10, setSelect, setScale } as unknown as uPlot;
    const hook = opts.hooks?.setSelect?.[0] as (u: uPlot) => void;
    hook(u);
    expect(onZoom).toHaveBeenCalledWith(1000, 1500);
    expect(setSelect).toHaveBeenCalled();
    expect(setScale).not.toHaveBeenCalled();
  });

  it('zooms itself when no onZoom is given, and ignores a click-sized selection', () => {
    const opts = build();
    const setScale = vi.fn();
    const hook = opts.hooks?.setSelect?.[0] as (u: uPlot) => void;
    hook({ select: { left: 10, width: 20 }, posToVal: (px: number) => px, setSelect: vi.fn(), setScale } as unknown as uPlot);
    expect(setScale).toHaveBeenCalledWith('x', { min: 10, max: 30 });
    setScale.mockClear();
    hook({ select: { left: 10, width: 1 }, posToVal: (px: number) => px, setSelect: vi.fn(), setScale } as unknown as uPlot);
    expect(setScale).not.toHaveBeenCalled();
  });

  it('calls onZoomOut on a double-click instead of uPlot reset, and falls back to the reset without it', () => {
    const onZoomOut = vi.fn();
    const h = handlers({ onZoomOut });
    const factory = build({}, h).cursor?.bind?.dblclick as uPlot.Cursor.MouseListenerFactory;
    const reset = vi.fn(() => null);
    const listener = factory({} as uPlot, {} as HTMLElement, reset)!;
    listener({} as MouseEvent);
    expect(onZoomOut).toHaveBeenCalledTimes(1);
    expect(reset).not.toHaveBeenCalled();
    h.onZoomOut = undefined; // handlers are read when the event fires
    listener({} as MouseEvent);
    expect(reset).toHaveBeenCalledTimes(1);
  });
});
