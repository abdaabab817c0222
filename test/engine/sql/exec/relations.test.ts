import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

const M = '"devops"."host_metrics"';
const H = 'devops.hosts';
const CPU = `measure_name = 'cpu_utilization'`;

describe('joins', () => {
  it('inner, left, right, full and cross joins', async () => {
    const q = (kind: string) =>
      rows(
        `SELECT DISTINCT m.hostname, h.owner FROM ${M} m ${kind} JOIN ${H} h ON m.hostname = h.hostname ORDER BY 1 NULLS LAST, 2 NULLS LAST`,
      );
    expect(await q('INNER')).toEqual([
      ['host-1', 'alice'],
      ['host-2', 'bob'],
    ]);
    expect(await q('LEFT')).toEqual([
      ['host-1', 'alice'],
      ['host-2', 'bob'],
      ['host-3', null],
    ]);
    expect(await q('RIGHT')).toEqual([
      ['host-1', 'alice'],
      ['host-2', 'bob'],
      [null, 'carol'],
    ]);
    expect(await q('FULL')).toEqual([
      ['host-1', 'alice'],
      ['host-2', 'bob'],
      ['host-3', null],
      [null, 'carol'],
    ]);
    expect((await rows(`SELECT * FROM ${H} a CROSS JOIN ${H} b`)).length).toBe(9);
    expect((await rows(`SELECT * FROM ${H} a, ${H} b WHERE a.cores < b.cores`)).length).toBe(3);
  });

  it('joins USING and with a non-equality residual', async () => {
    expect(await rows(`SELECT h.owner, count(*) FROM ${M} m JOIN ${H} h USING (hostname) GROUP BY h.owner ORDER BY 1`)).toEqual([
      ['alice', '5'],
      ['bob', '3'],
    ]);
    expect(
      await rows(`SELECT a.hostname, b.hostname FROM ${H} a JOIN ${H} b ON a.hostname <> b.hostname AND a.cores * 2 = b.cores ORDER BY 1`),
    ).toEqual([
      ['host-1', 'host-2'],
      ['host-9', 'host-1'],
    ]);
  });

  it('reports an ambiguous column and suggests qualifying it', async () => {
    await expect(rows(`SELECT hostname FROM ${M} m JOIN ${H} h ON m.hostname = h.hostname`)).rejects.toThrow(/ambiguous/);
  });
});

describe('subqueries and CTEs', () => {
  it('uses scalar, IN and EXISTS subqueries', async () => {
    expect(await rows(`SELECT hostname FROM ${H} WHERE cores = (SELECT max(cores) FROM ${H})`)).toEqual([['host-2']]);
    expect(
      await rows(`SELECT owner FROM ${H} WHERE hostname IN (SELECT hostname FROM ${M} WHERE region = 'us-east-1') ORDER BY owner`),
    ).toEqual([['alice'], ['bob']]);
    expect(await rows(`SELECT owner FROM ${H} WHERE hostname NOT IN (SELECT hostname FROM ${M}) ORDER BY owner`)).toEqual([['carol']]);
    expect(
      await rows(
        `SELECT owner FROM ${H} h WHERE EXISTS (SELECT 1 FROM ${M} m WHERE m.hostname = h.hostname AND m.region = 'us-east-1') ORDER BY 1`,
      ),
    ).toEqual([['alice'], ['bob']]);
    expect(await rows(`SELECT owner FROM ${H} h WHERE NOT EXISTS (SELECT 1 FROM ${M} m WHERE m.hostname = h.hostname)`)).toEqual([
      ['carol'],
    ]);
  });

  it('follows SQL NULL rules for NOT IN with a NULL in the list', async () => {
    expect(await rows(`SELECT 1 WHERE 5 NOT IN (SELECT * FROM (VALUES 1, NULL) t(x))`)).toEqual([]);
    expect(await rows(`SELECT 5 IN (SELECT * FROM (VALUES 1, NULL) t(x)), 1 IN (SELECT * FROM (VALUES 1, NULL) t(x))`)).toEqual([
      [null, 'true'],
    ]);
  });

  it('runs correlated scalar subqueries per row', async () => {
    expect(
      await rows(`SELECT h.owner, (SELECT count(*) FROM ${M} m WHERE m.hostname = h.hostname) AS n FROM ${H} h ORDER BY h.owner`),
    ).toEqual([
      ['alice', '5'],
      ['bob', '3'],
      ['carol', '0'],
    ]);
  });

  it('runs a subquery per row when only a subquery nested in it reads the outer row', async () => {
    // The middle subquery names no outer column itself; run once (as if uncorrelated), every owner would get one count.
    expect(
      await rows(`SELECT h.owner, (SELECT count(*) FROM ${H} x WHERE EXISTS (SELECT 1 FROM ${M} m WHERE m.hostname = h.hostname AND x.hostname = h.hostname)) AS n
        FROM ${H} h ORDER BY h.owner`),
    ).toEqual([
      ['alice', '1'],
      ['bob', '1'],
      ['carol', '0'],
    ]);
  });

  it('rejects a scalar subquery with more than one row', async () => {
    await expect(rows(`SELECT (SELECT hostname FROM ${H})`)).rejects.toThrow(/more than one row/);
  });

  it('reads subqueries in FROM and WITH queries, with column lists', async () => {
    expect(
      await rows(`WITH per_host (host, peak) AS (SELECT hostname, max(measure_value::double) FROM ${M} WHERE ${CPU} GROUP BY hostname)
        SELECT host FROM per_host WHERE peak > (SELECT avg(peak) FROM per_host) ORDER BY host`),
    ).toEqual([['host-2']]);
    expect(await rows(`SELECT t.h FROM (SELECT hostname AS h FROM ${H}) AS t WHERE t.h LIKE 'host-_' ORDER BY 1 DESC LIMIT 1`)).toEqual([
      ['host-9'],
    ]);
  });
});

