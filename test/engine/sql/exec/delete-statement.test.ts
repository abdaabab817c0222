import { beforeEach, describe, expect, it } from 'vitest';
import { toTimestreamResponse } from '../../../../src/engine/sql/result/timestream-format.ts';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { StorageEngine } from '../../../../src/engine/storage/engine.ts';
import { chunkCodecFor } from '../../../../src/engine/storage/kernel-codec.ts';
import { MemoryDurability } from '../../../../src/engine/storage/memory-durability.ts';
import { StorageSqlCatalog } from '../../../../src/engine/storage-sql-catalog.ts';
import { loadKernelFromFile } from '../../../../src/kernel/node.ts';
import { rejection } from '../../../helpers/rejection.ts';

const NOW_MS = Date.UTC(2024, 0, 1, 1, 0, 0);
const START_MS = NOW_MS - 3_600_000;
let catalog: StorageSqlCatalog;

async function rows(sql: string): Promise<(string | null)[][]> {
  const result = await runSql(catalog, sql, { now: BigInt(NOW_MS) * 1_000_000n });
  return toTimestreamResponse(result).Rows.map((r) => r.Data.map((d) => ('ScalarValue' in d ? d.ScalarValue : null)));
}

async function count(where = ''): Promise<number> {
  const [[n]] = (await rows(`SELECT count(*) FROM iot.sensors ${where}`)) as [[string]];
  return Number(n);
}

const kernelPromise = loadKernelFromFile();

beforeEach(async () => {
  const engine = await StorageEngine.open({
    codec: chunkCodecFor(await kernelPromise),
    durability: new MemoryDurability(),
    clock: () => NOW_MS,
    chunkPoints: 64,
  });
  await engine.createDatabase('iot');
  await engine.createTable('iot', 'sensors');
  const records = [];
  // 360 points per series, every 10 s over the last hour: d1/d2 temperature, d1 humidity.
  for (let i = 0; i < 360; i++) {
    for (const [device, measure] of [
      ['d1', 'temperature'],
      ['d2', 'temperature'],
      ['d1', 'humidity'],
    ] as const) {
      records.push({
        Dimensions: [
          { Name: 'device', Value: device },
          { Name: 'site', Value: device === 'd1' ? 'north' : 'south' },
        ],
        MeasureName: measure,
        MeasureValue: String(i % 17),
        MeasureValueType: 'DOUBLE' as const,
        Time: String(START_MS + i * 10_000),
      });
    }
  }
  const response = await engine.writeRecords({ DatabaseName: 'iot', TableName: 'sensors', Records: records });
  expect(response.RejectedRecords).toEqual([]);
  catalog = new StorageSqlCatalog(engine);
});

describe('DELETE FROM', () => {
  it('removes the points in a time range of one series and reports how many', async () => {
    const where =
      "WHERE device = 'd1' AND measure_name = 'temperature' AND time >= from_milliseconds(" +
      START_MS +
      ') AND time < from_milliseconds(' +
      (START_MS + 600_000) +
      ')';
    expect(await count(where)).toBe(60);
    expect(await rows(`DELETE FROM iot.sensors ${where}`)).toEqual([['60']]);
    expect(await count(where)).toBe(0);
    expect(await count()).toBe(3 * 360 - 60);
    // The other series in the same range are untouched.
    expect(await count(`WHERE device = 'd2' AND time < from_milliseconds(${START_MS + 600_000})`)).toBe(60);
  });

  it('takes IN lists of dimension values and measure names, and BETWEEN and ago() for time', async () => {
    expect(
      await rows(
        "DELETE FROM iot.sensors WHERE measure_name IN ('temperature', 'humidity') AND device IN ('d1') AND time BETWEEN ago(10m) AND now()",
      ),
    ).toEqual([['120']]);
    expect(await count("WHERE device = 'd1' AND time >= ago(10m)")).toBe(0);
    expect(await count("WHERE device = 'd2' AND time >= ago(10m)")).toBe(60);
  });

  it('without WHERE empties the table; a contradiction deletes nothing', async () => {
    expect(await rows("DELETE FROM iot.sensors WHERE device = 'd1' AND device = 'd2'")).toEqual([['0']]);
    expect(await count()).toBe(3 * 360);
    expect(await rows('DELETE FROM "iot"."sensors"')).toEqual([[String(3 * 360)]]);
    expect(await count()).toBe(0);
  });

  it('refuses a condition the storage cannot delete by, at its position, and deletes nothing', async () => {
    const error = await rejection(rows("DELETE FROM iot.sensors WHERE device = 'd1' AND measure_value::double > 5"));
    expect(error.message).toMatch(/time range.*dimension values.*measure_name/);
    expect(error.position).toMatchObject({ line: 1, column: 49 });
    await rejection(rows("DELETE FROM iot.sensors WHERE device = 'd1' OR device = 'd2'"));
    await rejection(rows("DELETE FROM iot.sensors WHERE device LIKE 'd%'"));
    expect(await count()).toBe(3 * 360);
  });

  it('names an unknown table or column as a query would', async () => {
    const table = await rejection(rows('DELETE FROM iot.sensor'));
    expect(table.message).toMatch(/sensors/);
    const column = await rejection(rows("DELETE FROM iot.sensors WHERE devise = 'd1'"));
    expect(column.message).toMatch(/device/);
  });

  it('EXPLAIN DELETE does not delete', async () => {
    await rows("EXPLAIN DELETE FROM iot.sensors WHERE device = 'd1'");
    expect(await count()).toBe(3 * 360);
  });

  it('a series left empty leaves SHOW MEASURES and the catalog', async () => {
    const measures = async () => (await rows('SHOW MEASURES FROM iot.sensors')).map((r) => r[0]);
    expect(await measures()).toEqual(['humidity', 'temperature']);
    await rows("DELETE FROM iot.sensors WHERE measure_name = 'humidity' AND time < now()");
    expect(await measures()).toEqual(['temperature']);
    await rows("DELETE FROM iot.sensors WHERE device = 'd2'");
    expect(await rows('SELECT DISTINCT device FROM iot.sensors')).toEqual([['d1']]);
    expect(await count()).toBe(360);
    await rows("DELETE FROM iot.sensors WHERE measure_name = 'temperature'");
    expect(await measures()).toEqual([]);
    expect(await count()).toBe(0);
  });

  it('a dimension gone with its last series is gone for a query shape bound before (its plan template too)', async () => {
    const bySite = (site: string) => count(`WHERE site = '${site}'`);
    // Three texts of one shape: the second records a plan template, the third runs from it.
    expect(await bySite('north')).toBe(2 * 360);
    expect(await bySite('south')).toBe(360);
    expect(await bySite('north')).toBe(2 * 360);
    await rows('DELETE FROM iot.sensors');
    const error = await rejection(bySite('south'));
    expect(error.message).toMatch(/site/);
  });
});
