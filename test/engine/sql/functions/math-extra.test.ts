import { describe, expect, it } from 'vitest';
import { columns, rows } from '../fixtures/run.ts';

const one = async (expression: string) => (await rows(`SELECT ${expression}`))[0]![0];

describe('math functions', () => {
  it('ceiling, floor, truncate and sign keep the argument type', async () => {
    expect(await one(`ceiling(1.2)`)).toBe('2.0');
    expect(await one(`ceil(-1.2)`)).toBe('-1.0');
    expect(await one(`floor(-1.2)`)).toBe('-2.0');
    expect(await one(`floor(7)`)).toBe('7');
    expect(await one(`truncate(-1.7)`)).toBe('-1.0');
    expect(await one(`sign(-5)`)).toBe('-1');
    expect(await one(`sign(CAST(0 AS bigint))`)).toBe('0');
    expect(await one(`sign(2.5)`)).toBe('1.0');
    expect(await columns(`SELECT floor(7), floor(CAST(7 AS bigint)), floor(7.5)`)).toEqual([
      '_col0:INTEGER',
      '_col1:BIGINT',
      '_col2:DOUBLE',
    ]);
  });

  it('double functions accept integers', async () => {
    expect(await one(`sqrt(16)`)).toBe('4.0');
    expect(await one(`cbrt(27)`)).toBe('3.0');
    expect(await one(`exp(0)`)).toBe('1.0');
    expect(await one(`ln(1)`)).toBe('0.0');
    expect(await one(`log2(8)`)).toBe('3.0');
    expect(await one(`log10(1000)`)).toBe('3.0');
    expect(await one(`log(2, 8)`)).toBe('3.0');
    expect(await one(`pow(2, 10)`)).toBe('1024.0');
    expect(await one(`power(2, 0.5) = sqrt(2)`)).toBe('true');
    expect(await one(`degrees(pi())`)).toBe('180.0');
    expect(await one(`radians(180) = pi()`)).toBe('true');
    expect(await one(`e() = exp(1)`)).toBe('true');
    expect(await one(`cos(0)`)).toBe('1.0');
    expect(await one(`sin(0)`)).toBe('0.0');
    expect(await one(`atan2(1, 1) = pi() / 4`)).toBe('true');
    expect(await one(`sqrt(NULL)`)).toBe(null);
    expect(await one(`sqrt(-1)`)).toBe('NaN');
  });

  it('infinity, nan and the is_ tests', async () => {
    expect(await one(`is_infinite(infinity())`)).toBe('true');
    expect(await one(`is_infinite(-infinity())`)).toBe('true');
    expect(await one(`is_finite(infinity())`)).toBe('false');
    expect(await one(`is_finite(1)`)).toBe('true');
    expect(await one(`is_nan(nan())`)).toBe('true');
    expect(await one(`is_nan(1.0)`)).toBe('false');
  });

  it('mod has the sign of the dividend; integer division by zero fails', async () => {
    expect(await one(`mod(7, 3)`)).toBe('1');
    expect(await one(`mod(-7, 3)`)).toBe('-1');
    expect(await one(`mod(7.5, 2)`)).toBe('1.5');
    await expect(one(`mod(1, 0)`)).rejects.toThrow(/zero/i);
  });

  it('rand and random stay in range', async () => {
    const values = (await rows(`SELECT rand(), random(10) FROM "devops"."host_metrics"`)).flat().map(Number);
    expect(values.every((v) => v >= 0 && v < 10)).toBe(true);
    await expect(one(`random(0)`)).rejects.toThrow(/positive/);
  });

  it('to_base and from_base', async () => {
    expect(await one(`to_base(255, 16)`)).toBe('ff');
    expect(await one(`to_base(-10, 2)`)).toBe('-1010');
    expect(await one(`from_base('ff', 16)`)).toBe('255');
    expect(await one(`from_base('-1010', 2)`)).toBe('-10');
    await expect(one(`from_base('12', 2)`)).rejects.toThrow(/base-2/);
    await expect(one(`to_base(1, 40)`)).rejects.toThrow(/radix/);
  });

  it('width_bucket with bounds and with bins', async () => {
    expect(await one(`width_bucket(5.3, 0.2, 10.6, 5)`)).toBe('3');
    expect(await one(`width_bucket(-1, 0, 10, 5)`)).toBe('0');
    expect(await one(`width_bucket(10, 0, 10, 5)`)).toBe('6');
    expect(await one(`width_bucket(2, 10, 0, 5)`)).toBe('4');
    expect(await one(`width_bucket(5, ARRAY[1.0, 4.0, 6.0])`)).toBe('2');
    await expect(one(`width_bucket(1, 0, 0, 5)`)).rejects.toThrow(/equal/);
  });

  it('truncate(x, n) cuts a double toward zero to n decimal places, n < 0 left of the point', async () => {
    expect(await one(`truncate(12.3456, 2)`)).toBe('12.34');
    expect(await one(`truncate(-12.3456, 1)`)).toBe('-12.3');
    expect(await one(`truncate(1234.5, -2)`)).toBe('1200.0');
    expect(await one(`truncate(0.29, 2)`)).toBe('0.29');
    expect(await one(`truncate(5, 1)`)).toBe('5.0');
    expect(await one(`truncate(nan(), 2)`)).toBe('NaN');
    expect(await one(`truncate(CAST(NULL AS double), 2)`)).toBe(null);
  });

  it('says which types met', async () => {
    await expect(one(`sqrt('a')`)).rejects.toThrow(/sqrt\(varchar\) does not exist/);
  });
});