describe('set operations and VALUES', () => {
  it('unions, intersects and excepts with and without ALL', async () => {
    const a = `(VALUES 1, 1, 2, 3)`;
    const b = `(VALUES 1, 3, 3, 4)`;
    const q = async (op: string) => (await rows(`SELECT * FROM ${a} x(v) ${op} SELECT * FROM ${b} y(v) ORDER BY 1`)).map((r) => r[0]);
    expect(await q('UNION')).toEqual(['1', '2', '3', '4']);
    expect(await q('UNION ALL')).toEqual(['1', '1', '1', '2', '3', '3', '3', '4']);
    expect(await q('INTERSECT')).toEqual(['1', '3']);
    expect(await q('INTERSECT ALL')).toEqual(['1', '3']);
    expect(await q('EXCEPT')).toEqual(['2']);
    expect(await q('EXCEPT ALL')).toEqual(['1', '2']);
  });

  it('widens types across UNION branches', async () => {
    expect(await rows(`SELECT 1 UNION ALL SELECT 2.5 ORDER BY 1`)).toEqual([['1.0'], ['2.5']]);
  });

  it('reads VALUES with several columns', async () => {
    expect(await rows(`SELECT b, a FROM (VALUES (1, 'x'), (2, 'y')) AS t(a, b) ORDER BY a DESC`)).toEqual([
      ['y', '2'],
      ['x', '1'],
    ]);
  });
});

describe('window functions', () => {
  const W = `FROM ${M} WHERE ${CPU} AND hostname = 'host-1'`;

  it('numbers and ranks rows', async () => {
    expect(
      await rows(`SELECT region, hostname, row_number() OVER (PARTITION BY region ORDER BY hostname) AS rn,
        rank() OVER (ORDER BY region) AS r, dense_rank() OVER (ORDER BY region) AS dr
        FROM (SELECT DISTINCT region, hostname FROM ${M}) ORDER BY region, hostname`),
    ).toEqual([
      ['eu-west-1', 'host-3', '1', '1', '1'],
      ['us-east-1', 'host-1', '1', '2', '2'],
      ['us-east-1', 'host-2', '2', '2', '2'],
    ]);
  });

  it('reads neighbours with lag and lead, with defaults and IGNORE NULLS', async () => {
    expect(
      await rows(`SELECT measure_value::double, lag(measure_value::double) OVER (ORDER BY time), lead(measure_value::double, 1, -1) OVER (ORDER BY time),
        lag(measure_value::double) IGNORE NULLS OVER (ORDER BY time) ${W} ORDER BY time`),
    ).toEqual([
      ['10.0', null, '20.0', null],
      ['20.0', '10.0', '30.0', '10.0'],
      ['30.0', '20.0', null, '20.0'],
      [null, '30.0', '-1.0', '30.0'],
    ]);
  });

  it('takes first and last values over frames, with IGNORE NULLS', async () => {
    expect(
      await rows(`SELECT first_value(measure_value::double) OVER (ORDER BY time),
        last_value(measure_value::double) OVER (ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
        last_value(measure_value::double) IGNORE NULLS OVER (ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ${W} ORDER BY time`),
    ).toEqual([
      ['10.0', null, '30.0'],
      ['10.0', null, '30.0'],
      ['10.0', null, '30.0'],
      ['10.0', null, '30.0'],
    ]);
  });

  it('runs aggregates over ROWS and RANGE frames', async () => {
    expect(
      await rows(`SELECT sum(measure_value::double) OVER (ORDER BY time) AS running,
        avg(measure_value::double) OVER (ORDER BY time ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving,
        count(*) OVER (ORDER BY time RANGE BETWEEN INTERVAL '30' SECOND PRECEDING AND CURRENT ROW) AS last_30s,
        sum(measure_value::double) OVER () AS total ${W} ORDER BY time`),
    ).toEqual([
      ['10.0', '10.0', '1', '60.0'],
      ['30.0', '15.0', '2', '60.0'],
      ['60.0', '25.0', '2', '60.0'],
      ['60.0', '30.0', '2', '60.0'],
    ]);
  });

  it('ranks over aggregates', async () => {
    expect(
      await rows(`SELECT hostname, max(measure_value::double) AS peak, rank() OVER (ORDER BY max(measure_value::double) DESC) AS r
        FROM ${M} WHERE ${CPU} GROUP BY hostname ORDER BY r`),
    ).toEqual([
      ['host-2', '70.0', '1'],
      ['host-1', '30.0', '2'],
      ['host-3', '15.0', '3'],
    ]);
  });

  it('rejects IGNORE NULLS where Presto does', async () => {
    await expect(rows(`SELECT row_number() IGNORE NULLS OVER () ${W}`)).rejects.toThrow(/IGNORE NULLS is not allowed with row_number/);
  });
});

