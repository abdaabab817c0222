import { describe, expect, it } from 'vitest';
import type { SeriesInfo } from '../../../src/engine/storage/index.ts';
import { DB, memoryEngine, ns, T0, TABLE } from './helpers.ts';

// An aggregate scan tells its grouping the infos of the series it is about to aggregate. When they are the whole
// selection, the list is kept and handed out again (the same frozen list) while no chunk list or column changed, so
// the query engine can know the series again by identity; any change must hand out a fresh, true list.

const MINUTE = 60_000;

async function engineWithHosts() {
  // The clock two hours on: every write below lies in the past.
  const engine = await memoryEngine({ chunkPoints: 50, clock: () => T0 + 2 * 60 * MINUTE });
  for (const host of ['a', 'b', 'c']) {
    const times = Float64Array.from({ length: 120 }, (_, i) => T0 + i * 10_000);
    await engine.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host },
      measureName: 'cpu',
      times,
      columns: [{ name: 'user', type: 'DOUBLE', values: Float64Array.from(times, (_, i) => i) }],
    });
  }
  return engine;
}

/** The list the scan tells its grouping (null: not told). */
async function toldInfos(
  engine: Awaited<ReturnType<typeof memoryEngine>>,
  hosts: readonly string[],
  fromMs = T0,
): Promise<readonly SeriesInfo[] | null> {
  let told: readonly SeriesInfo[] | null = null;
  await engine.aggregateScan({
    database: DB,
    table: TABLE,
    timeRange: { from: ns(fromMs), to: ns(T0 + 20 * MINUTE) },
    seriesFilter: { dimensions: { host: [...hosts] } },
    bucketWidth: ns(MINUTE),
    columns: ['user'],
    grouping: (series) => {
      told = series;
      return null;
    },
  });
  return told;
}

describe('the series infos an aggregate scan tells its grouping', () => {
  it('are the same list while nothing changed, and a fresh true one after a column is added', async () => {
    const engine = await engineWithHosts();
    const first = await toldInfos(engine, ['a', 'b', 'c']);
    expect(first?.map((s) => s.dimensions.host)).toEqual(['a', 'b', 'c']);
    expect(Object.isFrozen(first)).toBe(true);
    // Another range over the same selection: the same list.
    expect(await toldInfos(engine, ['c', 'a', 'b'], T0 + 3 * MINUTE)).toBe(first);
    // Another selection: its own list.
    expect((await toldInfos(engine, ['a', 'b']))?.map((s) => s.dimensions.host)).toEqual(['a', 'b']);
    expect(await toldInfos(engine, ['a', 'b', 'c'])).toBe(first);

    // Host b gains a column: its info lists it, so the list is made again.
    const times = Float64Array.from({ length: 10 }, (_, i) => T0 + (120 + i) * 10_000);
    await engine.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'b' },
      measureName: 'cpu',
      times,
      columns: [
        { name: 'user', type: 'DOUBLE', values: new Float64Array(10) },
        { name: 'system', type: 'DOUBLE', values: new Float64Array(10) },
      ],
    });
    const second = await toldInfos(engine, ['a', 'b', 'c']);
    expect(second).not.toBe(first);
    expect(second?.map((s) => s.columns.map((c) => c.name))).toEqual([['user'], ['user', 'system'], ['user']]);
    expect(await toldInfos(engine, ['a', 'b', 'c'])).toBe(second);
  });

  it('are never kept when some selected series has nothing in range', async () => {
    const engine = await engineWithHosts();
    const late = Float64Array.from({ length: 5 }, (_, i) => T0 + 60 * MINUTE + i * 10_000);
    // Host d holds points an hour after the range: selected, nothing in range.
    await engine.writeColumns({
      database: DB,
      table: TABLE,
      dimensions: { host: 'd' },
      measureName: 'cpu',
      times: late,
      columns: [{ name: 'user', type: 'DOUBLE', values: new Float64Array(5) }],
    });
    const first = await toldInfos(engine, ['a', 'd']);
    expect(first?.map((s) => s.dimensions.host)).toEqual(['a']);
    const again = await toldInfos(engine, ['a', 'd']);
    expect(again?.map((s) => s.dimensions.host)).toEqual(['a']);
    expect(again).not.toBe(first);
  });
});
