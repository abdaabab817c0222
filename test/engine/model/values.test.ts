import { describe, expect, it } from 'vitest';
import { DEFAULT_TABLE_OPTIONS, parseMeasureValue, resolveTableOptions, sameCell } from '../../../src/engine/model/index.ts';

describe('measure values', () => {
  it('parses each type', () => {
    expect(parseMeasureValue('1.25', 'DOUBLE', 'MILLISECONDS', 'MeasureValue')).toEqual({ ok: true, type: 'double', value: 1.25 });
    expect(parseMeasureValue('-1e3', 'DOUBLE', 'MILLISECONDS', 'MeasureValue')).toEqual({ ok: true, type: 'double', value: -1000 });
    expect(parseMeasureValue('9223372036854775807', 'BIGINT', 'MILLISECONDS', 'MeasureValue')).toEqual({
      ok: true,
      type: 'bigint',
      value: 9223372036854775807n,
    });
    expect(parseMeasureValue('TRUE', 'BOOLEAN', 'MILLISECONDS', 'MeasureValue')).toEqual({ ok: true, type: 'boolean', value: 1 });
    expect(parseMeasureValue('false', 'BOOLEAN', 'MILLISECONDS', 'MeasureValue')).toEqual({ ok: true, type: 'boolean', value: 0 });
    expect(parseMeasureValue('héllo', 'VARCHAR', 'MILLISECONDS', 'MeasureValue')).toEqual({ ok: true, type: 'varchar', value: 'héllo' });
    expect(parseMeasureValue('1700000000', 'TIMESTAMP', 'SECONDS', 'MeasureValue')).toEqual({
      ok: true,
      type: 'timestamp',
      value: 1_700_000_000_000_000_000n,
    });
  });

  it('rejects NaN, Infinity and unparseable values, naming the field', () => {
    for (const bad of ['NaN', 'Infinity', '-inf', '1e400']) {
      const r = parseMeasureValue(bad, 'DOUBLE', 'MILLISECONDS', 'MeasureValue');
      expect(r.ok ? '' : r.reason).toMatch(/^MeasureValue ".*" is not a finite number; DOUBLE values cannot be NaN or Infinity\.$/);
    }
    const cases: [string, 'DOUBLE' | 'BIGINT' | 'BOOLEAN' | 'TIMESTAMP', RegExp][] = [
      ['abc', 'DOUBLE', /cannot be parsed as a DOUBLE/],
      ['', 'DOUBLE', /cannot be parsed as a DOUBLE/],
      ['1.5', 'BIGINT', /cannot be parsed as a BIGINT/],
      ['9223372036854775808', 'BIGINT', /out of the BIGINT/],
      ['yes', 'BOOLEAN', /cannot be parsed as a BOOLEAN/],
      ['-1', 'TIMESTAMP', /cannot be parsed as a TIMESTAMP/],
    ];
    for (const [text, type, reason] of cases) {
      const r = parseMeasureValue(text, type, 'MILLISECONDS', 'MeasureValues[2].Value');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/^MeasureValues\[2\]\.Value/);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
    const long = parseMeasureValue('x'.repeat(2049), 'VARCHAR', 'MILLISECONDS', 'MeasureValue');
    expect(long.ok ? '' : long.reason).toMatch(/2049 bytes long; the limit is 2048/);
    const missing = parseMeasureValue(undefined, 'DOUBLE', 'MILLISECONDS', 'MeasureValue');
    expect(missing.ok ? '' : missing.reason).toBe('MeasureValue is required and must be a string.');
  });

  it('reads DOUBLE text by the decimal grammar only (no hex, binary or separators)', () => {
    const ok = (t: string) => {
      const r = parseMeasureValue(t, 'DOUBLE', 'MILLISECONDS', 'MeasureValue');
      return r.ok ? r.value : 'rejected';
    };
    expect([ok('1.'), ok('.5'), ok('+.5e-3'), ok('-0'), ok(' 12 '), ok('1E3')]).toEqual([1, 0.5, 0.0005, -0, 12, 1000]);
    for (const bad of ['1e', '--5', '0x10', '0b1', '1_000', '.', '+', 'e5', '1.2.3', '']) expect(ok(bad)).toBe('rejected');
  });

  it('compares cells exactly', () => {
    expect(sameCell(1, 1)).toBe(true);
    expect(sameCell(0, -0)).toBe(false);
    expect(sameCell(1n, 1n)).toBe(true);
    expect(sameCell(null, null)).toBe(true);
    expect(sameCell('a', null)).toBe(false);
  });
});

describe('table options', () => {
  it('defaults to Timestream defaults', () => {
    expect(resolveTableOptions(undefined)).toEqual({
      memoryStoreRetentionHours: 6,
      magneticStoreRetentionDays: 73000,
      enableMagneticStoreWrites: false,
    });
    expect(resolveTableOptions({ enableMagneticStoreWrites: true })).toEqual({ ...DEFAULT_TABLE_OPTIONS, enableMagneticStoreWrites: true });
  });

  it('validates the retention ranges 1-8766 h and 1-73000 d', () => {
    expect(resolveTableOptions({ memoryStoreRetentionHours: 1, magneticStoreRetentionDays: 1 })).toMatchObject({
      memoryStoreRetentionHours: 1,
      magneticStoreRetentionDays: 1,
    });
    expect(resolveTableOptions({ memoryStoreRetentionHours: 8766, magneticStoreRetentionDays: 73000 })).toMatchObject({
      memoryStoreRetentionHours: 8766,
    });
    expect(resolveTableOptions({ memoryStoreRetentionHours: 0 })).toBe('memoryStoreRetentionHours must be between 1 and 8766 (got 0).');
    expect(resolveTableOptions({ memoryStoreRetentionHours: 8767 })).toBe(
      'memoryStoreRetentionHours must be between 1 and 8766 (got 8767).',
    );
    expect(resolveTableOptions({ magneticStoreRetentionDays: 73001 })).toBe(
      'magneticStoreRetentionDays must be between 1 and 73000 (got 73001).',
    );
    expect(resolveTableOptions({ magneticStoreRetentionDays: 1.5 })).toBe('magneticStoreRetentionDays must be an integer (got 1.5).');
  });
});
