import { describe, expect, it } from 'vitest';
import type { StorageEngine } from '../../../src/engine/storage/index.ts';
import { DB, HOUR, memoryEngine, ns, T0, TABLE } from './helpers.ts';

/** hosts a,b,c x measures cpu,mem, one point a minute for 3 hours. */
async function filled(options: Parameters<typeof memoryEngine>[0] = {}): Promise<StorageEngine> {
  // Hour partitions, so three hours of data make several chunks.
  const e = await memoryEngine({ partitionNs: 3_600_000_000_000n, ...options });
  for (const host of ['a', 'b', 'c']) {
    for (const [k, measureName] of ['cpu', 'mem'].entries()) {
      const times = Float64Array.from({ length: 180 }, (_, i) => T0 - 3 * HOUR + i * 60_000);
      const values = Float64Array.from({ length: 180 }, (_, i) => i + k * 1000);
      await e.writeColumns({
        database: DB,
        table: TABLE,
        dimensions: { host, region: host === 'c' ? 'us' : 'eu' },
        measureName,
        times,
        values,
      });
    }
  }
  return e;
}

describe('scan', () => {
  it('selects series through the dimension and measure indexes', async () => {
    const e = await filled();
    const all = await e.scan({ database: DB, table: TABLE });
    expect(all.batches).toHaveLength(6);
    const eu = await e.scan({ database: DB, table: TABLE, seriesFilter: { dimensions: { region: 'eu' } }, measures: ['mem'] });
    expect(eu.batches.map((b) => `${b.series.dimensions.host}/${b.series.measureName}`)).toEqual(['a/mem', 'b/mem']);
    const some = await e.scan({
      database: DB,
      table: TABLE,
      seriesFilter: { dimensions: { host: ['a', 'c'] }, where: (s) => s.measureName === 'cpu' },
    });
    expect(some.batches.map((b) => b.series.dimensions.host)).toEqual(['a', 'c']);
    expect((await e.scan({ database: DB, table: TABLE, seriesFilter: { dimensions: { host: 'zzz' } } })).batches).toEqual([]);
    expect(some.stats.seriesMatched).toBe(2);
  });

  it('trims to a half-open time range and prunes chunks by zone map', async () => {
    const e = await filled();
    const from = ns(T0 - 2 * HOUR + 30 * 60_000);
    const to = ns(T0 - HOUR);
    const r = await e.scan({
      database: DB,
      table: TABLE,
      timeRange: { from, to },
      seriesFilter: { dimensions: { host: 'a' } },
      measures: ['cpu'],
    });
    const b = r.batches[0];
    expect(b?.times.length).toBe(30);
    expect(b?.times[0]).toBe(from);
    expect(b?.times[29]).toBe(to - ns(60_000));
    expect([...((b?.columns[0]?.values ?? []) as Float64Array)].slice(0, 2)).toEqual([90, 91]);
    expect(r.stats.chunksPruned).toBeGreaterThan(0);
  });

  it('answers whole standalone chunks from headers and the rest as points', async () => {
    const e = await filled();
    const r = await e.scan({
      database: DB,
      table: TABLE,
      want: 'chunk-headers',
      seriesFilter: { dimensions: { host: 'a' } },
      measures: ['cpu'],
      timeRange: { from: ns(T0 - 3 * HOUR + 30 * 60_000) },
    });
    // Hour 1 is cut by the range (points); hours 2 and 3 are sealed or in the head.
    const headerPoints = r.headers.reduce((s, h) => s + h.header.count, 0);
    const batchPoints = r.batches.reduce((s, b) => s + b.times.length, 0);
    expect(headerPoints + batchPoints).toBe(150);
    expect(r.headers.length).toBeGreaterThan(0);
    const h = r.headers[0]?.header;
    const stats = h?.columns[0]?.type === 'double' ? h.columns[0].stats : undefined;
    expect(stats?.min).toBeGreaterThanOrEqual(30);
    expect(r.stats.chunksFromHeaders).toBe(r.headers.length);
  });

  it('projects columns', async () => {
    const e = await memoryEngine();
    await e.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'a' },
      measureName: 'm',
      times: Float64Array.of(T0 - 1),
      columns: [
        { name: 'x', type: 'DOUBLE', values: Float64Array.of(1) },
        { name: 'y', type: 'BIGINT', values: BigInt64Array.of(2n) },
      ],
    });
    const r = await e.scan({ database: DB, table: TABLE, columns: ['y'] });
    expect(r.batches[0]?.columns.map((c) => c.name)).toEqual(['y']);
  });
});

