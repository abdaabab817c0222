import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../src/client/import-runner.ts';
import type { TidemarkClient } from '../../src/client/tidemark-client.ts';
import { type Database, type ImportMapping, type ImportProgress, openDatabase } from '../../src/engine/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { databaseHandlers } from '../../src/worker/handlers/database-handlers.ts';
import { importHandlers } from '../../src/worker/handlers/import-handlers.ts';
import { storageHandlers } from '../../src/worker/handlers/storage-handlers.ts';
import { connectDispatcher } from '../helpers/connect-dispatcher.ts';

const NOW_MS = Date.UTC(2026, 0, 10);

/** A real Dispatcher with the import and storage handlers over a MessageChannel, and a real client. */
async function connect(): Promise<{ client: TidemarkClient; db: Database; close(): Promise<void> }> {
  const kernel = await loadKernelFromFile();
  const database = openDatabase({ name: 'worker-import', storage: 'memory', clock: () => NOW_MS, kernel, retentionIntervalMs: 0 });
  const connection = connectDispatcher(kernel, {
    ...databaseHandlers(database, 'worker-import'),
    ...importHandlers(database),
    ...storageHandlers(database),
  });
  const db = await database;
  return {
    client: connection.client,
    db,
    close: async () => {
      connection.close();
      await db.close();
    },
  };
}

let session: Awaited<ReturnType<typeof connect>> | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** A CSV of `rows` rows, one per second from 2025-06-01, two hosts, with every 1000th row's value broken. */
function generatedCsv(rows: number, badEvery = 0): string {
  const lines = ['time,host,value'];
  const start = Date.UTC(2025, 5, 1);
  for (let i = 0; i < rows; i++) {
    const value = badEvery > 0 && i % badEvery === badEvery - 1 ? 'bad' : String(i / 4);
    lines.push(`${new Date(start + i * 1000).toISOString()},h${i % 2},${value}`);
  }
  return `${lines.join('\n')}\n`;
}

async function count(db: Database, sql: string): Promise<number> {
  const result = await db.query(sql);
  return Number(result.vectors[0]!.get(0));
}

