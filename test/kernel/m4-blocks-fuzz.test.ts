// The M4 block index under damage. Mutating the section (then re-sealing the header CRC, so the
// parser and the kernel meet it) must give a clean CORRUPT_CHUNK with a byte offset inside the chunk
// or a well-formed M4 result, never a crash, a foreign exception or damage to the kernel; so must
// damage to the payloads behind valid checksums. The section is also checked field by field.
// FUZZ_CASES sets the number of cases per pass (default 3,000).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TidemarkError } from '../../src/errors/index.ts';
import { blockSectionBytes } from '../../src/kernel/chunk/block-index.ts';
import { bodyChecksum } from '../../src/kernel/chunk/encode.ts';
import { sealHeader } from '../../src/kernel/chunk/header.ts';
import { CODEC, createM4Result, encodeChunk, type Kernel, type M4Result, m4ChunkBlocks, readChunkHeader } from '../../src/kernel/index.ts';
import { catchTidemark, kernel } from './helpers.ts';

const CASES = Math.ceil(Number(process.env.FUZZ_CASES ?? 10_000) * 0.3);
const T0 = 1_700_000_000_000_000_000n;

/** Chunks with an index on ALP, Gorilla and raw columns, with even and uneven times. */
function corpus(k: Kernel): Uint8Array[] {
  const n = 2600;
  const even = BigInt64Array.from({ length: n }, (_, i) => T0 + BigInt(i) * 1_000_000n);
  const uneven = BigInt64Array.from({ length: n }, (_, i) => T0 + BigInt(i * i) * 7919n + BigInt(i % 3));
  const columns = [
    { name: 'dec', type: 'double' as const, values: Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 30) * 1e5) / 1000) },
    {
      name: 'bin',
      type: 'double' as const,
      values: Float64Array.from({ length: n }, (_, i) => (i % 101 === 3 ? Number.NaN : Math.sin(i) * Math.PI)),
    },
    {
      name: 'raw',
      type: 'double' as const,
      values: Float64Array.from(
        { length: n },
        (_, i) => new Float64Array(new Uint32Array([(i * 2654435761) >>> 0, (i * 40503) % 0x7fe00000]).buffer)[0] as number,
      ),
    },
  ];
  return [encodeChunk(k, { times: even, columns }), encodeChunk(k, { times: uneven, columns })];
}

function sectionOf(bytes: Uint8Array): { start: number; end: number } {
  const h = readChunkHeader(bytes);
  const end = h.headerLength - 4;
  return { start: end - blockSectionBytes(h.m4Blocks), end };
}

/** M4 of every indexed column over a grid crossing the chunk, or the CORRUPT_CHUNK error. */
function attempt(k: Kernel, bytes: Uint8Array, pixels: number): M4Result[] | TidemarkError {
  try {
    const h = readChunkHeader(bytes);
    const spec = { from: h.timeMin - 7n, to: h.timeMax + 3n, pixels };
    return ['dec', 'bin', 'raw'].map((name) => {
      const out = createM4Result(spec);
      m4ChunkBlocks(k, bytes, h, name, spec.from, spec.to, out);
      for (const a of [out.count, out.first, out.min, out.max]) expect(a.length).toBe(pixels);
      return out;
    });
  } catch (error) {
    if (!(error instanceof TidemarkError) || error.code !== 'CORRUPT_CHUNK') throw error;
    const offset = error.position?.byteOffset;
    expect(offset).toBeTypeOf('number');
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThanOrEqual(bytes.length);
    return error;
  }
}

const damage = fc.record({ at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) });

function splat(bytes: Uint8Array, from: number, to: number, d: { at: number; bytes: number[] }): Uint8Array {
  const out = bytes.slice();
  const at = from + (d.at % (to - from));
  d.bytes.forEach((b, i) => {
    if (at + i < to) out[at + i] = b;
  });
  return out;
}

