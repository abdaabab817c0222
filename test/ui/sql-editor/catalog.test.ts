import { describe, expect, it, vi } from 'vitest';
import { Catalog } from '../../../src/ui/sql-editor/catalog.ts';

function fakeClient() {
  const call = vi.fn(async (method: string, params: Record<string, unknown>) => {
    switch (method) {
      case 'db.listDatabases':
        return ['sampleDB'];
      case 'db.listTables':
        if (params.database !== 'sampleDB') throw new Error('no such database');
        return ['DevOps'];
      case 'db.describeTable':
        return {
          dimensions: ['hostname', 'region'],
          measures: [
            { name: 'cpu', type: 'DOUBLE' },
            { name: 'n', type: 'BIGINT' },
            { name: 'm', type: 'MULTI' },
          ],
          multiMeasureAttributes: [{ name: 'temp', type: 'DOUBLE' }],
        };
      case 'db.query':
        expect(params.sql).toBe('SHOW MEASURES FROM "sampleDB"."DevOps"');
        return { columns: [{ name: 'measure_name', kind: 'text', type: 'varchar', data: ['cpu', 'n', null] }], rowCount: 3 };
      case 'db.functions':
        return [{ name: 'avg', kind: 'aggregate', signatures: ['avg(double) -> double'] }];
      default:
        throw new Error(method);
    }
  });
  return { call } as unknown as ConstructorParameters<typeof Catalog>[0] & { call: typeof call };
}

describe('Catalog', () => {
  it('reads databases, tables, columns, measures and functions from the worker', async () => {
    const client = fakeClient();
    const catalog = new Catalog(client);
    expect(await catalog.databases()).toEqual(['sampleDB']);
    expect(await catalog.tables('sampleDB')).toEqual(['DevOps']);
    expect(await catalog.columns('sampleDB', 'DevOps')).toEqual({
      dimensions: ['hostname', 'region'],
      measureValues: ['measure_value::bigint', 'measure_value::double'],
      multiMeasures: ['temp'],
    });
    expect(await catalog.measures('sampleDB', 'DevOps')).toEqual(['cpu', 'n']);
    expect((await catalog.functions())[0]?.name).toBe('avg');
  });

  it('caches for the TTL, asks again after it, and never caches a failure', async () => {
    let now = 0;
    const client = fakeClient();
    const catalog = new Catalog(client, 1000, () => now);
    await catalog.databases();
    await catalog.databases();
    expect(client.call).toHaveBeenCalledTimes(1);
    now = 2000;
    await catalog.databases();
    expect(client.call).toHaveBeenCalledTimes(2);
    await expect(catalog.tables('nope')).rejects.toThrow('no such database');
    await expect(catalog.tables('nope')).rejects.toThrow();
    expect(client.call).toHaveBeenCalledTimes(4);
  });
});
