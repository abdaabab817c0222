import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { IdbDurability, type LockManagerLike, StorageEngine } from '../../../src/engine/storage/index.ts';
import { codec, DB, T0, TABLE } from './helpers.ts';

export { IDBFactory };

/** Opens an engine on IndexedDB (fake-indexeddb's factory). */
export async function idbEngine(
  factory: IDBFactory,
  options: {
    clock?: () => number;
    chunkPoints?: number;
    locks?: LockManagerLike;
    checkpointEvery?: number;
    name?: string;
    memoryBudgetBytes?: number;
  } = {},
): Promise<StorageEngine> {
  const durability = await IdbDurability.open({
    name: options.name ?? 'test',
    indexedDB: factory,
    IDBKeyRange,
    ...(options.locks ? { locks: options.locks } : {}),
  });
  return StorageEngine.open({
    codec,
    durability,
    clock: options.clock ?? (() => T0),
    ...(options.chunkPoints ? { chunkPoints: options.chunkPoints } : {}),
    ...(options.checkpointEvery ? { checkpointEvery: options.checkpointEvery } : {}),
    ...(options.memoryBudgetBytes ? { memoryBudgetBytes: options.memoryBudgetBytes } : {}),
  });
}

/** Every point of the table as "series|time" -> value (and a count of duplicates found). */
export async function snapshot(e: StorageEngine): Promise<{ points: Map<string, string>; duplicates: number }> {
  const points = new Map<string, string>();
  let duplicates = 0;
  const scan = await e.scan({ database: DB, table: TABLE });
  for (const b of scan.batches) {
    const key = `${b.series.measureName}/${Object.entries(b.series.dimensions).join(',')}`;
    for (let i = 0; i < b.times.length; i++) {
      if (i > 0 && (b.times[i] as bigint) <= (b.times[i - 1] as bigint)) duplicates++;
      const values = b.columns.map((c) => (c.validity && !c.validity[i] ? 'null' : String(c.values[i])));
      const k = `${key}|${b.times[i]}`;
      if (points.has(k)) duplicates++;
      points.set(k, values.join(';'));
    }
  }
  return { points, duplicates };
}
