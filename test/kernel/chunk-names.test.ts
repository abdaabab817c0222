import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk } from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

describe('chunk column names', () => {
  it('takes names up to 65,535 UTF-8 bytes and refuses longer ones, counting bytes, not characters', async () => {
    const k = await kernel();
    const chunk = (name: string) =>
      encodeChunk(k, { times: BigInt64Array.of(1n), columns: [{ name, type: 'double', values: Float64Array.of(1) }] });
    for (const name of ['a'.repeat(65_535), '€'.repeat(21_845), 'x'.repeat(21_846)])
      expect(decodeChunk(k, chunk(name)).columns[0]?.name).toBe(name);
    for (const name of ['a'.repeat(65_536), '€'.repeat(21_846)]) expect(() => chunk(name)).toThrow(/longer than 65,535 bytes/);
  });
});
