import { describe, expect, it } from 'vitest';
import { rows } from '../fixtures/run.ts';

/** The elements of the one array a query returns, as printed strings. */
async function elements(expression: string): Promise<(string | null)[]> {
  const result = await rows(`SELECT x FROM UNNEST(${expression}) AS u(x)`);
  return result.map(([x]) => x ?? null);
}

describe('sequence over bigint', () => {
  it("counts by one toward stop, or by the step given, both ends included (Presto's examples)", async () => {
    expect(await elements('sequence(1, 5)')).toEqual(['1', '2', '3', '4', '5']);
    expect(await elements('sequence(5, 1)')).toEqual(['5', '4', '3', '2', '1']);
    expect(await elements('sequence(-1, -10, -2)')).toEqual(['-1', '-3', '-5', '-7', '-9']);
    expect(await elements('sequence(1, 10, 3)')).toEqual(['1', '4', '7', '10']);
    expect(await elements('sequence(3, 3)')).toEqual(['3']);
    expect(await elements('sequence(3, 3, -4)')).toEqual(['3']);
    expect(await elements('sequence(9000000000, 9000000002)')).toEqual(['9000000000', '9000000001', '9000000002']);
  });

  it('rejects a zero step and a step away from stop', async () => {
    await expect(rows('SELECT sequence(1, 5, 0)')).rejects.toThrow(/sequence step must not be zero/);
    await expect(rows('SELECT sequence(1, 5, -1)')).rejects.toThrow(/step must be positive for an increasing sequence/);
    await expect(rows('SELECT sequence(5, 1, 1)')).rejects.toThrow(/step must be negative for a decreasing sequence/);
  });

  it('allows 10,000 elements and no more, as Timestream caps it', async () => {
    expect((await elements('sequence(1, 10000)')).length).toBe(10000);
    await expect(rows('SELECT sequence(1, 10001)')).rejects.toThrow(/more than 10000 elements/);
    await expect(rows('SELECT sequence(0, 100000000000, 1)')).rejects.toThrow(/more than 10000 elements/);
  });

  it('gives NULL for a NULL bound or step, and names the types that met otherwise', async () => {
    expect(await rows('SELECT sequence(1, NULL), sequence(1, 5, NULL)')).toEqual([[null, null]]);
    await expect(rows(`SELECT sequence('a', 'b')`)).rejects.toThrow(/sequence\(varchar, varchar\) does not exist/);
    await expect(rows('SELECT sequence(1.5, 3.0)')).rejects.toThrow(/sequence\(double, double\)/);
  });
});

describe('sequence over timestamps', () => {
  it('steps by a day-to-second interval, both ends included when the step lands on stop', async () => {
    expect(await elements(`sequence(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:01:00', 30s)`)).toEqual([
      '2024-01-01 00:00:00.000000000',
      '2024-01-01 00:00:30.000000000',
      '2024-01-01 00:01:00.000000000',
    ]);
    expect(await elements(`sequence(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:00:50', INTERVAL '20' SECOND)`)).toEqual([
      '2024-01-01 00:00:00.000000000',
      '2024-01-01 00:00:20.000000000',
      '2024-01-01 00:00:40.000000000',
    ]);
    expect(await elements(`sequence(TIMESTAMP '2024-01-02 00:00:00', TIMESTAMP '2024-01-01 00:00:00', INTERVAL '-12' HOUR)`)).toEqual([
      '2024-01-02 00:00:00.000000000',
      '2024-01-01 12:00:00.000000000',
      '2024-01-01 00:00:00.000000000',
    ]);
  });

  it('steps by months from start, clamping to the end of shorter months', async () => {
    expect(await elements(`sequence(TIMESTAMP '2024-01-31 06:00:00', TIMESTAMP '2024-05-01 00:00:00', INTERVAL '1' MONTH)`)).toEqual([
      '2024-01-31 06:00:00.000000000',
      '2024-02-29 06:00:00.000000000',
      '2024-03-31 06:00:00.000000000',
      '2024-04-30 06:00:00.000000000',
    ]);
    expect(await elements(`sequence(TIMESTAMP '2023-01-15 00:00:00', TIMESTAMP '2024-01-15 00:00:00', INTERVAL '1' YEAR)`)).toEqual([
      '2023-01-15 00:00:00.000000000',
      '2024-01-15 00:00:00.000000000',
    ]);
  });

  it('caps at 10,000 elements and checks the step, as for bigint', async () => {
    await expect(rows(`SELECT sequence(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-02 00:00:00', 1s)`)).rejects.toThrow(
      /more than 10000 elements/,
    );
    await expect(rows(`SELECT sequence(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-02 00:00:00', 0s)`)).rejects.toThrow(
      /must not be zero/,
    );
    await expect(rows(`SELECT sequence(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-02 00:00:00')`)).rejects.toThrow(
      /sequence\(timestamp, timestamp\) does not exist/,
    );
  });

  it("builds a grid from a group's own min and max time (host-1 spans 00:00:00 to 00:01:30)", async () => {
    const [[host, grid]] = (await rows(
      `SELECT hostname, sequence(min(time), max(time), 45s) FROM "devops"."host_metrics" WHERE measure_name = 'cpu_utilization' AND hostname = 'host-1' GROUP BY hostname`,
    )) as [[string, string]];
    expect(host).toBe('host-1');
    expect(JSON.parse(grid)).toEqual({
      ArrayValue: [
        { ScalarValue: '2024-01-01 00:00:00.000000000' },
        { ScalarValue: '2024-01-01 00:00:45.000000000' },
        { ScalarValue: '2024-01-01 00:01:30.000000000' },
      ],
    });
  });
});

describe('sequence over dates', () => {
  it("counts by days or by the interval given (Presto's date forms)", async () => {
    expect(await elements(`sequence(DATE '2024-02-27', DATE '2024-03-01')`)).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(await elements(`sequence(DATE '2024-01-03', DATE '2024-01-01')`)).toEqual(['2024-01-03', '2024-01-02', '2024-01-01']);
    expect(await elements(`sequence(DATE '2024-01-01', DATE '2024-01-10', INTERVAL '3' DAY)`)).toEqual([
      '2024-01-01',
      '2024-01-04',
      '2024-01-07',
      '2024-01-10',
    ]);
    expect(await elements(`sequence(DATE '2023-11-30', DATE '2024-03-01', INTERVAL '1' MONTH)`)).toEqual([
      '2023-11-30',
      '2023-12-30',
      '2024-01-30',
      '2024-02-29',
    ]);
  });

  it('needs whole days in a day-to-second step', async () => {
    await expect(rows(`SELECT sequence(DATE '2024-01-01', DATE '2024-01-02', 1h)`)).rejects.toThrow(/whole days/);
  });
});
