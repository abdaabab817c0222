import type uPlot from 'uplot';
import { formatValue } from './units.ts';

/** How the tooltip reads a series' unit (by uPlot series index). */
export type UnitOf = (seriesIndex: number) => string | undefined;

/** The tooltip's rows at a data index: visible series with a value there, in legend order. */
export function tooltipRows(
  series: readonly { readonly label?: unknown; readonly show?: boolean; readonly stroke?: unknown }[],
  values: readonly (readonly (number | null | undefined)[])[],
  index: number,
  unitOf: UnitOf,
  limit = 20,
): { label: string; value: string; color: string }[] {
  const rows: { label: string; value: string; color: string }[] = [];
  for (let s = 1; s < series.length && rows.length < limit; s++) {
    const cfg = series[s]!;
    if (cfg.show === false) continue;
    const v = values[s]?.[index];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    rows.push({
      label: String(cfg.label ?? `series ${s}`),
      value: formatValue(v, unitOf(s)),
      color: typeof cfg.stroke === 'string' ? cfg.stroke : '',
    });
  }
  return rows;
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const frac = ms % 1000 === 0 ? '' : `.${pad(d.getMilliseconds(), 3)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${frac}`;
}

/**
 * A tooltip that follows the cursor with the time and each visible series' value. It listens to
 * setCursor, which synced charts also receive, so a shared crosshair brings a shared tooltip.
 */
export function tooltipPlugin(unitOf: UnitOf): uPlot.Plugin {
  let el: HTMLDivElement | null = null;
  return {
    hooks: {
      init: (u) => {
        el = document.createElement('div');
        el.className = 'tm-chart-tooltip';
        el.hidden = true;
        u.over.appendChild(el);
      },
      setCursor: (u) => {
        if (!el) return;
        const { left, top, idx } = u.cursor;
        if (idx === null || idx === undefined || left === undefined || left < 0 || top === undefined) {
          el.hidden = true;
          return;
        }
        const time = u.data[0][idx];
        const rows = tooltipRows(u.series, u.data as unknown as (number | null | undefined)[][], idx, unitOf);
        if (time === undefined || rows.length === 0) {
          el.hidden = true;
          return;
        }
        el.replaceChildren();
        const head = document.createElement('div');
        head.className = 'tm-chart-tooltip-time';
        head.textContent = formatTime(time);
        el.appendChild(head);
        for (const row of rows) {
          const line = document.createElement('div');
          const swatch = document.createElement('span');
          swatch.className = 'tm-chart-tooltip-swatch';
          swatch.style.background = row.color;
          const label = document.createElement('span');
          label.textContent = `${row.label}: `;
          const value = document.createElement('b');
          value.textContent = row.value;
          line.append(swatch, label, value);
          el.appendChild(line);
        }
        el.hidden = false;
        const width = el.offsetWidth;
        const overWidth = u.over.clientWidth;
        const x = left + 14 + width > overWidth ? Math.max(0, left - 14 - width) : left + 14;
        const y = Math.min(Math.max(0, top + 14), Math.max(0, u.over.clientHeight - el.offsetHeight));
        el.style.transform = `translate(${x}px, ${y}px)`;
      },
    },
  };
}
