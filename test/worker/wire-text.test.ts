import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unpackResultText, unpackText } from '../../src/client/unpack-text.ts';
import { collectTransferables } from '../../src/worker/transferables.ts';
import { packResultText, packText } from '../../src/worker/wire-text.ts';

const hosts = Array.from({ length: 20 }, (_, i) => `host_${i}`);

function textColumn(name: string, data: (string | null)[]) {
  return { name, type: 'varchar', kind: 'text' as const, data };
}

describe('text columns on the wire', () => {
  it('pack a repetitive column to codes and unpack it to the same values, nulls and runs included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom<string | null>(...hosts, null, ''), fc.integer({ min: 1, max: 300 })), {
          minLength: 1,
          maxLength: 40,
        }),
        (runs) => {
          const data = runs.flatMap(([value, n]) => Array.from({ length: n }, () => value));
          const packed = packText(data);
          if (data.length < 1024) expect(packed).toBeUndefined();
          else {
            expect(packed).toBeDefined();
            expect(packed?.dictionary.length).toBeLessThanOrEqual(22);
            expect(unpackText(packed!)).toEqual(data);
          }
        },
      ),
    );
  });

  it('leave a column of mostly distinct values as it is', () => {
    const data = Array.from({ length: 5000 }, (_, i) => `v${i % 1000}`);
    expect(packText(data)).toBeUndefined();
  });

  it('round-trip a columnar result through structured clone, transferring the codes, with other columns untouched', () => {
    const n = 10_000;
    const result = {
      columns: [
        textColumn(
          'hostname',
          Array.from({ length: n }, (_, i) => hosts[Math.floor(i / 500)] as string),
        ),
        { name: 'usage_user', type: 'double', kind: 'number' as const, data: Float64Array.from({ length: n }, (_, i) => i / 7) },
        textColumn(
          'unique',
          Array.from({ length: n }, (_, i) => `id-${i}`),
        ),
        textColumn('small', ['a', null]),
      ],
      rowCount: n,
    };
    const expected = structuredClone(result); // posting transfers the number column's buffer too
    const wire = packResultText(result);
    expect(wire).not.toBe(result);
    expect(result.columns[0]?.data.length).toBe(n); // the input is not changed
    const wireColumns = (wire as unknown as { columns: { data: unknown[]; packed?: { codes: Uint32Array } }[] }).columns;
    expect(wireColumns[0]?.data).toEqual([]);
    expect(wireColumns[0]?.packed?.codes.length).toBe(n);
    expect(wireColumns[2]?.packed).toBeUndefined();
    expect(wireColumns[3]?.packed).toBeUndefined();
    const transfer = collectTransferables(wire);
    expect(transfer).toContain(wireColumns[0]?.packed?.codes.buffer);
    const received = unpackResultText(structuredClone(wire, { transfer: transfer as Transferable[] }));
    expect(received).toEqual(expected);
  });

  it('pass anything that is not a columnar result through unchanged', () => {
    for (const value of [null, 3, 'text', { columns: 'no' }, { rows: [] }, [1, 2]]) {
      expect(packResultText(value)).toBe(value);
      expect(unpackResultText(value)).toBe(value);
    }
  });
});
