// Mutation fuzzing of valid chunks. Every outcome must be a clean CORRUPT_CHUNK error with a byte
// offset inside the chunk, or a decode equal to the original (a mutation can be a no-op). A second
// pass re-seals the checksums after mutating, so the decoders themselves meet hostile payloads:
// there any clean error or any well-formed decode is acceptable, but never a crash, a hang, a
// foreign exception, or damage to the kernel (a known chunk must still decode afterwards).
// FUZZ_CASES sets the number of cases per pass (default 10,000).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TidemarkError } from '../../src/errors/index.ts';
import { bodyChecksum } from '../../src/kernel/chunk/encode.ts';
import { sealHeader } from '../../src/kernel/chunk/header.ts';
import {
  aggregateChunkBuckets,
  bucketSpecFor,
  type DecodedChunk,
  decodeChunk,
  encodeChunk,
  type Kernel,
  readChunkHeader,
} from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEC = 1_000_000_000n;

/** Valid chunks that together use every codec and column type. */
function corpus(k: Kernel): Uint8Array[] {
  const n = 1300;
  const regular = BigInt64Array.from({ length: n }, (_, i) => 1_700_000_000n * SEC + BigInt(i) * 10n * SEC);
  const irregular = BigInt64Array.from({ length: n }, (_, i) => BigInt(i * i) * 7919n + (i % 50 === 0 ? 3600n * SEC : 0n));
  const validity = Uint8Array.from({ length: n }, (_, i) => (i % 5 === 2 ? 0 : 1));
  const decimals = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 30) * 1e5) / 1000);
  const binary = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * Math.PI);
  const runs = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 100) * 1.5);
  const few = Float64Array.from({ length: n }, (_, i) => [0.1 + 0.2, Math.E, -7.25][i % 3] as number);
  return [
    encodeChunk(k, { times: regular, columns: [{ name: 'v', type: 'double', values: decimals }] }),
    encodeChunk(k, { times: irregular, columns: [{ name: 'v', type: 'double', values: binary, validity }] }),
    encodeChunk(k, {
      times: regular,
      columns: [
        { name: 'r', type: 'double', values: runs },
        { name: 'f', type: 'double', values: few },
        { name: 'c', type: 'double', values: new Float64Array(n).fill(42) },
      ],
    }),
    encodeChunk(k, {
      times: irregular.slice().reverse(),
      columns: [
        { name: 'b', type: 'bigint', values: BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 17) * 1000n - 5n), validity },
        { name: 't', type: 'timestamp', values: regular },
        { name: 'ok', type: 'boolean', values: Uint8Array.from({ length: n }, (_, i) => (i % 3) & 1), validity },
        { name: 's', type: 'varchar', values: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `svc-${i % 11}`)) },
      ],
    }),
    // Format 3: M4 block indexes (ALP and Gorilla columns of 2,600 rows, evenly spaced times).
    encodeChunk(k, {
      times: BigInt64Array.from({ length: 2600 }, (_, i) => 1_700_000_000n * SEC + BigInt(i) * SEC),
      columns: [
        { name: 'a', type: 'double', values: Float64Array.from({ length: 2600 }, (_, i) => Math.round(Math.sin(i / 30) * 1e5) / 1000) },
        { name: 'g', type: 'double', values: Float64Array.from({ length: 2600 }, (_, i) => Math.sin(i / 7) * Math.PI) },
      ],
    }),
    encodeChunk(k, {
      times: BigInt64Array.from([5n]),
      columns: [{ name: 'one', type: 'double', values: Float64Array.from([Number.NaN]) }],
    }),
    // ALP vectors with patched frame-of-reference exceptions and one-byte float-noise distances
    // (patched as they are read), and delta vectors whose first code is wide (i32 segment sums).
    encodeChunk(k, {
      times: regular,
      columns: [
        {
          name: 'x',
          type: 'double',
          values: Float64Array.from({ length: n }, (_, i) =>
            i % 37 === 5 ? 98765.4 + i : i % 11 === 3 ? 0.1 + 0.2 : ((i * 7919) % 1000) / 10,
          ),
        },
        {
          name: 'd',
          type: 'double',
          values: Float64Array.from({ length: n }, (_, i) => (3_000_000_000 + i * 2 ** 23 + ((i * i * 7919) % 2 ** 24)) / 1000),
        },
      ],
    }),
  ];
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; length: number }
  | { kind: 'extend'; extra: number[] }
  | { kind: 'splat'; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), length: fc.nat() }),
  fc.record({ kind: fc.constant('extend' as const), extra: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 9 }) }),
  fc.record({
    kind: fc.constant('splat' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }),
  }),
);

function mutate(chunk: Uint8Array, m: Mutation, from = 0): Uint8Array {
  const span = chunk.length - from;
  switch (m.kind) {
    case 'flip': {
      const out = chunk.slice();
      const at = from + (m.at % span);
      out[at] = (out[at] as number) ^ (1 << m.bit);
      return out;
    }
    case 'set': {
      const out = chunk.slice();
      out[from + (m.at % span)] = m.value;
      return out;
    }
    case 'truncate':
      return chunk.slice(0, from + (m.length % span));
    case 'extend':
      return Uint8Array.from([...chunk, ...m.extra]);
    case 'splat': {
      const out = chunk.slice();
      const at = from + (m.at % span);
      m.bytes.forEach((b, i) => {
        if (at + i < out.length) out[at + i] = b;
      });
      return out;
    }
  }
}

