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

  it('hands over arrays no other column or vector holds: the same column twice, the vectors after, a second conversion', async () => {
    const result = await runSql(
      devopsCatalog(),
      `SELECT time, measure_value::double AS v, measure_value::double AS w, hostname FROM devops.host_metrics
       WHERE measure_name = 'cpu_utilization' AND measure_value::double IS NOT NULL ORDER BY hostname, time`,
      { now: NOW },
    );
    const first = toColumnarResult(result);
    const [time, v, w] = first.columns;
    if (time?.kind !== 'bigint' || v?.kind !== 'number' || w?.kind !== 'number') throw new Error('unexpected kinds');
    expect(v.data.buffer).not.toBe(w.data.buffer);
    const values = Array.from(v.data);
    const times = Array.from(time.data);
    // What the page does with a transferred answer: the worker's copies go away, or are written over.
    v.data.fill(-1);
    time.data.fill(0n);
    structuredClone(w.data, { transfer: [w.data.buffer] });
    expect(Array.from({ length: result.rowCount }, (_, i) => result.vectors[1]?.get(i))).toEqual(values);
    expect(Array.from({ length: result.rowCount }, (_, i) => result.vectors[0]?.get(i))).toEqual(times);
    const second = toColumnarResult(result);
    expect(second.columns[1]?.kind === 'number' && Array.from(second.columns[1].data)).toEqual(values);
    expect(second.columns[2]?.kind === 'number' && Array.from(second.columns[2].data)).toEqual(values);
    expect(second.columns[0]?.kind === 'bigint' && Array.from(second.columns[0].data)).toEqual(times);
  });
});
