import {
  chunkCodecFor,
  MemoryDurability,
  type ScanResult,
  StorageEngine,
  type StorageEngineOptions,
} from '../../../src/engine/storage/index.ts';
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

/** Every point of a scan in [from, to) as comparable cells, in the scan's order: series, time, and each column's value (doubles by their bits). */
export function cells(result: ScanResult, from: bigint, to: bigint): string[] {
  const out: string[] = [];
  for (const batch of result.batches) {
    const series = `${batch.series.measureName}|${JSON.stringify(batch.series.dimensions)}`;
    for (let i = 0; i < batch.times.length; i++) {
      const t = batch.times[i] as bigint;
      if (t < from || t >= to) continue;
      const row = batch.columns.map((c) => {
        if (c.validity && c.validity[i] === 0) return `${c.name}=NULL`;
        const v = (c.values as ArrayLike<unknown>)[i];
        if (typeof v === 'number') return `${c.name}=${new BigUint64Array(Float64Array.of(v).buffer)[0]}`;
        return `${c.name}=${String(v)}`;
      });
      out.push(`${series}@${t}:${row.join(',')}`);
    }
  }
  return out;
}

/**
 * An engine on memory storage with the kernel's codec and no database yet: the SQL tests' setup (each makes its
 * own databases and tables).
 */
export function kernelMemoryEngine(options: Omit<StorageEngineOptions, 'codec' | 'durability'>): Promise<StorageEngine> {
  return StorageEngine.open({ codec, durability: new MemoryDurability(), ...options });
}
