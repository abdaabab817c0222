import { describe, expect, it } from 'vitest';
import { DB, memoryEngine, ns, T0, TABLE } from './helpers.ts';

describe('storage smoke', () => {
  it('writes records and scans them back', async () => {
    const e = await memoryEngine();
    const res = await e.writeRecords({
      DatabaseName: DB,
      TableName: TABLE,
      CommonAttributes: { Dimensions: [{ Name: 'host', Value: 'a' }], MeasureName: 'cpu' },
      Records: [
        { MeasureValue: '1.5', Time: String(T0 - 2000) },
        { MeasureValue: '2.5', Time: String(T0 - 1000) },
      ],
    });
    expect(res).toEqual({ RecordsIngested: { Total: 2, MemoryStore: 2, MagneticStore: 0 }, RejectedRecords: [] });
    const scan = await e.scan({ database: DB, table: TABLE });
    expect(scan.batches).toHaveLength(1);
    expect([...(scan.batches[0]?.times ?? [])]).toEqual([ns(T0 - 2000), ns(T0 - 1000)]);
    expect([...((scan.batches[0]?.columns[0]?.values ?? []) as Float64Array)]).toEqual([1.5, 2.5]);
  });
});
