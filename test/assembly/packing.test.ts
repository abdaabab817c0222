// Bit packing at every width 0..64 and at lengths around the 128-value interleaved pack and the
// 1,024-value block (so whole packs, a sequential tail, and blocks too short to interleave all
// occur), with and without patched exceptions, through the i64 and the double (ALP) codecs.
import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../src/kernel/index.ts';
import { random } from '../helpers/seeded-random.ts';
import { bitsOf, kernel } from '../kernel/helpers.ts';

const LENGTHS = [1, 2, 5, 127, 128, 129, 255, 256, 383, 1023, 1024, 1025, 1151, 1152, 2049];

/** A random u64 below 2^width. */
function bitsBelow(next: () => number, width: number): bigint {
  if (width === 0) return 0n;
  const v = (BigInt(Math.floor(next() * 2 ** 32)) << 32n) | BigInt(Math.floor(next() * 2 ** 32));
  return v & ((1n << BigInt(width)) - 1n);
}

/** Index of the first difference, -1 when equal (an element-wise toEqual is too slow for thousands of arrays). */
function firstDifference(a: BigInt64Array | BigUint64Array, b: BigInt64Array | BigUint64Array): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function roundTripI64(k: Kernel, values: BigInt64Array, forTimes: boolean): { payload: Uint8Array; decoded: BigInt64Array } {
  const { exports } = k;
  const n = values.length;
  const src = k.copyIn(values);
  const dst = k.alloc(exports.int64Bound(n) + 16);
  const out = k.alloc(n * 8 + 16);
  try {
    const length = exports.encodeInt64Column(src, n, dst, forTimes ? 1 : 0);
    const payload = k.copyOutBytes(dst, length);
    expect(exports.decodeInt64Column(dst, length, n, out)).toBe(1);
    const decoded = new BigInt64Array(n);
    k.copyOut(out, decoded);
    return { payload, decoded };
  } finally {
    for (const p of [src, dst, out]) k.free(p);
  }
}

function roundTripF64(k: Kernel, values: Float64Array): { codec: number; decoded: Float64Array } {
  const { exports } = k;
  const n = values.length;
  const src = k.copyIn(values);
  const dst = k.alloc(exports.float64Bound(n) + 16);
  const out = k.alloc(n * 8 + 16);
  try {
    const length = exports.encodeFloat64Column(src, n, dst);
    const codec = k.bytes()[dst] as number;
    expect(exports.decodeFloat64Column(dst, length, n, out)).toBe(1);
    const decoded = new Float64Array(n);
    k.copyOut(out, decoded);
    return { codec, decoded };
  } finally {
    for (const p of [src, dst, out]) k.free(p);
  }
}

describe('bit packing at every width', () => {
  it('i64 frames of reference at widths 0..64, every tail length, with and without exceptions', async () => {
    const k = await kernel();
    const next = random(42);
    let interleavedBlocks = 0;
    for (let width = 0; width <= 64; width++) {
      for (const n of LENGTHS) {
        for (const outliers of [false, true]) {
          const base = bitsBelow(next, 62);
          const values = BigInt64Array.from({ length: n }, (_, i) => {
            const wide = outliers && i % 37 === 5;
            return BigInt.asIntN(64, base + bitsBelow(next, wide ? 64 : width));
          });
          const { payload, decoded } = roundTripI64(k, values, false);
          expect(firstDifference(decoded, values), `width ${width}, n ${n}, outliers ${outliers}`).toBe(-1);
          // FOR codec (id 3): the first block header follows the codec byte.
          if (payload[0] === 3 && ((payload[2] as number) & 4) !== 0) interleavedBlocks++;
        }
      }
    }
    expect(interleavedBlocks).toBeGreaterThan(100);
  });

  it('sorted times with deltas of every width (delta and delta-of-delta blocks)', async () => {
    const k = await kernel();
    const next = random(7);
    for (let width = 0; width <= 62; width += 1) {
      for (const n of [129, 1024, 1500]) {
        let t = -(1n << 62n);
        const values = BigInt64Array.from({ length: n }, (_, i) => {
          t += bitsBelow(next, width) + (i % 97 === 3 ? 1n << 40n : 0n);
          return BigInt.asIntN(64, t);
        });
        const { decoded } = roundTripI64(k, values, true);
        expect(firstDifference(decoded, values), `width ${width}, n ${n}`).toBe(-1);
      }
    }
  });

  it('ALP frame-of-reference and delta vectors at every code width, every tail length, with exceptions', async () => {
    const k = await kernel();
    const next = random(99);
    const codecs = new Set<number>();
    for (let width = 0; width <= 52; width++) {
      for (const n of LENGTHS) {
        for (const shape of ['frame', 'walk', 'walk-first-wide', 'exceptions'] as const) {
          const span = 2 ** width;
          let walk = shape === 'walk-first-wide' ? 2 ** 40 : 0;
          const values = Float64Array.from({ length: n }, (_, i) => {
            let code: number;
            if (shape === 'frame' || shape === 'exceptions') code = Math.floor(next() * span) - 2 ** Math.max(0, width - 1);
            else code = walk += Math.round((next() - 0.5) * span);
            if (shape === 'exceptions' && i % 29 === 3) return i % 2 ? Number.NaN : Math.PI * code;
            // Two decimals while the codes stay exact in a double.
            return Math.abs(code) < 2 ** 50 ? code / 100 : code;
          });
          const { codec, decoded } = roundTripF64(k, values);
          codecs.add(codec);
          expect(firstDifference(bitsOf(decoded), bitsOf(values)), `width ${width}, n ${n}, ${shape}`).toBe(-1);
        }
      }
    }
    expect(codecs.has(6)).toBe(true);
  });

  it('ALP keeps -0 apart from +0 in the two-lane paths (a -0 code decodes as +0, so -0 is an exception)', async () => {
    const k = await kernel();
    for (const n of [2, 3, 64, 1024, 1500]) {
      for (const every of [1, 2, 7]) {
        const values = Float64Array.from({ length: n }, (_, i) => (i % every === 0 ? -0 : -(i % 50) / 100));
        const { decoded } = roundTripF64(k, values);
        expect(firstDifference(bitsOf(decoded), bitsOf(values)), `n ${n}, every ${every}`).toBe(-1);
      }
    }
  });
});
