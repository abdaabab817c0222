import { describe, expect, it } from 'vitest';
import { timeWords } from '../../../src/engine/model/bucket-partials.ts';
import { DB, HOUR, memoryEngine, ns, T0, TABLE } from './helpers.ts';

// lastPointScan's answer per series: its block (what the query engine reads) and its named arrays (made
// on demand) describe the same slot of the shared partials: series i's, not a neighbour's.

describe('the last-point answer', () => {
  it('gives each series its own slot, through its block and its arrays alike', async () => {
    const engine = await memoryEngine();
    const hosts = 4;
    for (let h = 0; h < hosts; h++) {
      const n = 5 + h;
      await engine.writeColumns({
        database: DB,
        table: TABLE,
        dimensions: { host: `h${h}` },
        measureName: 'm',
        times: Float64Array.from({ length: n }, (_, i) => T0 - HOUR + i * 60_000 * (h + 1)),
        columns: [
          { name: 'a', type: 'DOUBLE', values: Float64Array.from({ length: n }, (_, i) => h * 100 + i) },
          // Column b is NULL at host 2's last row.
          {
            name: 'b',
            type: 'DOUBLE',
            values: Float64Array.from({ length: n }, (_, i) => -(h * 100 + i)),
            validity: Uint8Array.from({ length: n }, (_, i) => (h === 2 && i === n - 1 ? 0 : 1)),
          },
        ],
      });
    }
    const result = await engine.lastPointScan({ database: DB, table: TABLE, bucketWidth: null, columns: ['a', 'b'], edges: true });
    const series = result?.series;
    expect(series?.length).toBe(hosts);
    for (const s of series ?? []) {
      const h = Number(s.series.dimensions.host?.slice(1));
      const n = 5 + h;
      const lastTime = ns(T0 - HOUR + (n - 1) * 60_000 * (h + 1));
      expect([s.firstBucket, s.bucketCount]).toEqual([0n, 1]);
      expect(Array.from(s.rows)).toEqual([1]);
      expect(Array.from(s.timeMin)).toEqual([lastTime]);
      expect(Array.from(s.timeMax)).toEqual([lastTime]);
      expect(Array.from(s.last)).toEqual([h * 100 + n - 1, h === 2 ? 0 : -(h * 100 + n - 1)]);
      expect(Array.from(s.first)).toEqual(Array.from(s.last));
      expect(Array.from(s.lastValid)).toEqual([1, h === 2 ? 0 : 1]);
      expect(Array.from(s.firstValid)).toEqual(Array.from(s.lastValid));
      expect([s.count.length, s.sum.length, s.min.length, s.max.length, s.nan.length]).toEqual([2, 2, 2, 2, 2]);
      // The block reads the same slot.
      const b = s.block;
      expect(b.f64[b.rowsAt]).toBe(1);
      const words = timeWords(new BigInt64Array([lastTime]));
      for (const at of [b.timeMinAt, b.timeMaxAt]) expect([b.words[2 * at], b.words[2 * at + 1]]).toEqual(Array.from(words));
      for (let c = 0; c < 2; c++) {
        expect(b.f64[b.lastAt + c]).toBe(s.last[c]);
        expect(b.f64[b.firstAt + c]).toBe(s.first[c]);
        expect(b.u8[b.lastValidAt + c]).toBe(s.lastValid[c]);
        expect(b.u8[b.firstValidAt + c]).toBe(s.firstValid[c]);
      }
    }
  });
});
