import { describe, expect, it } from 'vitest';
import { DB, HOUR, memoryEngine, T0, TABLE } from './helpers.ts';

const PARTITION = 3_600_000_000_000n;

describe('sealing the head by partition', () => {
  it('seals each earlier hour of a head as its own chunk, keeping every point and their order', async () => {
    const e = await memoryEngine({ partitionNs: PARTITION, chunkPoints: 1000 });
    // Four hours at one point a minute, written one record at a time in shuffled batches: the head gathers
    // several partitions and seals every one before the newest.
    const start = Math.floor((T0 - 5 * HOUR) / HOUR) * HOUR;
    const minutes = Array.from({ length: 240 }, (_, i) => i);
    for (const [b, end] of [
      [0, 180],
      [180, 240],
    ] as const) {
      const batch = minutes.slice(b, end).sort((x, y) => ((x * 7919) % 181) - ((y * 7919) % 181));
      await e.writeRecords({
        DatabaseName: DB,
        TableName: TABLE,
        CommonAttributes: { Dimensions: [{ Name: 'host', Value: 'a' }], MeasureName: 'cpu', MeasureValueType: 'DOUBLE' },
        Records: batch.map((m) => ({ Time: String(start + m * 60_000), MeasureValue: String(m) })),
      });
    }
    const headers = (await e.scan({ database: DB, table: TABLE, want: 'chunk-headers' })).headers.map((h) => h.header);
    expect(headers.map((h) => h.count)).toEqual([60, 60, 60]);
    for (const h of headers) expect(h.timeMin / PARTITION).toBe(h.timeMax / PARTITION);
    const scan = await e.scan({ database: DB, table: TABLE });
    const times = scan.batches.flatMap((b) => [...b.times]);
    expect(times).toEqual(minutes.map((m) => BigInt(start + m * 60_000) * 1_000_000n));
  });
});
