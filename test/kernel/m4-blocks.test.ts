// M4 from a chunk's block index (format 3) against the plain kernel M4 over the decoded rows: the
// same nine arrays bit for bit, for regular and irregular times, duplicate times, NaN and all-NaN
// blocks, signed zeros and ties, ALP and raw payloads, partial read ranges and any pixel grid.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { M4_BLOCK_ROWS } from '../../src/kernel/chunk/block-index.ts';
import {
  type ChunkHeader,
  CODEC,
  createM4Result,
  decodeChunk,
  encodeChunk,
  type Kernel,
  type M4Result,
  type M4Spec,
  m4ChunkBlocks,
  m4Values,
  readChunkHeader,
} from '../../src/kernel/index.ts';
import { FORMAT_V2_M4_ROWS, formatV2M4Input } from './format-v2-m4-input.ts';
import { kernel } from './helpers.ts';

const T0 = 1_700_000_000_000_000_000n;

/** The plain M4 of the chunk's rows in [from, to). */
function reference(k: Kernel, bytes: Uint8Array, column: string, spec: M4Spec, from: bigint, to: bigint, into?: M4Result): M4Result {
  const d = decodeChunk(k, bytes, { columns: [column] });
  const c = d.columns[0];
  if (c?.type !== 'double') throw new Error('no double column');
  let a = 0;
  while (a < d.times.length && (d.times[a] as bigint) < from) a++;
  let b = a;
  while (b < d.times.length && (d.times[b] as bigint) < to) b++;
  return m4Values(k, d.times.slice(a, b), c.values.slice(a, b), c.validity?.slice(a, b), spec, into);
}

function viaBlocks(k: Kernel, bytes: Uint8Array, column: string, spec: M4Spec, from: bigint, to: bigint, into?: M4Result): M4Result {
  const out = into ?? createM4Result(spec);
  expect(m4ChunkBlocks(k, bytes, readChunkHeader(bytes), column, from, to, out)).toBe(true);
  return out;
}

function valuesOf(kind: number, n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let x = seed >>> 0 || 1;
  const rand = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    const r = rand();
    switch (kind) {
      case 0: // decimals (ALP)
        out[i] = Math.round(Math.sin(i / 300) * 1e4 + r * 50) / 100;
        break;
      case 1: // binary noise with NaNs and a NaN-only block
        out[i] = i >= 1024 && i < 2048 ? Number.NaN : r < 0.05 ? Number.NaN : Math.sin(i * 1.7) * Math.PI;
        break;
      case 2: {
        // clipped (the same min and max in many blocks: ties across blocks) with signed zeros
        const v = Math.max(-40, Math.min(40, Math.round(Math.sin(i / 150) * 8000 + r * 300) / 100));
        out[i] = v === 0 && r < 0.5 ? -0 : v;
        break;
      }
      case 4: // clipped binary noise (Gorilla), ties across blocks
        out[i] = Math.max(-2, Math.min(2, Math.sin(i / 90) * 3 + Math.sin(i * 1.7)));
        break;
      case 3: {
        // raw bit patterns (incompressible: raw payload), no NaN
        const v = new Float64Array(new Uint32Array([Math.floor(r * 2 ** 32), Math.floor(rand() * 0x7fe00000)]).buffer)[0] as number;
        out[i] = rand() < 0.5 ? v : -v;
      }
    }
  }
  return out;
}

function timesOf(kind: number, n: number, seed: number): BigInt64Array {
  const out = new BigInt64Array(n);
  let t = T0;
  for (let i = 0; i < n; i++) {
    out[i] = t;
    if (kind === 0) t += 10_000_000n;
    else if (kind === 1) t += BigInt(1 + ((i * 7919 + seed) % 97)) * 1_000_000n;
    else t += (i + seed) % 3 === 0 ? 0n : 5_000_000n; // duplicate times
  }
  return out;
}

