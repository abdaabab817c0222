import type uPlot from 'uplot';

/**
 * uPlot's legend toggles a series on click; this makes each entry a keyboard button too
 * (Tab to it, Enter or Space toggles) and keeps aria-pressed in step with visibility.
 */
export function legendKeyboardPlugin(): uPlot.Plugin {
  const sync = (u: uPlot) => {
    const rows = u.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
    rows.forEach((row, i) => {
      if (i === 0) return;
      row.setAttribute('aria-pressed', String(u.series[i]?.show !== false));
    });
  };
  return {
    hooks: {
      init: (u) => {
        const rows = u.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
        rows.forEach((row, i) => {
          if (i === 0) return; // the time column
          row.tabIndex = 0;
          row.setAttribute('role', 'button');
          row.setAttribute('aria-label', `Show or hide ${String(u.series[i]?.label ?? `series ${i}`)}`);
          row.addEventListener('keydown', (event) => {
            if (event.key !== 'Enter' && event.key !== ' ') return;
            event.preventDefault();
            u.setSeries(i, { show: u.series[i]?.show === false });
          });
        });
        sync(u);
      },
      setSeries: (u) => sync(u),
    },
  };
}
