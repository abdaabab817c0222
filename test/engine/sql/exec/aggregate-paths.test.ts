import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

// The aggregate operator takes three paths (runs of one varying key, constant keys, and a hash per
// row for several varying keys) and two kinds of state (columnar and per-group accumulators).
// These queries reach each combination and must agree with the plain definitions.

const DATA = `(VALUES (1, 'a', 1.5), (1, 'a', NULL), (1, 'b', 3.0), (2, 'a', CAST('NaN' AS double)), (2, 'b', -1.0), (2, 'b', 2.0), (1, 'a', 4.0)) AS t(k, s, v)`;

describe('aggregate paths', () => {
  it('agrees across runs, hashes and accumulators, with NULL and NaN', async () => {
    const runs = await rows(`SELECT k, count(*), count(v), sum(v), min(v), max(v) FROM ${DATA} GROUP BY k ORDER BY k`);
    expect(runs).toEqual([
      ['1', '4', '3', '8.5', '1.5', '4.0'],
      ['2', '3', '3', 'NaN', '-1.0', 'NaN'],
    ]);
    const hashed = await rows(`SELECT k, s, count(*), avg(v), min(v), max(v), count(DISTINCT v) FROM ${DATA} GROUP BY k, s ORDER BY k, s`);
    expect(hashed).toEqual([
      ['1', 'a', '3', '2.75', '1.5', '4.0', '2'],
      ['1', 'b', '1', '3.0', '3.0', '3.0', '1'],
      ['2', 'a', '1', 'NaN', 'NaN', 'NaN', '1'],
      ['2', 'b', '2', '0.5', '-1.0', '2.0', '2'],
    ]);
    const filtered = await rows(`SELECT s, count(*) FILTER (WHERE v > 1), max(k) FROM ${DATA} GROUP BY s ORDER BY s`);
    expect(filtered).toEqual([
      ['a', '2', '2'],
      ['b', '2', '2'],
    ]);
  });

  it('keeps exact bigint and timestamp extremes', async () => {
    expect(
      await rows(`SELECT min(x), max(x), min(t), max(t) FROM (VALUES (9223372036854775807, timestamp '2024-01-01 00:00:00.000000001'),
        (-9223372036854775807, timestamp '2024-01-01 00:00:00.000000002'), (NULL, NULL)) AS t(x, t)`),
    ).toEqual([['-9223372036854775807', '9223372036854775807', '2024-01-01 00:00:00.000000001', '2024-01-01 00:00:00.000000002']]);
  });

  it('returns NULL for empty groups of every columnar aggregate in a grouping set', async () => {
    expect(await rows(`SELECT k, sum(v), min(v) FROM ${DATA} WHERE v > 100 GROUP BY GROUPING SETS ((k), ())`)).toEqual([
      [null, null, null],
    ]);
  });
});
