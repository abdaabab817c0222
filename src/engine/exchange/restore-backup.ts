import { TidemarkError } from '../../errors/index.ts';
import type { Database } from '../api.ts';
import { type ImportSource, openByteSlices } from '../ingest/byte-source.ts';
import { gunzipIfNeeded } from '../ingest/gzip.ts';
import { checkDatabaseName } from '../model/index.ts';
import type { ScalarMeasureType } from '../model/types.ts';
import type { WriteColumn } from '../storage/write-columns.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSIONS_READ,
  type BackupHeader,
  type BackupSeriesLine,
  type BackupSummary,
  type BackupTrailer,
  type BackupValue,
} from './backup-format.ts';
import { Crc32 } from './crc32.ts';

export interface RestoreOptions {
  /** The name to restore under (the backup's own name by default). It must not exist yet. */
  readonly as?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { readonly points: number; readonly totalPoints: number }) => void;
}

/** What a restore did: the backup's figures, plus records the database refused (outside retention, say). */
export interface RestoreSummary extends BackupSummary {
  readonly recordsRejected: number;
  /** The first few reasons for refused records. */
  readonly rejectionReasons: readonly string[];
}

function corrupt(message: string, line: number): TidemarkError {
  return new TidemarkError('VALIDATION', `This is not a valid Tidemark backup: ${message} (line ${line}).`, { position: { line } });
}

/** The lines of a (possibly gzip'd) source with the bytes of each, line end included. */
async function* linesOf(source: ImportSource, signal?: AbortSignal): AsyncGenerator<{ text: string; bytes: Uint8Array }> {
  const content = gunzipIfNeeded(openByteSlices(source, 1 << 20, signal).slices, () => undefined, signal);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Uint8Array = new Uint8Array(0);
  for await (const slice of content) {
    if (signal?.aborted) throw new TidemarkError('ABORTED', 'The restore was cancelled.');
    let data = slice;
    if (pending.length > 0) {
      data = new Uint8Array(pending.length + slice.length);
      data.set(pending, 0);
      data.set(slice, pending.length);
    }
    let start = 0;
    for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, start)) {
      const bytes = data.subarray(start, i + 1);
      yield { text: decoder.decode(bytes.subarray(0, bytes.length - 1)), bytes };
      start = i + 1;
    }
    pending = data.slice(start);
  }
  if (pending.length > 0) yield { text: decoder.decode(pending), bytes: pending };
}

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw corrupt(`the line is not JSON (${(error as Error).message})`, line);
  }
}

function isSeriesLine(value: unknown): value is BackupSeriesLine {
  const v = value as BackupSeriesLine;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.table === 'string' &&
    typeof v.measureName === 'string' &&
    typeof v.dimensions === 'object' &&
    (v.kind === 'single' || v.kind === 'multi') &&
    Array.isArray(v.columns) &&
    Array.isArray(v.times) &&
    Array.isArray(v.values) &&
    v.values.length === v.columns.length &&
    v.values.every((column) => Array.isArray(column) && column.length === v.times.length) &&
    (v.versions === undefined ||
      (Array.isArray(v.versions) &&
        v.versions.length === v.times.length &&
        v.versions.every((x) => typeof x === 'string' && /^[1-9][0-9]{0,18}$/.test(x) && BigInt(x) <= 9223372036854775807n)))
  );
}

/** Reads and checks the whole file: header, every line's shape, counts and checksum. Writes nothing. */
async function verify(source: ImportSource, signal?: AbortSignal): Promise<{ header: BackupHeader; trailer: BackupTrailer }> {
  const crc = new Crc32();
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  let line = 0;
  let series = 0;
  let points = 0;
  for await (const { text, bytes } of linesOf(source, signal)) {
    line++;
    if (trailer !== undefined) {
      if (text.trim() === '') continue;
      throw corrupt('there is data after the end line', line);
    }
    const value = parseLine(text, line);
    if (line === 1) {
      const h = value as BackupHeader;
      if (h?.format !== BACKUP_FORMAT) throw corrupt(`the first line does not say "format": "${BACKUP_FORMAT}"`, line);
      if (!BACKUP_VERSIONS_READ.includes(h.version))
        throw corrupt(
          `the backup is version ${String(h.version)}; this Tidemark reads versions ${BACKUP_VERSIONS_READ.join(' and ')}`,
          line,
        );
      if (typeof h.database !== 'string' || !Array.isArray(h.tables)) throw corrupt('the header has no database or tables', line);
      header = h;
    } else if ((value as BackupTrailer)?.end === true) {
      const t = value as BackupTrailer;
      if (t.crc32 !== crc.hex)
        throw corrupt(`the checksum does not match (file says ${t.crc32}, data gives ${crc.hex}): it was changed or damaged`, line);
      if (t.lines !== line - 1 || t.series !== series || t.points !== points)
        throw corrupt(
          `the end line counts ${t.lines} lines, ${t.series} series lines, ${t.points} points; the file has ${line - 1}, ${series}, ${points}`,
          line,
        );
      trailer = t;
      continue;
    } else {
      if (!isSeriesLine(value)) throw corrupt('a series line is malformed', line);
      series++;
      points += value.times.length;
    }
    crc.update(bytes);
  }
  if (header === undefined) throw corrupt('the file is empty', 1);
  if (trailer === undefined) throw corrupt('the file ends before its end line: it was cut short', line);
  return { header, trailer };
}

