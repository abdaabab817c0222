import { describe, expect, it } from 'vitest';
import { allFinite } from '../../../src/engine/storage/write-columns.ts';
import { DB, HOUR, memoryEngine, ns, T0, TABLE, testClock } from './helpers.ts';

const base = { database: DB, table: TABLE, dimensions: { host: 'a' }, measureName: 'cpu' };

async function values(e: Awaited<ReturnType<typeof memoryEngine>>) {
  const scan = await e.scan({ database: DB, table: TABLE });
  const b = scan.batches[0];
  return { times: [...(b?.times ?? [])], cols: b?.columns ?? [] };
}

describe('writeColumns', () => {
  it('appends typed arrays (ms times) through the fast path, sealing chunks by count and hour', async () => {
    const e = await memoryEngine({ chunkPoints: 1000, partitionNs: 3_600_000_000_000n });
    const n = 5000;
    const times = new Float64Array(n);
    const vals = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      times[i] = T0 - 5 * HOUR + i * 1000;
      vals[i] = i / 10;
    }
    const res = await e.writeColumns({ ...base, times, values: vals });
    expect(res).toEqual({ RecordsIngested: { Total: n, MemoryStore: n, MagneticStore: 0 }, RejectedRecords: [] });
    const { times: t, cols } = await values(e);
    expect(t).toEqual(Array.from(times, (m) => ns(m)));
    expect([...((cols[0]?.values ?? []) as Float64Array)]).toEqual([...vals]);
    const stats = e.stats().tables[0];
    expect(stats?.memory.points).toBe(n);
    // 5000 s cross two hour boundaries; no chunk spans an hour.
    for (const chunk of (await e.scan({ database: DB, table: TABLE, want: 'chunk-headers' })).headers) {
      expect(chunk.header.timeMin / 3_600_000_000_000n).toBe(chunk.header.timeMax / 3_600_000_000_000n);
    }
    // A second batch continues the series (head + new rows).
    const more = Float64Array.from({ length: 10 }, (_, i) => T0 - 5 * HOUR + (n + i) * 1000);
    await e.writeColumns({ ...base, times: more, values: new Float64Array(10).fill(9) });
    expect((await values(e)).times).toHaveLength(n + 10);
  });

  it('applies the same rules per row, with the row index as RecordIndex', async () => {
    const e = await memoryEngine();
    await e.writeColumns({ ...base, times: Float64Array.of(T0 - 3000), values: Float64Array.of(1) });
    const res = await e.writeColumns({
      ...base,
      times: Float64Array.of(T0 - 4000, T0 - 3000, T0 + HOUR, T0 - 2000, T0 - 7 * HOUR, T0 - 1000),
      values: Float64Array.of(0, 2, 3, Number.NaN, 5, 6),
    });
    expect(res.RecordsIngested.Total).toBe(2);
    expect(res.RejectedRecords.map((r) => [r.RecordIndex, r.Reason.slice(0, 40)])).toEqual([
      [1, 'A record already exists with the same ti'],
      [2, 'The record timestamp 2026-01-10T13:00:00'],
      [3, 'values[3] is NaN; DOUBLE values cannot b'],
      [4, 'The record timestamp 2026-01-10T05:00:00'],
    ]);
    expect(res.RejectedRecords[0]?.ExistingVersion).toBe(1);
    expect((await values(e)).times).toEqual([ns(T0 - 4000), ns(T0 - 3000), ns(T0 - 1000)]);
  });

  it('rejects a NaN, infinite or negative ms time by its row (no crash), with whole or fractional neighbours', async () => {
    for (const first of [T0 - 3000, T0 - 2999.5]) {
      const e = await memoryEngine();
      const res = await e.writeColumns({
        ...base,
        times: Float64Array.of(first, Number.NaN, T0 - 2000, Number.POSITIVE_INFINITY, -5, T0 - 1000),
        values: Float64Array.of(1, 2, 3, 4, 5, 6),
      });
      expect(res.RejectedRecords.map((r) => [r.RecordIndex, r.Reason])).toEqual([
        [1, 'times[1] NaN is not a non-negative finite number of ms.'],
        [3, 'times[3] Infinity is not a non-negative finite number of ms.'],
        [4, 'times[4] -5 is not a non-negative finite number of ms.'],
      ]);
      expect((await values(e)).times).toEqual([
        BigInt(Math.floor(first)) * 1_000_000n + (first % 1 ? 500_000n : 0n),
        ns(T0 - 2000),
        ns(T0 - 1000),
      ]);
    }
  });

  it('never takes an infinite time as 1970 on the fast path, even when the magnetic window reaches back that far', async () => {
    const e = await memoryEngine({ table: { magneticStoreRetentionDays: 73_000, enableMagneticStoreWrites: true } });
    const res = await e.writeColumns({ ...base, times: Float64Array.of(Number.POSITIVE_INFINITY), values: Float64Array.of(1) });
    expect(res.RejectedRecords.map((r) => r.RecordIndex)).toEqual([0]);
    expect(e.stats().tables[0]?.memory.points ?? 0).toBe(0);
    expect(e.stats().tables[0]?.magnetic.points ?? 0).toBe(0);
  });

  it('takes bigint ns times, versions, and every type', async () => {
    const e = await memoryEngine();
    const t = BigInt64Array.of(ns(T0) - 3n, ns(T0) - 2n, ns(T0) - 1n);
    await e.writeColumns({ ...base, measureName: 'b', times: t, type: 'BIGINT', values: BigInt64Array.of(1n, 2n, 3n) });
    await e.writeColumns({ ...base, measureName: 'ok', times: t, values: Uint8Array.of(1, 0, 1) });
    await e.writeColumns({ ...base, measureName: 's', times: t, values: ['x', null, 'z'] });
    const res = await e.writeColumns({
      ...base,
      measureName: 'b',
      times: t.slice(0, 2),
      type: 'BIGINT',
      values: BigInt64Array.of(10n, 20n),
      versions: BigInt64Array.of(2n, 1n),
    });
    expect(res.RejectedRecords.map((r) => r.RecordIndex)).toEqual([1]);
    const scan = await e.scan({ database: DB, table: TABLE });
    const by = Object.fromEntries(scan.batches.map((b) => [b.series.measureName, b]));
    expect([...((by.b?.columns[0]?.values ?? []) as BigInt64Array)]).toEqual([10n, 2n, 3n]);
    expect(by.b?.columns[0]?.name).toBe('measure_value::bigint');
    expect([...((by.ok?.columns[0]?.values ?? []) as Uint8Array)]).toEqual([1, 0, 1]);
    expect(by.ok?.columns[0]?.type).toBe('boolean');
    // A null single-measure value is a rejected row.
    expect(by.s?.columns[0]?.values).toEqual(['x', 'z']);
    expect(e.describeTable(DB, TABLE).measures.map((m) => `${m.name}:${m.type}`)).toEqual(['b:BIGINT', 'ok:BOOLEAN', 's:VARCHAR']);
  });

  it('writes MULTI columns with validity', async () => {
    const e = await memoryEngine();
    const times = Float64Array.of(T0 - 2000, T0 - 1000);
    await e.writeColumns({
      ...base,
      measureName: 'm',
      times,
      columns: [
        { name: 'load', type: 'DOUBLE', values: Float64Array.of(1.5, 2.5), validity: Uint8Array.of(1, 0) },
        { name: 'state', type: 'VARCHAR', values: ['up', 'down'] },
      ],
    });
    const { cols } = await values(e);
    expect(cols.map((c) => c.name)).toEqual(['load', 'state']);
    expect(cols[0]?.validity).toEqual(Uint8Array.of(1, 0));
    expect(cols[1]?.values).toEqual(['up', 'down']);
    expect(e.describeTable(DB, TABLE).multiMeasureAttributes).toEqual([
      { name: 'load', type: 'DOUBLE' },
      { name: 'state', type: 'VARCHAR' },
    ]);
  });

  it('refuses malformed requests with a typed error naming the field', async () => {
    const e = await memoryEngine();
    await expect(
      e.writeColumns({ ...base, dimensions: {}, times: new Float64Array(1), values: new Float64Array(1) }),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'dimensions' } });
    await expect(e.writeColumns({ ...base, times: new Float64Array(2), values: new Float64Array(1) })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'values has 1 rows but times has 2.',
    });
    await expect(
      e.writeColumns({ ...base, times: new Float64Array(1), type: 'BIGINT', values: new Float64Array(1) }),
    ).rejects.toMatchObject({ details: { field: 'values' } });
  });

  it('is fast: >= 10 M points/s on the append path (measured loosely here; see bench:storage)', async () => {
    const e = await memoryEngine();
    const n = 1_000_000;
    const times = new Float64Array(n);
    const vals = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      times[i] = T0 - 5 * HOUR + i * 10;
      vals[i] = Math.round(Math.sin(i / 100) * 1000) / 10;
    }
    const start = performance.now();
    await e.writeColumns({ ...base, times, values: vals });
    const ms = performance.now() - start;
    expect(e.stats().tables[0]?.memory.points).toBe(n);
    // A loose bound so a slow CI machine passes; the benchmark reports the real figure.
    expect(ms).toBeLessThan(2000);
  });

  it('allFinite finds NaN and ±Infinity at every position, in every one of its four lanes and the tail', () => {
    for (let n = 0; n <= 13; n++) {
      const finite = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * 1e308 * ((i % 3) / 2));
      expect(allFinite(finite), `n=${n}`).toBe(true);
      for (let at = 0; at < n; at++)
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
          const values = finite.slice();
          values[at] = bad;
          expect(allFinite(values), `n=${n} at=${at} ${bad}`).toBe(false);
        }
    }
    // Finite values whose sum would overflow are still finite.
    expect(allFinite(Float64Array.of(1e308, 1e308, 1e308, 1e308, 1e308, -0))).toBe(true);
  });
  it('rejects a NaN or infinite ms time by its row when the series has magnetic chunks (no RangeError while fetching them)', async () => {
    const clock = testClock(T0);
    const e = await memoryEngine({ clock: clock.now, table: { memoryStoreRetentionHours: 1, enableMagneticStoreWrites: true } });
    const times = Float64Array.from({ length: 120 }, (_, i) => T0 - HOUR + i * 30_000);
    await e.writeColumns({ ...base, times, values: Float64Array.from(times, (_, i) => i) });
    clock.advance(HOUR / 2);
    await e.runRetention();
    expect(e.stats().tables[0]?.magnetic.points).toBeGreaterThan(0);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const res = await e.writeColumns({ ...base, times: Float64Array.of(bad, T0 - HOUR + 15_000), values: Float64Array.of(1, 2) });
      expect(res.RejectedRecords.map((r) => r.RecordIndex)).toEqual([0]);
      expect(res.RecordsIngested.Total).toBe(1);
    }
    const batch = await e.writeColumnsBatch({
      database: DB,
      table: TABLE,
      times: Float64Array.of(Number.NaN),
      series: [{ ...base, values: Float64Array.of(3) }],
    });
    expect(batch.RejectedRecords.map((r) => r.RecordIndex)).toEqual([0]);
  });
});
