import { describe, expect, it } from 'vitest';
import { BucketPartialArrays } from '../../../../src/engine/model/bucket-partials.ts';
import { MAX_TIME_NS } from '../../../../src/engine/model/time.ts';
import type { SeriesPartials } from '../../../../src/engine/sql/catalog.ts';
import { feedFor, GroupRun } from '../../../../src/engine/sql/exec/operators/group-run.ts';

/** A series' partials as the catalog hands them on (named arrays and a block over one buffer). */
class Series extends BucketPartialArrays implements SeriesPartials {
  readonly dimensions = {};
  readonly firstBucket = 0n;
  constructor(
    readonly measureName: string,
    readonly bucketCount: number,
    columns: number,
    edges: boolean,
  ) {
    super(bucketCount, columns, edges);
  }
}

/** Bucket b of column c holds rows with times 100 * b + t0 .. + t1 and values v, v + 1. */
function series(name: string, buckets: number, t0: bigint, v: number, edges: boolean): Series {
  const s = new Series(name, buckets, 2, edges);
  for (let b = 0; b < buckets; b++) {
    if (b === 1) continue; // an empty bucket
    s.rows[b] = 2;
    s.timeMin[b] = 100n * BigInt(b) + t0;
    s.timeMax[b] = 100n * BigInt(b) + t0 + 5n;
    for (let c = 0; c < 2; c++) {
      const i = b * 2 + c;
      s.count[i] = 2;
      s.sum[i] = 2 * v + 1 + c;
      s.min[i] = v + c;
      s.max[i] = v + c + 1;
      s.nan[i] = v < 0 ? 1 : 0;
      if (edges) {
        s.first[i] = v + c;
        s.firstValid[i] = 1;
        s.last[i] = v + c + 1;
        s.lastValid[i] = 1;
      }
    }
  }
  return s;
}

describe('GroupRun.merge', () => {
  it('adds series read through their blocks: counts, sums, min/max, NaN, times and edge values per bucket and slot', () => {
    const a = series('m', 3, 10n, 5, true);
    const b = series('m', 3, 7n, -2, true);
    const feed = feedFor('m', [1, 0], [null, null]);
    const run = new GroupRun(['k'], 5, 2, true, true);
    run.merge(a, 0, 2, feed);
    run.merge(b, 2, 2, feed);
    const inf = Number.POSITIVE_INFINITY;
    // Slot 0 takes column 1, slot 1 column 0. Group bucket 2 holds a's bucket 2 and b's bucket 0; 1 and 3 none.
    expect([...run.rows]).toEqual([2, 0, 4, 0, 2]);
    expect([...run.count]).toEqual([2, 2, 0, 0, 4, 4, 0, 0, 2, 2]);
    expect([...run.sum]).toEqual([12, 11, 0, 0, 10, 8, 0, 0, -2, -3]);
    expect([...run.min]).toEqual([6, 5, inf, inf, -1, -2, inf, inf, -1, -2]);
    expect([...run.max]).toEqual([7, 6, -inf, -inf, 7, 6, -inf, -inf, 0, -1]);
    expect([...run.nan]).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
    expect([...run.timeMin]).toEqual([10n, MAX_TIME_NS, 7n, MAX_TIME_NS, 207n]);
    expect([...run.timeMax]).toEqual([15n, -(2n ** 63n), 215n, -(2n ** 63n), 212n]);
    // Bucket 2: b holds the first row (7 < 210), a the last (215 > 12).
    expect([...run.first]).toEqual([6, 5, 0, 0, -1, -2, 0, 0, -1, -2]);
    expect([...run.last]).toEqual([7, 6, 0, 0, 7, 6, 0, 0, 0, -1]);
    expect([...run.firstValid]).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
    expect([...run.lastValid]).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
  });

  it('gives NULL edge values in the slots a series does not feed when it holds the first or last row', () => {
    const a = series('m', 1, 10n, 5, true);
    const b = series('n', 1, 3n, 1, true);
    const run = new GroupRun([], 1, 2, true, true);
    // Slot 0 reads column 0 of measure m, slot 1 column 1 of measure n.
    run.merge(a, 0, 2, feedFor('m', [0, 1], ['m', 'n']));
    run.merge(b, 0, 2, feedFor('n', [0, 1], ['m', 'n']));
    expect([...run.count]).toEqual([2, 2]);
    expect([...run.sum]).toEqual([11, 4]);
    // b's rows come first (3 < 10): its slot 0 is NULL; a's last row (15) is later than b's (8): a's slot 1 is NULL.
    expect([...run.firstValid, ...run.first]).toEqual([0, 1, 0, 2]);
    expect([...run.lastValid, ...run.last]).toEqual([1, 0, 6, 0]);
  });

  it('without min/max asked for, holds none (the series hold unspecified ones then) and adds the rest', () => {
    const a = series('m', 2, 10n, 5, false);
    a.min.fill(-100);
    a.max.fill(100);
    const run = new GroupRun([], 2, 1, false, false, false);
    run.merge(a, 0, 2, feedFor('m', [0], [null]));
    run.merge(a, 0, 2, feedFor('m', [0], ['other']));
    expect([...run.rows]).toEqual([4, 0]);
    expect([...run.count]).toEqual([2, 0]);
    expect([...run.sum]).toEqual([11, 0]);
    expect([run.min.length, run.max.length, run.minAt, run.maxAt]).toEqual([0, 0, -1, -1]);
    // The arrays after them follow the sums: nothing of min / max in between.
    expect(run.nanAt).toBe((run.sumAt + 2) * 8);
    // Without times, the group's time ranges stay empty.
    expect(run.timeMin[0]).toBe(MAX_TIME_NS);
  });
});
