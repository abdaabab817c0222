import { beforeAll, describe, expect, it } from 'vitest';
import { toTimestreamResponse } from '../../src/engine/sql/result/timestream-format.ts';
import { runSql } from '../../src/engine/sql/run-sql.ts';
import { StorageSqlCatalog } from '../../src/engine/storage-sql-catalog.ts';
import { kernelMemoryEngine } from './storage/helpers.ts';

const NOW_MS = Date.UTC(2024, 0, 1, 1, 0, 0);
let catalog: StorageSqlCatalog;

async function rows(sql: string): Promise<(string | null)[][]> {
  const result = await runSql(catalog, sql, { now: BigInt(NOW_MS) * 1_000_000n });
  return toTimestreamResponse(result).Rows.map((r) => r.Data.map((d) => ('ScalarValue' in d ? d.ScalarValue : null)));
}

beforeAll(async () => {
  const engine = await kernelMemoryEngine({
    clock: () => NOW_MS,
    chunkPoints: 64,
  });
  await engine.createDatabase('iot');
  await engine.createTable('iot', 'sensors');
  const records = [];
  for (let i = 0; i < 200; i++) {
    for (const device of ['d1', 'd2']) {
      records.push({
        Dimensions: [
          { Name: 'device', Value: device },
          { Name: 'site', Value: device === 'd1' ? 'north' : 'south' },
        ],
        MeasureName: 'temperature',
        MeasureValue: String(device === 'd1' ? 20 + (i % 10) : 30 + (i % 5) / 2),
        MeasureValueType: 'DOUBLE' as const,
        Time: String(NOW_MS - 3_600_000 + i * 10_000),
      });
    }
  }
  records.push({
    Dimensions: [{ Name: 'device', Value: 'd1' }],
    MeasureName: 'status',
    MeasureValueType: 'MULTI' as const,
    MeasureValues: [
      { Name: 'battery', Value: '87', Type: 'BIGINT' as const },
      { Name: 'online', Value: 'true', Type: 'BOOLEAN' as const },
    ],
    Time: String(NOW_MS - 60_000),
  });
  const response = await engine.writeRecords({ DatabaseName: 'iot', TableName: 'sensors', Records: records });
  expect(response.RejectedRecords).toEqual([]);
  catalog = new StorageSqlCatalog(engine);
});

describe('SQL over the storage engine', () => {
  it('describes the table as Timestream does', async () => {
    expect(await rows('DESCRIBE iot.sensors')).toEqual([
      ['device', 'varchar', 'DIMENSION'],
      ['site', 'varchar', 'DIMENSION'],
      ['measure_name', 'varchar', 'MEASURE_NAME'],
      ['time', 'timestamp', 'TIMESTAMP'],
      ['measure_value::double', 'double', 'MEASURE_VALUE'],
      ['battery', 'bigint', 'MULTI'],
      ['online', 'boolean', 'MULTI'],
    ]);
    expect(await rows('SHOW MEASURES FROM iot.sensors')).toHaveLength(2);
  });

  it('aggregates per device and bin over every stored point', async () => {
    expect(
      await rows(`SELECT device, count(*), avg(measure_value::double), min(time), max(time) FROM "iot"."sensors"
        WHERE measure_name = 'temperature' GROUP BY device ORDER BY device`),
    ).toEqual([
      ['d1', '200', '24.5', '2024-01-01 00:00:00.000000000', '2024-01-01 00:33:10.000000000'],
      ['d2', '200', '31.0', '2024-01-01 00:00:00.000000000', '2024-01-01 00:33:10.000000000'],
    ]);
    const bins = await rows(
      `SELECT bin(time, 10m) AS b, count(*) FROM iot.sensors WHERE device = 'd2' AND measure_name = 'temperature' GROUP BY 1 ORDER BY 1`,
    );
    expect(bins.map((r) => r[1])).toEqual(['60', '60', '60', '20']);
  });

  it('prunes by time and dimension through the scan', async () => {
    expect(await rows(`SELECT count(*) FROM iot.sensors WHERE time >= ago(30m) AND site = 'north'`)).toEqual([['20']]);
  });

  it('reads multi-measure attributes, NULL for series without them', async () => {
    expect(await rows(`SELECT device, battery, online FROM iot.sensors WHERE measure_name = 'status'`)).toEqual([['d1', '87', 'true']]);
    expect(await rows(`SELECT count(battery), count(*) FROM iot.sensors`)).toEqual([['1', '401']]);
  });

  it('pivots measures with max(CASE WHEN measure_name = ...) as Timestream queries do', async () => {
    expect(
      await rows(`SELECT device, max(CASE WHEN measure_name = 'temperature' THEN measure_value::double END) AS t,
        max(CASE WHEN measure_name = 'status' THEN battery ELSE NULL END) AS b,
        count(CASE WHEN measure_name = 'temperature' AND measure_value::double > 29 THEN 1 END) AS hot
        FROM iot.sensors GROUP BY device ORDER BY device`),
    ).toEqual([
      ['d1', '29.0', '87', '0'],
      ['d2', '32.0', null, '200'],
    ]);
  });
});
