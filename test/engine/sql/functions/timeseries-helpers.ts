import { rows } from '../fixtures/run.ts';

// Builders for the time-series tests: series written as [seconds after midnight, value] pairs,
// and results read back as [hh:mm:ss, value] rows by unnesting them.

/** A TIMESTAMP literal `seconds` after 2024-01-01 00:00:00. */
export function timeAt(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `TIMESTAMP '2024-01-01 ${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}'`;
}

/** A query giving one row with column `s`, a timeseries(double) of the points (in the order given). */
export function seriesOf(points: readonly (readonly [number, number | null])[]): string {
  const values = points.map(([t, v]) => `(${timeAt(t)}, ${v === null ? 'CAST(NULL AS double)' : `CAST(${v} AS double)`})`);
  return `SELECT create_time_series(t, v) AS s FROM (VALUES ${values.join(', ')}) AS p(t, v)`;
}

/**
 * The points of the timeseries `expression` over the one row of `source`, as [hh:mm:ss, value];
 * with `digits`, values rounded to that many decimals (for results that are exact only on paper).
 */
export async function pointsOf(expression: string, source: string, digits?: number): Promise<(string | null)[][]> {
  const value = digits === undefined ? 'u.value' : `round(u.value, ${digits})`;
  const result = await rows(
    `SELECT u.time, ${value} FROM (SELECT ${expression} AS r FROM (${source})) CROSS JOIN UNNEST(r) AS u(time, value) ORDER BY u.time`,
  );
  return result.map(([time, value]) => [time?.slice(11, 19) ?? null, value ?? null]);
}
