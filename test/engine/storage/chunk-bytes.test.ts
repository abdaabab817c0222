import { describe, expect, it } from 'vitest';
import { chunkBytesRead } from '../../../src/engine/storage/chunk-bytes.ts';
import { encodeChunk, readChunkHeader } from '../../../src/kernel/index.ts';
import { kernel } from '../../kernel/helpers.ts';

describe('chunkBytesRead', () => {
  it('counts the header, the times and the named columns asked each time, whichever were asked before', async () => {
    const k = await kernel();
    const n = 300;
    const bytes = encodeChunk(k, {
      times: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1000n),
      columns: [
        { name: 'a', type: 'double', values: Float64Array.from({ length: n }, (_, i) => Math.sin(i)) },
        { name: 'b', type: 'bigint', values: BigInt64Array.from({ length: n }, (_, i) => BigInt(i * i)) },
        { name: 'c', type: 'double', values: new Float64Array(n), validity: Uint8Array.from({ length: n }, (_, i) => i % 2) },
      ],
    });
    const header = readChunkHeader(bytes);
    const own = (name: string) => {
      const column = header.columns.find((c) => c.name === name);
      return column ? column.validityLength + column.payloadLength : 0;
    };
    const base = header.headerLength + header.timePayloadLength;
    expect(own('c')).toBeGreaterThan(0);
    for (const names of [['a'], ['a'], ['b'], ['a', 'c'], ['c', 'a'], ['x'], [], ['b', 'x', 'a'], ['a']])
      for (const asked of [names, [...names]])
        expect(chunkBytesRead(header, asked), names.join()).toBe(base + names.reduce((sum, name) => sum + own(name), 0));
    expect(chunkBytesRead(header, undefined)).toBe(header.totalLength);
  });
});