describe(`M4 block index under damage (${CASES} cases per pass)`, () => {
  it('the corpus has indexes on ALP, Gorilla and raw columns', async () => {
    const k = await kernel();
    for (const bytes of corpus(k)) {
      const h = readChunkHeader(bytes);
      expect(new Set(h.columns.map((c) => c.codec))).toEqual(new Set([CODEC.alp, CODEC.gorilla, CODEC.raw]));
      expect(h.m4Blocks?.columns.map((c) => c.column)).toEqual([0, 1, 2]);
    }
  });

  it('a damaged section behind a valid header CRC is a clean CORRUPT_CHUNK or a well-formed result', async () => {
    const k = await kernel();
    const chunks = corpus(k);
    const reference = attempt(k, chunks[0] as Uint8Array, 97);
    let errors = 0;
    fc.assert(
      fc.property(fc.nat({ max: chunks.length - 1 }), damage, fc.integer({ min: 1, max: 400 }), (which, d, pixels) => {
        const original = chunks[which] as Uint8Array;
        const { start, end } = sectionOf(original);
        const bad = splat(original, start, end, d);
        const h = readChunkHeader(original);
        sealHeader(bad, h.headerLength, h.bodyChecksum);
        if (attempt(k, bad, pixels) instanceof TidemarkError) errors++;
      }),
      { numRuns: CASES },
    );
    // The kernel still works after all that.
    expect(attempt(k, chunks[0] as Uint8Array, 97)).toEqual(reference);
    expect(errors).toBeGreaterThan(0);
  });

  it('payload damage behind valid checksums never crashes or corrupts the kernel', async () => {
    const k = await kernel();
    const chunks = corpus(k);
    const reference = attempt(k, chunks[0] as Uint8Array, 97);
    fc.assert(
      fc.property(fc.nat({ max: chunks.length - 1 }), damage, fc.integer({ min: 1, max: 400 }), (which, d, pixels) => {
        const original = chunks[which] as Uint8Array;
        const { headerLength } = readChunkHeader(original);
        const bad = splat(original, headerLength, original.length, d);
        sealHeader(bad, headerLength, bodyChecksum(k, bad.subarray(headerLength)));
        attempt(k, bad, pixels);
      }),
      { numRuns: CASES },
    );
    expect(attempt(k, chunks[0] as Uint8Array, 97)).toEqual(reference);
  });

  it('verifies the body checksum on the first M4 read of a chunk', async () => {
    const k = await kernel();
    const bytes = (corpus(k)[0] as Uint8Array).slice();
    const h = readChunkHeader(bytes);
    const last = bytes.length - 1;
    bytes[last] = (bytes[last] as number) ^ 0x10; // a payload byte, the checksums left as they were
    const spec = { from: h.timeMin, to: h.timeMax + 1n, pixels: 5 };
    const error = catchTidemark(() => m4ChunkBlocks(k, bytes, readChunkHeader(bytes), 'raw', spec.from, spec.to, createM4Result(spec)));
    expect(error.code).toBe('CORRUPT_CHUNK');
    expect(error.message).toContain('body checksum');
  });

  it('names what is wrong in the section', async () => {
    const k = await kernel();
    const bytes = corpus(k)[0] as Uint8Array;
    const h = readChunkHeader(bytes);
    const { start } = sectionOf(bytes);
    const patched = (at: number, write: (v: DataView) => void) => {
      const bad = bytes.slice();
      write(new DataView(bad.buffer, at));
      sealHeader(bad, h.headerLength, h.bodyChecksum);
      return catchTidemark(() => readChunkHeader(bad));
    };
    const first = start + 2 + 8; // the first index entry
    expect(patched(start, (v) => v.setUint16(0, 9, true)).message).toContain('9 M4 block indexes for 3 columns');
    expect(patched(start + 2, (v) => v.setBigInt64(0, -5n, true)).message).toContain('negative time step');
    expect(patched(first, (v) => v.setUint16(0, 7, true)).message).toContain('column 7');
    expect(patched(first + 2, (v) => v.setUint16(0, 0, true)).message).toContain('M4 blocks of 0 rows');
    expect(patched(first + 4, (v) => v.setUint32(0, 2, true)).message).toContain('2 M4 blocks for 2600 rows');
    for (const error of [patched(start, (v) => v.setUint16(0, 9, true)), patched(first, (v) => v.setUint16(0, 7, true))]) {
      expect(error.code).toBe('CORRUPT_CHUNK');
      expect(error.position?.byteOffset).toBeGreaterThanOrEqual(start);
    }
    // A record whose block start points outside the payload, or a min row outside its block.
    const record = first + 8;
    const bad = bytes.slice();
    new DataView(bad.buffer).setUint32(record + 24 + 16, 1 << 30, true);
    sealHeader(bad, h.headerLength, h.bodyChecksum);
    const spec = { from: h.timeMin, to: h.timeMax + 1n, pixels: 3 };
    const error = catchTidemark(() => m4ChunkBlocks(k, bad, readChunkHeader(bad), 'dec', spec.from, spec.to, createM4Result(spec)));
    expect(error.code).toBe('CORRUPT_CHUNK');
    expect(error.message).toContain('"dec"');
  });
});