/** Decodes, returning the result or the CORRUPT_CHUNK error; anything else fails the test. */
function attempt(k: Kernel, bytes: Uint8Array): DecodedChunk | TidemarkError {
  try {
    return decodeChunk(k, bytes);
  } catch (error) {
    if (!(error instanceof TidemarkError) || error.code !== 'CORRUPT_CHUNK') throw error;
    const offset = error.position?.byteOffset;
    expect(offset).toBeTypeOf('number');
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThanOrEqual(bytes.length);
    return error;
  }
}

describe(`chunk fuzzing (${CASES} cases per pass)`, () => {
  it('a mutated chunk is a clean CORRUPT_CHUNK or decodes to the original', async () => {
    const k = await kernel();
    const chunks = corpus(k);
    const originals = chunks.map((c) => decodeChunk(k, c));
    let errors = 0;
    fc.assert(
      fc.property(fc.nat({ max: chunks.length - 1 }), mutation, (which, m) => {
        const outcome = attempt(k, mutate(chunks[which] as Uint8Array, m));
        if (outcome instanceof TidemarkError) errors++;
        else expect(outcome).toEqual(originals[which]);
      }),
      { numRuns: CASES },
    );
    expect(errors).toBeGreaterThan(CASES * 0.9);
  });

  it('payload damage behind valid checksums never crashes or corrupts the kernel', async () => {
    const k = await kernel();
    const chunks = corpus(k);
    const reference = decodeChunk(k, chunks[0] as Uint8Array);
    let decoded = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: chunks.length - 1 }),
        mutation.filter((m) => m.kind !== 'truncate' && m.kind !== 'extend'),
        (which, m) => {
          const original = chunks[which] as Uint8Array;
          const { headerLength } = readChunkHeader(original);
          const bad = mutate(original, m, headerLength);
          sealHeader(bad, headerLength, bodyChecksum(k, bad.subarray(headerLength)));
          const outcome = attempt(k, bad);
          if (!(outcome instanceof TidemarkError)) {
            decoded++;
            for (const column of outcome.columns) expect(column.values.length).toBe(outcome.header.count);
          }
        },
      ),
      { numRuns: CASES },
    );
    // The kernel still works after all that.
    expect(decodeChunk(k, chunks[0] as Uint8Array)).toEqual(reference);
    expect(decoded).toBeGreaterThan(0);
  });

  it('the fused bucket aggregate meets the same damage cleanly (times read piece by piece)', async () => {
    // The fused aggregate reads time payloads on its own (regular stretches as a first time and a
    // step), so hostile times and values reach it behind valid checksums too: a clean error or a
    // result, never a crash, and the kernel still aggregates a known chunk alike afterwards.
    const k = await kernel();
    const chunks = corpus(k);
    const targets: [number, string][] = [
      [0, 'v'],
      [2, 'f'],
      [4, 'a'],
      [4, 'g'],
      [5, 'one'],
      [6, 'x'],
      [6, 'd'],
    ];
    const specOf = (chunk: Uint8Array, width: bigint) => {
      const header = readChunkHeader(chunk);
      return bucketSpecFor(header.timeMin, header.timeMax, 0n, width);
    };
    const reference = aggregateChunkBuckets(k, chunks[0] as Uint8Array, 'v', specOf(chunks[0] as Uint8Array, 60n * SEC));
    let aggregated = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: targets.length - 1 }),
        fc.constantFrom(1n, 60n * SEC, 3600n * SEC),
        mutation.filter((m) => m.kind !== 'truncate' && m.kind !== 'extend'),
        (which, width, m) => {
          const [index, column] = targets[which] as [number, string];
          const original = chunks[index] as Uint8Array;
          const { headerLength } = readChunkHeader(original);
          const bad = mutate(original, m, headerLength);
          sealHeader(bad, headerLength, bodyChecksum(k, bad.subarray(headerLength)));
          const spec = specOf(original, width);
          // Keep the 1 ns buckets of the longest chunks to a bounded count (the range starts early).
          const bounded = { ...spec, bucketCount: Math.min(spec.bucketCount, 50_000) };
          try {
            const result = aggregateChunkBuckets(k, bad, column, bounded);
            expect(result.count.length).toBe(bounded.bucketCount);
            aggregated++;
          } catch (error) {
            if (!(error instanceof TidemarkError) || error.code !== 'CORRUPT_CHUNK') throw error;
          }
        },
      ),
      { numRuns: Math.ceil(CASES / 2) },
    );
    expect(aggregateChunkBuckets(k, chunks[0] as Uint8Array, 'v', specOf(chunks[0] as Uint8Array, 60n * SEC))).toEqual(reference);
    expect(aggregated).toBeGreaterThan(0);
  });
});
