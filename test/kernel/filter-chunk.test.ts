import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkMayPass,
  decodeChunk,
  encodeChunk,
  filterChunkRows,
  readChunkHeader,
  type ValueFilter,
  valuePasses,
} from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

const SEC = 1_000_000_000n;
const POOL = [Number.NaN, -0, 0, 1.5, 90, 90.25, -7, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324];

const chunkArbitrary = fc
  .record({
    start: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 15n }),
    steps: fc.array(fc.oneof(fc.constant(0n), fc.constant(10n * SEC), fc.bigInt({ min: 0n, max: 3600n * SEC })), {
      minLength: 1,
      maxLength: 1500,
    }),
    seed: fc.nat(),
    nullRate: fc.constantFrom(0, 0, 0.3),
  })
  .map(({ start, steps, seed, nullRate }) => {
    let s = seed || 1;
    const next = () => {
      s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
      return s / 2 ** 31;
    };
    let t = start;
    const times = BigInt64Array.from(steps, (d) => (t += d));
    const n = times.length;
    const validity = () => Uint8Array.from({ length: n }, () => (next() < nullRate ? 0 : 1));
    const x = Float64Array.from({ length: n }, () =>
      next() < 0.5 ? (POOL[Math.floor(next() * POOL.length)] as number) : Math.round(next() * 10000) / 100,
    );
    const xValid = validity();
    const y = Float64Array.from({ length: n }, () => Math.round(next() * 2000) / 10 - 50);
    return {
      times,
      columns: [
        { name: 'x', type: 'double' as const, values: x, ...(nullRate > 0 ? { validity: xValid } : {}) },
        { name: 'y', type: 'double' as const, values: y },
        {
          name: 'n',
          type: 'bigint' as const,
          values: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 3n - 7n),
          validity: validity(),
        },
        { name: 'ok', type: 'boolean' as const, values: Uint8Array.from({ length: n }, (_, i) => (i % 3) & 1) },
        { name: 's', type: 'varchar' as const, values: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `v${i % 7}`)) },
      ],
    };
  });

const filterArbitrary: fc.Arbitrary<ValueFilter> = fc.record({
  column: fc.constantFrom('x', 'y', 'nope', 'n'),
  op: fc.constantFrom('<', '<=', '>', '>=', '=', '<>'),
  value: fc.constantFrom(...POOL, 50, 12.5),
}) as fc.Arbitrary<ValueFilter>;

