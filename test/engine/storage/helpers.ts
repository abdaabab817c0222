import { chunkCodecFor, MemoryDurability, StorageEngine, type StorageEngineOptions } from '../../../src/engine/storage/index.ts';
import { loadKernelFromFile } from '../../../src/kernel/node.ts';

export const kernel = await loadKernelFromFile();
export const codec = chunkCodecFor(kernel);

/** A settable clock for tests (ms). */
export function testClock(startMs: number): { now: () => number; set: (ms: number) => void; advance: (ms: number) => void } {
  let t = startMs;
  return { now: () => t, set: (ms) => (t = ms), advance: (ms) => (t += ms) };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);

/** An engine on memory storage and the plain codec, with a database "db" and a table "t". */
export async function memoryEngine(
  options: Partial<StorageEngineOptions> & { table?: Record<string, number | boolean> } = {},
): Promise<StorageEngine> {
  const { table, ...rest } = options;
  const engine = await StorageEngine.open({ codec, durability: new MemoryDurability(), clock: () => T0, ...rest });
  await engine.createDatabase(DB);
  await engine.createTable(DB, TABLE, table);
  return engine;
}

export const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;

export const DB = 'db1';
export const TABLE = 'metrics';
