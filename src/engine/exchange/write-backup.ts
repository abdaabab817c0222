import { TidemarkError } from '../../errors/index.ts';
import type { Database } from '../api.ts';
import { measureTypeOf } from '../model/types.ts';
import { VERSION_COLUMN } from '../storage/chunk-ops.ts';
import type { ScanColumn, SeriesBatch } from '../storage/scan-types.ts';
import {
  BACKUP_FORMAT,
  BACKUP_POINTS_PER_LINE,
  BACKUP_VERSION,
  type BackupHeader,
  type BackupSeriesLine,
  type BackupSummary,
  type BackupTrailer,
  type BackupValue,
} from './backup-format.ts';
import { Crc32 } from './crc32.ts';

/** Series read per scan: bounds what a backup holds decoded at once. */
const SERIES_PER_SCAN = 32;

export interface BackupOptions {
  readonly signal?: AbortSignal;
  /** After each scan: points written so far. */
  readonly onProgress?: (progress: { readonly points: number; readonly tables: number; readonly tablesDone: number }) => void;
  /** The time written in the header (now by default). */
  readonly now?: () => Date;
}

function cellValue(column: ScanColumn, row: number): BackupValue {
  if (column.validity !== undefined && column.validity[row] === 0) return null;
  switch (column.type) {
    case 'double': {
      const v = column.values[row] as number;
      return Number.isFinite(v) ? v : String(v);
    }
    case 'bigint':
    case 'timestamp':
      return String(column.values[row]);
    case 'boolean':
      return column.values[row] === 1;
    case 'varchar':
      return column.values[row] ?? null;
  }
}

/** Rows start..end's versions as decimal strings, or undefined when every one is version 1. */
function lineVersions(column: ScanColumn, start: number, end: number): string[] | undefined {
  const out: string[] = [];
  let any = false;
  for (let i = start; i < end; i++) {
    const present = column.validity === undefined || column.validity[i] === 1;
    const v = present ? String(column.values[i]) : '1';
    if (v !== '1') any = true;
    out.push(v);
  }
  return any ? out : undefined;
}

function* seriesLines(table: string, batch: SeriesBatch): Generator<BackupSeriesLine> {
  const n = batch.times.length;
  // The scan asked for versions: they come as a last BIGINT column, null where a row is version 1.
  const versionColumn = batch.columns.find((c) => c.name === VERSION_COLUMN);
  const columns = batch.columns.filter((c) => c !== versionColumn);
  for (let start = 0; start < n; start += BACKUP_POINTS_PER_LINE) {
    const end = Math.min(n, start + BACKUP_POINTS_PER_LINE);
    const times: string[] = [];
    for (let i = start; i < end; i++) times.push(String(batch.times[i]));
    const versions = versionColumn ? lineVersions(versionColumn, start, end) : undefined;
    yield {
      table,
      measureName: batch.series.measureName,
      dimensions: batch.series.dimensions,
      kind: batch.series.kind,
      columns: columns.map((c) => ({ name: c.name, type: measureTypeOf(c.type) })),
      times,
      values: columns.map((c) => {
        const out: BackupValue[] = [];
        for (let i = start; i < end; i++) out.push(cellValue(c, i));
        return out;
      }),
      ...(versions ? { versions } : {}),
    };
  }
}

/**
 * Backs up one database into a gzip'd NDJSON file (see backup-format.ts), table by table and a few series at a
 * time, so only one scan's points are decoded at once. Resolves with the file and what it holds.
 */
export async function backupDatabase(
  db: Database,
  database: string,
  options: BackupOptions = {},
): Promise<{ blob: Blob; summary: BackupSummary }> {
  const names = await db.listTables(database);
  const tables = await Promise.all(names.map(async (name) => ({ name, options: (await db.describeTable(database, name)).options })));
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    database,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    tables,
  };
  const encoder = new TextEncoder();
  const crc = new Crc32();
  let lines = 0;
  let seriesCount = 0;
  let points = 0;
  const line = (value: unknown): Uint8Array => {
    const bytes = encoder.encode(`${JSON.stringify(value)}\n`);
    crc.update(bytes);
    lines++;
    return bytes;
  };
  async function* content(): AsyncGenerator<Uint8Array> {
    yield line(header);
    for (const [index, { name }] of tables.entries()) {
      // The `where` test sees every series of the table and keeps none: a listing with nothing decoded.
      const ids: number[] = [];
      await db.scan({
        database,
        table: name,
        seriesFilter: {
          where: (s) => {
            ids.push(s.id);
            return false;
          },
        },
      });
      for (let at = 0; at < ids.length; at += SERIES_PER_SCAN) {
        if (options.signal?.aborted) throw new TidemarkError('ABORTED', 'The backup was cancelled.');
        const scan = await db.scan({
          database,
          table: name,
          seriesFilter: { seriesIds: ids.slice(at, at + SERIES_PER_SCAN) },
          withVersions: true,
        });
        for (const batch of scan.batches) {
          for (const seriesLine of seriesLines(name, batch)) {
            seriesCount++;
            points += seriesLine.times.length;
            yield line(seriesLine);
          }
        }
        options.onProgress?.({ points, tables: tables.length, tablesDone: index });
      }
    }
    const trailer: BackupTrailer = { end: true, series: seriesCount, points, lines, crc32: crc.hex };
    yield encoder.encode(`${JSON.stringify(trailer)}\n`);
  }
  const iterator = content();
  const source = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
    },
  });
  const gzip = source.pipeThrough(new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  let blob: Blob;
  try {
    blob = await new Response(gzip as unknown as BodyInit).blob();
  } catch (error) {
    throw TidemarkError.from(error);
  }
  return {
    blob: new Blob([blob], { type: 'application/gzip' }),
    summary: { database, tables: tables.length, seriesLines: seriesCount, points },
  };
}
