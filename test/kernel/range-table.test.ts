import { beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateChunkRanges,
  encodeChunk,
  type Kernel,
  RangeTable,
  type RangeTarget,
  residentChunks,
  type WidthJob,
} from '../../src/kernel/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { random } from '../helpers/seeded-random.ts';

// A kept range table (job records over whole chunks, clamped to each run's range in the kernel) gives, run
// after run, the partials the batched pass gives for the same jobs cut to that range, bit for bit: ranges
// cutting chunks anywhere or missing them, several chunks per target, targets starting before their
// jobs' first bucket, with and without min/max. A target too small for its jobs' buckets is an error, not
// a write outside it; a table whose chunks left the kernel, or that was disposed, answers null.

let kernel: Kernel;
beforeAll(async () => {
  kernel = await loadKernelFromFile();
});

const SEC = 1_000_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** A chunk of two double columns, n rows from `start` every `step` (with a little jitter when `jitter`). */
function chunk(start: bigint, step: bigint, n: number, seed: number, jitter: boolean): Uint8Array {
  const times = BigInt64Array.from({ length: n }, (_, i) => start + BigInt(i) * step + (jitter ? BigInt((i * seed) % 3) : 0n));
  const u = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / 7 + seed) * 1e5) / 100);
  const v = Float64Array.from({ length: n }, (_, i) => Math.cos(i * seed) * 1e9 + i);
  return encodeChunk(kernel, {
    times,
    columns: [
      { name: 'u', type: 'double', values: u },
      { name: 'v', type: 'double', values: v },
    ],
  });
}

/** Partials bytes of `buckets` buckets of `columns` columns without edge values. */
const partialBytes = (buckets: number, columns: number) => (3 * buckets + 4 * buckets * columns) * 8 + buckets * columns;

interface Built {
  readonly jobs: WidthJob[];
  /** Per job its chunk's first time and last time + 1. */
  readonly spans: [bigint, bigint][];
  readonly targetCount: number;
  readonly width: bigint;
}

/** Targets of a few consecutive chunks each (some with one column, in another slot), a random width. */
function build(rand: () => number, round: number): Built {
  const width = BigInt(1 + Math.floor(rand() * 900)) * SEC + BigInt(Math.floor(rand() * 3));
  const targetCount = 1 + Math.floor(rand() * 4);
  const jobs: WidthJob[] = [];
  const spans: [bigint, bigint][] = [];
  for (let t = 0; t < targetCount; t++) {
    let start = BigInt(Math.floor((rand() - 0.5) * 2e5)) * SEC;
    const chunks = 1 + Math.floor(rand() * 3);
    for (let c = 0; c < chunks; c++) {
      const step = BigInt(1 + Math.floor(rand() * 20)) * SEC;
      const n = 50 + Math.floor(rand() * 300);
      const bytes = chunk(start, step, n, round * 31 + t * 7 + c, rand() < 0.5);
      const end = start + BigInt(n - 1) * step + 2n + 1n;
      const maxBuckets = Number(floorDiv(end - 1n, width) - floorDiv(start, width)) + 1;
      const one = rand() < 0.3;
      jobs.push({
        bytes,
        columns: one ? ['v'] : ['u', 'v'],
        slots: one ? [1] : [0, 1],
        target: t,
        spec: null,
        width,
        maxBuckets,
        from: 0n,
        to: 0n,
      });
      spans.push([start, end]);
      start = end + BigInt(Math.floor(rand() * 1000)) * SEC;
    }
  }
  return { jobs, spans, targetCount, width };
}

/** Targets holding every bucket the jobs' rows in [from, to) meet, each starting `lead` buckets early. */
function targetsFor(built: Built, from: bigint, to: bigint, rand: () => number): RangeTarget[] {
  const targets: RangeTarget[] = [];
  for (let t = 0; t < built.targetCount; t++) {
    let first: bigint | null = null;
    let last: bigint | null = null;
    built.jobs.forEach((job, j) => {
      if (job.target !== t) return;
      const [start, end] = built.spans[j] as [bigint, bigint];
      const low = from > start ? from : start;
      const high = to < end ? to : end;
      if (high <= low) return;
      const a = floorDiv(low, built.width);
      const b = floorDiv(high - 1n, built.width);
      if (first === null || a < first) first = a;
      if (last === null || b > last) last = b;
    });
    const lead = Math.floor(rand() * 3);
    const buckets = first === null || last === null ? 1 : Number((last as bigint) - (first as bigint)) + 1 + lead + Math.floor(rand() * 2);
    targets.push({ bytes: partialBytes(buckets, 2), buckets, slots: [0, 1], firstBucket: (first ?? 0n) - BigInt(lead) });
  }
  return targets;
}

function partials(
  result: { buffer: ArrayBuffer; offsets: readonly number[] },
  targets: readonly RangeTarget[],
  minMax: boolean,
): number[][] {
  return targets.map((target, t) => {
    const length = minMax ? target.bytes : target.bytes - 16 * target.buckets * 2;
    return Array.from(new Uint8Array(result.buffer, result.offsets[t] as number, length));
  });
}

