import type { WriteRecord } from '../../../../../src/engine/model/types.ts';
import { StorageEngine } from '../../../../../src/engine/storage/engine.ts';
import { chunkCodecFor } from '../../../../../src/engine/storage/kernel-codec.ts';
import { MemoryDurability } from '../../../../../src/engine/storage/memory-durability.ts';
import { StorageSqlCatalog } from '../../../../../src/engine/storage-sql-catalog.ts';
import { loadKernelFromFile } from '../../../../../src/kernel/node.ts';
import type { GeneratedRecord, GeneratedTable } from './dataset.ts';

/** Small chunks, so queries cross chunk boundaries and meet sealed chunks, not only append buffers. */
const CHUNK_POINTS = 64;
const BATCH = 1_000;

/**
 * Opens an in-memory storage engine whose clock is `nowMs` and writes the tables: single-measure
 * DOUBLE tables through the columnar fast path (one writeColumns call per series), the rest through
 * writeRecords. Any rejected record fails the load, since DuckDB would hold a row Tidemark lacks.
 */
export async function loadIntoTidemark(tables: readonly GeneratedTable[], nowMs: number): Promise<StorageSqlCatalog> {
  const kernel = await loadKernelFromFile();
  const engine = await StorageEngine.open({
    codec: chunkCodecFor(kernel),
    durability: new MemoryDurability(),
    clock: () => nowMs,
    chunkPoints: CHUNK_POINTS,
  });
  const databases = new Set<string>();
  for (const generated of tables) {
    if (!databases.has(generated.database)) {
      await engine.createDatabase(generated.database);
      databases.add(generated.database);
    }
    await engine.createTable(generated.database, generated.table);
    if (generated.records.every((r) => r.measure.kind === 'single' && r.measure.type === 'DOUBLE')) {
      await writeDoubleSeries(engine, generated);
    } else {
      for (let i = 0; i < generated.records.length; i += BATCH) {
        const records = generated.records.slice(i, i + BATCH).map(toWriteRecord);
        const response = await engine.writeRecords({ DatabaseName: generated.database, TableName: generated.table, Records: records });
        if (response.RejectedRecords.length > 0)
          throw new Error(`Tidemark rejected records: ${JSON.stringify(response.RejectedRecords.slice(0, 3))}`);
      }
    }
  }
  return new StorageSqlCatalog(engine);
}

function toWriteRecord(record: GeneratedRecord): WriteRecord {
  const common = {
    Dimensions: record.dimensions.map(([Name, Value]) => ({ Name, Value })),
    MeasureName: record.measureName,
    Time: String(record.timeNs),
    TimeUnit: 'NANOSECONDS' as const,
  };
  if (record.measure.kind === 'single') return { ...common, MeasureValue: record.measure.value, MeasureValueType: record.measure.type };
  return {
    ...common,
    MeasureValueType: 'MULTI',
    MeasureValues: record.measure.values.map((v) => ({ Name: v.name, Value: v.value, Type: v.type })),
  };
}

async function writeDoubleSeries(engine: StorageEngine, generated: GeneratedTable): Promise<void> {
  const series = new Map<string, GeneratedRecord[]>();
  for (const record of generated.records) {
    const key = JSON.stringify([record.dimensions, record.measureName]);
    const list = series.get(key) ?? [];
    series.set(key, list);
    list.push(record);
  }
  for (const records of series.values()) {
    const first = records[0] as GeneratedRecord;
    const response = await engine.writeColumns({
      database: generated.database,
      table: generated.table,
      dimensions: Object.fromEntries(first.dimensions),
      measureName: first.measureName,
      times: BigInt64Array.from(records, (r) => r.timeNs),
      type: 'DOUBLE',
      values: Float64Array.from(records, (r) => (r.measure.kind === 'single' ? Number(r.measure.value) : Number.NaN)),
    });
    if (response.RejectedRecords.length > 0)
      throw new Error(`Tidemark rejected columns: ${JSON.stringify(response.RejectedRecords.slice(0, 3))}`);
  }
}
