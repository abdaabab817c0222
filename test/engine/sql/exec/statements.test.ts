import { describe, expect, it } from 'vitest';
import { runSql } from '../../../../src/engine/sql/run-sql.ts';
import { TidemarkError } from '../../../../src/errors/index.ts';
import { rejection } from '../../../helpers/rejection.ts';
import { devopsCatalog, NOW, ts } from '../fixtures/devops.ts';
import { rows } from '../fixtures/run.ts';

const M = '"devops"."host_metrics"';

describe('metadata statements', () => {
  it('shows databases and tables, with LIKE', async () => {
    expect(await rows('SHOW DATABASES')).toEqual([['devops']]);
    expect(await rows('SHOW TABLES FROM devops')).toEqual([['host_metrics'], ['hosts']]);
    expect(await rows(`SHOW TABLES FROM devops LIKE '%metric%'`)).toEqual([['host_metrics']]);
  });

  it('shows measures with their types and dimensions', async () => {
    const result = await rows(`SHOW MEASURES FROM devops.host_metrics LIKE 'cpu%'`);
    expect(result).toHaveLength(1);
    expect(result[0]!.slice(0, 2)).toEqual(['cpu_utilization', 'double']);
    expect(result[0]![2]).toContain('{"ScalarValue":"region"}');
  });

  it('describes a table with Timestream attribute types', async () => {
    expect(await rows('DESCRIBE devops.host_metrics')).toEqual([
      ['region', 'varchar', 'DIMENSION'],
      ['hostname', 'varchar', 'DIMENSION'],
      ['measure_name', 'varchar', 'MEASURE_NAME'],
      ['time', 'timestamp', 'TIMESTAMP'],
      ['measure_value::double', 'double', 'MEASURE_VALUE'],
      ['measure_value::bigint', 'bigint', 'MEASURE_VALUE'],
    ]);
  });

  it('names a missing table or database plainly', async () => {
    await expect(rows('DESCRIBE devops.nope')).rejects.toThrow(/Table 'devops.nope' does not exist/);
    await expect(rows('SELECT * FROM nowhere.t')).rejects.toThrow(/Database 'nowhere' does not exist/);
    await expect(rows('SELECT * FROM host_metrics')).rejects.toThrow(/Name the database of table 'host_metrics'/);
  });
});

