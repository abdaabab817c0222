import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../../src/engine/model/index.ts';
import { memoryEngine } from './helpers.ts';

/** Every NAB series in ../shared/data/nab, written and read back exactly. */
const FILES = [
  'realKnownCause/machine_temperature_system_failure.csv',
  'realKnownCause/ambient_temperature_system_failure.csv',
  'realKnownCause/nyc_taxi.csv',
  'realKnownCause/cpu_utilization_asg_misconfiguration.csv',
  'realKnownCause/ec2_request_latency_system_failure.csv',
  'realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv',
  'realAWSCloudwatch/ec2_network_in_257a54.csv',
  'realAWSCloudwatch/ec2_disk_write_bytes_1ef3de.csv',
  'realAWSCloudwatch/rds_cpu_utilization_cc0c53.csv',
  'realAWSCloudwatch/elb_request_count_8c0756.csv',
  'realTraffic/speed_6005.csv',
  'realTweets/Twitter_volume_AAPL.csv',
];

interface Row {
  readonly ms: number;
  readonly text: string;
}

async function load(file: string): Promise<Row[]> {
  const text = await readFile(new URL(`../../../../shared/data/nab/${file}`, import.meta.url), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [ts, value] = line.split(',') as [string, string];
      // NAB times are naive; read them as UTC.
      return { ms: Date.parse(`${ts.replace(' ', 'T')}Z`), text: value.trim() };
    });
}

/** Per time, the value the upsert rules keep: the first, unless `lastWins` (increasing versions). */
function expected(rows: readonly Row[], lastWins: boolean): { times: bigint[]; values: number[]; conflicts: number } {
  const byTime = new Map<number, number>();
  let conflicts = 0;
  for (const r of rows) {
    const v = Number(r.text);
    const old = byTime.get(r.ms);
    if (old === undefined || lastWins) byTime.set(r.ms, v);
    else if (!Object.is(old, v)) conflicts++;
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  return { times: times.map((t) => BigInt(t) * 1_000_000n), values: times.map((t) => byTime.get(t) as number), conflicts };
}

// NAB spans 2013-07 .. 2015-09: with a clock in October 2015 and one year of memory retention,
// the newer files land in the memory tier and the older ones go to the magnetic tier as late writes.
const NOW = Date.UTC(2015, 9, 1);
const TABLE_OPTIONS = { memoryStoreRetentionHours: 8766, enableMagneticStoreWrites: true };

describe('NAB series round trip', () => {
  it('writeRecords: every series back exactly, duplicates resolved by the upsert rules, before and after aging', async () => {
    let now = NOW;
    const e = await memoryEngine({ clock: () => now, table: TABLE_OPTIONS, chunkPoints: 2048 });
    const wanted = new Map<string, ReturnType<typeof expected>>();
    for (const file of FILES) {
      const rows = await load(file);
      const records: WriteRecord[] = rows.map((r) => ({ MeasureValue: r.text, Time: String(r.ms) }));
      const res = await e.writeRecords({
        DatabaseName: 'db1',
        TableName: 'metrics',
        CommonAttributes: { Dimensions: [{ Name: 'file', Value: file }], MeasureName: 'value' },
        Records: records,
      });
      const want = expected(rows, false);
      expect(res.RejectedRecords.length, file).toBe(want.conflicts);
      for (const r of res.RejectedRecords) expect(r.ExistingVersion).toBe(1);
      expect(res.RecordsIngested.Total, file).toBe(rows.length - want.conflicts);
      wanted.set(file, want);
    }
    const check = async () => {
      const scan = await e.scan({ database: 'db1', table: 'metrics' });
      expect(scan.batches).toHaveLength(FILES.length);
      for (const b of scan.batches) {
        const want = wanted.get(b.series.dimensions.file as string);
        expect([...b.times]).toEqual(want?.times);
        expect([...((b.columns[0]?.values ?? []) as Float64Array)]).toEqual(want?.values);
      }
    };
    await check();
    const stats = e.stats().tables[0];
    expect(stats?.memory.points).toBeGreaterThan(0);
    expect(stats?.magnetic.points).toBeGreaterThan(0);
    now += 366 * 24 * 3_600_000;
    await e.runRetention();
    expect(e.stats().tables[0]?.memory.points).toBe(0);
    await check();
  });

  it('writeColumns with increasing versions: the last value at each time wins', async () => {
    const e = await memoryEngine({ clock: () => NOW, table: TABLE_OPTIONS });
    for (const file of FILES) {
      const rows = await load(file);
      const times = Float64Array.from(rows, (r) => r.ms);
      const values = Float64Array.from(rows, (r) => Number(r.text));
      const versions = BigInt64Array.from(rows, (_, i) => BigInt(i + 1));
      const res = await e.writeColumns({
        database: 'db1',
        table: 'metrics',
        dimensions: { file },
        measureName: 'value',
        times,
        values,
        versions,
      });
      expect(res.RejectedRecords, file).toEqual([]);
      const scan = await e.scan({ database: 'db1', table: 'metrics', seriesFilter: { dimensions: { file } } });
      const want = expected(rows, true);
      expect([...(scan.batches[0]?.times ?? [])], file).toEqual(want.times);
      expect([...((scan.batches[0]?.columns[0]?.values ?? []) as Float64Array)], file).toEqual(want.values);
    }
  });
});
