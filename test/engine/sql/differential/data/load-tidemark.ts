import type { WriteRecord } from '../../../../../src/engine/model/types.ts';
import type { StorageEngine } from '../../../../../src/engine/storage/engine.ts';
import { StorageSqlCatalog } from '../../../../../src/engine/storage-sql-catalog.ts';
import { kernelMemoryEngine } from '../../../storage/helpers.ts';
import { arrivalOrder } from './arrival.ts';
import type { GeneratedRecord, GeneratedTable } from './dataset.ts';

/** Small chunks, so every series has sealed chunks (zone maps, pre-aggregates) and an open append buffer. */
const CHUNK_POINTS = 16;
/**
 * The storage clock runs this far ahead of the queries' "now", with a one-hour memory store and
 * magnetic writes on, so each table's older points are written to the magnetic tier and its newer
 * ones to memory: every query reads both tiers. (Queries get their own fixed now from runSql.)
 */
const STORAGE_CLOCK_AHEAD_MS = 55 * 60_000;
const TABLE_OPTIONS = { memoryStoreRetentionHours: 1, enableMagneticStoreWrites: true } as const;
/** Five-minute magnetic partitions, so a series' magnetic data spans several. */
const PARTITION_NS = 300_000_000_000n;
const BATCH = 1_000;

/**
 * Opens an in-memory storage engine (clock: see STORAGE_CLOCK_AHEAD_MS) and writes the tables: single-measure
 * DOUBLE and MULTI-of-DOUBLE tables through the columnar fast path (one writeColumns call per series), the rest through
 * writeRecords in a shuffled order with duplicates and superseded versions (see arrival.ts). Any rejected record fails the load, since DuckDB would hold a row Tidemark lacks.
 */
export async function loadIntoTidemark(
  tables: readonly GeneratedTable[],
  nowMs: number,
  seed: number,
): Promise<{ catalog: StorageSqlCatalog; engine: StorageEngine }> {
  const engine = await kernelMemoryEngine({
    clock: () => nowMs + STORAGE_CLOCK_AHEAD_MS,
    chunkPoints: CHUNK_POINTS,
    partitionNs: PARTITION_NS,
  });
  const databases = new Set<string>();
  for (const generated of tables) {
    if (!databases.has(generated.database)) {
      await engine.createDatabase(generated.database);
      databases.add(generated.database);
    }
    await engine.createTable(generated.database, generated.table, TABLE_OPTIONS);
    if (generated.records.every((r) => r.measure.kind === 'single' && r.measure.type === 'DOUBLE')) {
      await writeDoubleSeries(engine, generated);
    } else if (generated.records.every((r) => r.measure.kind === 'multi' && r.measure.values.every((v) => v.type === 'DOUBLE'))) {
      await writeMultiDoubleSeries(engine, generated);
    } else {
      const arriving = arrivalOrder(generated.records.map(toWriteRecord), seed);
      for (let i = 0; i < arriving.length; i += BATCH) {
        const records = arriving.slice(i, i + BATCH);
        const response = await engine.writeRecords({ DatabaseName: generated.database, TableName: generated.table, Records: records });
        if (response.RejectedRecords.length > 0)
          throw new Error(`Tidemark rejected records: ${JSON.stringify(response.RejectedRecords.slice(0, 3))}`);
      }
    }
  }
  return { catalog: new StorageSqlCatalog(engine), engine };
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

function bySeries(records: readonly GeneratedRecord[]): GeneratedRecord[][] {
  const series = new Map<string, GeneratedRecord[]>();
  for (const record of records) {
    const key = JSON.stringify([record.dimensions, record.measureName]);
    const list = series.get(key) ?? [];
    series.set(key, list);
    list.push(record);
  }
  return [...series.values()];
}

async function writeDoubleSeries(engine: StorageEngine, generated: GeneratedTable): Promise<void> {
  for (const records of bySeries(generated.records)) {
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

/** MULTI series of DOUBLE attributes through writeColumns: one column per attribute, validity marking the missing ones. */
async function writeMultiDoubleSeries(engine: StorageEngine, generated: GeneratedTable): Promise<void> {
  for (const records of bySeries(generated.records)) {
    const first = records[0] as GeneratedRecord;
    const names = [...new Set(records.flatMap((r) => (r.measure.kind === 'multi' ? r.measure.values.map((v) => v.name) : [])))].sort();
    const columns = names.map((name) => {
      const values = new Float64Array(records.length);
      const validity = new Uint8Array(records.length);
      records.forEach((record, row) => {
        const value = record.measure.kind === 'multi' ? record.measure.values.find((v) => v.name === name) : undefined;
        if (value) {
          values[row] = Number(value.value);
          validity[row] = 1;
        }
      });
      return { name, type: 'DOUBLE' as const, values, validity };
    });
    const response = await engine.writeColumns({
      database: generated.database,
      table: generated.table,
      dimensions: Object.fromEntries(first.dimensions),
      measureName: first.measureName,
      times: BigInt64Array.from(records, (r) => r.timeNs),
      columns,
    });
    if (response.RejectedRecords.length > 0)
      throw new Error(`Tidemark rejected MULTI columns: ${JSON.stringify(response.RejectedRecords.slice(0, 3))}`);
  }
}
