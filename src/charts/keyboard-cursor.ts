import type uPlot from 'uplot';
import { formatTime, tooltipRows, type UnitOf } from './tooltip.ts';

/** The data index a key moves the keyboard cursor to, or null for keys it does not handle. */
export function nextCursorIndex(key: string, shift: boolean, current: number | null, length: number): number | null {
  if (length === 0) return null;
  const at = current ?? -1;
  const step = shift ? 10 : 1;
  switch (key) {
    case 'ArrowRight':
      return Math.min(length - 1, at < 0 ? 0 : at + step);
    case 'ArrowLeft':
      return Math.max(0, at < 0 ? length - 1 : at - step);
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return null;
  }
}

/**
 * Reading a chart without a mouse: the plot area takes focus (Tab), the arrow keys move the
 * crosshair point by point (Shift: ten at a time; Home/End: the ends), the tooltip follows, and a
 * polite live region says the time and each visible series' value. Escape hides the cursor.
 */
export function keyboardCursorPlugin(unitOf: UnitOf): uPlot.Plugin {
  return {
    hooks: {
      init: (u) => {
        const live = document.createElement('div');
        live.className = 'tm-chart-sr-only';
        live.setAttribute('aria-live', 'polite');
        u.root.appendChild(live);
        const over = u.over;
        over.tabIndex = 0;
        // "application": screen readers pass the arrow keys through to the chart.
        over.setAttribute('role', 'application');
        over.setAttribute('aria-roledescription', 'chart');
        over.setAttribute('aria-label', 'Chart values: the arrow keys move through the points, Escape leaves');
        let index: number | null = null;
        over.addEventListener('keydown', (event) => {
          const times = u.data[0];
          if (event.key === 'Escape') {
            index = null;
            u.setCursor({ left: -10, top: -10 });
            live.textContent = '';
            return;
          }
          const next = nextCursorIndex(event.key, event.shiftKey, index, times.length);
          if (next === null) return;
          event.preventDefault();
          index = next;
          const left = u.valToPos(times[next]!, 'x');
          u.setCursor({ left, top: u.over.clientHeight / 2 });
          const rows = tooltipRows(u.series, u.data as unknown as (number | null | undefined)[][], next, unitOf);
          live.textContent = `${formatTime(times[next]!)}: ${rows.length > 0 ? rows.map((r) => `${r.label} ${r.value}`).join(', ') : 'no values'}`;
        });
      },
    },
  };
}