describe('deleteRecords', () => {
  it('removes points in a range for matching series, from both tiers', async () => {
    let now = T0;
    const e = await filled({ clock: () => now, table: { memoryStoreRetentionHours: 3 } });
    now = T0 + 2 * HOUR;
    await e.runRetention();
    expect(e.stats().tables[0]?.magnetic.points).toBe(6 * 120);
    // 70 points in the magnetic tier, 30 in the memory tier.
    const r = await e.deleteRecords({
      database: DB,
      table: TABLE,
      timeRange: { from: ns(T0 - 3 * HOUR + 50 * 60_000), to: ns(T0 - 30 * 60_000) },
      dimensions: { host: 'a' },
      measureName: 'cpu',
    });
    expect(r.deleted).toBe(100);
    const a = await e.scan({ database: DB, table: TABLE, seriesFilter: { dimensions: { host: 'a' } }, measures: ['cpu'] });
    expect(a.batches[0]?.times.length).toBe(80);
    const b = await e.scan({ database: DB, table: TABLE, seriesFilter: { dimensions: { host: 'b' } }, measures: ['cpu'] });
    expect(b.batches[0]?.times.length).toBe(180);
    // A deleted time can be written again (it is really gone).
    const w = await e.writeRecords({
      DatabaseName: DB,
      TableName: TABLE,
      Records: [
        {
          Dimensions: [
            { Name: 'host', Value: 'a' },
            { Name: 'region', Value: 'eu' },
          ],
          MeasureName: 'cpu',
          MeasureValue: '-1',
          Time: String(T0 - 40 * 60_000),
        },
      ],
    });
    expect(w.RejectedRecords).toEqual([]);
  });

  it('removes everything of a table when no filter is given', async () => {
    const e = await filled();
    const r = await e.deleteRecords({ database: DB, table: TABLE, timeRange: {} });
    expect(r.deleted).toBe(6 * 180);
    expect((await e.scan({ database: DB, table: TABLE })).batches).toEqual([]);
  });
});

