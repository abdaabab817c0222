import { describe, expect, it } from 'vitest';
import { toColumnarResult } from '../../../../src/engine/sql/result/columnar.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { devopsCatalog, NOW } from '../fixtures/devops.ts';

describe('columnar results', () => {
  it('turns vectors into typed arrays with validity, and timestamps into ns and ms', async () => {
    const result = toColumnarResult(
      await runSql(
        devopsCatalog(),
        `SELECT time, measure_value::double AS v, hostname, measure_value::double > 15 AS hot, 7 AS k
         FROM devops.host_metrics WHERE hostname = 'host-1' AND measure_name = 'cpu_utilization' ORDER BY time`,
        { now: NOW },
      ),
    );
    expect(result.rowCount).toBe(4);
    const [time, v, host, hot, k] = result.columns;
    expect(time).toMatchObject({ name: 'time', type: 'timestamp', kind: 'bigint' });
    expect(time?.kind === 'bigint' && Array.from(time.timeMs ?? [])).toEqual([1704067200000, 1704067230000, 1704067260000, 1704067290000]);
    expect(v?.kind === 'number' && Array.from(v.data)).toEqual([10, 20, 30, 0]);
    expect(v?.kind === 'number' && Array.from(v.valid ?? [])).toEqual([1, 1, 1, 0]);
    expect(host).toMatchObject({ kind: 'text', data: ['host-1', 'host-1', 'host-1', 'host-1'] });
    expect(hot?.kind === 'boolean' && Array.from(hot.data)).toEqual([0, 1, 1, 0]);
    expect(k).toMatchObject({ kind: 'number', type: 'integer' });
  });
});
