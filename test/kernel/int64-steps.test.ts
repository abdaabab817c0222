import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeInt64Payload } from '../../src/kernel/codecs.ts';
import type { Kernel } from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

/** Decodes an i64 payload with the kernel (16 bytes of slack after it, as chunks have). */
function decode(k: Kernel, payload: Uint8Array, n: number): BigInt64Array {
  const src = k.alloc(payload.length + 16);
  const dst = k.alloc(n * 8 + 16);
  try {
    k.bytes().set(payload, src);
    expect(k.exports.decodeInt64Column(src, payload.length, n, dst)).toBe(1);
    const out = new BigInt64Array(n);
    k.copyOut(dst, out);
    return out;
  } finally {
    k.free(dst);
    k.free(src);
  }
}

/**
 * Runs of a constant step broken by a few jumps and repeats: the delta codecs store such a block
 * as one code with exceptions, which the decoder generates run by run instead of unpacking.
 */
const stepped = fc
  .record({
    start: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
    step: fc.oneof(fc.constantFrom(0n, 1n, 10n ** 10n, 3n * 10n ** 11n), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n })),
    n: fc.integer({ min: 1, max: 3000 }),
    breaks: fc.array(fc.record({ at: fc.nat(), jump: fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }) }), { maxLength: 12 }),
  })
  .map(({ start, step, n, breaks }) => {
    const jumps = new Map(breaks.map((b) => [b.at % n, b.jump]));
    const values = new BigInt64Array(n);
    let v = start;
    for (let i = 0; i < n; i++) {
      if (i > 0) v = BigInt.asIntN(64, v + (jumps.get(i) ?? step));
      values[i] = v;
    }
    return values;
  });

describe('i64 columns of constant steps with a few breaks', () => {
  it('round trip exactly as timestamps (sorted) and as integers', async () => {
    const k = await kernel();
    fc.assert(
      fc.property(stepped, (values) => {
        expect(decode(k, encodeInt64Payload(k, values, false), values.length)).toEqual(values);
        const sorted = values.slice().sort();
        expect(decode(k, encodeInt64Payload(k, sorted, true), sorted.length)).toEqual(sorted);
      }),
      { numRuns: 200 },
    );
  });
});
