import { describe, expect, it } from 'vitest';
import { TidemarkError } from '../../../../src/errors/index.ts';
import { rows } from '../fixtures/run.ts';

// CAST between every pair of scalar types, as Presto (and so Timestream) defines it. Each cell is
// the printed result, NEVER (a type pair that never converts: an error before any row is read,
// which TRY_CAST does not hide) or BAD (this value does not convert: CAST fails, TRY_CAST is NULL).

const NEVER = Symbol('never');
const BAD = Symbol('bad');
type Cell = string | typeof NEVER | typeof BAD;

const TARGETS = ['integer', 'bigint', 'double', 'boolean', 'varchar', 'timestamp', 'date', 'time'] as const;

const MATRIX: readonly [source: string, cells: readonly Cell[]][] = [
  //                                         integer  bigint   double     boolean  varchar                          timestamp                          date          time
  ['7', ['7', '7', '7.0', 'true', '7', NEVER, NEVER, NEVER]],
  ["BIGINT '-9000000000'", [BAD, '-9000000000', '-9.0E9', 'true', '-9000000000', NEVER, NEVER, NEVER]],
  ["DOUBLE '2.5'", ['3', '3', '2.5', 'true', '2.5', NEVER, NEVER, NEVER]],
  ["DOUBLE '-2.5'", ['-3', '-3', '-2.5', 'true', '-2.5', NEVER, NEVER, NEVER]],
  ["DOUBLE '0.0'", ['0', '0', '0.0', 'false', '0.0', NEVER, NEVER, NEVER]],
  ['nan()', [BAD, BAD, 'NaN', 'true', 'NaN', NEVER, NEVER, NEVER]],
  ['false', ['0', '0', '0.0', 'false', 'false', NEVER, NEVER, NEVER]],
  ["' 42 '", ['42', '42', '42.0', BAD, ' 42 ', BAD, BAD, BAD]],
  ["'1'", ['1', '1', '1.0', 'true', '1', BAD, BAD, BAD]],
  ["'2.5e1'", [BAD, BAD, '25.0', BAD, '2.5e1', BAD, BAD, BAD]],
  ["'f'", [BAD, BAD, BAD, 'false', 'f', BAD, BAD, BAD]],
  ["'2024-01-02'", [BAD, BAD, BAD, BAD, '2024-01-02', '2024-01-02 00:00:00.000000000', '2024-01-02', BAD]],
  ["'2024-01-02 03:04:05.5'", [BAD, BAD, BAD, BAD, '2024-01-02 03:04:05.5', '2024-01-02 03:04:05.500000000', BAD, BAD]],
  ["'03:04:05'", [BAD, BAD, BAD, BAD, '03:04:05', BAD, BAD, '03:04:05.000000000']],
  [
    "TIMESTAMP '2024-01-02 03:04:05.123456789'",
    [NEVER, NEVER, NEVER, NEVER, '2024-01-02 03:04:05.123456789', '2024-01-02 03:04:05.123456789', '2024-01-02', '03:04:05.123456789'],
  ],
  ["DATE '2024-01-02'", [NEVER, NEVER, NEVER, NEVER, '2024-01-02', '2024-01-02 00:00:00.000000000', '2024-01-02', NEVER]],
  ["TIME '03:04:05'", [NEVER, NEVER, NEVER, NEVER, '03:04:05.000000000', NEVER, NEVER, '03:04:05.000000000']],
  ['1d', [NEVER, NEVER, NEVER, NEVER, '1 00:00:00.000000000', NEVER, NEVER, NEVER]],
  ["INTERVAL '14' MONTH", [NEVER, NEVER, NEVER, NEVER, '1-2', NEVER, NEVER, NEVER]],
];

async function outcome(sql: string): Promise<string | null | TidemarkError> {
  try {
    return (await rows(sql))[0]![0]!;
  } catch (error) {
    if (error instanceof TidemarkError) return error;
    throw error;
  }
}

describe('CAST and TRY_CAST between every pair of scalar types', () => {
  for (const [source, cells] of MATRIX) {
    TARGETS.forEach((target, i) => {
      const cell = cells[i]!;
      const label = cell === NEVER ? 'never converts' : cell === BAD ? 'fails for this value' : cell;
      it(`${source} AS ${target}: ${label}`, async () => {
        const cast = await outcome(`SELECT CAST(${source} AS ${target})`);
        const tryCast = await outcome(`SELECT TRY_CAST(${source} AS ${target})`);
        if (cell === NEVER) {
          expect(cast).toBeInstanceOf(TidemarkError);
          expect((cast as TidemarkError).message).toMatch(/never convert/);
          expect((cast as TidemarkError).position).toMatchObject({ line: 1, column: 8 });
          expect(tryCast).toBeInstanceOf(TidemarkError);
          // Even with no rows, as Presto decides from the types.
          expect(await outcome(`SELECT CAST(x AS ${target}) FROM (SELECT ${source} AS x) WHERE false`)).toBeInstanceOf(TidemarkError);
        } else if (cell === BAD) {
          expect(cast).toBeInstanceOf(TidemarkError);
          expect((cast as TidemarkError).message).toMatch(/^(Error at line \d+, column \d+: )?Cannot cast /);
          expect(tryCast).toBe(null);
        } else {
          expect(cast).toBe(cell);
          expect(tryCast).toBe(cell);
        }
      });
    });
  }

  it('NULL of any type casts to NULL', async () => {
    for (const target of TARGETS) expect(await outcome(`SELECT CAST(NULL AS ${target})`)).toBe(null);
  });

  it('a value error names the value as its type prints it', async () => {
    const error = await outcome(`SELECT CAST(CAST('2024-01-02 03:04:05' AS timestamp) AS varchar) || CAST(CAST('x' AS bigint) AS varchar)`);
    expect((error as TidemarkError).message).toMatch(/Cannot cast 'x' \(varchar\) to bigint: not an integer/);
  });

  it('arrays and rows convert element by element', async () => {
    expect(await outcome(`SELECT CAST(ARRAY['1', '2'] AS array(bigint)) = ARRAY[BIGINT '1', BIGINT '2']`)).toBe('true');
    expect(await outcome(`SELECT TRY_CAST(ARRAY['1', 'x'] AS array(bigint))`)).toBe(null);
    expect(await outcome(`SELECT CAST(ROW(1, '2024-01-02') AS ROW(a double, b date)).b`)).toBe('2024-01-02');
    expect(await outcome(`SELECT CAST(ARRAY[1] AS array(timestamp))`)).toBeInstanceOf(TidemarkError);
    expect(await outcome(`SELECT CAST(ROW(1, 2) AS ROW(a bigint))`)).toBeInstanceOf(TidemarkError);
  });
});
