import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChunkColumnInput,
  decodeChunk,
  encodeChunk,
  type Kernel,
  type PointColumn,
  type PointLookup,
  readPointBatch,
  residentChunks,
} from '../../src/kernel/index.ts';
import { random } from '../helpers/seeded-random.ts';
import { kernel } from './helpers.ts';

/**
 * readPointBatch (many series' point lookups in one kernel call, each series' rows after the last one's) against
 * the rows worked out here from decoded chunks: for every lookup, the rows of its chunks then of its raw tail
 * whose time is a point and in [from, to), or -1 when a chunk lacks a column with its type or holds a NULL in
 * one, or when the rows are more than its room. Chunks evenly spaced (rows found by arithmetic) or not (times
 * decoded and searched), a time held twice, chunks of more than one ALP vector, points between rows, outside
 * every chunk or given twice, empty lookups, resident chunks and chunks copied per call, columns in either order.
 */

const SEC = 1_000_000_000n;

interface ChunkSpec {
  readonly rows: number;
  /** Nanoseconds between rows (1 / 49 and 1 / 999,999,937 are held a little short as doubles). */
  readonly step?: bigint;
  /** 0: evenly spaced; 1: a few rows off the step; 2: one time held twice. */
  readonly shape: 0 | 1 | 2;
  readonly binary: boolean;
  readonly nulls: boolean;
  readonly lacks: boolean;
}

interface LookupSpec {
  readonly chunks: readonly ChunkSpec[];
  readonly tail: number;
  readonly picks: readonly number[];
  readonly strays: readonly number[];
  /** Room: the distinct times that can match (-1; a range lookup's rows in range), or this many. */
  readonly room: number;
  /** A lookup without points: every row in range (picks and strays unused). */
  readonly range?: boolean;
}

const chunkSpec: fc.Arbitrary<ChunkSpec> = fc.record({
  rows: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1000, max: 2600 })),
  step: fc.constantFrom(10n * SEC, 10n * SEC, 49n, 999_999_937n, 86_400n * SEC),
  shape: fc.constantFrom<0 | 1 | 2>(0, 0, 0, 1, 2),
  binary: fc.boolean(),
  nulls: fc.constantFrom(false, false, false, false, true),
  lacks: fc.constantFrom(false, false, false, false, false, true),
});

const lookupSpec: fc.Arbitrary<LookupSpec> = fc.record({
  chunks: fc.array(chunkSpec, { maxLength: 3 }),
  tail: fc.constantFrom(0, 0, 1, 17, 300),
  picks: fc.array(fc.nat(1_000_000), { maxLength: 400 }),
  strays: fc.array(fc.integer({ min: -50, max: 10_000 }), { maxLength: 20 }),
  room: fc.constantFrom(-1, -1, -1, 0, 3),
  range: fc.constantFrom(false, false, true),
});

const COLUMNS: readonly PointColumn[] = [
  { name: 'x', type: 'double' },
  { name: 'n', type: 'bigint' },
];
/** The same columns the other way round: a chunk's kept payloads must follow the list asked for. */
const SWAPPED: readonly PointColumn[] = [COLUMNS[1] as PointColumn, COLUMNS[0] as PointColumn];

interface Built {
  readonly lookup: PointLookup;
  /** Every row of the lookup, chunk after chunk then the tail: time, x, n; null when a chunk cannot be read here. */
  readonly rows: [bigint, number, bigint][] | null;
}

/**
 * A lookup's chunks (each after the last, 10 s apart), its tail after them and its points (`shared`: another
 * lookup's points array, as the series of one host share theirs).
 */
