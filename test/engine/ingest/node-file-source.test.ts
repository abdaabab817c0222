import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openNodeFileSource } from '../../../src/engine/ingest/node-file-source.ts';
import { streamImport } from '../../../src/engine/ingest/stream-import.ts';
import { csvMapping } from './collect.ts';

describe('openNodeFileSource', () => {
  it('streams a file path in slices into an import', async () => {
    const path = fileURLToPath(new URL('../../../../shared/data/nab/realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv', import.meta.url));
    const file = await openNodeFileSource(path, 1000);
    expect(file.fileName).toBe('ec2_cpu_utilization_24ae8d.csv');
    let progressCalls = 0;
    const summary = await streamImport(
      file.stream,
      csvMapping({
        timeColumn: 'timestamp',
        timeFormat: { kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' },
        measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }],
      }),
      { fileName: file.fileName, totalBytes: file.totalBytes, onBatch: () => undefined, onProgress: () => progressCalls++ },
    );
    expect(summary).toMatchObject({ rowsEmitted: 4032, rowsRejected: 0, bytesRead: file.totalBytes, aborted: false });
    expect(progressCalls).toBeGreaterThan(100);
  });
});
