import { expect, it } from 'vitest';
import { DB, HOUR, memoryEngine, T0, TABLE } from './helpers.ts';

// A columnar write with a validity vector lands in the head where earlier rows (since sealed) had
// nulls: the stale validity past the head's length must not turn the new values into nulls.
it('keeps values present when a columnar write with validity reuses head rows that held nulls', async () => {
  const engine = await memoryEngine({ chunkPoints: 8 });
  const write = async (start: number, n: number, nullAt: (i: number) => boolean) => {
    const times = Float64Array.from({ length: n }, (_, i) => T0 - HOUR + (start + i) * 1000);
    const values = Float64Array.from({ length: n }, (_, i) => start + i);
    const validity = Uint8Array.from({ length: n }, (_, i) => (nullAt(start + i) ? 0 : 1));
    const response = await engine.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'a' },
      measureName: 'm',
      times,
      columns: [{ name: 'v', type: 'DOUBLE', values, validity }],
    });
    expect(response.RejectedRecords).toEqual([]);
  };
  await write(0, 5, (i) => i % 2 === 1); // 5 rows in the head, rows 1 and 3 null
  await write(5, 14, () => false); // fills and seals the head, then 3 rows into the emptied head
  const scan = await engine.scan({ database: DB, table: TABLE, columns: ['v'] });
  const got: (number | null)[] = [];
  for (const batch of scan.batches) {
    const c = batch.columns[0];
    if (c?.type !== 'double') throw new Error('expected a double column');
    for (let i = 0; i < batch.times.length; i++) got.push(c.validity && c.validity[i] === 0 ? null : (c.values[i] as number));
  }
  expect(got).toEqual(Array.from({ length: 19 }, (_, i) => (i < 5 && i % 2 === 1 ? null : i)));
  await engine.close();
});
