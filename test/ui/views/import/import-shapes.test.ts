import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../../../src/client/index.ts';
import { appStore } from '../../../../src/ui/persistence/app-store.ts';
import { forgetShape, loadShape, saveShape } from '../../../../src/ui/views/import/import-shapes.ts';
import { offerFiles, subscribeToFiles } from '../../../../src/ui/views/import/pending-files.ts';

const mapping: ImportMapping = {
  format: 'csv',
  timeColumn: 'time',
  timeFormat: { kind: 'epoch', unit: 's' },
  timeZone: 'Europe/Paris',
  dimensions: [{ column: 'host', name: 'host' }],
  measures: [{ column: 'v', name: 'v', type: 'DOUBLE' }],
  multiMeasure: false,
  target: { database: 'metrics', table: 'hosts' },
};

describe('import shapes in the app store', () => {
  it('remembers a mapping per file shape, and forgets it', async () => {
    expect(await loadShape('csv|columns=time,host,v')).toBeUndefined();
    await saveShape('csv|columns=time,host,v', 'a.csv', mapping, 1000);
    expect(await loadShape('csv|columns=time,host,v')).toEqual(mapping);
    const record = await (await appStore()).db.get('import-shapes', 'csv|columns=time,host,v');
    expect(record).toMatchObject({ name: 'a.csv', updatedAt: 1000 });
    await forgetShape('csv|columns=time,host,v');
    expect(await loadShape('csv|columns=time,host,v')).toBeUndefined();
  });

  it('ignores a stored shape that is not a mapping', async () => {
    await (await appStore()).db.put('import-shapes', { id: 'odd', name: 'x', updatedAt: 1, shape: { hello: 1 } });
    expect(await loadShape('odd')).toBeUndefined();
  });
});

describe('pending files', () => {
  it('keeps dropped files until the Import view subscribes, then hands new ones straight over', () => {
    const a = new File(['x'], 'a.csv');
    const b = new File(['y'], 'b.csv');
    offerFiles([a]);
    const got: string[] = [];
    const stop = subscribeToFiles((files) => got.push(...files.map((f) => f.name)));
    expect(got).toEqual(['a.csv']);
    offerFiles([b]);
    expect(got).toEqual(['a.csv', 'b.csv']);
    stop();
    offerFiles([a]);
    expect(got).toEqual(['a.csv', 'b.csv']);
    subscribeToFiles((files) => got.push(...files.map((f) => f.name)))();
    expect(got).toEqual(['a.csv', 'b.csv', 'a.csv']);
  });
});