describe('M4 from chunk block summaries', () => {
  it('writes an index for NULL-free ALP and raw doubles of two blocks or more, not for nulls or short chunks', async () => {
    const k = await kernel();
    const n = 3000;
    const times = timesOf(0, n, 1);
    const bytes = encodeChunk(k, {
      times,
      columns: [
        { name: 'dec', type: 'double', values: valuesOf(0, n, 1) },
        { name: 'raw', type: 'double', values: valuesOf(3, n, 2) },
        { name: 'nulls', type: 'double', values: valuesOf(0, n, 3), validity: Uint8Array.from({ length: n }, (_, i) => (i % 9 ? 1 : 0)) },
      ],
    });
    const h = readChunkHeader(bytes);
    expect(h.formatVersion).toBe(3);
    expect(h.columns.map((c) => c.codec)).toEqual([CODEC.alp, CODEC.raw, CODEC.alp]);
    expect(h.m4Blocks?.timeStep).toBe(10_000_000n);
    expect(h.m4Blocks?.columns.map((c) => [c.column, c.blockRows, c.blocks])).toEqual([
      [0, M4_BLOCK_ROWS, 3],
      [1, M4_BLOCK_ROWS, 3],
    ]);
    const spec = { from: T0, to: T0 + BigInt(n) * 10_000_000n, pixels: 7 };
    expect(m4ChunkBlocks(k, bytes, h, 'nulls', spec.from, spec.to, createM4Result(spec))).toBe(false);
    const short = encodeChunk(k, { times: times.slice(0, 2047), columns: [{ name: 'dec', type: 'double', values: valuesOf(0, 2047, 1) }] });
    expect(readChunkHeader(short).m4Blocks).toBeUndefined();
    const uneven = encodeChunk(k, { times: timesOf(1, n, 4), columns: [{ name: 'dec', type: 'double', values: valuesOf(0, n, 1) }] });
    expect(readChunkHeader(uneven).m4Blocks?.timeStep).toBe(0n);
  });

  it('matches the plain M4 bit for bit (property)', async () => {
    const k = await kernel();
    let indexed = 0;
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 2048, max: 6000 }),
          timeKind: fc.integer({ min: 0, max: 2 }),
          valueKind: fc.integer({ min: 0, max: 4 }),
          seed: fc.integer({ min: 1, max: 1 << 30 }),
          pixels: fc.integer({ min: 1, max: 3000 }),
          // The grid and the read range, as fractions of the chunk's time span (may reach outside it).
          g0: fc.double({ min: -0.3, max: 0.9, noNaN: true }),
          g1: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
          r0: fc.double({ min: -0.2, max: 1, noNaN: true }),
          r1: fc.double({ min: 0, max: 1.2, noNaN: true }),
        }),
        ({ n, timeKind, valueKind, seed, pixels, g0, g1, r0, r1 }) => {
          const times = timesOf(timeKind, n, seed);
          const bytes = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values: valuesOf(valueKind, n, seed) }] });
          const h: ChunkHeader = readChunkHeader(bytes);
          if (h.m4Blocks === undefined) {
            // Only dictionary, run-length and constant payloads have no per-block layout.
            expect([CODEC.dictionary, CODEC.rle, CODEC.constant]).toContain(h.columns[0]?.codec);
            return;
          }
          indexed++;
          const span = Number(h.timeMax - h.timeMin) + 1;
          const at = (f: number) => h.timeMin + BigInt(Math.round(f * span));
          const from = at(g0);
          const spec = { from, to: from + BigInt(Math.max(1, Math.round(g1 * span))), pixels };
          const lo = at(r0);
          const hi = at(r0 + r1);
          expect(viaBlocks(k, bytes, 'v', spec, lo, hi)).toEqual(reference(k, bytes, 'v', spec, lo, hi));
        },
      ),
      { numRuns: 150 },
    );
    expect(indexed).toBeGreaterThan(75);
  });

  it('a big chunk on a wide grid (a scratch block too big to keep) gives the plain M4, and the next call still works', async () => {
    const k = await kernel();
    const n = 70_000;
    const bytes = encodeChunk(k, { times: timesOf(1, n, 9), columns: [{ name: 'v', type: 'double', values: valuesOf(4, n, 9) }] });
    const h = readChunkHeader(bytes);
    const wide = { from: h.timeMin, to: h.timeMax + 1n, pixels: 100_000 };
    expect(viaBlocks(k, bytes, 'v', wide, wide.from, wide.to)).toEqual(reference(k, bytes, 'v', wide, wide.from, wide.to));
    const narrow = { ...wide, pixels: 999 };
    expect(viaBlocks(k, bytes, 'v', narrow, wide.from, wide.to)).toEqual(reference(k, bytes, 'v', narrow, wide.from, wide.to));
  });

  it('merges with what the pixels already hold (several chunks, out-of-order pieces)', async () => {
    const k = await kernel();
    const n = 4096;
    const a = encodeChunk(k, { times: timesOf(0, n, 1), columns: [{ name: 'v', type: 'double', values: valuesOf(4, n, 5) }] });
    const later = timesOf(0, n, 1).map((t) => t + BigInt(n) * 10_000_000n - 10_000_000n); // shares one time with a
    const b = encodeChunk(k, { times: later, columns: [{ name: 'v', type: 'double', values: valuesOf(0, n, 6) }] });
    const spec = { from: T0, to: T0 + BigInt(2 * n) * 10_000_000n, pixels: 5 };
    const all = [T0 - 1n, spec.to + 1n] as const;
    // b first, then a: the merge must not depend on the order chunks arrive in.
    const got = viaBlocks(k, a, 'v', spec, ...all, viaBlocks(k, b, 'v', spec, ...all));
    const want = reference(k, a, 'v', spec, ...all, reference(k, b, 'v', spec, ...all));
    expect(got).toEqual(want);
  });
});

describe('M4 over chunks of formats 2 and 3 together', () => {
  it('a format-2 chunk has no index and takes the whole-chunk path; merged with format-3 chunks the result is the plain M4', async () => {
    const k = await kernel();
    const old = new Uint8Array(readFileSync(new URL('./fixtures/chunk-v2-m4.bin', import.meta.url)));
    const h = readChunkHeader(old);
    expect(h.formatVersion).toBe(2);
    expect(h.m4Blocks).toBeUndefined();
    const twin = encodeChunk(k, formatV2M4Input());
    expect(decodeChunk(k, old).times).toEqual(decodeChunk(k, twin).times);
    // A later format-3 chunk of the same columns.
    const next = formatV2M4Input();
    const shift = BigInt(FORMAT_V2_M4_ROWS) * 10_000_000n;
    const later = encodeChunk(k, { times: next.times.map((t) => t + shift), columns: next.columns.slice(0, 2) });
    expect(readChunkHeader(later).m4Blocks?.columns.length).toBe(2);
    for (const column of ['dec', 'noise']) {
      for (const pixels of [3, 64, 1000, 9000]) {
        const spec = { from: h.timeMin + 777n, to: h.timeMax + shift - 12_345n, pixels };
        const got = createM4Result(spec);
        expect(m4ChunkBlocks(k, old, h, column, spec.from, spec.to, got)).toBe(false);
        // The caller decodes an unindexed chunk whole (as the scan does).
        reference(k, old, column, spec, spec.from, spec.to, got);
        viaBlocks(k, later, column, spec, spec.from, spec.to, got);
        const want = reference(k, later, column, spec, spec.from, spec.to, reference(k, twin, column, spec, spec.from, spec.to));
        expect(got, `${column} ${pixels}`).toEqual(want);
      }
    }
  });
});
