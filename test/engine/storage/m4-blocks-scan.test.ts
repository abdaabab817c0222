import { describe, expect, it } from 'vitest';
import type { StorageEngine } from '../../../src/engine/storage/index.ts';
import { createM4Result, type Kernel, type M4Result, type M4Spec, m4Values } from '../../../src/kernel/index.ts';
import { random } from '../../helpers/seeded-random.ts';
import { DB, HOUR, kernel, memoryEngine, ns, T0, TABLE } from './helpers.ts';

/**
 * The pushed M4 scan over chunks big enough to carry an M4 block index (format 3), on grids whose
 * pixels are narrower than any chunk, so every chunk crosses a pixel edge and every number must
 * equal the plain kernel M4 over the same rows, times of the extremes included: indexed chunks
 * (NULL-free) next to whole-decoded ones (with nulls) in one series, the unsealed head, and late
 * writes that overlap chunks (the merging scan).
 */

interface Row {
  readonly t: number; // ms
  readonly v: number | null;
}

/** Rows one per time, 1 s apart (or 1..3 s when `uneven`); ties among values; nulls in [nullsFrom, nullsTo). */
function rows(rnd: () => number, start: number, n: number, uneven: boolean, nullsFrom = 0, nullsTo = 0): Row[] {
  const out: Row[] = [];
  let t = start;
  for (let i = 0; i < n; i++) {
    t += uneven ? 1000 * (1 + Math.floor(rnd() * 3)) : 1000;
    // Binary fractions (Gorilla) clipped at ±40, so many blocks share their min or max (ties across blocks).
    const v = 20 * Math.max(-2, Math.min(2, Math.sin(i / 90) * 3 + Math.sin(i * 1.7)));
    out.push({ t, v: i >= nullsFrom && i < nullsTo && rnd() < 0.2 ? null : v });
  }
  return out;
}

async function write(engine: StorageEngine, host: string, data: readonly Row[]): Promise<void> {
  const response = await engine.writeColumns({
    database: DB,
    table: TABLE,
    dimensions: { host },
    measureName: 'm',
    times: Float64Array.from(data, (r) => r.t),
    columns: [
      {
        name: 'v',
        type: 'DOUBLE',
        values: Float64Array.from(data, (r) => r.v ?? 0),
        validity: Uint8Array.from(data, (r) => (r.v === null ? 0 : 1)),
      },
    ],
  });
  expect(response.RejectedRecords).toEqual([]);
}

/** The plain kernel M4 of the rows in [from, to). */
function plain(data: readonly Row[], spec: M4Spec, from: bigint, to: bigint): M4Result {
  const kept = [...data].sort((a, b) => a.t - b.t).filter((r) => ns(r.t) >= from && ns(r.t) < to);
  return m4Values(
    kernel,
    BigInt64Array.from(kept, (r) => ns(r.t)),
    Float64Array.from(kept, (r) => r.v ?? 0),
    Uint8Array.from(kept, (r) => (r.v === null ? 0 : 1)),
    spec,
    createM4Result(spec),
  );
}

/** The kernel, counting calls of the block-index M4 kernel. */
function counting(k: Kernel): { kernel: Kernel; calls: () => number } {
  let calls = 0;
  // The wasm exports object is frozen: a copy with the one function wrapped.
  const inner = k.exports.m4BlockPieces;
  const exports: Kernel['exports'] = {
    ...k.exports,
    m4BlockPieces: (...args: Parameters<typeof inner>) => {
      calls++;
      return inner(...args);
    },
  };
  const proxy = new Proxy(k, { get: (target, name, receiver) => (name === 'exports' ? exports : Reflect.get(target, name, receiver)) });
  return { kernel: proxy, calls: () => calls };
}

describe('M4 from chunk block indexes in the scan', () => {
  it('equals the plain M4 with indexed, whole-decoded and head rows in one series, then with late writes', async () => {
    const { kernel: k, calls } = counting(kernel);
    let fromBlocks = 0;
    let decoded = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const rnd = random(seed);
      const engine = await memoryEngine({ chunkPoints: 2500 + seed * 300, table: { memoryStoreRetentionHours: 48 } });
      const start = T0 - 10 * HOUR;
      const a = rows(rnd, start, 9000, seed % 2 === 0);
      const b = rows(rnd, start, 7000, true, 3000, 5500); // nulls in a few chunks only
      for (const [host, data] of [
        ['a', a],
        ['b', b],
      ] as const) {
        for (let i = 0; i < data.length; i += 1700) await write(engine, host, data.slice(i, i + 1700));
      }
      const check = async (label: string, data: Map<string, readonly Row[]>) => {
        const all = [...data.values()].flat();
        const lo = Math.min(...all.map((r) => r.t));
        const hi = Math.max(...all.map((r) => r.t));
        for (const [pixels, cut] of [
          [2000, undefined],
          [8, undefined],
          [777, { from: ns(lo + 1234_567), to: ns(hi - 2_345_678) }],
          [9000, { from: ns(lo + 60_000), to: ns(hi) }],
        ] as const) {
          const spec: M4Spec = { from: ns(lo) - 123n, to: ns(hi + 1), pixels };
          const result = await engine.m4Scan({ database: DB, table: TABLE, column: 'v', spec, ...(cut ? { timeRange: cut } : {}) }, k);
          expect(result.series).toHaveLength(2);
          fromBlocks += result.stats.chunksFromBlocks;
          decoded += result.stats.chunksDecoded;
          for (const { series, m4 } of result.series) {
            const host = series.dimensions.host ?? '';
            const want = plain(data.get(host) ?? [], spec, cut?.from ?? spec.from, cut?.to ?? spec.to);
            // Plain arrays of strings compare much faster than typed ones (and keep -0 apart from 0).
            const text = (x: number | bigint) => (Object.is(x, -0) ? '-0' : String(x));
            const flat = (r: M4Result) =>
              [r.count, r.first, r.last, r.min, r.max, r.firstTime, r.lastTime, r.minTime, r.maxTime].map((x) =>
                Array.from(x as ArrayLike<number | bigint>, text),
              );
            expect(flat(m4), `${label} seed ${seed} host ${host} pixels ${pixels}`).toEqual(flat(want));
          }
        }
      };
      await check(
        'sealed and head',
        new Map([
          ['a', a],
          ['b', b],
        ]),
      );
      // Late points between existing ones (chunks overlap: the merging scan), and a later tail in the head.
      const late = a.filter((_, i) => i % 301 === 7).map((r) => ({ t: r.t + 300, v: -999 }));
      const tail = rows(rnd, a.at(-1)?.t ?? 0, 700, false);
      await write(engine, 'a', late);
      await write(engine, 'a', tail);
      await check(
        'late writes',
        new Map([
          ['a', [...a, ...late, ...tail]],
          ['b', b],
        ]),
      );
      await engine.close();
    }
    // Both paths ran: chunks with an index (NULL-free) and without (nulls).
    expect(calls()).toBeGreaterThan(50);
    expect(fromBlocks).toBeGreaterThan(20);
    expect(decoded).toBeGreaterThan(5);
  });
});
