import { describe, expect, it } from 'vitest';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { devopsCatalog, NOW } from '../fixtures/devops.ts';

const M = '"devops"."host_metrics"';

/** Every phase is a non-negative time and together they are the query's elapsed time (float rounding aside). */
function expectPhasesAddUp(statistics: { elapsedMs: number; phases: { parseMs: number; planMs: number; executeMs: number } }) {
  const { parseMs, planMs, executeMs } = statistics.phases;
  for (const ms of [parseMs, planMs, executeMs]) expect(ms).toBeGreaterThanOrEqual(0);
  expect(parseMs + planMs + executeMs).toBeCloseTo(statistics.elapsedMs, 6);
}

describe('query phases', () => {
  it('splits a query into parse, plan and execute, adding up to its elapsed time', async () => {
    const result = await runSql(
      devopsCatalog(),
      `SELECT hostname, bin(time, 1m) AS minute, avg(measure_value::double) FROM ${M} WHERE measure_name = 'cpu_utilization' GROUP BY 1, 2 ORDER BY 1, 2`,
      { now: NOW },
    );
    expectPhasesAddUp(result.statistics);
    // A query that plans a scan spends time planning it (performance.now() moves in microseconds at least).
    expect(result.statistics.phases.planMs).toBeGreaterThan(0);
  });

  it('times EXPLAIN, EXPLAIN ANALYZE and metadata statements too (metadata has no plan)', async () => {
    for (const sql of [`EXPLAIN SELECT * FROM ${M}`, `EXPLAIN ANALYZE SELECT count(*) FROM ${M}`, 'SHOW TABLES FROM devops']) {
      const result = await runSql(devopsCatalog(), sql, { now: NOW });
      expectPhasesAddUp(result.statistics);
    }
    const show = await runSql(devopsCatalog(), 'SHOW DATABASES', { now: NOW });
    expect(show.statistics.phases.planMs).toBe(0);
  });
});