describe('planning', () => {
  it('pushes the time range, dimensions and measure names into the scan', async () => {
    const catalog = devopsCatalog();
    await runSql(
      catalog,
      `SELECT * FROM ${M} WHERE time >= ago(1h) AND time < '2024-01-01 00:01:00' AND hostname IN ('host-1', 'host-2') AND region = 'us-east-1' AND measure_name = 'cpu_utilization'`,
      { now: NOW },
    );
    const { pushdown } = catalog.scans[0]!;
    expect(pushdown.timeRange).toEqual({ from: ts('2024-01-01 00:00:00'), to: ts('2024-01-01 00:01:00') });
    expect(Object.fromEntries(pushdown.dimensions)).toEqual({ hostname: ['host-1', 'host-2'], region: ['us-east-1'] });
    expect(pushdown.measureNames).toEqual(['cpu_utilization']);
  });

  it('keeps the filter when pushing down, so an over-reading scan stays correct', async () => {
    const catalog = devopsCatalog();
    const result = await runSql(catalog, `EXPLAIN SELECT * FROM ${M} WHERE time > '2024-01-01 00:01:00'`, { now: NOW });
    const plan = Array.from({ length: result.rowCount }, (_, i) => result.vectors[0]!.get(i)).join('\n');
    expect(plan).toMatch(/Filter \(time > 2024-01-01 00:01:00.000000000\)/);
    expect(plan).toMatch(/Scan devops.host_metrics, columns: 6, time: \[2024-01-01 00:01:00.000000001, \+∞\)/);
  });

  it('EXPLAIN ANALYZE reports rows and time per operator and the storage counters', async () => {
    const result = await runSql(devopsCatalog(), `EXPLAIN ANALYZE SELECT hostname, count(*) FROM ${M} GROUP BY hostname`, { now: NOW });
    const plan = Array.from({ length: result.rowCount }, (_, i) => result.vectors[0]!.get(i)).join('\n');
    expect(plan).toMatch(/Aggregate .*\[rows: 3, batches: 1, self: [\d.]+ ms\]/);
    expect(plan).toMatch(/Scan .*\[rows: 10, batches: 4, self/);
    expect(plan).toMatch(/Storage: chunks 1 total, .* 10 rows scanned/);
    // The time before the plan ran, then the run's own (Postgres's Planning Time and Execution Time).
    expect(plan).toMatch(/\nPlanning: parse [\d.]+ ms, bind and plan [\d.]+ ms\nTotal: [\d.]+ ms$/);
  });
});

describe('errors and cancellation', () => {
  it('points at the unknown column with line, column and a caret', async () => {
    const error = await rejection(runSql(devopsCatalog(), `SELECT hostname,\n  cpu FROM ${M}`, { now: NOW }));
    expect(error).toBeInstanceOf(TidemarkError);
    expect(error.code).toBe('SQL_SEMANTIC');
    expect(error.position).toEqual({ line: 2, column: 3 });
    expect(error.message).toContain('2 |   cpu FROM');
  });

  it('names the types that met when a function does not take them', async () => {
    await expect(rows(`SELECT bin(hostname, 1m) FROM ${M}`)).rejects.toThrow(
      /bin\(varchar, interval day to second\) does not exist: bin takes bin\(timestamp, interval day to second\)/,
    );
    await expect(rows(`SELECT sum(hostname) FROM ${M}`)).rejects.toThrow(/sum\(varchar\) does not exist/);
    await expect(rows(`SELECT nosuch(1)`)).rejects.toThrow(/Function 'nosuch' does not exist/);
  });

  it('rejects aggregates in WHERE', async () => {
    await expect(rows(`SELECT 1 FROM ${M} WHERE count(*) > 1`)).rejects.toThrow(/Aggregate function count is not allowed in WHERE/);
  });

  it('stops on an aborted signal with ABORTED and on a timeout with TIMEOUT', async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = await rejection(runSql(devopsCatalog(), `SELECT 1`, { signal: controller.signal }));
    expect(aborted.code).toBe('ABORTED');
    // A cross join of 10^5 rows per side cannot finish in 20 ms; the checkpoint stops it.
    const big = `(SELECT x FROM (VALUES 1,2,3,4,5,6,7,8,9,10) a(x) CROSS JOIN (VALUES 1,2,3,4,5,6,7,8,9,10) b(y) CROSS JOIN (VALUES 1,2,3,4,5,6,7,8,9,10) c(z) CROSS JOIN (VALUES 1,2,3,4,5,6,7,8,9,10) d(w) CROSS JOIN (VALUES 1,2,3,4,5,6,7,8,9,10) e(v))`;
    const timedOut = await rejection(runSql(devopsCatalog(), `SELECT count(*) FROM ${big} p CROSS JOIN ${big} q`, { timeoutMs: 20 }));
    expect(timedOut.code).toBe('TIMEOUT');
  });
});

describe('suggestions', () => {
  it('suggests the nearest column, table, database and function', async () => {
    await expect(rows(`SELECT hostnme FROM ${M}`)).rejects.toThrow(/Column 'hostnme' does not exist\. Did you mean "hostname"\?/);
    await expect(rows(`SELECT * FROM devops.host_metric`)).rejects.toThrow(/Did you mean "host_metrics"\?/);
    await expect(rows(`SELECT * FROM devop.host_metrics`)).rejects.toThrow(/Database 'devop' does not exist\. Did you mean "devops"\?/);
    await expect(rows(`SELECT avgg(1)`)).rejects.toThrow(/Function 'avgg' does not exist\. Did you mean "avg"\?/);
    await expect(rows(`SELECT "Hostname" FROM ${M}`)).rejects.toThrow(
      /Did you mean "hostname"\? \(A quoted name matches its case exactly\.\)/,
    );
  });
});