describe('a kept range table', () => {
  it('gives the batched pass partials over any range, run after run', () => {
    const rand = random(41);
    let runs = 0;
    for (let round = 0; round < 40; round++) {
      const built = build(rand, round);
      const table = RangeTable.build(kernel, built.jobs);
      if (table === null) throw new Error('every chunk fits the resident budget');
      let low = built.spans[0]![0];
      let high = built.spans[0]![1];
      for (const [s, e] of built.spans) {
        if (s < low) low = s;
        if (e > high) high = e;
      }
      const span = Number((high - low) / SEC) + 2;
      for (let q = 0; q < 6; q++) {
        const from = low - SEC + BigInt(Math.floor(rand() * span)) * SEC;
        const to = from + BigInt(1 + Math.floor(rand() * span)) * SEC;
        const wants = { minMax: rand() < 0.5, edges: false };
        const targets = targetsFor(built, from, to, rand);
        const cut = built.jobs.map((job) => ({ ...job, from, to }));
        const expected = aggregateChunkRanges(kernel, targets, cut, 2, wants);
        const kept = table.run(targets, 2, wants, from, to);
        if (kept === null) throw new Error('the chunks are still resident');
        expect(partials(kept, targets, wants.minMax), `round ${round}, query ${q}`).toEqual(partials(expected, targets, wants.minMax));
        // What was read: the chunks holding rows in range, and their bytes.
        const inRange = built.spans.map(([s, e]) => (to < e ? to : e) > (from > s ? from : s));
        expect(kept.chunks).toBe(inRange.filter(Boolean).length);
        expect(kept.bytesRead).toBe(built.jobs.reduce((n, job, j) => n + (inRange[j] ? job.bytes.byteLength : 0), 0));
        runs++;
      }
      table.dispose();
    }
    expect(runs).toBe(240);
  });

  it('refuses a target too small for its jobs instead of writing past it, and runs again afterwards', () => {
    const bytes = chunk(0n, SEC, 200, 3, false);
    const job: WidthJob = { bytes, columns: ['u'], slots: [0], target: 0, spec: null, width: 10n * SEC, maxBuckets: 20, from: 0n, to: 0n };
    const table = RangeTable.build(kernel, [job]);
    if (table === null) throw new Error('resident');
    const wants = { minMax: true, edges: false };
    const small: RangeTarget = { bytes: partialBytes(5, 1), buckets: 5, slots: [0], firstBucket: 0n };
    expect(() => table.run([small], 1, wants, 0n, 200n * SEC)).toThrow(/outside its target/);
    // Starting after the rows' first bucket is as wrong as ending before their last.
    const late: RangeTarget = { bytes: partialBytes(20, 1), buckets: 20, slots: [0], firstBucket: 1n };
    expect(() => table.run([late], 1, wants, 0n, 200n * SEC)).toThrow(/outside its target/);
    const fits: RangeTarget = { bytes: partialBytes(20, 1), buckets: 20, slots: [0], firstBucket: 0n };
    const answer = table.run([fits], 1, wants, 0n, 200n * SEC);
    expect(answer?.chunks).toBe(1);
    expect(new Float64Array(answer!.buffer, answer!.offsets[0], 20).reduce((a, b) => a + b, 0)).toBe(200);
    expect(() => table.run([fits], 1, { minMax: true, edges: true }, 0n, 200n * SEC)).toThrow(/edge values/);
    table.dispose();
  });

  it('answers null once a chunk left the kernel or the table was disposed', () => {
    const residents = residentChunks(kernel);
    const budget = residents.stats().budget;
    const job: WidthJob = {
      bytes: chunk(0n, SEC, 100, 5, false),
      columns: ['u'],
      slots: [0],
      target: 0,
      spec: null,
      width: 10n * SEC,
      maxBuckets: 10,
      from: 0n,
      to: 0n,
    };
    const target: RangeTarget = { bytes: partialBytes(10, 1), buckets: 10, slots: [0], firstBucket: 0n };
    const wants = { minMax: false, edges: false };
    const table = RangeTable.build(kernel, [job]);
    expect(table?.run([target], 1, wants, 0n, 100n * SEC)?.chunks).toBe(1);
    try {
      residents.setBudget(0);
      expect(table?.run([target], 1, wants, 0n, 100n * SEC)).toBeNull();
      // Nothing can be kept resident: no table.
      expect(RangeTable.build(kernel, [job])).toBeNull();
    } finally {
      residents.setBudget(budget);
    }
    const again = RangeTable.build(kernel, [job]);
    expect(again?.run([target], 1, wants, 0n, 100n * SEC)?.chunks).toBe(1);
    again?.dispose();
    expect(again?.run([target], 1, wants, 0n, 100n * SEC)).toBeNull();
    table?.dispose();
  });

  it('checks each chunk when it is built', () => {
    const bytes = chunk(0n, SEC, 100, 9, false).slice();
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0xff;
    const job: WidthJob = { bytes, columns: ['u'], slots: [0], target: 0, spec: null, width: 10n * SEC, maxBuckets: 10, from: 0n, to: 0n };
    expect(() => RangeTable.build(kernel, [job])).toThrow(expect.objectContaining({ code: expect.stringMatching(/CORRUPT/) }));
  });
});