describe('catalog', () => {
  it('creates, lists, updates, describes and deletes databases and tables', async () => {
    const e = await memoryEngine();
    await expect(e.createDatabase(DB)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(e.createTable(DB, TABLE)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(e.createTable(DB, 'other', { memoryStoreRetentionHours: 9000 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'memoryStoreRetentionHours must be between 1 and 8766 (got 9000).',
    });
    await expect(e.createTable('nodb', 'other')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await e.createTable(DB, 'other', { magneticStoreRetentionDays: 30 });
    expect(e.listTables(DB)).toEqual(['metrics', 'other']);
    const d = await e.updateTable(DB, 'other', { enableMagneticStoreWrites: true });
    expect(d.options).toEqual({ memoryStoreRetentionHours: 6, magneticStoreRetentionDays: 30, enableMagneticStoreWrites: true });
    await expect(e.updateTable(DB, 'other', { magneticStoreRetentionDays: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await e.createDatabase('db2');
    expect(e.listDatabases()).toEqual(['db1', 'db2']);
    await e.deleteTable(DB, 'other');
    expect(e.listTables(DB)).toEqual(['metrics']);
    await e.deleteDatabase('db2');
    expect(e.listDatabases()).toEqual(['db1']);
    expect(() => e.describeTable(DB, 'other')).toThrow(/does not exist/);
  });
});

describe('retention', () => {
  it('moves aged data to the magnetic tier and a query gives the same answer before and after', async () => {
    let now = T0;
    const e = await memoryEngine({ clock: () => now, table: { memoryStoreRetentionHours: 1 } });
    for (let h = 0; h < 3; h++) {
      const times = Float64Array.from({ length: 60 }, (_, i) => now - HOUR + i * 60_000);
      await e.writeColumns({
        database: DB,
        table: TABLE,
        dimensions: { host: 'a' },
        measureName: 'cpu',
        times,
        values: Float64Array.from({ length: 60 }, (_, i) => h * 100 + i),
      });
      now += HOUR;
    }
    const before = await e.scan({ database: DB, table: TABLE });
    const report = await e.runRetention();
    expect(report.movedPoints).toBeGreaterThan(0);
    const after = await e.scan({ database: DB, table: TABLE });
    expect(after).toEqual({ ...after, batches: before.batches });
    const s = e.stats().tables[0];
    expect(s?.magnetic.points).toBe(report.movedPoints);
    expect((s?.memory.points ?? 0) + (s?.magnetic.points ?? 0)).toBe(180);
  });

  it('seals heads that stopped growing (compressed, not typed arrays), with the same answer', async () => {
    let now = T0;
    const e = await memoryEngine({ clock: () => now });
    const times = Float64Array.from({ length: 100 }, (_, i) => now - 100_000 + i * 1000);
    await e.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'a' },
      measureName: 'cpu',
      times,
      values: Float64Array.from(times, (_, i) => i * 0.5),
    });
    const before = await e.scan({ database: DB, table: TABLE });
    expect(e.stats().tables[0]?.memory.chunks).toBe(0);
    now += 30 * 60_000;
    await e.runRetention();
    expect(e.stats().tables[0]?.memory.chunks).toBe(0);
    now += HOUR;
    await e.runRetention();
    const s = e.stats().tables[0];
    expect(s?.memory.chunks).toBe(1);
    expect(s?.memory.points).toBe(100);
    expect((await e.scan({ database: DB, table: TABLE })).batches).toEqual(before.batches);
  });

  it('deletes data older than the magnetic retention', async () => {
    let now = T0;
    const e = await memoryEngine({ clock: () => now, table: { memoryStoreRetentionHours: 1, magneticStoreRetentionDays: 1 } });
    const times = Float64Array.from({ length: 60 }, (_, i) => now - HOUR + i * 60_000);
    await e.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'a' },
      measureName: 'cpu',
      times,
      values: new Float64Array(60).fill(1),
    });
    now += 2 * HOUR;
    expect((await e.runRetention()).movedPoints).toBe(60);
    now = T0 + 23 * HOUR + 30 * 60_000;
    const report = await e.runRetention();
    expect(report.expiredPoints).toBe(30);
    const r = await e.scan({ database: DB, table: TABLE });
    expect(r.batches[0]?.times.length).toBe(30);
    expect(r.batches[0]?.times[0]).toBe(ns(now - 24 * HOUR));
  });

  it('upserts against the magnetic tier: conflict, no-op and higher version', async () => {
    const e = await memoryEngine({ table: { memoryStoreRetentionHours: 1, enableMagneticStoreWrites: true } });
    const t = T0 - 2 * HOUR;
    const put = (v: string, version?: number) =>
      e.writeRecords({
        DatabaseName: DB,
        TableName: TABLE,
        Records: [
          {
            Dimensions: [{ Name: 'host', Value: 'a' }],
            MeasureName: 'cpu',
            MeasureValue: v,
            Time: String(t),
            ...(version ? { Version: version } : {}),
          },
        ],
      });
    await put('1');
    await e.runRetention();
    expect(e.stats().tables[0]?.magnetic.points).toBe(1);
    expect((await put('1')).RejectedRecords).toEqual([]);
    expect((await put('2')).RejectedRecords[0]?.ExistingVersion).toBe(1);
    expect((await put('2', 4)).RecordsIngested.MagneticStore).toBe(1);
    const r = await e.scan({ database: DB, table: TABLE });
    expect([...((r.batches[0]?.columns[0]?.values ?? []) as Float64Array)]).toEqual([2]);
    await e.runRetention();
    expect((await put('3', 3)).RejectedRecords[0]?.ExistingVersion).toBe(4);
    const again = await e.scan({ database: DB, table: TABLE });
    expect([...((again.batches[0]?.columns[0]?.values ?? []) as Float64Array)]).toEqual([2]);
  });
});
