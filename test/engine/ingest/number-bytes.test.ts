import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBigintBytes, parseDoubleBytes, parseSmallIntegerBytes } from '../../../src/engine/ingest/number-bytes.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const double = (text: string, comma = false): number => {
  const bytes = encode(text);
  return parseDoubleBytes(bytes, 0, bytes.length, comma);
};

describe('parseDoubleBytes', () => {
  it('reads decimals exactly as Number() does', () => {
    for (const text of [
      '0',
      '-0',
      '1',
      '+2.5',
      '.5',
      '5.',
      '74.93588199999998',
      '1e3',
      '1E-7',
      '-12.345e+2',
      '123456789012345678',
      '0.1',
      '2.2250738585072014e-308',
      '9007199254740993',
      '1.7976931348623157e308',
    ]) {
      expect(Object.is(double(text), Number(text)), text).toBe(true);
    }
  });

  it('agrees with Number() on any double printed as text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = String(value);
        expect(Object.is(double(text), Number(text))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with Number() on decimal texts with many digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9]{1,20}\.[0-9]{0,20}$/), (text) => {
        expect(double(text)).toBe(Number(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects what is not a finite number', () => {
    for (const text of ['', '-', '.', 'abc', '1.2.3', '1e', '1e+', 'NaN', 'Infinity', '1e400', '12a', ' 1', '1,5', '0x10']) {
      expect(double(text), text).toBeNaN();
    }
  });

  it('reads decimal commas', () => {
    expect(double('3,25', true)).toBe(3.25);
    expect(double('-0,5', true)).toBe(-0.5);
    expect(double('3.25', true)).toBeNaN();
  });
});

describe('integers', () => {
  it('reads 64-bit integers exactly and refuses overflow', () => {
    const big = (text: string): bigint | undefined => parseBigintBytes(encode(text), 0, encode(text).length);
    expect(big('9223372036854775807')).toBe(9_223_372_036_854_775_807n);
    expect(big('-9223372036854775808')).toBe(-9_223_372_036_854_775_808n);
    expect(big('9223372036854775808')).toBeUndefined();
    expect(big('12.0')).toBeUndefined();
    expect(big('')).toBeUndefined();
    expect(big('-')).toBeUndefined();
  });

  it('reads small integers without BigInt', () => {
    const small = (text: string): number => parseSmallIntegerBytes(encode(text), 0, encode(text).length);
    expect(small('-123')).toBe(-123);
    expect(small('999999999999999')).toBe(999_999_999_999_999);
    expect(small('1234567890123456')).toBeNaN();
    expect(small('1x')).toBeNaN();
  });
});
