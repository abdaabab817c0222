import type { CsvDialect, ImportFormat } from './types.ts';

/**
 * A key for "files of this shape": the format, the dialect's delimiter and header, and the column names in
 * order (case and surrounding spaces ignored). Two exports of the same system share it, so a mapping the
 * user edited once can be offered again for the next file like it. Schema-less formats (line protocol,
 * Prometheus, access logs) have one shape per format.
 */
export function fileShapeKey(format: ImportFormat, columns: readonly string[], dialect?: CsvDialect): string {
  const parts: string[] = [format];
  if (dialect !== undefined) parts.push(`delimiter=${dialect.delimiter}`, `header=${dialect.header}`);
  if (columns.length > 0) parts.push(`columns=${columns.map((c) => c.trim().toLowerCase()).join('\u001f')}`);
  return parts.join('|');
}
