import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { TidemarkError } from '../errors/index.ts';
import { seriesSignature, toAlignedData, validateChartData } from './aligned-data.ts';
import { buildUplotOptions } from './build-options.ts';
import { type ChartHandlers, type ChartTheme, FALLBACK_THEME } from './handlers.ts';
import type { ChartData, ChartOptions } from './types.ts';

const EMPTY: ChartData = { times: new Float64Array(0), series: [] };
/** Options that change only callbacks, size or thresholds: applied without rebuilding the plot. */
const LIGHT_KEYS = new Set<keyof ChartOptions>(['width', 'height', 'onZoom', 'onZoomOut', 'thresholds', 'xRange']);

/**
 * A time chart on uPlot. New data with the same series is swapped into the existing plot
 * (setData), so live updates never flicker; the plot is rebuilt only when the series themselves
 * or the style change. Colours follow the app's theme variables (--text-dim, --border, --text).
 */
export class TimeChart {
  private plot: uPlot | null = null;
  private options: ChartOptions;
  private data: ChartData = EMPTY;
  private signature = '';
  private readonly handlers: ChartHandlers;
  private readonly host: HTMLDivElement;
  private readonly themeObserver: MutationObserver | null;
  private readonly media: MediaQueryList | null;
  private readonly onMediaChange = () => this.refreshTheme();

  constructor(
    private readonly container: HTMLElement,
    options: ChartOptions,
  ) {
    this.options = { ...options };
    this.handlers = {
      onZoom: options.onZoom,
      onZoomOut: options.onZoomOut,
      thresholds: options.thresholds ?? [],
      xRange: options.xRange,
      theme: FALLBACK_THEME,
    };
    this.host = document.createElement('div');
    this.host.className = 'tm-chart';
    container.appendChild(this.host);
    this.handlers.theme = this.readTheme();
    this.themeObserver = typeof MutationObserver === 'function' ? new MutationObserver(() => this.refreshTheme()) : null;
    this.themeObserver?.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
    this.media = globalThis.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
    this.media?.addEventListener('change', this.onMediaChange);
    this.rebuild();
  }

  /** Replaces the data; throws VALIDATION when times do not ascend or a series' length differs. */
  setData(data: ChartData): void {
    const problem = validateChartData(data);
    if (problem) throw new TidemarkError('VALIDATION', `Chart data is invalid: ${problem}.`);
    this.data = data;
    const signature = seriesSignature(data);
    if (this.plot && signature === this.signature) {
      this.plot.setData(toAlignedData(data));
      this.describe();
      return;
    }
    this.rebuild();
  }

  setOptions(patch: Partial<ChartOptions>): void {
    const keys = Object.keys(patch) as (keyof ChartOptions)[];
    this.options = { ...this.options, ...patch };
    if ('onZoom' in patch) this.handlers.onZoom = patch.onZoom;
    if ('onZoomOut' in patch) this.handlers.onZoomOut = patch.onZoomOut;
    if ('thresholds' in patch) this.handlers.thresholds = patch.thresholds ?? [];
    if ('xRange' in patch) this.handlers.xRange = patch.xRange;
    if (!this.plot || keys.some((k) => !LIGHT_KEYS.has(k))) {
      this.rebuild();
      return;
    }
    if ('width' in patch || 'height' in patch) this.plot.setSize({ width: this.options.width, height: this.options.height });
    // Re-ranges the scales: y to include the thresholds, x to the new span.
    if ('thresholds' in patch || 'xRange' in patch) this.plot.setData(this.plot.data);
  }

  resize(width: number, height: number): void {
    this.options = { ...this.options, width, height };
    this.plot?.setSize({ width, height });
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = null;
    this.themeObserver?.disconnect();
    this.media?.removeEventListener('change', this.onMediaChange);
    this.host.remove();
  }

  /** The uPlot instance, for tests and advanced callers. */
  get uplot(): uPlot | null {
    return this.plot;
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.signature = seriesSignature(this.data);
    this.plot = new uPlot(buildUplotOptions(this.options, this.data, this.handlers), toAlignedData(this.data), this.host);
    this.describe();
  }

  /** Gives the canvas a name a screen reader can announce (the data itself is in the app's table alternative). */
  private describe(): void {
    const canvas = this.plot?.ctx.canvas;
    if (!canvas) return;
    const { times, series } = this.data;
    const span =
      times.length > 0 ? ` from ${new Date(times[0]!).toISOString()} to ${new Date(times[times.length - 1]!).toISOString()}` : '';
    const names = series.length > 0 ? `: ${series.map((s) => s.label).join(', ')}` : '';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      `${this.options.title ?? 'Time chart'}, ${series.length} series${names}, ${times.length} points${span}`,
    );
  }

  private readTheme(): ChartTheme {
    const style = getComputedStyle(this.container);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
      axis: read('--text-dim', FALLBACK_THEME.axis),
      grid: read('--border', FALLBACK_THEME.grid),
      text: read('--text', FALLBACK_THEME.text),
    };
  }

  private refreshTheme(): void {
    const next = this.readTheme();
    const current = this.handlers.theme;
    if (next.axis === current.axis && next.grid === current.grid && next.text === current.text) return;
    this.handlers.theme = next;
    this.plot?.redraw(false, true);
  }
}
