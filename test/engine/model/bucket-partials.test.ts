import { describe, expect, it } from 'vitest';
import { BucketPartialArrays, copyTime, partialsBytes, regionOf, timeLess, timeWords } from '../../../src/engine/model/bucket-partials.ts';
import { MAX_TIME_NS } from '../../../src/engine/model/time.ts';

// Partials are carved out of shared slabs: every set must still start empty and never alias another.
describe('BucketPartialArrays', () => {
  it('starts every set empty and keeps sets apart, across slab boundaries and for sets larger than a slab share', () => {
    const sizes: [number, number, boolean][] = [];
    for (let k = 0; k < 400; k++) sizes.push([1 + ((k * 7) % 40), 1 + (k % 11), k % 3 === 0]);
    sizes.push([3000, 10, true], [1, 1, false], [5000, 3, false]);
    const sets = sizes.map(([buckets, columns, edges]) => new BucketPartialArrays(buckets, columns, edges));
    sets.forEach((p, k) => {
      const [buckets, columns, edges] = sizes[k] as [number, number, boolean];
      const n = buckets * columns;
      expect(p.rows.length).toBe(buckets);
      expect([...p.rows].every((x) => x === 0)).toBe(true);
      expect([...p.timeMin].every((t) => t === MAX_TIME_NS)).toBe(true);
      expect([...p.timeMax].every((t) => t === -(2n ** 63n))).toBe(true);
      for (const a of [p.count, p.sum, p.nan]) expect(a.length === n && a.every((x) => x === 0)).toBe(true);
      expect(p.min.every((x) => x === Number.POSITIVE_INFINITY) && p.max.every((x) => x === Number.NEGATIVE_INFINITY)).toBe(true);
      for (const a of [p.first, p.last, p.firstValid, p.lastValid]) expect(a.length).toBe(edges ? n : 0);
      // Dirty every array of this set: the sets made after it (checked above) and before it (checked below) stay clean.
      p.rows.fill(7);
      p.timeMin.fill(1n);
      p.timeMax.fill(2n);
      for (const a of [p.count, p.sum, p.min, p.max, p.first, p.last]) a.fill(9);
      for (const a of [p.nan, p.firstValid, p.lastValid]) a.fill(1);
    });
    sets.forEach((p) => {
      expect(p.rows.every((x) => x === 7) && p.timeMin.every((t) => t === 1n) && p.timeMax.every((t) => t === 2n)).toBe(true);
      for (const a of [p.count, p.sum, p.min, p.max, p.first, p.last]) expect(a.every((x) => x === 9)).toBe(true);
      for (const a of [p.nan, p.firstValid, p.lastValid]) expect(a.every((x) => x === 1)).toBe(true);
    });
  });

  it('without min / max holds neither, and packs the rest into partialsBytes of its region, no array overlapping another', () => {
    for (const [buckets, columns, edges] of [
      [3, 2, true],
      [5, 1, false],
      [1, 7, true],
      [13, 5, false],
    ] as const) {
      const bytes = partialsBytes(buckets, columns, edges, false);
      expect(bytes).toBe(partialsBytes(buckets, columns, edges) - 16 * buckets * columns);
      // Marked bytes around the region: the sets write nothing outside it.
      const buffer = new ArrayBuffer(bytes + 16);
      new Uint8Array(buffer).fill(0xee);
      const p = new BucketPartialArrays(buckets, columns, edges, { ...regionOf(buffer, 0), at: 8 }, false);
      expect([p.min.length, p.max.length, p.minAt, p.maxAt]).toEqual([0, 0, -1, -1]);
      const arrays = [p.rows, p.timeMin, p.timeMax, p.count, p.sum, p.first, p.last, p.nan, p.firstValid, p.lastValid];
      const bytesOf = (a: (typeof arrays)[number]) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      for (const [k, a] of arrays.entries()) bytesOf(a).fill(k + 1);
      for (const [k, a] of arrays.entries()) expect(bytesOf(a).every((x) => x === k + 1)).toBe(true);
      const all = new Uint8Array(buffer);
      expect([all[7], all[bytes + 8]]).toEqual([0xee, 0xee]);
      // Written min / max go nowhere.
      p.min[0] = 5;
      expect(p.min[0]).toBeUndefined();
      // The carved set starts empty as ever.
      const carved = new BucketPartialArrays(buckets, columns, edges, undefined, false);
      expect([carved.rows.every((x) => x === 0), carved.timeMin.every((t) => t === MAX_TIME_NS), carved.min.length]).toEqual([
        true,
        true,
        0,
      ]);
    }
  });

  it('describes in its block (whole-buffer views and offsets) exactly the memory of its named arrays, carved or in a region', () => {
    const region = regionOf(new ArrayBuffer(1 << 20), 0);
    const sets: BucketPartialArrays[] = [];
    for (const [buckets, columns, edges] of [
      [3, 2, true],
      [5, 1, false],
      [1, 7, true],
      [4000, 3, false],
    ] as const) {
      sets.push(new BucketPartialArrays(buckets, columns, edges));
      sets.push(new BucketPartialArrays(buckets, columns, edges, { ...region, at: 8 * buckets }));
    }
    for (const p of sets) {
      const b = p.block;
      expect(b.f64.buffer).toBe(p.rows.buffer);
      expect(b.u8.buffer).toBe(p.nan.buffer);
      expect(b.words.buffer).toBe(p.timeMin.buffer);
      const f64: [Float64Array, number][] = [
        [p.rows, b.rowsAt],
        [p.count, b.countAt],
        [p.sum, b.sumAt],
        [p.min, b.minAt],
        [p.max, b.maxAt],
      ];
      if (p.edges) f64.push([p.first, b.firstAt], [p.last, b.lastAt]);
      for (const [view, at] of f64) expect(view.byteOffset).toBe(at * 8);
      expect([p.timeMin.byteOffset, p.timeMax.byteOffset]).toEqual([b.timeMinAt * 8, b.timeMaxAt * 8]);
      expect(p.nan.byteOffset).toBe(b.nanAt);
      if (p.edges) expect([p.firstValid.byteOffset, p.lastValid.byteOffset]).toEqual([b.firstValidAt, b.lastValidAt]);
      // The block reads what the views hold, written through either.
      p.sum[p.sum.length - 1] = 42.5;
      expect(b.f64[b.sumAt + p.sum.length - 1]).toBe(42.5);
      b.u8[b.nanAt] = 1;
      expect(p.nan[0]).toBe(1);
    }
  });

  it('compares and copies i64 times through their 32-bit words as BigInt comparison does', () => {
    const edges = [
      0n,
      1n,
      -1n,
      2n ** 31n,
      2n ** 31n - 1n,
      -(2n ** 31n),
      2n ** 32n,
      2n ** 32n - 1n,
      2n ** 32n + 1n,
      2n ** 63n - 1n,
      -(2n ** 63n),
    ];
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return BigInt(seed);
    };
    const values = [...edges, 1_451_606_400_000_000_000n, 1_451_606_400_000_000_001n, 1_451_606_399_999_999_999n];
    for (let k = 0; k < 200; k++) values.push(BigInt.asIntN(64, (next() << 32n) | next()));
    // Same high word, low words on both sides of 2^31 (the unsigned comparison of the low word).
    values.push((5n << 32n) | 0x7fffffffn, (5n << 32n) | 0x80000000n, (-5n << 32n) | 0xffffffffn, (-5n << 32n) | 1n);
    const a = BigInt64Array.from(values);
    const b = BigInt64Array.from([...values].reverse());
    const aw = timeWords(a);
    const bw = timeWords(b);
    for (let i = 0; i < a.length; i++) {
      for (let j = 0; j < b.length; j += 7) expect(timeLess(aw, i, bw, j), `${a[i]} < ${b[j]}`).toBe((a[i] as bigint) < (b[j] as bigint));
      expect(timeLess(aw, i, aw, i)).toBe(false);
    }
    const copy = new BigInt64Array(a.length);
    const cw = timeWords(copy);
    for (let i = 0; i < a.length; i++) copyTime(aw, i, cw, a.length - 1 - i);
    expect([...copy]).toEqual([...b]);
  });
});