function build(k: Kernel, spec: LookupSpec, seed: number, from: bigint, to: bigint, shared?: BigInt64Array | null): Built {
  const next = random(seed);
  let t = 1_700_000_000n * SEC + BigInt(Math.floor(next() * 1000)) * 10n * SEC;
  const all: [bigint, number, bigint][] = [];
  let readable = true;
  const chunks: Uint8Array[] = [];
  for (const c of spec.chunks) {
    const times = new BigInt64Array(c.rows);
    for (let i = 0; i < c.rows; i++) {
      times[i] = t;
      // Uneven: every 97th gap 3 s longer; a time held twice: row 5 (or the last) at row 4's time.
      const twice = c.shape === 2 && (i === 4 || (c.rows <= 5 && i === c.rows - 2));
      t += twice ? 0n : (c.step ?? 10n * SEC) + (c.shape === 1 && i % 97 === 5 ? 3n * SEC : 0n);
    }
    t += 10n * SEC;
    const x = Float64Array.from({ length: c.rows }, (_, i) => (c.binary ? Math.sin(i * 0.37 + seed) : Math.round(next() * 10_000) / 100));
    const n = BigInt64Array.from({ length: c.rows }, (_, i) => BigInt(i * 7 - seed));
    const validity = c.nulls ? Uint8Array.from({ length: c.rows }, (_, i) => (i % 13 === 2 ? 0 : 1)) : undefined;
    const columns: ChunkColumnInput[] = [
      { name: 'x', type: 'double', values: x, ...(validity ? { validity } : {}) },
      ...(c.lacks ? [] : [{ name: 'n', type: 'bigint' as const, values: n }]),
    ];
    const bytes = encodeChunk(k, { times, columns });
    chunks.push(bytes);
    if (c.lacks || validity?.includes(0)) readable = false;
    const decoded = decodeChunk(k, bytes);
    const dx = decoded.columns.find((col) => col.name === 'x')?.values as Float64Array;
    const dn = decoded.columns.find((col) => col.name === 'n')?.values as BigInt64Array | undefined;
    for (let i = 0; i < c.rows; i++) all.push([decoded.times[i] as bigint, dx[i] as number, dn?.[i] ?? 0n]);
  }
  const tailTimes = BigInt64Array.from({ length: spec.tail }, (_, i) => t + BigInt(i) * 10n * SEC);
  const tailX = Float64Array.from({ length: spec.tail }, (_, i) => i / 8 - seed);
  const tailN = BigInt64Array.from({ length: spec.tail }, (_, i) => BigInt(seed - i));
  for (let i = 0; i < spec.tail; i++) all.push([tailTimes[i] as bigint, tailX[i] as number, tailN[i] as bigint]);
  if (spec.range) {
    // Every row in range, a time held twice included.
    const matching = all.filter(([time]) => time >= from && time < to);
    const room = spec.room < 0 ? matching.length : spec.room;
    const tail = spec.tail === 0 ? null : { times: tailTimes, columns: [tailX, tailN] };
    return { lookup: { points: null, chunks, tail, room }, rows: readable && matching.length <= room ? matching : null };
  }
  // Points: rows picked anywhere, and strays on and off the 10 s grid around them.
  const base = all[0]?.[0] ?? t;
  const wanted = new Set<bigint>();
  for (const p of spec.picks) if (all.length > 0) wanted.add((all[p % all.length] as [bigint, number, bigint])[0]);
  for (const s of spec.strays) wanted.add(base + BigInt(s) * SEC * (s % 3 === 0 ? 10n : 1n));
  // Some points given twice (each row is still found once).
  const points = shared || BigInt64Array.from([...wanted, ...[...wanted].filter((_, i) => i % 5 === 1)]).sort();
  if (shared) {
    wanted.clear();
    for (const p of shared) wanted.add(p);
  }
  const matching = all.filter(([time]) => wanted.has(time) && time >= from && time < to);
  // As the storage sizes it: a row per distinct time at most (a time held twice then overflows its room).
  const room = spec.room < 0 ? new Set(matching.map(([time]) => time)).size : spec.room;
  const rows = readable && matching.length <= room ? matching : null;
  return {
    lookup: {
      points,
      chunks,
      tail: spec.tail === 0 ? null : { times: tailTimes, columns: [tailX, tailN] },
      room,
    },
    rows,
  };
}

/** The batch's rows of lookup i: its times and both columns, or null when it answered -1. */
function rowsOf(result: ReturnType<typeof readPointBatch>, i: number, swapped = false): [bigint, number, bigint][] | null {
  const n = result.counts[i] as number;
  if (n < 0) return null;
  const at = result.starts[i] as number;
  const times = new BigInt64Array(result.buffer, at * 8, n);
  const x = new Float64Array(result.buffer, ((swapped ? 2 : 1) * result.room + at) * 8, n);
  const c = new BigInt64Array(result.buffer, ((swapped ? 1 : 2) * result.room + at) * 8, n);
  return Array.from({ length: n }, (_, r) => [times[r] as bigint, x[r] as number, c[r] as bigint]);
}

/** A lookup for SWAPPED: its raw rows' columns in that order too. */
function swapped(lookup: PointLookup): PointLookup {
  const tail = lookup.tail;
  return tail ? { ...lookup, tail: { times: tail.times, columns: [tail.columns[1], tail.columns[0]] as BigInt64Array[] } } : lookup;
}

/** The lookups answered place their rows one after another from row 0, each within the buffer's regions. */
function expectPacked(result: ReturnType<typeof readPointBatch>): void {
  let at = 0;
  for (let i = 0; i < result.counts.length; i++) {
    const n = result.counts[i] as number;
    if (n < 0) continue;
    expect(result.starts[i]).toBe(at);
    at += n;
  }
  expect(at).toBeLessThanOrEqual(result.room);
  expect(result.buffer.byteLength).toBe(result.room * 8 * 3);
}

