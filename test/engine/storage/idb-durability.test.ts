import { describe, expect, it } from 'vitest';
import { mergePuts } from '../../../src/engine/storage/idb-durability.ts';
import type { WalEntry } from '../../../src/engine/storage/wal-entry.ts';
import { DB, HOUR, ns, T0, TABLE } from './helpers.ts';
import { IDBFactory, idbEngine, snapshot } from './idb-helpers.ts';

const rec = (host: string, t: number, v: string, version?: number) => ({
  Dimensions: [{ Name: 'host', Value: host }],
  MeasureName: 'cpu',
  MeasureValue: v,
  Time: String(t),
  ...(version ? { Version: version } : {}),
});

describe('IndexedDB durability', () => {
  it('persists the catalog and replays the write-ahead log on open', async () => {
    const factory = new IDBFactory();
    const a = await idbEngine(factory, { chunkPoints: 4 });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE, { memoryStoreRetentionHours: 12 });
    await a.writeRecords({
      DatabaseName: DB,
      TableName: TABLE,
      Records: Array.from({ length: 10 }, (_, i) => rec('h', T0 - 10_000 + i * 1000, String(i))),
    });
    await a.writeRecords({ DatabaseName: DB, TableName: TABLE, Records: [rec('h', T0 - 5000, '50', 2)] });
    await a.deleteRecords({ database: DB, table: TABLE, timeRange: { from: ns(T0 - 2000) } });
    const before = await snapshot(a);
    a.abandon();
    const b = await idbEngine(factory, { chunkPoints: 4 });
    expect(b.listDatabases()).toEqual([DB]);
    expect(b.describeTable(DB, TABLE).options.memoryStoreRetentionHours).toBe(12);
    expect(await snapshot(b)).toEqual(before);
    expect(before.points.size).toBe(8);
    // Upsert rules still see the replayed versions.
    const r = await b.writeRecords({ DatabaseName: DB, TableName: TABLE, Records: [rec('h', T0 - 5000, '51')] });
    expect(r.RejectedRecords[0]?.ExistingVersion).toBe(2);
  });

  it('checkpoints the memory tier and truncates the log; magnetic chunks survive reopen', async () => {
    const factory = new IDBFactory();
    let now = T0;
    const a = await idbEngine(factory, { clock: () => now });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE, { memoryStoreRetentionHours: 1 });
    const times = Float64Array.from({ length: 120 }, (_, i) => now - HOUR + i * 30_000);
    await a.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'a' },
      measureName: 'cpu',
      times,
      values: Float64Array.from(times, (_, i) => i),
    });
    now += HOUR / 2;
    await a.runRetention();
    const before = await snapshot(a);
    const stats = a.stats().tables[0];
    expect(stats?.magnetic.points).toBe(60);
    expect(stats?.memory.points).toBe(60);
    await a.close();
    const b = await idbEngine(factory, { clock: () => now });
    expect(await snapshot(b)).toEqual(before);
    expect(b.stats().tables[0]?.magnetic.chunks).toBe(1);
    expect(b.stats().bytesStored).toBeGreaterThan(0);
  });

  it('replays MULTI records whose attributes grow over time, before and after a checkpoint', async () => {
    const factory = new IDBFactory();
    const a = await idbEngine(factory, { chunkPoints: 3 });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE);
    const multi = (t: number, values: { Name: string; Value: string; Type: 'DOUBLE' | 'VARCHAR' | 'BOOLEAN' }[]) => ({
      Dimensions: [{ Name: 'host', Value: 'a' }],
      MeasureName: 'state',
      MeasureValueType: 'MULTI' as const,
      Time: String(t),
      MeasureValues: values,
    });
    await a.writeRecords({
      DatabaseName: DB,
      TableName: TABLE,
      Records: [
        multi(T0 - 5000, [{ Name: 'load', Value: '1.5', Type: 'DOUBLE' }]),
        multi(T0 - 4000, [{ Name: 'load', Value: '2.5', Type: 'DOUBLE' }]),
      ],
    });
    await a.checkpoint();
    await a.writeRecords({
      DatabaseName: DB,
      TableName: TABLE,
      Records: [
        multi(T0 - 3000, [{ Name: 'mode', Value: 'idle', Type: 'VARCHAR' }]),
        multi(T0 - 2000, [
          { Name: 'up', Value: 'true', Type: 'BOOLEAN' },
          { Name: 'load', Value: '0', Type: 'DOUBLE' },
        ]),
      ],
    });
    const before = await snapshot(a);
    a.abandon();
    const b = await idbEngine(factory, { chunkPoints: 3 });
    expect(await snapshot(b)).toEqual(before);
    expect([...before.points.values()]).toEqual(['1.5;null;null', '2.5;null;null', 'null;idle;null', '0;null;1']);
    expect(b.describeTable(DB, TABLE).multiMeasureAttributes.map((m) => `${m.name}:${m.type}`)).toEqual([
      'load:DOUBLE',
      'mode:VARCHAR',
      'up:BOOLEAN',
    ]);
  });

  it('logs a bulk columnar append as its compressed chunks plus the head rows, and replays it exactly', async () => {
    const factory = new IDBFactory();
    const a = await idbEngine(factory, { chunkPoints: 64 });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE, { memoryStoreRetentionHours: 12 });
    // Series b already has rows in its head, so the append first fills the head (logged raw), then seals chunks.
    await a.writeRecords({ DatabaseName: DB, TableName: TABLE, Records: [0, 1, 2].map((i) => rec('b', T0 - HOUR + i * 1000, String(i))) });
    const n = 1000;
    const times = Float64Array.from({ length: n }, (_, i) => T0 - HOUR + 10_000 + i * 1000);
    const load = Float64Array.from({ length: n }, (_, i) => Math.round(50 + 20 * Math.sin(i / 40)));
    const validity = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : 1));
    const requests = BigInt64Array.from({ length: n }, (_, i) => BigInt(i * 3));
    const mode = Array.from({ length: n }, (_, i) => (i % 100 < 50 ? 'busy' : 'idle'));
    const up = Uint8Array.from({ length: n }, (_, i) => i % 2);
    const multi = await a.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'a' },
      measureName: 'state',
      times,
      columns: [
        { name: 'load', type: 'DOUBLE', values: load, validity },
        { name: 'requests', type: 'BIGINT', values: requests },
        { name: 'mode', type: 'VARCHAR', values: mode },
        { name: 'up', type: 'BOOLEAN', values: up },
      ],
    });
    expect(multi.RecordsIngested.Total).toBe(n);
    const single = await a.writeColumns({ database: DB, table: TABLE, dimensions: { host: 'b' }, measureName: 'cpu', times, values: load });
    expect(single.RecordsIngested.Total).toBe(n);
    // The caller's arrays are not kept: changing them afterwards changes nothing stored.
    load.fill(-1);
    const before = await snapshot(a);
    expect(before.points.size).toBe(2 * n + 3);

    // The log holds sealed chunks as encoded bytes, and only the head's rows as raw arrays.
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('tidemark:test');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const entries = await new Promise<{ puts?: { chunk?: Uint8Array; times?: BigInt64Array }[] }[]>((resolve, reject) => {
      const request = raw.transaction('wal').objectStore('wal').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    raw.close();
    const puts = entries.flatMap((e) => e.puts ?? []);
    const chunkPuts = puts.filter((p) => p.chunk instanceof Uint8Array);
    const rawRows = puts.reduce((sum, p) => sum + (p.times?.length ?? 0), 0);
    expect(chunkPuts.length).toBeGreaterThanOrEqual(2 * Math.floor((n - 64) / 64));
    // Rows logged raw: series b's first three (a put of records), the head fill of b and each series' tail.
    expect(rawRows).toBeLessThan(3 + 3 * 64);

    a.abandon();
    const b = await idbEngine(factory, { chunkPoints: 64 });
    expect(await snapshot(b)).toEqual(before);
    // Upsert rules see the replayed points: the same value is accepted, another one rejected.
    const again = await b.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'b' },
      measureName: 'cpu',
      times: Float64Array.of(times[500]!, times[501]!),
      values: Float64Array.of(Math.round(50 + 20 * Math.sin(500 / 40)), 999),
    });
    expect(again.RejectedRecords.map((r) => r.RecordIndex)).toEqual([1]);
    // A checkpoint after the replay stores the same points.
    await b.close();
    const c = await idbEngine(factory, { chunkPoints: 64 });
    expect(await snapshot(c)).toEqual(before);
    c.abandon();
  });

  it("logs a commit's run of puts as one record under the run's last number; deletes and other tables end a run", () => {
    const put = (tableId: number, seriesId: number): WalEntry => ({
      kind: 'put',
      tableId,
      series: [],
      puts: [{ seriesId, times: BigInt64Array.of(1n), columns: [], versions: null }],
    });
    const del: WalEntry = { kind: 'delete', tableId: 1, seriesIds: [1], from: 0n, to: 5n };
    const merged = mergePuts([
      { seq: 1, entry: put(1, 1) },
      { seq: 2, entry: put(1, 2) },
      { seq: 3, entry: put(1, 3) },
      { seq: 4, entry: del },
      { seq: 5, entry: put(1, 1) },
      { seq: 6, entry: put(2, 9) },
    ]);
    expect(merged.map(({ seq, entry }) => [seq, entry.kind === 'put' ? entry.puts.map((p) => p.seriesId) : 'delete'])).toEqual([
      [3, [1, 2, 3]],
      [4, 'delete'],
      [5, [1]],
      [6, [9]],
    ]);
  });

  it('replays concurrent writes (one commit, one record) exactly, with a checkpoint taken among them', async () => {
    const factory = new IDBFactory();
    const a = await idbEngine(factory, { chunkPoints: 4 });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE, { memoryStoreRetentionHours: 12 });
    const write = (host: string, t: number, v: string, version?: number) =>
      a.writeRecords({ DatabaseName: DB, TableName: TABLE, Records: [rec(host, t, v, version)] });
    const early = Array.from({ length: 12 }, (_, i) => write(`h${i % 4}`, T0 - 10_000 + i * 1000, String(i)));
    const checkpoint = a.checkpoint();
    const late = [
      write('h0', T0 - 10_000, '100', 2),
      a.deleteRecords({ database: DB, table: TABLE, timeRange: { from: ns(T0 - 2000) } }),
      write('h5', T0 - 3000, '200'),
    ];
    await Promise.all([...early, checkpoint, ...late]);
    const before = await snapshot(a);
    a.abandon();
    const b = await idbEngine(factory, { chunkPoints: 4 });
    expect(await snapshot(b)).toEqual(before);
    expect(before.points.size).toBe(9);
    expect([...before.points.values()]).toEqual(expect.arrayContaining(['100', '200']));
    expect([...before.points.values()]).not.toContain('0');
  });

  it('deleteTable and deleteDatabase remove persisted data', async () => {
    const factory = new IDBFactory();
    const a = await idbEngine(factory);
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE);
    await a.createTable(DB, 'other');
    await a.writeRecords({ DatabaseName: DB, TableName: TABLE, Records: [rec('h', T0 - 1, '1')] });
    await a.deleteTable(DB, TABLE);
    await a.createTable(DB, TABLE);
    a.abandon();
    const b = await idbEngine(factory);
    expect(b.listTables(DB)).toEqual(['metrics', 'other']);
    expect((await b.scan({ database: DB, table: TABLE })).batches).toEqual([]);
    await b.deleteDatabase(DB);
    await b.close();
    const c = await idbEngine(factory);
    expect(c.listDatabases()).toEqual([]);
  });

  it('a full quota is a typed error, nothing is half-written, and the write is retried with the next commit', async () => {
    const factory = new IDBFactory();
    const a = await idbEngine(factory);
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE);
    const proto = (await import('fake-indexeddb')).IDBObjectStore.prototype;
    const put = proto.put;
    proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'wal') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      await expect(a.writeRecords({ DatabaseName: DB, TableName: TABLE, Records: [rec('h', T0 - 2, '1')] })).rejects.toMatchObject({
        code: 'QUOTA_EXCEEDED',
      });
    } finally {
      proto.put = put;
    }
    // The data stayed in memory, and goes to storage with the next commit.
    expect((await snapshot(a)).points.size).toBe(1);
    await a.writeRecords({ DatabaseName: DB, TableName: TABLE, Records: [rec('h', T0 - 1, '2')] });
    a.abandon();
    const b = await idbEngine(factory);
    expect([...(await snapshot(b)).points.values()]).toEqual(['1', '2']);
  });

  it('a full quota during aging keeps the data in memory and shows in stats', async () => {
    const factory = new IDBFactory();
    let now = T0;
    const a = await idbEngine(factory, { clock: () => now });
    await a.createDatabase(DB);
    await a.createTable(DB, TABLE, { memoryStoreRetentionHours: 1 });
    const times = Float64Array.from({ length: 60 }, (_, i) => now - HOUR + i * 60_000);
    await a.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'a' },
      measureName: 'cpu',
      times,
      values: Float64Array.from(times, (_, i) => i),
    });
    const before = await snapshot(a);
    now += 2 * HOUR;
    const proto = (await import('fake-indexeddb')).IDBObjectStore.prototype;
    const put = proto.put;
    proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'magnetic') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      a.runRetentionInBackground();
      await a.checkpoint().catch(() => undefined);
    } finally {
      proto.put = put;
    }
    expect(a.stats().background.lastError).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(a.stats().tables[0]?.memory.points).toBe(60);
    expect(await snapshot(a)).toEqual(before);
    await a.runRetention();
    expect(a.stats().background.lastError).toBeNull();
    expect(a.stats().tables[0]?.magnetic.points).toBe(60);
    expect(await snapshot(a)).toEqual(before);
  });

  it('allows one writer at a time through Web Locks', async () => {
    const held = new Set<string>();
    const locks = {
      async request(name: string, _options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void> | void) {
        if (held.has(name)) return callback(null);
        held.add(name);
        try {
          return await callback({ name });
        } finally {
          held.delete(name);
        }
      },
    };
    const factory = new IDBFactory();
    const a = await idbEngine(factory, { locks });
    await expect(idbEngine(factory, { locks })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already open for writing in another tab/),
    });
    await a.close();
    const b = await idbEngine(factory, { locks });
    await b.close();
  });
});

