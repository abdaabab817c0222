import { prng as random } from '../../src/engine/samples/signals.ts';

/**
 * TSBS cpu-only-like values: each of the 10 fields is an independent random walk with N(0, 1)
 * steps, clamped to [0, 100] and emitted truncated to an integer, one point every 10 s
 * (the model of timescale/tsbs, reproduced by distribution, not byte for byte).
 */
export const TSBS_FIELDS = [
  'usage_user',
  'usage_system',
  'usage_idle',
  'usage_nice',
  'usage_iowait',
  'usage_irq',
  'usage_softirq',
  'usage_steal',
  'usage_guest',
  'usage_guest_nice',
] as const;

/** mulberry32: small, seeded, good enough for benchmark data (the app's sample signals' generator). */
export { random };

export interface TsbsSeries {
  readonly name: string;
  readonly times: BigInt64Array;
  readonly values: Float64Array;
}

/** One host-day (8,640 points at 10 s) of every field. */
export function tsbsCpuSeries(points = 8640, seed = 123): TsbsSeries[] {
  const next = random(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const start = 1_451_606_400_000_000_000n; // 2016-01-01T00:00:00Z, TSBS's default start
  const times = BigInt64Array.from({ length: points }, (_, i) => start + BigInt(i) * 10_000_000_000n);
  return TSBS_FIELDS.map((field) => {
    let state = next() * 100;
    const values = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      state = Math.min(100, Math.max(0, state + normal()));
      values[i] = Math.trunc(state);
    }
    return { name: `tsbs/cpu_${field}`, times, values };
  });
}
