import { describe, expect, it } from 'vitest';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { rejection } from '../../../helpers/rejection.ts';
import { random } from '../../../helpers/seeded-random.ts';
import { devopsCatalog, NOW } from '../fixtures/devops.ts';
import { rows } from '../fixtures/run.ts';

// 60,000 rows in one partition, each row's approx_percentile over every row before it, its percentile computed
// per row (which the one-pass form does not take): more than a minute of work (the tests' time limit), unless
// the window stops at the query's checkpoints; a cancel seen only after the window would come too late. Its
// input takes about 0.2 s: the cancel (at 1 s) lands in the window.
const SLOW_WINDOW = `SELECT count(p) FROM (SELECT approx_percentile(x * 1.5 + y, 0.5 + 0 * x) OVER (ORDER BY x, y ROWS UNBOUNDED PRECEDING) AS p
  FROM UNNEST(sequence(1, 300)) AS a(x) CROSS JOIN UNNEST(sequence(1, 200)) AS b(y))`;

describe('the window operator', () => {
  it('is cancelled while it computes a window over large frames', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1000);
    const error = await rejection(runSql(devopsCatalog(), SLOW_WINDOW, { now: NOW, signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
  });

  it('times out while it computes a window over large frames', async () => {
    const error = await rejection(runSql(devopsCatalog(), SLOW_WINDOW, { now: NOW, timeoutMs: 1000 }));
    expect(error.code).toBe('TIMEOUT');
  });

  it('answers moving aggregates per partition, in the input order, whatever order the rows come in', async () => {
    const rand = random(7);
    // Three partitions interleaved, each row's position i in its partition shuffled across the input.
    const input = Array.from({ length: 90 }, (_, k) => ({
      p: ['a', 'b', 'c'][k % 3] as string,
      i: Math.floor(k / 3),
      v: Math.floor(rand() * 20) - 5,
    }));
    for (let k = input.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [input[k], input[j]] = [input[j]!, input[k]!];
    }
    await expectMovingAggregates(input);
  });

  it('takes rows that come partition after partition in time order as they are, in any order of partitions', async () => {
    const rand = random(8);
    const run = (p: string, from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => ({ p, i: from + k, v: Math.floor(rand() * 20) - 5 }));
    // Runs not in the partition keys' order: window order already, only checked.
    await expectMovingAggregates([...run('c', 0, 20), ...run('a', 0, 20), ...run('b', 0, 20)]);
    // Partition a in two runs (a, b, a): not window order, so sorted, or a's frames would miss its first run.
    await expectMovingAggregates([...run('a', 0, 10), ...run('b', 0, 20), ...run('a', 10, 20)]);
    // Out of order inside a run.
    await expectMovingAggregates([...run('a', 5, 20), ...run('a', 0, 5)]);
  });
});

/** Moving sum, max and count over the two rows before and the row, and min over the four after, against the same computed here. */
async function expectMovingAggregates(input: readonly { p: string; i: number; v: number }[]): Promise<void> {
  const values = input.map((r) => `('${r.p}', ${r.i}, ${r.v % 4 === 0 ? 'NULL' : `${r.v}.0`})`).join(', ');
  const back3 = 'OVER (PARTITION BY p ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)';
  const answer = await rows(
    `SELECT p, i, sum(v) ${back3}, max(v) ${back3}, count(v) ${back3}, min(v) OVER (PARTITION BY p ORDER BY i ROWS BETWEEN 1 FOLLOWING AND 4 FOLLOWING)
     FROM (VALUES ${values}) AS t(p, i, v)`,
  );
  const valueAt = new Map(input.map((r) => [`${r.p}/${r.i}`, r.v % 4 === 0 ? null : r.v]));
  const frame = (p: string, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, k) => valueAt.get(`${p}/${from + k}`)).filter((v): v is number | null => v !== undefined);
  const show = (v: number | null) => (v === null ? null : v.toFixed(1));
  const expected = input.map((r) => {
    const back = frame(r.p, r.i - 2, r.i).filter((v): v is number => v !== null);
    const ahead = frame(r.p, r.i + 1, r.i + 4).filter((v): v is number => v !== null);
    return [
      r.p,
      String(r.i),
      back.length ? show(back.reduce((a, b) => a + b, 0)) : null,
      back.length ? show(Math.max(...back)) : null,
      String(back.length),
      ahead.length ? show(Math.min(...ahead)) : null,
    ];
  });
  expect(answer).toEqual(expected);
}