describe('magnetic tier on IndexedDB', () => {
  it('reads chunks lazily through an LRU cache bounded by memoryBudgetBytes', async () => {
    const factory = new IDBFactory();
    const budget = 64 * 1024;
    const e = await idbEngine(factory, { memoryBudgetBytes: budget });
    await e.createDatabase(DB);
    await e.createTable(DB, TABLE, { enableMagneticStoreWrites: true });
    // 30 days of 1-minute points, all older than the memory retention: late writes to the magnetic tier.
    const n = 30 * 1440;
    const start = T0 - 31 * 24 * HOUR;
    const times = Float64Array.from({ length: n }, (_, i) => start + i * 60_000);
    const values = Float64Array.from({ length: n }, (_, i) => (i % 1000) / 4);
    const res = await e.writeColumns({ database: DB, table: TABLE, dimensions: { host: 'a' }, measureName: 'cpu', times, values });
    expect(res.RecordsIngested).toEqual({ Total: n, MemoryStore: 0, MagneticStore: n });
    await e.runRetention();
    const stats = e.stats();
    expect(stats.tables[0]?.magnetic.chunks).toBeGreaterThanOrEqual(30);
    expect(stats.tables[0]?.memory.points).toBe(0);
    e.abandon();
    const b = await idbEngine(factory, { memoryBudgetBytes: budget });
    expect(b.stats().cache.bytes).toBe(0);
    const all = await b.scan({ database: DB, table: TABLE });
    expect(all.batches[0]?.times.length).toBe(n);
    expect([...((all.batches[0]?.columns[0]?.values ?? []) as Float64Array)]).toEqual([...values]);
    expect(b.stats().cache.bytes).toBeLessThanOrEqual(budget);
    expect(b.stats().cache.bytes).toBeGreaterThan(0);
    // A narrow range decodes only what overlaps it.
    const one = await b.scan({
      database: DB,
      table: TABLE,
      timeRange: { from: ns(start + 10 * 24 * HOUR), to: ns(start + 10 * 24 * HOUR + HOUR) },
    });
    expect(one.batches[0]?.times.length).toBe(60);
    expect(one.stats.chunksDecoded).toBeLessThanOrEqual(2);
    expect(one.stats.chunksPruned).toBeGreaterThanOrEqual(28);
  });
});
