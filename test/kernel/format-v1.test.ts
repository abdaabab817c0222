// Chunks sealed by older kernels stay readable: IndexedDB keeps them across upgrades. The fixture was
// written by the format-1 kernel (sequential bit packing only); the current kernel writes format 2
// (interleaved packs) and must decode both to the same rows and aggregate them the same way.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockSectionBytes } from '../../src/kernel/chunk/block-index.ts';
import { aggregateChunkBuckets, bucketSpecFor, decodeChunk, encodeChunk, FORMAT_VERSION, readChunkHeader } from '../../src/kernel/index.ts';
import { formatV1Input } from './format-v1-input.ts';
import { catchTidemark, kernel } from './helpers.ts';

const fixture = new Uint8Array(readFileSync(new URL('./fixtures/chunk-v1.bin', import.meta.url)));

describe('chunk format versions', () => {
  it('decodes a format-1 chunk to the same rows as the format-2 chunk of the same input', async () => {
    const k = await kernel();
    expect(readChunkHeader(fixture).formatVersion).toBe(1);
    const current = encodeChunk(k, formatV1Input());
    expect(readChunkHeader(current).formatVersion).toBe(FORMAT_VERSION);
    expect(FORMAT_VERSION).toBe(3);
    const old = decodeChunk(k, fixture);
    const now = decodeChunk(k, current);
    expect(old.times).toEqual(now.times);
    expect(old.columns.length).toBe(7);
    for (const [i, column] of now.columns.entries()) {
      const before = old.columns[i];
      expect(before?.name).toBe(column.name);
      if (column.values instanceof Float64Array) {
        const bits = (v: Float64Array) => new BigUint64Array(v.buffer, v.byteOffset, v.length);
        expect(bits(before?.values as Float64Array), column.name).toEqual(bits(column.values));
      } else {
        expect(before?.values, column.name).toEqual(column.values);
      }
      expect('validity' in column ? column.validity : undefined).toEqual(before && 'validity' in before ? before.validity : undefined);
    }
    // Same compressed size: the interleaved layout changes speed, not size; format 3 only adds the M4 block index to the header.
    expect(current.length - blockSectionBytes(readChunkHeader(current).m4Blocks)).toBe(fixture.length);
  });

  it('aggregates a format-1 chunk like its format-2 twin', async () => {
    const k = await kernel();
    const current = encodeChunk(k, formatV1Input());
    const header = readChunkHeader(fixture);
    for (const column of ['value', 'taxi', 'ramp']) {
      const spec = bucketSpecFor(header.timeMin, header.timeMax, 0n, 3_600_000_000_000n);
      expect(aggregateChunkBuckets(k, fixture, column, spec), column).toEqual(aggregateChunkBuckets(k, current, column, spec));
    }
  });

  it('rejects versions it does not know', async () => {
    const k = await kernel();
    for (const version of [0, FORMAT_VERSION + 1]) {
      const bad = fixture.slice();
      new DataView(bad.buffer).setUint16(4, version, true);
      const error = catchTidemark(() => decodeChunk(k, bad));
      expect(error.code).toBe('CORRUPT_CHUNK');
      expect(error.message).toContain(`format version ${version}`);
    }
  });
});
