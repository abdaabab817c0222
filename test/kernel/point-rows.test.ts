import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../src/kernel/index.ts';
import { kernel } from './helpers.ts';

/** The kernel's pointRows over `times` (sorted) in [start, end) for `points` (sorted): the matching rows. */
function kernelPointRows(k: Kernel, times: BigInt64Array, start: number, end: number, points: BigInt64Array): number[] {
  const timesAt = k.alloc(times.length * 8 + 16);
  const pointsAt = k.alloc(points.length * 8 + 16);
  const outAt = k.alloc(times.length * 4 + 16);
  try {
    new BigInt64Array(k.bytes().buffer, timesAt, times.length).set(times);
    new BigInt64Array(k.bytes().buffer, pointsAt, points.length).set(points);
    const n = k.exports.pointRows(timesAt, start, end, pointsAt, points.length, outAt);
    return Array.from(new Int32Array(k.bytes().buffer, outAt, n));
  } finally {
    for (const block of [timesAt, pointsAt, outAt]) k.free(block);
  }
}

/** What pointRows must return: every row in [start, end) whose time is among the points, ascending. */
function referencePointRows(times: BigInt64Array, start: number, end: number, points: BigInt64Array): number[] {
  const wanted = new Set(points);
  const rows: number[] = [];
  for (let r = start; r < end; r++) if (wanted.has(times[r] as bigint)) rows.push(r);
  return rows;
}

const sorted = (values: readonly bigint[]) => BigInt64Array.from(values).sort();

describe('pointRows (kernel)', () => {
  it('finds exactly the rows at the points: even and uneven steps, repeated times, sub-ranges, points outside', async () => {
    const k = await kernel();
    await fc.assert(
      fc.property(
        fc.record({
          base: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 18n }),
          steps: fc.array(fc.oneof(fc.constant(10_000_000_000n), fc.bigInt({ min: 0n, max: 10n ** 11n })), {
            minLength: 1,
            maxLength: 3000,
            size: 'max',
          }),
          picks: fc.array(fc.nat(3000), { maxLength: 600, size: 'max' }),
          strays: fc.array(fc.bigInt({ min: -(10n ** 15n), max: 2n * 10n ** 18n }), { maxLength: 30 }),
          cut: fc.tuple(fc.nat(3000), fc.nat(3000)),
        }),
        ({ base, steps, picks, strays, cut }) => {
          let t = base;
          const times = sorted(steps.map((s) => (t += s)));
          const n = times.length;
          const points = sorted([...new Set([...picks.filter((i) => i < n).map((i) => times[i] as bigint), ...strays])]);
          const start = Math.min(cut[0], cut[1]) % (n + 1);
          const end = Math.max(start, Math.max(cut[0], cut[1]) % (n + 1));
          expect(kernelPointRows(k, times, start, end, points)).toEqual(referencePointRows(times, start, end, points));
        },
      ),
      { numRuns: 400, seed: 7301 },
    );
  });

  it('stays exact when the times span the whole i64 range (the guess overflows and is only a guess)', async () => {
    const k = await kernel();
    const min = -(2n ** 63n);
    const max = 2n ** 63n - 1n;
    const times = sorted([min, min + 1n, -5n, 0n, 0n, 7n, 2n ** 62n, max - 1n, max]);
    for (const points of [sorted([min, 0n, max]), sorted([min + 1n, 7n, max - 1n]), sorted([-6n, 1n, 2n ** 62n + 1n]), sorted([max])]) {
      for (let start = 0; start <= times.length; start++)
        for (let end = start; end <= times.length; end++)
          expect(kernelPointRows(k, times, start, end, points)).toEqual(referencePointRows(times, start, end, points));
    }
  });
});