function typedValues(type: ScalarMeasureType, values: readonly BackupValue[]): { values: WriteColumn['values']; validity?: Uint8Array } {
  const n = values.length;
  let validity: Uint8Array | undefined;
  const missing = (i: number): boolean => {
    if (values[i] !== null) return false;
    validity ??= new Uint8Array(n).fill(1);
    validity[i] = 0;
    return true;
  };
  let out: WriteColumn['values'];
  switch (type) {
    case 'DOUBLE': {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) if (!missing(i)) a[i] = Number(values[i]);
      out = a;
      break;
    }
    case 'BIGINT':
    case 'TIMESTAMP': {
      const a = new BigInt64Array(n);
      for (let i = 0; i < n; i++) if (!missing(i)) a[i] = BigInt(values[i] as string);
      out = a;
      break;
    }
    case 'BOOLEAN': {
      const a = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (!missing(i)) a[i] = values[i] === true ? 1 : 0;
      out = a;
      break;
    }
    case 'VARCHAR': {
      const a: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) a[i] = missing(i) ? null : String(values[i]);
      out = a;
      break;
    }
  }
  return validity === undefined ? { values: out } : { values: out, validity };
}

/**
 * Restores a backup (see backup-format.ts) as a new database, under its own name or `as`. The file is checked
 * end to end first, so a damaged file writes nothing. Tables are created with magnetic-store writes on while
 * the data goes in (old points go straight to the magnetic tier), then given their backed-up settings.
 */
export async function restoreDatabase(db: Database, source: ImportSource, options: RestoreOptions = {}): Promise<RestoreSummary> {
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    throw new TidemarkError(
      'INVALID_ARGUMENT',
      'A restore reads its file twice (check, then write): give a Blob, a File or bytes, not a stream.',
    );
  }
  const { header, trailer } = await verify(source, options.signal);
  const name = options.as ?? header.database;
  const nameProblem = checkDatabaseName(name);
  if (nameProblem !== undefined) throw new TidemarkError('INVALID_ARGUMENT', nameProblem, { details: { field: 'as' } });
  if ((await db.listDatabases()).includes(name)) {
    throw new TidemarkError('ALREADY_EXISTS', `Database "${name}" already exists: restore under another name, or drop it first.`, {
      details: { field: 'as' },
    });
  }
  await db.createDatabase(name);
  let points = 0;
  let recordsRejected = 0;
  const reasons: string[] = [];
  try {
    for (const table of header.tables) await db.createTable(name, table.name, { ...table.options, enableMagneticStoreWrites: true });
    let line = 0;
    for await (const { text } of linesOf(source, options.signal)) {
      line++;
      if (options.signal?.aborted) throw new TidemarkError('ABORTED', 'The restore was cancelled.');
      if (line === 1) continue;
      const value = JSON.parse(text) as unknown;
      if ((value as BackupTrailer).end === true) break;
      const s = value as BackupSeriesLine;
      let times: BigInt64Array;
      let response: Awaited<ReturnType<Database['writeColumns']>>;
      try {
        times = new BigInt64Array(s.times.length);
        for (let i = 0; i < times.length; i++) times[i] = BigInt(s.times[i] as string);
        const versions = s.versions ? BigInt64Array.from(s.versions, (x) => BigInt(x)) : undefined;
        const base = {
          database: name,
          table: s.table,
          dimensions: s.dimensions,
          measureName: s.measureName,
          times,
          ...(versions ? { versions } : {}),
        };
        response =
          s.kind === 'single'
            ? await db.writeColumns({ ...base, type: s.columns[0]!.type, values: typedValues(s.columns[0]!.type, s.values[0]!).values })
            : await db.writeColumns({
                ...base,
                columns: s.columns.map((c, i) => ({ name: c.name, type: c.type, ...typedValues(c.type, s.values[i]!) })),
              });
      } catch (error) {
        if (error instanceof TidemarkError && error.code !== 'VALIDATION') throw error;
        throw corrupt(`a series line cannot be written (${(error as Error).message})`, line);
      }
      recordsRejected += response.RejectedRecords.length;
      for (const r of response.RejectedRecords) if (reasons.length < 10) reasons.push(r.Reason);
      points += times.length;
      options.onProgress?.({ points, totalPoints: trailer.points });
    }
    for (const table of header.tables) await db.updateTable(name, table.name, table.options);
  } catch (error) {
    // Half a database is worse than none: what this restore created goes, and the error says why.
    await db.deleteDatabase(name).catch(() => undefined);
    throw error;
  }
  return {
    database: name,
    tables: header.tables.length,
    seriesLines: trailer.series,
    points,
    recordsRejected,
    rejectionReasons: reasons,
  };
}
