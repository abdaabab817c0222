import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/engine/index.ts';
import { IdbDurability } from '../../src/engine/storage/index.ts';
import { TidemarkError } from '../../src/errors/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';

const NOW = Date.UTC(2026, 0, 10, 12);
const kernel = await loadKernelFromFile();

describe('openDatabase', () => {
  it('opens memory storage and takes times in every accepted form', async () => {
    const db = await openDatabase({ name: 'm', storage: 'memory', clock: () => NOW, kernel, retentionIntervalMs: 0 });
    expect(db.storage).toBe('memory');
    await db.createDatabase('app');
    await db.createTable('app', 'events');
    expect(await db.listDatabases()).toEqual(['app']);
    expect(await db.listTables('app')).toEqual(['events']);
    await db.writeColumns({
      database: 'app',
      table: 'events',
      dimensions: { host: 'a' },
      measureName: 'cpu',
      times: Float64Array.of(NOW - 3000, NOW - 2000, NOW - 1000),
      values: Float64Array.of(1, 2, 3),
    });
    const iso = new Date(NOW - 2000).toISOString();
    const r = await db.scan({ database: 'app', table: 'events', timeRange: { from: iso, to: new Date(NOW - 1000) } });
    expect([...((r.batches[0]?.columns[0]?.values ?? []) as Float64Array)]).toEqual([2]);
    const d = await db.deleteRecords({
      database: 'app',
      table: 'events',
      timeRange: { from: NOW - 3000, to: BigInt(NOW - 1500) * 1_000_000n },
    });
    expect(d.deleted).toBe(2);
    await expect(db.scan({ database: 'app', table: 'events', timeRange: { from: 'not a time' } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect((await db.describeTable('app', 'events')).measures).toEqual([{ name: 'cpu', type: 'DOUBLE' }]);
    expect((await db.stats()).tables[0]?.memory.points).toBe(1);
    await db.close();
  });

  it('defaults to IndexedDB when a factory exists, persists across opens, and group-commits concurrent writes', async () => {
    const indexedDB = new IDBFactory();
    const db = await openDatabase({ name: 'p', indexedDB, clock: () => NOW, kernel, retentionIntervalMs: 0 });
    expect(db.storage).toBe('indexeddb');
    await db.createDatabase('app');
    await db.createTable('app', 'events');
    const writes = Array.from({ length: 20 }, (_, i) =>
      db.writeRecords({
        DatabaseName: 'app',
        TableName: 'events',
        Records: [
          { Dimensions: [{ Name: 'host', Value: `h${i}` }], MeasureName: 'cpu', MeasureValue: String(i), Time: String(NOW - 1000) },
        ],
      }),
    );
    const results = await Promise.all(writes);
    expect(results.every((r) => r.RecordsIngested.Total === 1)).toBe(true);
    const durability = (db.storageEngine as unknown as { durability: IdbDurability }).durability;
    expect(durability).toBeInstanceOf(IdbDurability);
    expect(durability.entriesCommitted).toBe(20);
    expect(durability.commits).toBeLessThan(20);
    await db.close();
    const again = await openDatabase({ name: 'p', indexedDB, clock: () => NOW, kernel, retentionIntervalMs: 0 });
    expect((await again.describeTable('app', 'events')).series).toBe(20);
    expect((await again.scan({ database: 'app', table: 'events' })).batches).toHaveLength(20);
    await again.close();
  });

  it('refuses bad options with typed errors', async () => {
    await expect(openDatabase({ name: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(openDatabase({ name: 'x', storage: 'disk' as 'memory', kernel })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('loads the kernel from its file in Node when none is given', async () => {
    const db = await openDatabase({ name: 'k', storage: 'memory', retentionIntervalMs: 0 });
    await db.createDatabase('app');
    await db.close();
  });

  it('opens its store while the kernel is still loading, and closes it again if the kernel fails', async () => {
    const indexedDB = new IDBFactory();
    let release: (k: typeof kernel) => void = () => undefined;
    const pending = new Promise<typeof kernel>((resolve) => {
      release = resolve;
    });
    const opening = openDatabase({ name: 'late', indexedDB, clock: () => NOW, kernel: pending, retentionIntervalMs: 0 });
    // The store is created before the kernel arrives (the IndexedDB open does not wait for it).
    await new Promise((r) => setTimeout(r, 20));
    expect((await indexedDB.databases()).map((d) => d.name)).toContain('tidemark:late');
    release(kernel);
    const db = await opening;
    await db.createDatabase('app');
    await db.close();

    const failed = openDatabase({
      name: 'late',
      indexedDB,
      kernel: Promise.reject(new TidemarkError('KERNEL_LOAD', 'no kernel here')),
      retentionIntervalMs: 0,
    });
    await expect(failed).rejects.toMatchObject({ code: 'KERNEL_LOAD' });
    // The failed open let go of its connection: the store opens again at once.
    const again = await openDatabase({ name: 'late', indexedDB, clock: () => NOW, kernel, retentionIntervalMs: 0 });
    expect(await again.listDatabases()).toEqual(['app']);
    await again.close();
  });
});
