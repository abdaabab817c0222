import { afterEach, describe, expect, it, vi } from 'vitest';
import { type QueryProgress, runSql } from '../../../../src/engine/sql/run-sql.ts';
import { devopsCatalog, NOW } from '../fixtures/devops.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('query progress', () => {
  it('reports what the query has read so far while it runs, spaced in time', async () => {
    // A clock that moves 50 ms per reading, so reports are due every few checkpoints whatever the machine's speed.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 50));
    const reports: QueryProgress[] = [];
    const result = await runSql(
      devopsCatalog(1),
      'SELECT count(*) FROM "devops"."host_metrics" CROSS JOIN UNNEST(sequence(1, 10000)) AS t(x)',
      {
        now: NOW,
        onProgress: (p) => reports.push(p),
      },
    );
    expect(result.rowCount).toBe(1);
    expect(reports.length).toBeGreaterThan(1);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i]!.elapsedMs - reports[i - 1]!.elapsedMs).toBeGreaterThanOrEqual(200);
      expect(reports[i]!.rowsProduced).toBeGreaterThanOrEqual(reports[i - 1]!.rowsProduced);
    }
    expect(reports.at(-1)!.rowsProduced).toBeGreaterThan(0);
  });

  it('stays silent without a listener', async () => {
    const result = await runSql(devopsCatalog(), 'SELECT count(*) FROM "devops"."host_metrics"', { now: NOW });
    expect(result.rowCount).toBe(1);
  });
});
