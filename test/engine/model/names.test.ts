import { describe, expect, it } from 'vitest';
import {
  checkAttributeName,
  checkDatabaseName,
  checkDimensionName,
  checkDimensionValue,
  checkMeasureName,
  checkTableName,
} from '../../../src/engine/model/index.ts';

describe('naming rules', () => {
  it('database and table names: 3-256 characters of letters, digits, _ - .', () => {
    expect(checkDatabaseName('sensors_2024.v-1')).toBeUndefined();
    expect(checkDatabaseName('ab')).toMatch(/database name "ab" must be 3 to 256 characters/);
    expect(checkTableName('x'.repeat(257))).toMatch(/table name .* must be 3 to 256 characters long \(it has 257\)/);
    expect(checkTableName('has space')).toMatch(/table name "has space" may contain only letters, digits/);
    expect(checkDatabaseName(42)).toMatch(/must be a string/);
  });

  it('dimension names: <= 60 bytes, no colon, no reserved names or prefixes', () => {
    expect(checkDimensionName('host')).toBeUndefined();
    expect(checkDimensionName('', 'Dimensions[0].Name')).toBe('Dimensions[0].Name must not be empty.');
    expect(checkDimensionName('a:b', 'Dimensions[1].Name')).toMatch(/Dimensions\[1\]\.Name "a:b" must not contain a colon/);
    expect(checkDimensionName('é'.repeat(31))).toMatch(/is 62 bytes long; the limit is 60 bytes/);
    for (const reserved of ['time', 'measure_name', 'measure_value', 'ts_non_existent_col']) {
      expect(checkDimensionName(reserved)).toMatch(/reserved/);
    }
    expect(checkDimensionName('ts_host')).toMatch(/must not start with "ts_"/);
    expect(checkDimensionName('measure_value_x')).toMatch(/must not start with "measure_name" or "measure_value"/);
  });

  it('dimension values are non-empty strings of at most 2048 bytes', () => {
    expect(checkDimensionValue('a')).toBeUndefined();
    expect(checkDimensionValue('', 'Dimensions[0].Value')).toBe('Dimensions[0].Value must not be empty (minimum length 1).');
    expect(checkDimensionValue(5)).toMatch(/must be a string/);
    expect(checkDimensionValue('x'.repeat(2049))).toMatch(/2049 bytes long; the limit is 2048/);
  });

  it('measure names are 1-256 bytes; attribute names follow the column rules', () => {
    expect(checkMeasureName('cpu:user')).toBeUndefined();
    expect(checkMeasureName(undefined)).toBe('MeasureName is required and must be a string.');
    expect(checkMeasureName('')).toBe('MeasureName must not be empty.');
    expect(checkMeasureName('m'.repeat(257))).toMatch(/257 bytes long; the limit is 256 bytes/);
    expect(checkAttributeName('time', 'MeasureValues[0].Name')).toBe('MeasureValues[0].Name "time" is a reserved name.');
    expect(checkAttributeName('ts_x')).toMatch(/"ts_"/);
  });
});
