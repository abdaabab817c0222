import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Crc32 } from '../../src/engine/exchange/index.ts';
import { CRC32_START, crc32, crc32Continue, crc32Value } from '../../src/kernel/index.ts';

describe('crc32', () => {
  it('is the IEEE CRC-32 (the check value of "123456789" and of the empty input)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with a reference over random bytes, sub-ranges and slices fed one after another', () => {
    // node:zlib's crc32 (Node 20.15+) when present; otherwise a bit-by-bit reference.
    const reference = (bytes: Uint8Array): number => {
      if (typeof zlibCrc32 === 'function') return zlibCrc32(bytes) >>> 0;
      let c = 0xffffffff;
      for (const b of bytes) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? (0xedb88320 ^ (c >>> 1)) >>> 0 : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        expect(crc32(bytes)).toBe(reference(bytes));
        const start = a % (bytes.length + 1);
        const end = start + (b % (bytes.length - start + 1));
        expect(crc32(bytes, start, end)).toBe(reference(bytes.subarray(start, end)));
        const running = new Crc32();
        running.update(bytes.subarray(0, start));
        running.update(bytes.subarray(start));
        expect(running.value).toBe(reference(bytes));
        expect(crc32Value(crc32Continue(crc32Continue(CRC32_START, bytes, 0, start), bytes, start))).toBe(reference(bytes));
      }),
      { numRuns: 300, seed: 32 },
    );
  });
});
