import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TidemarkError } from '../../src/errors/index.ts';
import { memoryDb } from './exchange/fixture.ts';

const NAB_FILE = fileURLToPath(new URL('../../../shared/data/nab/realKnownCause/nyc_taxi.csv', import.meta.url));

async function values(db: Awaited<ReturnType<typeof memoryDb>>, sql: string): Promise<unknown[][]> {
  const result = await db.query(sql);
  const rows: unknown[][] = [];
  for (let r = 0; r < result.rowCount; r++) rows.push(result.vectors.map((v) => v.get(r)));
  return rows;
}

describe('importFile', () => {
  it('imports a NAB file from a path with the proposed mapping, creating the table, with exact times and values', async () => {
    const db = await memoryDb('import-file-path');
    const progress: number[] = [];
    const result = await db.importFile(NAB_FILE, { database: 'nab', table: 'taxi', onProgress: (p) => progress.push(p.bytesRead) });
    expect(result).toMatchObject({ file: 'nyc_taxi.csv', rowsRejected: 0, aborted: false, createdTable: true });
    expect(result.mapping.timeFormat).toEqual({ kind: 'pattern', pattern: 'yyyy-MM-dd HH:mm:ss' });
    expect(progress.at(-1)).toBe(readFileSync(NAB_FILE).length);
    const lines = readFileSync(NAB_FILE, 'utf8').trimEnd().split('\n').slice(1);
    expect(result.recordsIngested).toBe(lines.length);
    const [stamp, value] = lines[123]!.split(',');
    const at = BigInt(Date.parse(`${stamp!.replace(' ', 'T')}Z`)) * 1_000_000n;
    const rows = await values(db, `SELECT time, measure_value::double FROM "nab"."taxi" WHERE time = from_nanoseconds(${at})`);
    expect(rows.length).toBe(1);
    expect(rows[0]![0]).toBe(at);
    expect(rows[0]![1]).toBe(Number(value));
    expect((await db.describeTable('nab', 'taxi')).options.enableMagneticStoreWrites).toBe(true);
    await db.close();
  });

  it('runs imports into one new database side by side (the second finds it created)', async () => {
    const db = await memoryDb('import-file-race');
    const file = new Blob([readFileSync(NAB_FILE)]);
    const results = await Promise.all(
      ['one', 'two', 'three'].map((table) =>
        db.importFile(file, { database: 'race', table, createTable: { memoryStoreRetentionHours: 24 } }),
      ),
    );
    expect(results.map((r) => r.rowsRejected)).toEqual([0, 0, 0]);
    expect((await db.listTables('race')).sort()).toEqual(['one', 'three', 'two']);
    expect((await db.describeTable('race', 'two')).options).toMatchObject({
      memoryStoreRetentionHours: 24,
      enableMagneticStoreWrites: true,
    });
    await db.close();
  });

  it('reads a gzip file from a path and pasted text, and names what is wrong with a mapping', async () => {
    const db = await memoryDb('import-file-gzip');
    const path = join(tmpdir(), `tidemark-import-${process.pid}.csv.gz`);
    writeFileSync(path, gzipSync(readFileSync(NAB_FILE)));
    const gz = await db.importFile({ path }, { database: 'nab', table: 'taxi_gz' });
    expect(gz).toMatchObject({ file: `tidemark-import-${process.pid}.csv.gz`, rowsRejected: 0, recordsIngested: 10320 });

    const pasted = await db.importFile(
      { text: 'time,host,v\n2025-01-01T00:00:00Z,a,1\n2025-01-01T00:00:01Z,a,x\n' },
      {
        database: 'nab',
        table: 'pasted',
        // Both text columns were read as dimensions; the user makes v a measure.
        mapping: (proposal) => ({
          ...proposal.inferred.mapping,
          dimensions: [{ column: 'host', name: 'host' }],
          measures: [{ column: 'v', name: 'v', type: 'DOUBLE' }],
        }),
      },
    );
    expect(pasted).toMatchObject({ file: 'pasted', recordsIngested: 1, rowsRejected: 1 });
    expect(pasted.rejections[0]).toMatchObject({ line: 3 });

    const error = await db.importFile({ text: 'a,b\n1,2\n' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TidemarkError);
    expect((error as TidemarkError).code).toBe('VALIDATION');
    await expect(db.importFile(NAB_FILE, { table: 'missing', createTable: false, database: 'nab' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const missing = await db.importFile('/nonexistent/file.csv').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TidemarkError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('/nonexistent/file.csv') });
    await db.close();
  });
});
