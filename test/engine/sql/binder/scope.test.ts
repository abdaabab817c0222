import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalsIgnoringCase, namesMatch, Scope } from '../../../../src/engine/sql/binder/scope.ts';
import { T } from '../../../../src/engine/sql/types/sql-type.ts';

// Characters whose case mapping is not one ASCII letter to another: Kelvin sign, dotted capital I,
// sharp s, final sigma, long s, Turkish dotless i, and letters from outside the BMP.
const TRICKY = ['K', 'k', '\u212a', 'I', 'i', '\u0130', '\u0131', 'ß', 'ẞ', 'Σ', 'σ', 'ς', 'ſ', 's', 'S', '𐐀', '𐐨', '_', '1', 'é', 'É'];

describe('equalsIgnoringCase', () => {
  it('agrees with comparing the lower-cased strings', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.array(fc.constantFrom(...TRICKY), { maxLength: 6 }).map((cs) => cs.join('')),
    );
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(equalsIgnoringCase(a, b)).toBe(a.toLowerCase() === b.toLowerCase());
        expect(equalsIgnoringCase(a, a.toUpperCase())).toBe(a.toLowerCase() === a.toUpperCase().toLowerCase());
      }),
      { numRuns: 5000 },
    );
  });

  it('handles the cases ASCII shortcuts get wrong', () => {
    expect(equalsIgnoringCase('\u212a', 'k')).toBe(true);
    expect(equalsIgnoringCase('Kelvin', '\u212aelvin')).toBe(true);
    expect(equalsIgnoringCase('\u0130', 'i\u0307')).toBe(true);
    expect(equalsIgnoringCase('ab', 'ab\u0130')).toBe(false);
    expect(equalsIgnoringCase('HostName', 'hostname')).toBe(true);
    expect(equalsIgnoringCase('host', 'hosts')).toBe(false);
    expect(equalsIgnoringCase('', '')).toBe(true);
    expect(namesMatch('Host', 'host', true)).toBe(false);
    expect(namesMatch('Host', 'host', false)).toBe(true);
  });
});

describe('Scope.find', () => {
  const scope = new Scope([
    { name: 'time', type: T.timestamp },
    { name: 'Host', type: T.varchar, qualifier: 'c' },
    { name: 'host', type: T.varchar, qualifier: 'h' },
    { name: 'cpu', type: T.double, qualifier: 'c', qualifiedOnly: true },
    { name: 'CPU', type: T.double, hidden: true },
    { name: '\u212aelvin', type: T.double },
  ]);

  it('prefers exact names, then names equal but for case, and honours qualifiers, hidden and qualified-only columns', () => {
    expect(scope.find('host', false)).toEqual([2]);
    expect(scope.find('HOST', false)).toEqual([1, 2]);
    expect(scope.find('HOST', true)).toEqual([]);
    expect(scope.find('host', false, { name: 'C', quoted: false })).toEqual([1]);
    expect(scope.find('host', false, { name: 'C', quoted: true })).toEqual([]);
    expect(scope.find('cpu', false)).toEqual([]);
    expect(scope.find('cpu', false, { name: 'c', quoted: false })).toEqual([3]);
    expect(scope.find('kelvin', false)).toEqual([5]);
  });
});