describe('readPointBatch (kernel)', () => {
  it('finds each lookup its rows at the points, as the decoded chunks hold them, one lookup after another', async () => {
    const k = await kernel();
    const residents = residentChunks(k);
    await fc.assert(
      fc.property(
        fc.array(lookupSpec, { maxLength: 6 }),
        fc.nat(),
        fc.tuple(fc.integer({ min: -100, max: 12_000 }), fc.integer({ min: 0, max: 12_000 })),
        fc.boolean(),
        (specs, seed, [start, length], resident) => {
          residents.setBudget(resident ? 64 << 20 : 0);
          const origin = 1_700_000_000n * SEC;
          const from = origin + BigInt(start) * 10n * SEC;
          const to = from + BigInt(length) * 10n * SEC;
          // Every third lookup shares the one before's points (and the same seed: the same times).
          const built: Built[] = [];
          for (const [i, s] of specs.entries()) {
            const before = i % 3 === 2 ? built[i - 1] : undefined;
            built.push(build(k, s, before ? seed + i - 1 : seed + i, from, to, before?.lookup.points));
          }
          // Read three times: the first read checks each chunk's times, the others find evenly spaced rows by
          // arithmetic, the last with the columns the other way round.
          for (let read = 0; read < 3; read++) {
            const result = readPointBatch(
              k,
              built.map((b) => (read === 2 ? swapped(b.lookup) : b.lookup)),
              read === 2 ? SWAPPED : COLUMNS,
              from,
              to,
            );
            for (const [i, b] of built.entries()) expect(rowsOf(result, i, read === 2)).toEqual(b.rows);
            expectPacked(result);
          }
        },
      ),
      { numRuns: 250, seed: 4711 },
    );
    residents.setBudget(64 << 20);
  });

  it('reads lookups of many chunks in several calls, copied or resident, as in one', async () => {
    const k = await kernel();
    const residents = residentChunks(k);
    // 40 lookups of three 2,000-row chunks of binary doubles (about 50 KB each): over a megabyte of copies.
    const specs: LookupSpec[] = Array.from({ length: 40 }, (_, i) => ({
      chunks: Array.from({ length: 3 }, () => ({ rows: 2000, shape: i % 3 === 1 ? 1 : 0, binary: true, nulls: false, lacks: false })),
      tail: i % 4 === 0 ? 50 : 0,
      picks: Array.from({ length: 700 }, (_, p) => p * 7919),
      strays: [-3, 5, 6001],
      room: -1,
    }));
    const from = -(2n ** 63n);
    const to = 2n ** 63n - 1n;
    const built = specs.map((s, i) => build(k, s, 90 + i, from, to));
    for (const budget of [0, 64 << 20]) {
      residents.setBudget(budget);
      const result = readPointBatch(
        k,
        built.map((b) => b.lookup),
        COLUMNS,
        from,
        to,
      );
      for (const [i, b] of built.entries()) expect(rowsOf(result, i)).toEqual(b.rows);
      expectPacked(result);
    }
  });

  it('answers lookups without chunks, points or room, and a batch of none', async () => {
    const k = await kernel();
    expect(readPointBatch(k, [], COLUMNS, 0n, 1n).counts).toEqual(new Int32Array(0));
    const none = build(k, { chunks: [], tail: 0, picks: [], strays: [], room: -1 }, 1, 0n, 2n ** 62n);
    const empty = build(
      k,
      { chunks: [{ rows: 30, shape: 0, binary: false, nulls: false, lacks: false }], tail: 0, picks: [], strays: [], room: -1 },
      2,
      0n,
      2n ** 62n,
    );
    const some = build(
      k,
      { chunks: [{ rows: 30, shape: 0, binary: false, nulls: false, lacks: false }], tail: 5, picks: [15, 27], strays: [], room: -1 },
      3,
      0n,
      2n ** 62n,
    );
    const result = readPointBatch(k, [none.lookup, empty.lookup, some.lookup], COLUMNS, 0n, 2n ** 62n);
    expect(Array.from(result.counts)).toEqual([0, 0, 2]);
    expect(rowsOf(result, 2)).toEqual(some.rows);
    expect(() => readPointBatch(k, [{ ...some.lookup, room: -2 }], COLUMNS, 0n, 1n)).toThrow(/room/);
    // A lookup that overflows its room in its second chunk (a time held twice) after rows found in its first, with
    // rows after: it answers -1, and the next lookup's rows start where its own would have.
    const plain = { rows: 30, shape: 0, binary: false, nulls: false, lacks: false } as const;
    const over = build(k, { chunks: [plain, { ...plain, shape: 2 }], tail: 5, picks: [3, 34, 62], strays: [], room: -1 }, 4, 0n, 2n ** 62n);
    expect(over.rows).toBeNull();
    const after = build(k, { chunks: [plain], tail: 5, picks: [1, 2, 33], strays: [], room: -1 }, 5, 0n, 2n ** 62n);
    // Room for 3 rows, 2 found in the first chunk and 2 in the second: its rows after are not read either.
    const tight = build(k, { chunks: [plain, plain], tail: 5, picks: [3, 5, 33, 35, 62], strays: [], room: 3 }, 6, 0n, 2n ** 62n);
    expect(tight.rows).toBeNull();
    const both = readPointBatch(k, [some.lookup, over.lookup, tight.lookup, after.lookup], COLUMNS, 0n, 2n ** 62n);
    expect(Array.from(both.counts)).toEqual([2, -1, -1, 3]);
    expect(rowsOf(both, 3)).toEqual(after.rows);
    expectPacked(both);
  });
});
