// Encoding a chunk allocates in kernel memory at several steps (payloads, the body, the M4 block
// index); any of them may grow the memory, which detaches every view taken before. Chunks encoded
// with the free memory nearly used up, by fillers of many sizes, must decode to their input.
import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk } from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { bitsOf } from './helpers.ts';

describe('chunk encode across memory growth', () => {
  it('decodes to its input whichever step grows the memory', async () => {
    // A kernel of its own: the fillers below are kept until the end.
    const k = await loadKernelFromFile();
    const n = 4096;
    const times = BigInt64Array.from({ length: n }, (_, i) => 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000_000n);
    const values = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 50) * 10_000) / 100);
    let grewDuringEncode = 0;
    // Fillers of 1/128 of the memory, kept: the free memory shrinks step by step, so the encoder's allocations
    // cross the end of memory at every possible point over the steps.
    for (let step = 0; step < 3000 && grewDuringEncode < 4; step++) {
      k.alloc(Math.max(4096, k.exports.memory.buffer.byteLength >> 7));
      const before = k.exports.memory.buffer.byteLength;
      const chunk = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
      if (k.exports.memory.buffer.byteLength !== before) grewDuringEncode++;
      const decoded = decodeChunk(k, chunk);
      expect(decoded.times).toEqual(times);
      expect(bitsOf(decoded.columns[0]?.values as Float64Array)).toEqual(bitsOf(values));
      expect(decoded.header.m4Blocks).toBeDefined();
    }
    expect(grewDuringEncode).toBe(4);
  });
});
