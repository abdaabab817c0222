// npm run bench:storage — the storage engine on TSBS cpu-like data (BENCH_HOSTS hosts, default
// 1,000, x 10 fields x 24 h at 10 s = 86.4 M points): writeColumns throughput, writeRecords
// throughput (Timestream's request shape), bytes per point resident (sealed memory-tier chunks)
// and stored (magnetic chunks after aging). Prints a table, writes bench/results/storage.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import type { WriteRecord } from '../../src/engine/model/index.ts';
import { chunkCodecFor, MemoryDurability, StorageEngine } from '../../src/engine/storage/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { TSBS_FIELDS, tsbsCpuSeries } from '../codecs/tsbs.ts';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 1000);
const RECORD_HOSTS = Math.min(HOSTS, 100);
const POINTS = 8640;
const START_MS = Date.UTC(2016, 0, 1);
const DAY = 86_400_000;

async function engine(clock: () => number): Promise<StorageEngine> {
  const kernel = await loadKernelFromFile();
  const e = await StorageEngine.open({
    codec: chunkCodecFor(kernel),
    durability: new MemoryDurability(),
    clock,
    memoryBudgetBytes: 64 << 20,
  });
  await e.createDatabase('bench');
  await e.createTable('bench', 'cpu', { memoryStoreRetentionHours: 48 });
  return e;
}

/** writeColumns: one call per (host, field), the whole day; then bytes per point resident and stored. */
async function columnsPhase(): Promise<{ points: number; ms: number; sealedBytes: number; sealedPoints: number; storedBytes: number }> {
  let now = START_MS + DAY + 60_000;
  const e = await engine(() => now);
  const timesMs = Float64Array.from({ length: POINTS }, (_, i) => START_MS + i * 10_000);
  let ms = 0;
  for (let h = 0; h < HOSTS; h++) {
    const series = tsbsCpuSeries(POINTS, 1000 + h);
    for (const [f, s] of series.entries()) {
      const t0 = performance.now();
      await e.writeColumns({
        database: 'bench',
        table: 'cpu',
        dimensions: { hostname: `host_${h}` },
        measureName: TSBS_FIELDS[f] as string,
        times: timesMs,
        values: s.values,
      });
      ms += performance.now() - t0;
    }
  }
  const points = HOSTS * POINTS * TSBS_FIELDS.length;
  let stats = e.stats().tables[0];
  if (stats?.memory.points !== points) throw new Error(`expected ${points} points, found ${stats?.memory.points}`);
  // Resident: sealed chunks only (the unsealed heads are typed arrays by design).
  let sealedBytes = 0;
  let sealedPoints = 0;
  const scan = await e.scan({ database: 'bench', table: 'cpu', want: 'chunk-headers' });
  for (const h of scan.headers) {
    sealedPoints += h.header.count;
    sealedBytes += h.header.totalLength;
  }
  // Stored: age everything into the magnetic tier (one chunk per series and day).
  now += 3 * DAY;
  await e.runRetention();
  stats = e.stats().tables[0];
  if (stats?.magnetic.points !== points) throw new Error(`expected ${points} magnetic points, found ${stats?.magnetic.points}`);
  await e.close();
  return { points, ms, sealedBytes, sealedPoints, storedBytes: stats?.magnetic.bytesStored ?? 0 };
}

/** writeRecords: Timestream's shape, batches of 10,000 records (one host, 10 fields x 1,000 times). */
async function recordsPhase(): Promise<{ records: number; ms: number }> {
  const now = START_MS + DAY + 60_000;
  const r = await engine(() => now);
  const timesMs = Float64Array.from({ length: POINTS }, (_, i) => START_MS + i * 10_000);
  let ms = 0;
  let records = 0;
  for (let h = 0; h < RECORD_HOSTS; h++) {
    const series = tsbsCpuSeries(POINTS, 5000 + h);
    for (let from = 0; from < POINTS; from += 1000) {
      const batch: WriteRecord[] = [];
      for (let i = from; i < Math.min(POINTS, from + 1000); i++) {
        for (const [f, s] of series.entries())
          batch.push({ MeasureName: TSBS_FIELDS[f] as string, MeasureValue: String(s.values[i]), Time: String(timesMs[i]) });
      }
      const t0 = performance.now();
      const res = await r.writeRecords({
        DatabaseName: 'bench',
        TableName: 'cpu',
        CommonAttributes: { Dimensions: [{ Name: 'hostname', Value: `host_${h}` }], MeasureValueType: 'DOUBLE' },
        Records: batch,
      });
      ms += performance.now() - t0;
      records += res.RecordsIngested.Total;
    }
  }
  await r.close();
  return { records, ms };
}

it('storage benchmark', async () => {
  // Records first, on a fresh heap; each phase's engine is unreachable once it returns.
  const rec = await recordsPhase();
  const col = await columnsPhase();
  const result = {
    points: col.points,
    write_columns_points_per_s: Math.round(col.points / (col.ms / 1000)),
    write_records_per_s: Math.round(rec.records / (rec.ms / 1000)),
    bytes_per_point_stored: Number((col.storedBytes / col.points).toFixed(3)),
    bytes_per_point_resident: Number((col.sealedBytes / col.sealedPoints).toFixed(3)),
  };
  console.table({
    'points (TSBS cpu-like)': { value: result.points, target: '86.4 M at 1,000 hosts' },
    'writeColumns points/s': { value: result.write_columns_points_per_s, target: '>= 10 M' },
    'writeRecords records/s': { value: result.write_records_per_s, target: '>= 1 M' },
    'bytes/point stored': { value: result.bytes_per_point_stored, target: '<= 1' },
    'bytes/point resident (sealed)': { value: result.bytes_per_point_resident, target: '<= 2' },
  });
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../results/storage.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
});
