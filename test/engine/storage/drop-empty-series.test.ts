import { describe, expect, it } from 'vitest';
import { DEFAULT_TABLE_OPTIONS } from '../../../src/engine/model/options.ts';
import { Catalog } from '../../../src/engine/storage/catalog.ts';
import { DecodeCache } from '../../../src/engine/storage/decode-cache.ts';
import type { PersistedState } from '../../../src/engine/storage/durability.ts';
import type { StorageEngine } from '../../../src/engine/storage/index.ts';
import { restore } from '../../../src/engine/storage/restore.ts';
import { codec, DAY, DB, memoryEngine, ns, T0, TABLE } from './helpers.ts';
import { IDBFactory, idbEngine, snapshot } from './idb-helpers.ts';

const record = (host: string, t: number, measure: string, value: string, extra: Record<string, string> = {}) => ({
  Dimensions: [{ Name: 'host', Value: host }, ...Object.entries(extra).map(([Name, Value]) => ({ Name, Value }))],
  MeasureName: measure,
  MeasureValue: value,
  MeasureValueType: 'DOUBLE' as const,
  Time: String(t),
});

async function write(e: StorageEngine, records: ReturnType<typeof record>[]): Promise<void> {
  const r = await e.writeRecords({ DatabaseName: DB, TableName: TABLE, Records: records });
  expect(r.RejectedRecords).toEqual([]);
}

/** What SQL and the UI see of the table's catalog. */
function shape(e: StorageEngine) {
  const d = e.describeTable(DB, TABLE);
  return { dimensions: d.dimensions, measures: d.measures.map((m) => `${m.name}:${m.type}`), series: d.series };
}

async function seriesMatched(e: StorageEngine, host: string): Promise<number> {
  return (await e.scan({ database: DB, table: TABLE, seriesFilter: { dimensions: { host } } })).stats.seriesMatched;
}

