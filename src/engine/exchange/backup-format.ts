/**
 * Tidemark's backup file, version 2: one database in one file, to move data to another browser or machine.
 *
 * The file is gzip-compressed UTF-8 NDJSON (one JSON object per line, `\n` line ends):
 * 1. a header: `{ "format": "tidemark-backup", "version": 2, "database", "createdAt", "tables": [{ "name", "options" }] }`
 *    (`options` are the table's retention settings as `describeTable` reports them);
 * 2. series lines, each up to `BACKUP_POINTS_PER_LINE` points of one series, in time order:
 *    `{ "table", "measureName", "dimensions": { name: value }, "kind": "single" | "multi",
 *       "columns": [{ "name", "type" }], "times": ["<ns since the epoch>", ...], "values": [[column 0 values], ...],
 *       "versions": ["<record version>", ...] }`, `versions` (decimal strings, each >= 1) only when some row of the
 *    line is not version 1.
 *    Values by type: DOUBLE a JSON number (its shortest exact form) or "NaN"/"Infinity"/"-Infinity";
 *    BIGINT and TIMESTAMP (ns) a decimal string (JSON numbers cannot hold 64 bits); BOOLEAN true/false;
 *    VARCHAR a string; a missing MULTI attribute value null;
 * 3. a trailer: `{ "end": true, "series", "points", "lines", "crc32" }`: how many series lines and points came
 *    before it, the lines before it counting the header, and the CRC-32 (IEEE, 8 hex digits) of every byte before
 *    the trailer, line ends included.
 *
 * A restore checks the whole file (header, version, counts, checksum) before it writes anything. Records keep
 * their versions, so upserts after a restore are judged as before it. Version 1 files (no `versions`) still
 * restore, every record at version 1.
 */
import type { ScalarMeasureType, TableOptions } from '../model/types.ts';

export const BACKUP_FORMAT = 'tidemark-backup';
export const BACKUP_VERSION = 2;
/** The file versions a restore reads. */
export const BACKUP_VERSIONS_READ: readonly number[] = [1, 2];
/** Points per series line: lines stay well under a megabyte. */
export const BACKUP_POINTS_PER_LINE = 10_000;

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly database: string;
  readonly createdAt: string;
  readonly tables: readonly { readonly name: string; readonly options: TableOptions }[];
}

export type BackupValue = number | string | boolean | null;

export interface BackupSeriesLine {
  readonly table: string;
  readonly measureName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly kind: 'single' | 'multi';
  readonly columns: readonly { readonly name: string; readonly type: ScalarMeasureType }[];
  readonly times: readonly string[];
  readonly values: readonly (readonly BackupValue[])[];
  /** Per-row record versions, when some row is not version 1. */
  readonly versions?: readonly string[];
}

export interface BackupTrailer {
  readonly end: true;
  readonly series: number;
  readonly points: number;
  readonly lines: number;
  readonly crc32: string;
}

/** What a backup or a restore did. */
export interface BackupSummary {
  readonly database: string;
  readonly tables: number;
  /** Series lines (a long series spans several). */
  readonly seriesLines: number;
  readonly points: number;
}
