import { describe, expect, it } from 'vitest';
import { timestampMs, toColumnarResult } from '../../../../src/engine/sql/result/columnar.ts';
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

  it('gives timestamps in ms exactly as Number(ns / 1000n) / 1000, on both sides of the word-wise fast path', () => {
    const samples = [
      0n,
      1n,
      999n,
      1000n,
      1_704_067_200_123_456_789n,
      -1n,
      -1_000_001n,
      -(2n ** 63n),
      2n ** 63n - 1n,
      2n ** 62n - 1n,
      2n ** 62n,
    ];
    let x = 88_172_645_463_325_252n;
    for (let i = 0; i < 2000; i++) {
      x ^= (x << 13n) & (2n ** 64n - 1n);
      x ^= x >> 7n;
      x ^= (x << 17n) & (2n ** 64n - 1n);
      samples.push(BigInt.asIntN(64, x), BigInt.asIntN(64, x) >> BigInt(i % 40));
    }
    const data = BigInt64Array.from(samples);
    expect(Array.from(timestampMs(data))).toEqual(Array.from(data, (ns) => Number(ns / 1000n) / 1000));
  });
});
