import type uPlot from 'uplot';
import type { ChartHandlers } from './handlers.ts';
import type { Threshold } from './types.ts';

/** The scale's range widened to include every threshold, so a threshold line is never off the chart. */
export function rangeWithThresholds(
  min: number | null,
  max: number | null,
  thresholds: readonly Threshold[],
): [number | null, number | null] {
  let lo = min;
  let hi = max;
  for (const t of thresholds) {
    if (!Number.isFinite(t.value)) continue;
    lo = lo === null ? t.value : Math.min(lo, t.value);
    hi = hi === null ? t.value : Math.max(hi, t.value);
  }
  return [lo, hi];
}

/** Draws each threshold as a dashed horizontal line on the left axis's scale, labelled at its right end. */
export function thresholdsPlugin(handlers: ChartHandlers): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx, bbox } = u;
        if (handlers.thresholds.length === 0) return;
        ctx.save();
        ctx.lineWidth = Math.max(1, uPlotPxRatio());
        ctx.setLineDash([6 * uPlotPxRatio(), 4 * uPlotPxRatio()]);
        ctx.font = `${11 * uPlotPxRatio()}px system-ui, sans-serif`;
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        for (const t of handlers.thresholds) {
          const y = u.valToPos(t.value, 'y', true);
          if (!Number.isFinite(y) || y < bbox.top - 1 || y > bbox.top + bbox.height + 1) continue;
          ctx.strokeStyle = t.color;
          ctx.beginPath();
          ctx.moveTo(bbox.left, y);
          ctx.lineTo(bbox.left + bbox.width, y);
          ctx.stroke();
          if (t.label) {
            ctx.fillStyle = t.color;
            ctx.fillText(t.label, bbox.left + bbox.width - 4, y - 2);
          }
        }
        ctx.restore();
      },
    },
  };
}

function uPlotPxRatio(): number {
  return globalThis.devicePixelRatio || 1;
}
