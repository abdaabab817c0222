import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateChunkRange, bucketSpecFor, encodeChunk, RANGE_FIELD } from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

const SEC = 1_000_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Sorted times (regular runs, duplicates, gaps), and several columns: decimal-ish values with rare NaN / +-Infinity, raw doubles, random walks. */
const chunkArbitrary = fc
  .record({
    start: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
    regular: fc.boolean(),
    steps: fc.array(fc.oneof(fc.constant(0n), fc.constant(10n * SEC), fc.bigInt({ min: 1n, max: 3600n * SEC })), {
      minLength: 1,
      maxLength: 5000,
      // Lengths over the whole span (the default stays near ten): several 1,024-value vectors, some stepped over.
      size: 'max',
    }),
    columns: fc.integer({ min: 0, max: 5 }),
    special: fc.boolean(),
    seed: fc.integer(),
  })
  .map(({ start, regular, steps, columns, special, seed }) => {
    const n = steps.length;
    const times = new BigInt64Array(n);
    let t = start;
    for (let i = 0; i < n; i++) {
      t += regular ? 10n * SEC : (steps[i] as bigint);
      times[i] = t;
    }
    let s = seed >>> 0;
    const next = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const cols = Array.from({ length: columns }, (_, c) => {
      const values = new Float64Array(n);
      // Columns 3 and 4: random walks (ALP's delta vectors), 4 with rare far jumps (patched codes).
      let walk = Math.round(next() * 1000) / 10;
      for (let i = 0; i < n; i++) {
        const r = next();
        if (c >= 3) {
          walk = Math.round((walk + (next() - 0.5) * 4) * 10) / 10;
          values[i] = c === 4 && r < 0.01 ? walk + Math.round(next() * 1e9) / 10 : walk;
          continue;
        }
        values[i] =
          special && r < 0.01
            ? Number.NaN
            : special && r < 0.015
              ? Number.POSITIVE_INFINITY
              : special && r < 0.02
                ? Number.NEGATIVE_INFINITY
                : c === 2
                  ? next() * 1e6 - 5e5
                  : Math.round(next() * 20000 - 10000) / 100;
      }
      return { name: `c${c}`, type: 'double' as const, values };
    });
    return { times, columns: cols };
  });

interface Ref {
  rows: number;
  timeMin: bigint;
  timeMax: bigint;
  cols: { sum: number; min: number; max: number; first: number; last: number; nan: number }[];
}

function reference(
  times: BigInt64Array,
  columns: readonly { values: Float64Array }[],
  width: bigint,
  firstBucket: bigint,
  count: number,
  from: bigint,
  to: bigint,
): Ref[] {
  const out: Ref[] = Array.from({ length: count }, () => ({
    rows: 0,
    timeMin: 0n,
    timeMax: 0n,
    cols: columns.map(() => ({ sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, first: 0, last: 0, nan: 0 })),
  }));
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as bigint;
    if (t < from || t >= to) continue;
    const b = Number(floorDiv(t, width) - firstBucket);
    if (b < 0 || b >= count) continue;
    const r = out[b] as Ref;
    if (r.rows === 0) r.timeMin = t;
    r.timeMax = t;
    columns.forEach((c, k) => {
      const x = c.values[i] as number;
      const a = r.cols[k]!;
      if (r.rows === 0) a.first = x;
      a.last = x;
      a.sum += x;
      if (x < a.min) a.min = x;
      if (x > a.max) a.max = x;
      if (Number.isNaN(x)) a.nan = 1;
    });
    r.rows++;
  }
  return out;
}

