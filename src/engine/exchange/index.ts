/**
 * Getting data out and back: a query result or a table as CSV or Parquet, and a whole database as one backup
 * file (gzip'd NDJSON, versioned and checksummed; see backup-format.ts) that restores in another browser.
 */
export {
  BACKUP_FORMAT,
  BACKUP_POINTS_PER_LINE,
  BACKUP_VERSION,
  type BackupHeader,
  type BackupSeriesLine,
  type BackupSummary,
  type BackupTrailer,
} from './backup-format.ts';
export { Crc32, crc32 } from './crc32.ts';
export { type ExportFormat, exportQuery, exportTable } from './export-table.ts';
export { type RestoreOptions, type RestoreSummary, restoreDatabase } from './restore-backup.ts';
export { cellText, csvField, resultToCsv } from './result-csv.ts';
export { resultToParquet } from './result-parquet.ts';
export { tableToCsv } from './table-csv.ts';
export { tableToParquet } from './table-parquet.ts';
export { type BackupOptions, backupDatabase } from './write-backup.ts';