describe('filterChunkRows (late materialisation in the kernel)', () => {
  it('returns exactly the rows decodeChunk + a row-by-row filter gives, and the zone map never skips a passing chunk', async () => {
    const k = await kernel();
    await fc.assert(
      fc.property(chunkArbitrary, fc.array(filterArbitrary, { maxLength: 3 }), fc.nat(1500), fc.nat(1500), (input, filters, a, b) => {
        const bytes = encodeChunk(k, input);
        const full = decodeChunk(k, bytes);
        const n = full.times.length;
        const from = full.times[Math.min(a, b, n - 1)] as bigint;
        const to = (full.times[Math.min(Math.max(a, b), n - 1)] as bigint) + (a % 2 === 0 ? 1n : 0n);
        const names = ['s', 'x', 'n', 'ok', 'y', 'absent'];
        const got = filterChunkRows(k, bytes, from, to, filters, names);
        const rows: number[] = [];
        for (let i = 0; i < n; i++) {
          const t = full.times[i] as bigint;
          if (t < from || t >= to) continue;
          const pass = filters.every((f) => {
            const c = full.columns.find((col) => col.name === f.column);
            if (c?.type !== 'double' || (c.validity && c.validity[i] === 0)) return false;
            return valuePasses(c.values[i] as number, f);
          });
          if (pass) rows.push(i);
        }
        expect([...got.times]).toEqual(rows.map((i) => full.times[i]));
        for (const [ci, name] of names.entries()) {
          const want = full.columns.find((c) => c.name === name);
          const have = got.columns[ci];
          if (!want) {
            expect(have).toBeUndefined();
            continue;
          }
          const cell = (c: NonNullable<typeof have>, i: number) =>
            'validity' in c && c.validity && c.validity[i] === 0
              ? null
              : c.type === 'double'
                ? Object.is(c.values[i], -0)
                  ? '-0'
                  : c.values[i]
                : c.values[i];
          expect(have && Array.from({ length: rows.length }, (_, j) => cell(have, j))).toEqual(rows.map((i) => cell(want, i)));
        }
        if (rows.length > 0) expect(chunkMayPass(readChunkHeader(bytes), filters)).toBe(true);
      }),
      { numRuns: 300, seed: 5150 },
    );
  });

  it('point lookups return exactly the rows at the given times (sparse and dense points, repeated times, times between rows)', async () => {
    const k = await kernel();
    await fc.assert(
      fc.property(
        chunkArbitrary,
        fc.array(fc.nat(1600), { maxLength: 400 }),
        fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 16n }), { maxLength: 20 }),
        fc.array(filterArbitrary, { maxLength: 1 }),
        (input, picks, strays, filters) => {
          const bytes = encodeChunk(k, input);
          const full = decodeChunk(k, bytes);
          const n = full.times.length;
          const wanted = [...picks.filter((i) => i < n).map((i) => full.times[i] as bigint), ...strays];
          const points = BigInt64Array.from(new Set(wanted)).sort();
          const from = full.times[0] as bigint;
          const to = (full.times[n - 1] as bigint) + 1n;
          const got = filterChunkRows(k, bytes, from, to, filters, ['y'], points);
          const set = new Set(points);
          const rows: number[] = [];
          for (let i = 0; i < n; i++) {
            if (!set.has(full.times[i] as bigint)) continue;
            const pass = filters.every((f) => {
              const c = full.columns.find((col) => col.name === f.column);
              if (c?.type !== 'double' || (c.validity && c.validity[i] === 0)) return false;
              return valuePasses(c.values[i] as number, f);
            });
            if (pass) rows.push(i);
          }
          expect([...got.times]).toEqual(rows.map((i) => full.times[i]));
          const y = full.columns.find((c) => c.name === 'y');
          expect(Array.from((got.columns[0]?.values ?? []) as ArrayLike<unknown>)).toEqual(rows.map((i) => y?.values[i]));
        },
      ),
      { numRuns: 300, seed: 4242 },
    );
  });

  it('decodes a multi-vector ALP column only as far as the rows it needs, with the same answer', async () => {
    const k = await kernel();
    const n = 6000;
    const times = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 10n * SEC);
    const x = Float64Array.from({ length: n }, (_, i) => Math.round((50 + 40 * Math.sin(i / 37) + (i % 11)) * 100) / 100);
    const y = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 50) * 10000) / 100);
    const bytes = encodeChunk(k, {
      times,
      columns: [
        { name: 'x', type: 'double', values: x },
        { name: 'y', type: 'double', values: y },
      ],
    });
    // ALP (codec 6), so the prefix decode is the one taken.
    expect(readChunkHeader(bytes).columns.map((c) => c.codec)).toEqual([6, 6]);
    const filterSets: ValueFilter[][] = [
      [],
      [{ column: 'x', op: '>', value: 60 }],
      [
        { column: 'y', op: '<', value: 0 },
        { column: 'x', op: '>=', value: 40 },
      ],
    ];
    for (const [a, b] of [
      [0, 1500],
      [1024, 2048],
      [3000, 3001],
      [5000, 6000],
      [0, 6000],
      [2047, 4097],
    ] as const) {
      for (const filters of filterSets) {
        const got = filterChunkRows(k, bytes, times[a] as bigint, (times[b - 1] as bigint) + 1n, filters, ['y', 'x']);
        const rows = Array.from({ length: b - a }, (_, i) => a + i).filter((i) =>
          filters.every((f) => valuePasses((f.column === 'x' ? x : y)[i] as number, f)),
        );
        expect(Array.from(got.times)).toEqual(rows.map((i) => times[i]));
        expect(Array.from((got.columns[0]?.values ?? []) as Float64Array)).toEqual(rows.map((i) => y[i]));
        expect(Array.from((got.columns[1]?.values ?? []) as Float64Array)).toEqual(rows.map((i) => x[i]));
      }
    }
  });

  it('rejects a chunk whose body was damaged, as decodeChunk does', async () => {
    const k = await kernel();
    const bytes = encodeChunk(k, {
      times: BigInt64Array.of(1n, 2n, 3n),
      columns: [{ name: 'x', type: 'double', values: Float64Array.of(1, 2, 3) }],
    });
    const damaged = bytes.slice();
    damaged[damaged.length - 2]! ^= 0xff;
    expect(() => filterChunkRows(k, damaged, 0n, 10n, [{ column: 'x', op: '>', value: 1 }], ['x'])).toThrow(/corrupt/i);
  });
});