describe('grouping sets', () => {
  it('computes ROLLUP and CUBE', async () => {
    const sql = (g: string) => `SELECT region, hostname, count(*) FROM ${M} WHERE ${CPU} GROUP BY ${g} ORDER BY 1 NULLS LAST, 2 NULLS LAST`;
    expect(await rows(sql('ROLLUP (region, hostname)'))).toEqual([
      ['eu-west-1', 'host-3', '2'],
      ['eu-west-1', null, '2'],
      ['us-east-1', 'host-1', '4'],
      ['us-east-1', 'host-2', '2'],
      ['us-east-1', null, '6'],
      [null, null, '8'],
    ]);
    expect((await rows(sql('CUBE (region, hostname)'))).length).toBe(9);
  });
});

describe('JOIN ... USING', () => {
  it('merges the join column: one bare name, listed once and first by SELECT *, coalesced in a FULL join', async () => {
    expect(
      await rows(
        `SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS l(x, y) FULL JOIN (VALUES (1, 'c'), (3, 'd')) AS r(x, z) USING (x) ORDER BY x`,
      ),
    ).toEqual([
      ['1', 'a', 'c'],
      ['2', 'b', null],
      ['3', null, 'd'],
    ]);
    expect(await rows(`SELECT x, l.x, r.x FROM (VALUES 1, 2) AS l(x) LEFT JOIN (VALUES 2) AS r(x) USING (x) ORDER BY x`)).toEqual([
      ['1', '1', null],
      ['2', '2', '2'],
    ]);
    expect(await rows(`SELECT hostname, count(*) FROM ${M} m JOIN ${H} h USING (hostname) GROUP BY hostname ORDER BY 1`)).toEqual([
      ['host-1', '5'],
      ['host-2', '3'],
    ]);
  });
});

describe('correlated subqueries run once per distinct outer value', () => {
  it('agree with the row-by-row meaning, also when nested two levels deep', async () => {
    expect(
      await rows(`SELECT hostname, time, (SELECT count(*) FROM ${M} i WHERE i.hostname = o.hostname AND i.time <= o.time) AS before_or_at
        FROM ${M} o WHERE ${CPU} AND hostname = 'host-1' ORDER BY time`),
    ).toEqual([
      ['host-1', '2024-01-01 00:00:00.000000000', '2'],
      ['host-1', '2024-01-01 00:00:30.000000000', '3'],
      ['host-1', '2024-01-01 00:01:00.000000000', '4'],
      ['host-1', '2024-01-01 00:01:30.000000000', '5'],
    ]);
    expect(
      await rows(`SELECT h.owner FROM ${H} h WHERE EXISTS (SELECT 1 FROM ${M} m WHERE m.hostname = h.hostname
        AND EXISTS (SELECT 1 FROM ${H} x WHERE x.hostname = m.hostname AND x.cores = h.cores AND m.region = 'us-east-1')) ORDER BY 1`),
    ).toEqual([['alice'], ['bob']]);
  });
});
