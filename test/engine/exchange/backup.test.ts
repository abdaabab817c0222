import { describe, expect, it } from 'vitest';
import { backupDatabase, crc32, restoreDatabase } from '../../../src/engine/index.ts';
import { TidemarkError } from '../../../src/errors/index.ts';
import { fillSource, memoryDb, NOW_MS, tableRows } from './fixture.ts';

async function gunzipText(blob: Blob): Promise<string> {
  return new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).text();
}
async function gzip(text: string): Promise<Blob> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

describe('backup and restore', () => {
  it('restores a database under another name, in another database, with identical rows and table settings', async () => {
    const source = await memoryDb('backup-src');
    await fillSource(source);
    const { blob, summary } = await backupDatabase(source, 'src');
    expect(summary).toMatchObject({ database: 'src', tables: 2, points: 2 * 5 * 40 + 30 });

    const target = await memoryDb('backup-dst');
    const restored = await restoreDatabase(target, new Blob([await blob.arrayBuffer()]), { as: 'copy' });
    expect(restored).toMatchObject({ database: 'copy', tables: 2, points: 430, recordsRejected: 0 });
    for (const table of ['single', 'multi']) {
      const before = await tableRows(source, 'src', table);
      expect(before.length).toBeGreaterThan(0);
      expect(await tableRows(target, 'copy', table)).toEqual(before);
      expect((await target.describeTable('copy', table)).options).toEqual((await source.describeTable('src', table)).options);
    }
    // Old points went to the magnetic tier, recent ones to the memory tier, as in the source.
    const stats = (await target.stats()).tables.find((t) => t.table === 'single')!;
    expect(stats.magnetic.points).toBe(200);
    expect(stats.memory.points).toBe(200);
    await source.close();
    await target.close();
  });

  it('keeps record versions, from both tiers and the head, so upserts after a restore are judged as before', async () => {
    const db = await memoryDb('backup-versions');
    await db.createDatabase('ver');
    await db.createTable('ver', 'tbl', {
      enableMagneticStoreWrites: true,
      memoryStoreRetentionHours: 12,
      magneticStoreRetentionDays: 3650,
    });
    const yearNs = 365n * 24n * 3_600_000_000_000n;
    const nowNs = BigInt(NOW_MS) * 1_000_000n;
    // Half a year back (magnetic tier), half in the last hour (memory tier); versions 1, 2, 3 in turn.
    const times = BigInt64Array.from(
      { length: 40 },
      (_, i) => (i < 20 ? nowNs - yearNs : nowNs - 3_600_000_000_000n) + BigInt(i) * 60_000_000_000n,
    );
    const versions = BigInt64Array.from({ length: 40 }, (_, i) => BigInt((i % 3) + 1));
    const values = Float64Array.from({ length: 40 }, (_, i) => i / 4);
    await db.writeColumns({
      database: 'ver',
      table: 'tbl',
      dimensions: { host: 'a' },
      measureName: 'cpu',
      times,
      type: 'DOUBLE',
      values,
      versions,
    });
    // One more row through the Timestream-shaped API, at version 7, and a series with only version 1.
    const late = (nowNs - 60_000_000_000n).toString();
    const record = (host: string, value: string, version: number) => ({
      Dimensions: [{ Name: 'host', Value: host }],
      MeasureName: 'cpu',
      MeasureValue: value,
      Time: late,
      TimeUnit: 'NANOSECONDS' as const,
      Version: version,
    });
    expect(
      (await db.writeRecords({ DatabaseName: 'ver', TableName: 'tbl', Records: [record('a', '9', 7), record('b', '1', 1)] }))
        .RejectedRecords,
    ).toEqual([]);

    const { blob } = await backupDatabase(db, 'ver');
    const text = await gunzipText(blob);
    const lines = text
      .trimEnd()
      .split('\n')
      .slice(1, -1)
      .map((l) => JSON.parse(l));
    const a = lines.find((l) => l.dimensions.host === 'a');
    expect(a.versions).toEqual([...Array.from(versions, String), '7']);
    expect(lines.find((l) => l.dimensions.host === 'b')).not.toHaveProperty('versions');

    const target = await memoryDb('backup-versions-dst');
    await restoreDatabase(target, blob, { as: 'copy' });
    expect(await tableRows(target, 'copy', 'tbl')).toEqual(await tableRows(db, 'ver', 'tbl'));
    // The same upserts meet the same answers in the source and in the copy: lower versions lose.
    for (const [database, into] of [
      ['ver', db],
      ['copy', target],
    ] as const) {
      const upsert = (i: number, version: number) =>
        into.writeRecords({
          DatabaseName: database,
          TableName: 'tbl',
          Records: [{ ...record('a', '100', version), Time: (times[i] as bigint).toString() }],
        });
      expect((await upsert(2, 2)).RejectedRecords).toHaveLength(1); // stored at version 3 (magnetic)
      expect((await upsert(23, 2)).RejectedRecords).toHaveLength(1); // stored at version 3 (memory)
      expect((await upsert(21, 2)).RejectedRecords).toEqual([]); // stored at version 1
      const lateUpsert = await into.writeRecords({ DatabaseName: database, TableName: 'tbl', Records: [record('a', '100', 6)] });
      expect(lateUpsert.RejectedRecords).toHaveLength(1); // stored at version 7 (head)
    }
    await db.close();
    await target.close();
  });

  it('writes the documented format: a header, series lines and a checksummed trailer', async () => {
    const db = await memoryDb('backup-format');
    await fillSource(db);
    const { blob } = await backupDatabase(db, 'src', { now: () => new Date('2026-01-10T00:00:00Z') });
    const text = await gunzipText(blob);
    const lines = text.trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: 'tidemark-backup', version: 2, database: 'src', createdAt: '2026-01-10T00:00:00.000Z' });
    expect(header.tables.map((t: { name: string }) => t.name)).toEqual(['multi', 'single']);
    const trailer = JSON.parse(lines.at(-1)!);
    const body = new TextEncoder().encode(`${lines.slice(0, -1).join('\n')}\n`);
    expect(trailer).toEqual({
      end: true,
      series: lines.length - 2,
      points: 430,
      lines: lines.length - 1,
      crc32: crc32(body).toString(16).padStart(8, '0'),
    });
    const multi = lines
      .slice(1, -1)
      .map((l) => JSON.parse(l))
      .find((l) => l.table === 'multi');
    expect(multi.columns.map((c: { type: string }) => c.type).sort()).toEqual(['BIGINT', 'BOOLEAN', 'DOUBLE', 'TIMESTAMP', 'VARCHAR']);
    // A version 1 file (no versions: every record at version 1) still restores.
    const v1Body = `${lines.slice(0, -1).join('\n').replace('"version":2', '"version":1')}\n`;
    const v1Trailer = { ...trailer, crc32: crc32(new TextEncoder().encode(v1Body)).toString(16).padStart(8, '0') };
    const v1 = await restoreDatabase(db, new Blob([`${v1Body}${JSON.stringify(v1Trailer)}\n`]), { as: 'from_v1' });
    expect(v1).toMatchObject({ points: 430, recordsRejected: 0 });
    expect(await tableRows(db, 'from_v1', 'multi')).toEqual(await tableRows(db, 'src', 'multi'));
    await db.close();
  });

  it('refuses a damaged, cut or foreign file before writing anything, and an existing name', async () => {
    const db = await memoryDb('backup-bad');
    await fillSource(db);
    const text = await gunzipText((await backupDatabase(db, 'src')).blob);
    const fail = async (source: Blob | string, pattern: RegExp, as = 'other') => {
      const error = await restoreDatabase(db, source instanceof Blob ? source : new Blob([source]), { as }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TidemarkError);
      expect((error as TidemarkError).message).toMatch(pattern);
      expect(await db.listDatabases()).not.toContain('other');
    };
    await fail(text.replace('"sensor-1"', '"sensor-2"'), /checksum does not match/);
    await fail(text.split('\n').slice(0, -3).join('\n'), /cut short/);
    await fail('{"format":"other"}\n', /format/);
    await fail(text.replace('"version":2', '"version":9'), /version 9/);
    await fail(await gzip(text), /already exists/, 'src');
    await fail('', /empty/);
    // A file whose checksum holds but whose data cannot be written (made by hand) leaves no half database.
    const lines = text.trimEnd().split('\n');
    const series = JSON.parse(lines[1]!);
    series.times[0] = 'not a time';
    lines[1] = JSON.stringify(series);
    const body = `${lines.slice(0, -1).join('\n')}\n`;
    const trailer = { ...JSON.parse(lines.at(-1)!), crc32: crc32(new TextEncoder().encode(body)).toString(16).padStart(8, '0') };
    await fail(`${body}${JSON.stringify(trailer)}\n`, /a series line cannot be written \(.*\) \(line 2\)/);
    // A cancelled restore leaves nothing either.
    const controller = new AbortController();
    const cancelled = restoreDatabase(db, new Blob([text]), {
      as: 'other',
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await db.listDatabases()).not.toContain('other');
    // The plain (not gzip'd) text restores too.
    await expect(restoreDatabase(db, new Blob([text]), { as: 'plain' })).resolves.toMatchObject({ points: 430 });
    await db.close();
  });
});