describe('series emptied by DELETE or expiry leave the catalog', () => {
  it('drops a deleted series with the dimension values, dimensions and measures only it carried', async () => {
    const e = await memoryEngine();
    await write(e, [
      record('a', T0 - 3000, 'cpu', '1'),
      record('a', T0 - 2000, 'mem', '2', { rack: 'r1' }),
      record('b', T0 - 3000, 'cpu', '3'),
    ]);
    expect(shape(e)).toEqual({ dimensions: ['host', 'rack'], measures: ['cpu:DOUBLE', 'mem:DOUBLE'], series: 3 });
    const version = e.tableSchemaVersion(DB, TABLE);

    // Only part of a's cpu: the series keeps its other point.
    await e.deleteRecords({
      database: DB,
      table: TABLE,
      dimensions: { host: 'a' },
      measureName: 'cpu',
      timeRange: { from: ns(T0 - 2500) },
    });
    expect(shape(e).series).toBe(3);
    await e.deleteRecords({ database: DB, table: TABLE, dimensions: { host: 'a' }, timeRange: {} });
    expect(shape(e)).toEqual({ dimensions: ['host'], measures: ['cpu:DOUBLE'], series: 1 });
    expect(e.tableSchemaVersion(DB, TABLE)).not.toBe(version);
    expect(await seriesMatched(e, 'a')).toBe(0);
    expect(await seriesMatched(e, 'b')).toBe(1);

    // Written again, it is a new series, and its measure may take another type (as after reopening).
    await write(e, [{ ...record('a', T0 - 1000, 'mem', '7'), MeasureValueType: 'BIGINT' as never }]);
    expect(shape(e)).toEqual({ dimensions: ['host'], measures: ['cpu:DOUBLE', 'mem:BIGINT'], series: 2 });
    const points = (await snapshot(e)).points;
    expect([...points.keys()].sort()).toEqual([`cpu/host,b|${ns(T0 - 3000)}`, `mem/host,a|${ns(T0 - 1000)}`]);
  });

  it('keeps MULTI attribute types another series still has, and drops the others', async () => {
    const e = await memoryEngine();
    const multi = (host: string, attrs: Record<string, string>) => ({
      Dimensions: [{ Name: 'host', Value: host }],
      MeasureName: 'm',
      MeasureValueType: 'MULTI' as const,
      MeasureValues: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value, Type: 'DOUBLE' as const })),
      Time: String(T0 - 1000),
    });
    const r = await e.writeRecords({
      DatabaseName: DB,
      TableName: TABLE,
      Records: [multi('a', { x: '1', y: '2' }), multi('b', { x: '3' })],
    });
    expect(r.RejectedRecords).toEqual([]);
    expect(e.describeTable(DB, TABLE).multiMeasureAttributes.map((a) => a.name)).toEqual(['x', 'y']);
    await e.deleteRecords({ database: DB, table: TABLE, dimensions: { host: 'a' }, timeRange: {} });
    expect(e.describeTable(DB, TABLE).multiMeasureAttributes.map((a) => a.name)).toEqual(['x']);
    expect(shape(e).measures).toEqual(['m:MULTI']);
  });

  it('survives a crash before the checkpoint (the log replays the drop) and after it (nothing of it is stored)', async () => {
    const factory = new IDBFactory();
    const a = await idbEngine(factory, { chunkPoints: 4 });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE);
    await write(
      a,
      Array.from({ length: 10 }, (_, i) => record('a', T0 - 20_000 + i * 1000, 'cpu', String(i))),
    );
    await write(a, [record('b', T0 - 5000, 'cpu', '9')]);
    await a.checkpoint(); // a's chunks are stored now: the drop must delete them.
    await a.deleteRecords({ database: DB, table: TABLE, dimensions: { host: 'a' }, timeRange: {} });
    // The same key written again after the drop: a new series, logged after the delete.
    await write(a, [record('a', T0 - 500, 'cpu', '42')]);
    const before = { shape: shape(a), points: await snapshot(a) };
    expect(before.shape.series).toBe(2);
    a.abandon();

    const b = await idbEngine(factory, { chunkPoints: 4 });
    expect({ shape: shape(b), points: await snapshot(b) }).toEqual(before);
    await b.deleteRecords({ database: DB, table: TABLE, dimensions: { host: 'b' }, timeRange: {} });
    await b.close();

    const raw = await rawStores(factory);
    expect(raw.series).toHaveLength(1);
    const kept = raw.series[0] as { id: number };
    expect(raw.memtierSeries.every((id) => id === kept.id)).toBe(true);

    const c = await idbEngine(factory, { chunkPoints: 4 });
    expect(shape(c)).toEqual({ dimensions: ['host'], measures: ['cpu:DOUBLE'], series: 1 });
    expect([...(await snapshot(c)).points.values()]).toEqual(['42']);
    c.abandon();
  });

  it('drops series whose data all expired, magnetic-only ones included, and they stay dropped on reopen', async () => {
    const factory = new IDBFactory();
    let now = T0;
    const a = await idbEngine(factory, { clock: () => now });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE, { memoryStoreRetentionHours: 1, magneticStoreRetentionDays: 1 });
    const writeHost = async (host: string, start: number) => {
      const times = Float64Array.from({ length: 60 }, (_, i) => start + i * 20_000);
      await a.writeColumns({ database: DB, table: TABLE, dimensions: { host }, measureName: 'cpu', times, values: times.map((_, i) => i) });
    };
    await writeHost('old', now - 50 * 60_000);
    now += 45 * 60_000;
    await a.runRetention();
    // 'old' lives in the magnetic tier alone now.
    expect(a.stats().tables[0]?.magnetic.points).toBe(60);
    expect(a.stats().tables[0]?.memory.points).toBe(0);
    now += DAY - 25 * 60_000;
    await writeHost('new', now - 10 * 60_000);
    await a.runRetention();
    expect(await seriesMatched(a, 'old')).toBe(0);
    expect(shape(a).series).toBe(1);
    a.abandon();
    const b = await idbEngine(factory, { clock: () => now });
    expect(shape(b).series).toBe(1);
    expect(await seriesMatched(b, 'new')).toBe(1);
    expect((await rawStores(factory)).series).toHaveLength(1);
    b.abandon();
  });

  it('drops an emptied series only once the whole log is replayed: a later entry may still write to it by id', () => {
    // The magnetic index loaded is today's: a series whose magnetic chunks expired since looks empty
    // at an old delete entry, though a later entry appends to it.
    const catalog = new Catalog();
    const table = { id: 1, database: DB, name: TABLE, options: DEFAULT_TABLE_OPTIONS, createdAt: 0 };
    const series = {
      id: 5,
      tableId: 1,
      measureName: 'cpu',
      dimensions: [['host', 'a']] as const,
      kind: 'single' as const,
      columns: [{ name: 'measure_value::double', type: 'double' as const }],
    };
    const state: PersistedState = {
      databases: [{ name: DB, createdAt: 0 }],
      tables: [table],
      series: [series],
      memTier: [],
      magneticIndex: [],
      wal: [
        { kind: 'delete', tableId: 1, seriesIds: [5], from: 0n, to: ns(T0) },
        {
          kind: 'put',
          tableId: 1,
          series: [],
          puts: [
            {
              seriesId: 5,
              times: BigInt64Array.of(ns(T0 + 1)),
              columns: [{ name: 'measure_value::double', type: 'double', values: Float64Array.of(3) }],
              versions: null,
            },
          ],
        },
      ],
    };
    restore(catalog, { codec, cache: new DecodeCache(codec), chunkPoints: 16, partitionNs: ns(DAY), magnetic: () => undefined }, state);
    const kept = catalog.seriesById.get(5);
    expect(kept?.head.length).toBe(1);
    expect(catalog.droppedSeries.size).toBe(0);
  });
});

/** The series records and the series ids of memory-tier chunk records, read straight from IndexedDB. */
async function rawStores(factory: IDBFactory): Promise<{ series: unknown[]; memtierSeries: number[] }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = factory.open('tidemark:test');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const all = <T>(store: string) =>
    new Promise<T[]>((resolve, reject) => {
      const request = db.transaction(store, 'readonly').objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result as T[]);
      request.onerror = () => reject(request.error);
    });
  const series = await all<unknown>('series');
  const memtier = await all<{ seriesId: number }>('memtier');
  db.close();
  return { series, memtierSeries: memtier.map((m) => m.seriesId) };
}