describe('import in the worker', () => {
  it('proposes a mapping from the head of a file, then imports it with progress and a rejection report', async () => {
    session = await connect();
    const { client, db } = session;
    const file = new File([generatedCsv(5000, 1000)], 'sensors.csv');
    const proposal = await client.call('import.propose', { file });
    expect(proposal.detected.format).toBe('csv');
    expect(proposal.inferred.mapping.timeColumn).toBe('time');
    expect(proposal.raw.rows.length).toBeGreaterThan(0);
    expect(await client.call('import.check', { mapping: proposal.inferred.mapping })).toEqual([]);

    const preview = await client.call('import.preview', {
      file,
      mapping: { ...proposal.inferred.mapping, measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }] },
    });
    expect(preview.parsed.columns).toEqual(['time', 'measure_name', 'host', 'value']);
    expect(preview.parsed.rows[1]).toEqual(['2025-06-01T00:00:01.000Z', 'value', 'h1', '0.25']);
    expect(preview.rejections.map((r) => r.line)).toEqual(
      [1001, 2001, 3001, 4001, 5001].filter((l) => l <= preview.rejections.at(-1)!.line),
    );
    const broken = await client.call('import.preview', { file, mapping: { ...proposal.inferred.mapping, timeColumn: 'nope' } });
    expect(broken.problem).toMatch(/nope/);
    const progress: ImportProgress[] = [];
    // A few bad values among the sampled rows: the proposal reads the column as text; the user makes it a DOUBLE.
    expect(proposal.inferred.mapping.measures).toEqual([{ column: 'value', name: 'value', type: 'VARCHAR' }]);
    const mapping: ImportMapping = {
      ...proposal.inferred.mapping,
      measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }],
      target: { database: 'work', table: 'sensors' },
    };
    const result = await runImport(client, { file, fileName: 'sensors.csv', mapping }, { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ file: 'sensors.csv', rowsRejected: 5, aborted: false, createdTable: true });
    expect(result.rejections.map((r) => r.line)).toEqual([1001, 2001, 3001, 4001, 5001]);
    expect(result.reportCsv.split('\r\n')[0]).toBe('file,line,column,field,reason,raw');
    expect(result.reportCsv).toContain('sensors.csv,1001,');
    expect(progress.at(-1)).toMatchObject({ bytesRead: file.size, totalBytes: file.size, rowsEmitted: 4995 });
    expect(await count(db, 'SELECT count(*) FROM "work"."sensors"')).toBe(result.recordsIngested);
  });

  it('imports pasted text', async () => {
    session = await connect();
    const mapping: ImportMapping = {
      format: 'csv',
      dialect: { delimiter: ',', quote: '"', escape: '', header: true, decimalComma: false },
      timeColumn: 'time',
      timeFormat: { kind: 'iso8601' },
      timeZone: 'UTC',
      dimensions: [{ column: 'host', name: 'host' }],
      measures: [{ column: 'value', name: 'value', type: 'DOUBLE' }],
      multiMeasure: false,
      target: { database: 'work', table: 'pasted' },
    };
    const result = await runImport(session.client, { file: generatedCsv(10), mapping });
    expect(result).toMatchObject({ file: 'pasted', recordsIngested: 10 });
  });

  it('stops mid-file when asked and reports exactly what was written', async () => {
    session = await connect();
    const { client, db } = session;
    const file = new Blob([generatedCsv(1_000_000)]);
    const proposal = await client.call('import.propose', { file });
    const controller = new AbortController();
    const result = await runImport(
      client,
      { file, mapping: { ...proposal.inferred.mapping, target: { database: 'work', table: 'big' } } },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.rowsEmitted > 0) controller.abort();
        },
      },
    );
    expect(result.aborted).toBe(true);
    expect(result.rowsEmitted).toBeGreaterThan(0);
    expect(result.rowsEmitted).toBeLessThan(1_000_000);
    expect(result.recordsIngested).toBe(result.rowsEmitted);
    expect(await count(db, 'SELECT count(*) FROM "work"."big"')).toBe(result.recordsIngested);
    // The last written line is the row count plus the header.
    expect(result.lastEmittedLine).toBe(result.rowsEmitted + 1);
    expect(await client.call('import.stop', { importId: 'none' })).toEqual({ stopped: false });
  });

  it('gives a typed error for a mapping that cannot be used', async () => {
    session = await connect();
    const proposal = await session.client.call('import.propose', { file: new Blob([generatedCsv(3)]) });
    const error = await runImport(session.client, {
      file: new Blob([generatedCsv(3)]),
      mapping: { ...proposal.inferred.mapping, target: { database: 'work', table: '' } },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION' });
  });
});

describe('storage in the worker', () => {
  it('exports a table as CSV and Parquet, backs up a database and restores it as another', async () => {
    session = await connect();
    const { client, db } = session;
    const file = new Blob([generatedCsv(300)]);
    const proposal = await client.call('import.propose', { file });
    await runImport(client, { file, mapping: { ...proposal.inferred.mapping, target: { database: 'work', table: 'tab' } } });

    const csv = await client.call('storage.export', { database: 'work', table: 'tab', format: 'csv' });
    expect(csv).toMatchObject({ rows: 300, fileName: 'work.tab.csv' });
    expect((await csv.blob.text()).split('\r\n')[0]).toBe('host,measure_name,time,measure_value::double');
    const parquet = await client.call('storage.export', { sql: 'SELECT * FROM "work"."tab"', format: 'parquet' });
    expect(new TextDecoder().decode(new Uint8Array(await parquet.blob.slice(0, 4).arrayBuffer()))).toBe('PAR1');
    expect(parquet.fileName).toMatch(/^query-.*\.parquet$/);

    const backup = await client.call('storage.backup', { database: 'work' });
    expect(backup.fileName).toMatch(/^work-\d{8}T\d{6}Z\.tidemark-backup\.ndjson\.gz$/);
    expect(backup.summary.points).toBe(300);
    await client.call('db.deleteDatabase', { name: 'work' }).catch(async () => {
      await client.call('db.deleteTable', { database: 'work', table: 'tab' });
      await client.call('db.deleteDatabase', { name: 'work' });
    });
    expect(await client.call('storage.restore', { file: backup.blob })).toMatchObject({
      database: 'work',
      points: 300,
      recordsRejected: 0,
    });
    expect(await count(db, 'SELECT count(*) FROM "work"."tab"')).toBe(300);
    const error = await client.call('storage.restore', { file: backup.blob }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ALREADY_EXISTS' });
  });
});