function expectClose(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) expect(actual, what).toBeNaN();
  else if (!Number.isFinite(expected)) expect(actual, what).toBe(expected);
  else expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('aggregateChunkRange (times decoded once, several columns, a time range)', () => {
  it('matches a row-by-row reference on random chunks, widths and ranges', async () => {
    const k = await kernel();
    await fc.assert(
      fc.asyncProperty(
        chunkArbitrary,
        fc.constantFrom(1n, 7n * SEC, 60n * SEC, 3600n * SEC, 86_400n * SEC),
        // Range ends as fractions of the chunk's span (permille: fast-check's doubles crowd near 0).
        fc.integer({ min: -200, max: 1200 }).map((x) => x / 1000),
        fc.integer({ min: -200, max: 1200 }).map((x) => x / 1000),
        fc.boolean(),
        async (data, width, a, b, narrowSpec) => {
          const bytes = encodeChunk(k, data);
          const t0 = data.times[0] as bigint;
          const tn = data.times[data.times.length - 1] as bigint;
          const at = (f: number) => t0 + BigInt(Math.round(Number(tn - t0) * f));
          const from = at(Math.min(a, b));
          const to = at(Math.max(a, b)) + 1n;
          // biome-ignore lint/complexity/useMathMinMax: bigint operands (Math.max takes numbers).
          const low = from > t0 ? from : t0;
          const high = to - 1n < tn ? to - 1n : tn;
          if (high < low) return;
          const spec = bucketSpecFor(low, high, 0n, width);
          // Sparse widths make huge specs: the storage never asks for those.
          if (spec.bucketCount > data.times.length + 16) return;
          // A spec narrower than the range: rows in other buckets are ignored.
          const used =
            narrowSpec && spec.bucketCount > 2 ? { ...spec, firstBucket: spec.firstBucket + 1n, bucketCount: spec.bucketCount - 2 } : spec;
          const names = data.columns.map((c) => c.name);
          const r = aggregateChunkRange(k, bytes, names, used, from, to);
          const ref = reference(data.times, data.columns, width, used.firstBucket, used.bucketCount, from, to);
          const n = used.bucketCount;
          for (let bucket = 0; bucket < n; bucket++) {
            const e = ref[bucket] as Ref;
            expect(r.cells[bucket], `rows ${bucket}`).toBe(e.rows);
            if (e.rows === 0) continue;
            expect(r.times[n + bucket]).toBe(e.timeMin);
            expect(r.times[2 * n + bucket]).toBe(e.timeMax);
            e.cols.forEach((c, col) => {
              const cell = (f: number) => r.cells[3 * n + (col * 6 + f) * n + bucket] as number;
              expectClose(cell(RANGE_FIELD.sum), c.sum, `sum ${col}/${bucket}`);
              expect(cell(RANGE_FIELD.min)).toBe(c.min);
              expect(cell(RANGE_FIELD.max)).toBe(c.max);
              expect(Object.is(cell(RANGE_FIELD.first), c.first) || (Number.isNaN(c.first) && Number.isNaN(cell(RANGE_FIELD.first)))).toBe(
                true,
              );
              expect(Object.is(cell(RANGE_FIELD.last), c.last) || (Number.isNaN(c.last) && Number.isNaN(cell(RANGE_FIELD.last)))).toBe(
                true,
              );
              expect(cell(RANGE_FIELD.nan)).toBe(c.nan);
            });
          }
        },
      ),
      { numRuns: 100, endOnFailure: true },
    );
  });

  it('gives empty buckets for a range holding no row, and reads a chunk twice alike (its check is remembered)', async () => {
    const k = await kernel();
    const times = BigInt64Array.from({ length: 100 }, (_, i) => BigInt(i) * 10n * SEC);
    const values = Float64Array.from({ length: 100 }, (_, i) => i);
    const bytes = encodeChunk(k, { times, columns: [{ name: 'v', type: 'double', values }] });
    const spec = { origin: 0n, width: 60n * SEC, firstBucket: 0n, bucketCount: 17 };
    const none = aggregateChunkRange(k, bytes, ['v'], spec, 5n * SEC, 6n * SEC);
    expect([...none.cells.subarray(0, 17)]).toEqual(new Array(17).fill(0));
    expect(none.cells[3 * 17 + 17]).toBe(Number.POSITIVE_INFINITY);
    const first = aggregateChunkRange(k, bytes, ['v'], spec, 0n, 1000n * SEC);
    const again = aggregateChunkRange(k, bytes, ['v'], spec, 0n, 1000n * SEC);
    expect([...again.cells]).toEqual([...first.cells]);
    expect(first.cells[0]).toBe(6);
    expect(first.cells[3 * 17]).toBe(0 + 1 + 2 + 3 + 4 + 5);
  });

  it('answers each column list on its own when one chunk is read with different lists in turn (the layout it keeps)', async () => {
    const k = await kernel();
    const times = BigInt64Array.from({ length: 300 }, (_, i) => BigInt(i) * 10n * SEC);
    const a = Float64Array.from({ length: 300 }, (_, i) => i % 17);
    const b = Float64Array.from({ length: 300 }, (_, i) => (i * 7) / 4);
    const bytes = encodeChunk(k, {
      times,
      columns: [
        { name: 'a', type: 'double', values: a },
        { name: 'b', type: 'double', values: b },
      ],
    });
    const spec = { origin: 0n, width: 600n * SEC, firstBucket: 0n, bucketCount: 5 };
    const sum = (values: Float64Array) => values.reduce((x, y) => x + y, 0);
    const sumAt = (r: { cells: Float64Array; offset: number }, c: number) =>
      r.cells[r.offset + 3 * 5 + (c * 6 + RANGE_FIELD.sum) * 5] as number;
    const names = ['a', 'b'];
    for (const list of [names, ['b'], names, ['b', 'a'], ['a']]) {
      for (const reuse of [false, true]) {
        const r = aggregateChunkRange(k, bytes, list, spec, 0n, 3000n * SEC, reuse);
        for (const [c, name] of list.entries()) expect(sumAt(r, c)).toBe(sum((name === 'a' ? a : b).subarray(0, 60)));
      }
    }
    // The same array, changed in place, is read anew.
    names[0] = 'b';
    const r = aggregateChunkRange(k, bytes, names, spec, 0n, 3000n * SEC, true);
    expect(sumAt(r, 0)).toBe(sum(b.subarray(0, 60)));
  });

  it('refuses columns with NULLs or of another type, and a damaged chunk, with typed errors', async () => {
    const k = await kernel();
    const times = BigInt64Array.from({ length: 50 }, (_, i) => BigInt(i) * SEC);
    const values = Float64Array.from({ length: 50 }, (_, i) => i / 3);
    const validity = Uint8Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? 0 : 1));
    const bytes = encodeChunk(k, {
      times,
      columns: [
        { name: 'v', type: 'double', values },
        { name: 'w', type: 'double', values, validity },
        { name: 'n', type: 'bigint', values: times },
      ],
    });
    const spec = { origin: 0n, width: 10n * SEC, firstBucket: 0n, bucketCount: 5 };
    // A good list read first (its layout kept) does not let a bad one through.
    aggregateChunkRange(k, bytes, ['v'], spec, 0n, 100n * SEC, true);
    expect(() => aggregateChunkRange(k, bytes, ['w'], spec, 0n, 100n * SEC)).toThrow(/NULL/);
    expect(() => aggregateChunkRange(k, bytes, ['v', 'w'], spec, 0n, 100n * SEC, true)).toThrow(/NULL/);
    expect(() => aggregateChunkRange(k, bytes, ['n'], spec, 0n, 100n * SEC)).toThrow(/double/);
    expect(() => aggregateChunkRange(k, bytes, ['x'], spec, 0n, 100n * SEC)).toThrow(/no column/);
    const damaged = bytes.slice();
    damaged[damaged.length - 3]! ^= 0xff;
    expect(() => aggregateChunkRange(k, damaged, ['v'], spec, 0n, 100n * SEC)).toThrow(expect.objectContaining({ code: 'CORRUPT_CHUNK' }));
  });
});
