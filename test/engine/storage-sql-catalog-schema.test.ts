import { describe, expect, it } from 'vitest';
import { DEFAULT_TABLE_OPTIONS } from '../../src/engine/model/options.ts';
import { StorageEngine } from '../../src/engine/storage/engine.ts';
import { chunkCodecFor } from '../../src/engine/storage/kernel-codec.ts';
import { MemoryDurability } from '../../src/engine/storage/memory-durability.ts';
import type { Series } from '../../src/engine/storage/series.ts';
import { TableState } from '../../src/engine/storage/table-state.ts';
import { StorageSqlCatalog } from '../../src/engine/storage-sql-catalog.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';

const NOW_MS = Date.UTC(2024, 0, 1);

async function open(): Promise<{ engine: StorageEngine; catalog: StorageSqlCatalog }> {
  const engine = await StorageEngine.open({
    codec: chunkCodecFor(await loadKernelFromFile()),
    durability: new MemoryDurability(),
    clock: () => NOW_MS,
  });
  await engine.createDatabase('app');
  await engine.createTable('app', 'tab');
  return { engine, catalog: new StorageSqlCatalog(engine) };
}

const names = (catalog: StorageSqlCatalog) => catalog.getTable('app', 'tab')?.columns.map((c) => `${c.name}:${c.type.kind}`);

function record(dimensions: Record<string, string>, measure: string, values: [string, string, 'DOUBLE' | 'BIGINT'][], at = 0) {
  return {
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    MeasureName: measure,
    MeasureValueType: 'MULTI' as const,
    MeasureValues: values.map(([Name, Value, Type]) => ({ Name, Value, Type })),
    Time: String(NOW_MS - 1000 + at),
  };
}

describe('the SQL catalog keeps a table schema until the table changes', () => {
  it('answers the same schema while only points are written', async () => {
    const { engine, catalog } = await open();
    await engine.writeRecords({
      DatabaseName: 'app',
      TableName: 'tab',
      Records: [record({ host: 'a' }, 'cpu', [['user', '1', 'DOUBLE']])],
    });
    const first = catalog.getTable('app', 'tab');
    await engine.writeRecords({
      DatabaseName: 'app',
      TableName: 'tab',
      Records: [record({ host: 'b' }, 'cpu', [['user', '2', 'DOUBLE']], 1)],
    });
    expect(catalog.getTable('app', 'tab')).toBe(first);
  });

  it('sees a new dimension, measure name and attribute as soon as they are written', async () => {
    const { engine, catalog } = await open();
    await engine.writeRecords({
      DatabaseName: 'app',
      TableName: 'tab',
      Records: [record({ host: 'a' }, 'cpu', [['user', '1', 'DOUBLE']])],
    });
    expect(names(catalog)).toEqual(['host:varchar', 'measure_name:varchar', 'time:timestamp', 'user:double']);
    await engine.writeRecords({
      DatabaseName: 'app',
      TableName: 'tab',
      Records: [
        record(
          { host: 'a' },
          'cpu',
          [
            ['user', '1', 'DOUBLE'],
            ['idle', '7', 'BIGINT'],
          ],
          1,
        ),
      ],
    });
    expect(names(catalog)).toContain('idle:bigint');
    await engine.writeRecords({
      DatabaseName: 'app',
      TableName: 'tab',
      Records: [record({ host: 'a', region: 'eu' }, 'mem', [['free', '3', 'DOUBLE']], 2)],
    });
    expect(names(catalog)).toEqual(expect.arrayContaining(['region:varchar', 'free:double']));
    await engine.writeColumns({
      database: 'app',
      table: 'tab',
      dimensions: { rack: 'r1' },
      measureName: 'disk',
      times: Float64Array.of(NOW_MS),
      columns: [{ name: 'busy', type: 'DOUBLE', values: Float64Array.of(0.5) }],
    });
    expect(names(catalog)).toEqual(expect.arrayContaining(['rack:varchar', 'busy:double']));
  });

  it('does not keep the schema of a table dropped and created again under its name', async () => {
    const { engine, catalog } = await open();
    await engine.writeRecords({
      DatabaseName: 'app',
      TableName: 'tab',
      Records: [record({ host: 'a' }, 'cpu', [['user', '1', 'DOUBLE']])],
    });
    expect(names(catalog)).toContain('host:varchar');
    await engine.deleteTable('app', 'tab');
    expect(catalog.getTable('app', 'tab')).toBeUndefined();
    await engine.createTable('app', 'tab');
    await engine.writeRecords({
      DatabaseName: 'app',
      TableName: 'tab',
      Records: [record({ site: 's' }, 'cpu', [['user', '1', 'BIGINT']])],
    });
    expect(names(catalog)).toEqual(['site:varchar', 'measure_name:varchar', 'time:timestamp', 'user:bigint']);
  });

  it('moves the table version on schema changes only', () => {
    const table = new TableState({ id: 1, database: 'app', name: 'tab', options: DEFAULT_TABLE_OPTIONS, createdAt: 0 });
    const series = (id: number, host: string) =>
      ({
        id,
        tableId: 1,
        measureName: 'cpu',
        dimensions: [['host', host]],
        kind: 'multi',
        columns: [{ name: 'user', type: 'double' }],
      }) as const;
    const v0 = table.schemaVersion;
    const a = table.addSeries(series(1, 'a'));
    const v1 = table.schemaVersion;
    expect(v1).not.toBe(v0);
    table.addSeries(series(2, 'b'));
    expect(table.schemaVersion).toBe(v1);
    table.attributeTypes.set('user', 'DOUBLE');
    expect(table.schemaVersion).toBe(v1);
    table.attributeTypes.set('user', 'BIGINT');
    expect(table.schemaVersion).not.toBe(v1);
    const v2 = table.schemaVersion;
    table.removeSeries(a);
    expect(table.schemaVersion).toBe(v2);
    table.removeSeries(table.series.values().next().value as Series);
    expect(table.byDimension.size).toBe(0);
    expect(table.schemaVersion).not.toBe(v2);
  });
});
