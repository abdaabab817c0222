import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFloat64Payload } from '../../src/kernel/codecs.ts';
import type { Kernel } from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

/** Runs gatherFloat64Rows over `payload` (n values) for `selection`; the gathered bits, or null when it reports corruption. */
function gatherRows(k: Kernel, payload: Uint8Array, n: number, selection: readonly number[]): BigUint64Array | null {
  const src = k.copyIn(payload);
  const sel = k.alloc(selection.length * 4 + 16);
  const dst = k.alloc(selection.length * 8 + 16);
  const scratch = k.alloc(n * 8 + 16);
  try {
    new Int32Array(k.bytes().buffer, sel, selection.length).set(selection);
    const ok = k.exports.gatherFloat64Rows(src, payload.length, n, sel, selection.length, dst, scratch);
    return ok === 1 ? new BigUint64Array(k.bytes().buffer.slice(dst, dst + selection.length * 8)) : null;
  } finally {
    for (const block of [src, sel, dst, scratch]) k.free(block);
  }
}

const bits = (values: Float64Array, rows: readonly number[]) => {
  const all = new BigUint64Array(values.buffer, values.byteOffset, values.length);
  return rows.map((r) => all[r] as bigint);
};

/** Column shapes that pick each double codec: decimals (ALP), binary noise (Gorilla), runs, a constant, special values. */
const columnArbitrary = fc.record({
  n: fc.integer({ min: 1, max: 5000 }),
  kind: fc.constantFrom('decimal', 'walk', 'noise', 'runs', 'constant', 'special'),
  seed: fc.nat(),
});

function column({ n, kind, seed }: { n: number; kind: string; seed: number }): Float64Array {
  let s = seed || 1;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  let walk = 50;
  return Float64Array.from({ length: n }, (_, i) => {
    switch (kind) {
      case 'decimal':
        return Math.round(next() * 1e6) / 100;
      case 'walk':
        walk = Math.min(100, Math.max(0, walk + Math.round((next() - 0.5) * 10)));
        return walk;
      case 'noise':
        return next() * 1e9 - 5e8;
      case 'runs':
        return Math.floor(i / 97) % 3;
      case 'constant':
        return -0;
      default:
        return [Number.NaN, -0, Number.POSITIVE_INFINITY, 5e-324, 1.25, -1e308][Math.floor(next() * 6)] as number;
    }
  });
}

describe('gatherFloat64Rows (selective decode of a double payload)', () => {
  it('gathers exactly the selected rows, bit for bit, for every codec and selection shape', async () => {
    const k = await kernel();
    await fc.assert(
      fc.property(columnArbitrary, fc.nat(), fc.constantFrom('sparse', 'clustered', 'dense', 'last'), (spec, pickSeed, shape) => {
        const values = column(spec);
        const payload = encodeFloat64Payload(k, values);
        const n = values.length;
        let s = pickSeed || 7;
        const next = () => {
          s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
          return s / 2 ** 31;
        };
        const rows: number[] = [];
        if (shape === 'last') rows.push(n - 1);
        else
          for (let r = 0; r < n; r++) {
            // Clustered: runs of selected rows with long gaps (whole vectors skipped), as a filter on a walk gives.
            const p = shape === 'sparse' ? 0.002 : shape === 'dense' ? 0.6 : Math.floor(r / 1500) % 3 === 1 ? 0.5 : 0;
            if (next() < p) rows.push(r);
          }
        expect(gatherRows(k, payload, n, rows)).toEqual(new BigUint64Array(bits(values, rows)));
      }),
      { numRuns: 400, seed: 9021 },
    );
  });

  it('reports a selection past the rows or out of order instead of reading outside them', async () => {
    const k = await kernel();
    const values = Float64Array.from({ length: 3000 }, (_, i) => Math.round(Math.sin(i / 40) * 10000) / 100);
    const payload = encodeFloat64Payload(k, values);
    expect(payload[0]).toBe(6); // ALP: the vector-skipping path
    expect(gatherRows(k, payload, 3000, [5, 3000])).toBeNull();
    expect(gatherRows(k, payload, 3000, [2000, 5])).toBeNull();
    expect(gatherRows(k, payload, 3000, [])).toEqual(new BigUint64Array(0));
    expect(gatherRows(k, payload, 3000, [0, 1023, 1024, 2999])).toEqual(new BigUint64Array(bits(values, [0, 1023, 1024, 2999])));
  });

  it('reports a truncated ALP payload at a vector it has to read', async () => {
    const k = await kernel();
    const values = Float64Array.from({ length: 4096 }, (_, i) => Math.round(Math.sin(i / 40) * 10000) / 100);
    const payload = encodeFloat64Payload(k, values);
    expect(payload[0]).toBe(6);
    // Four vectors of about the same size: the cut leaves the first whole and the last short.
    const cut = payload.subarray(0, Math.floor((payload.length * 3) / 4));
    expect(gatherRows(k, cut, 4096, [10])).not.toBeNull();
    expect(gatherRows(k, cut, 4096, [4000])).toBeNull();
  });
});
