import type { StatReducer, ThresholdStep } from './types.ts';

/** Reduces a series to one number; NaN entries are gaps and are skipped. Null when there is no value. */
export function reduceSeries(values: ArrayLike<number>, reducer: StatReducer): number | null {
  if (reducer === 'last') {
    for (let i = values.length - 1; i >= 0; i--) if (!Number.isNaN(values[i]!)) return values[i]!;
    return null;
  }
  let count = 0;
  let acc = reducer === 'min' ? Infinity : reducer === 'max' ? -Infinity : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    count++;
    if (reducer === 'min') acc = Math.min(acc, v);
    else if (reducer === 'max') acc = Math.max(acc, v);
    else acc += v;
  }
  if (count === 0) return null;
  return reducer === 'mean' ? acc / count : acc;
}

/** The colour of the highest threshold step the value reaches (Grafana's rule), or null below every step. */
export function thresholdColor(value: number, steps: readonly ThresholdStep[]): string | null {
  let best: ThresholdStep | null = null;
  for (const step of steps) if (value >= step.value && (best === null || step.value >= best.value)) best = step;
  return best?.color ?? null;
}

/** A stat for display: up to 3 significant decimals, thousands grouped, with its unit. */
export function formatStat(value: number | null, unit: string): string {
  if (value === null) return 'No data';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits });
  return unit ? `${text}${unit === '%' ? '' : ' '}${unit}` : text;
}
