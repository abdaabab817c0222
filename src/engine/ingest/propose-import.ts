import { accessLogMapping } from './access-log-parser.ts';
import { BatchBuilder } from './batch-builder.ts';
import type { ImportSource } from './byte-source.ts';
import { sniffCsvDialect } from './csv-dialect.ts';
import { defaultColumnName } from './csv-parser.ts';
import { readCsvRows } from './csv-scanner.ts';
import { type DetectedFormat, detectFormat } from './detect-format.ts';
import { fileShapeKey } from './file-shape.ts';
import { type InferredMapping, inferImportMapping, tableNameOf } from './infer-mapping.ts';
import { flattenObject, type JsonValue } from './json-record-mapper.ts';
import { createFormatParser, shapeOfMapping } from './parser-factory.ts';
import { readHead } from './read-head.ts';
import { RejectionSink } from './rejection-sink.ts';
import { dialectOfUnload } from './timestream-unload.ts';
import type { ColumnarBatch, CsvDialect, ImportFormat, ImportMapping, Rejection } from './types.ts';

/** A small table of text for the mapping preview. */
export interface PreviewTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Everything the mapping preview shows before an import starts. */
export interface ImportProposal {
  readonly detected: DetectedFormat;
  readonly inferred: InferredMapping;
  /** The first rows as they are in the file (fields of CSV, keys of JSON, raw lines otherwise). */
  readonly raw: PreviewTable;
  /** The first rows as the proposed mapping reads them, and what it rejects among them. */
  readonly parsed: PreviewTable;
  readonly parsedRejections: readonly Rejection[];
  /** The file's shape (`fileShapeKey`), to look up a mapping remembered for files like it. */
  readonly shapeKey: string;
  /** Why the proposed mapping cannot be used as it is (no time column found, …); the user must edit it. */
  readonly problem?: string;
}

/** Options of `proposeImport`. */
export interface ProposeImportOptions {
  readonly fileName?: string;
  /** Bytes of content to sample (256 KiB by default). */
  readonly sampleBytes?: number;
  readonly previewRows?: number;
  /** The scrape time for Prometheus samples and line protocol lines without a timestamp (now by default). */
  readonly now?: () => Date;
  /** Reads the file as this format instead of the detected one (detection can be wrong; the user decides). */
  readonly format?: ImportFormat;
  /** For delimited formats: this dialect instead of the sniffed one (a header that is not one, a delimiter). */
  readonly dialect?: CsvDialect;
}

/**
 * UNLOAD escapes quotes and backslashes with a backslash; the same header shape also comes from files written
 * by RFC 4180 tools (spreadsheets, Tidemark's own export), which double quotes instead. The sample tells.
 */
function unloadEscape(sample: string): string {
  if (sample.includes('\\"') || sample.includes('\\\\')) return '\\';
  return sample.includes('""') ? '' : '\\';
}

/** The complete top-level elements of the start of a JSON array. */
function jsonArrayElements(text: string, max: number): JsonValue[] {
  const out: JsonValue[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (let i = text.indexOf('[') + 1; i > 0 && i < text.length && out.length < max; i++) {
    const ch = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)) as JsonValue);
        } catch {
          // A malformed element is the import's to report; the sample just skips it.
        }
        start = -1;
      }
      if (depth < 0) break;
    }
  }
  return out;
}

function tableOfObjects(values: readonly JsonValue[]): PreviewTable {
  const columns: string[] = [];
  const seen = new Set<string>();
  const flat = values.map((value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? flattenObject(value) : {}));
  for (const object of flat) {
    for (const key of Object.keys(object)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const text = (v: JsonValue | undefined): string =>
    v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return { columns, rows: flat.map((object) => columns.map((c) => text(object[c]))) };
}

function formatCell(batch: ColumnarBatch, row: number, column: string): string {
  if (column === 'time') {
    const ns = batch.times[row]!;
    const ms = ns / 1_000_000n;
    const rest = ns % 1_000_000n;
    const iso = new Date(Number(ms)).toISOString();
    return rest === 0n ? iso : `${iso.slice(0, -1)}${rest.toString().padStart(6, '0')}Z`;
  }
  if (column === 'measure_name') {
    const id = batch.measureNames?.ids[row];
    return id !== undefined && id >= 0 ? batch.measureNames!.dictionary[id]! : (batch.measureName ?? '');
  }
  const dimension = batch.dimensions.find((d) => d.name === column);
  if (dimension) {
    const id = dimension.ids[row]!;
    return id >= 0 ? dimension.dictionary[id]! : '';
  }
  const measure = batch.measures.find((m) => m.name === column);
  if (measure === undefined) return '';
  if (measure.present[row] !== 1) return '';
  const value = measure.values[row];
  if (measure.type === 'BOOLEAN') return value === 1 ? 'true' : 'false';
  return String(value);
}

/** Parses the sample with a mapping and shows the first rows as text: what the import would write. */
export function previewParsed(
  head: Uint8Array,
  complete: boolean,
  mapping: ImportMapping,
  maxRows = 20,
): { table: PreviewTable; rejections: Rejection[] } {
  const builder = new BatchBuilder(shapeOfMapping(mapping, Math.max(1, maxRows)));
  const rejections = new RejectionSink('preview', maxRows);
  const parser = createFormatParser(mapping, { builder, rejections, maxRecordBytes: head.length + 1 });
  // The head may end mid-record: only a complete content is finished, so a cut last line is not reported.
  parser.push(head);
  if (complete) parser.finish();
  builder.flush();
  const batch = builder.ready[0];
  if (batch === undefined) return { table: { columns: [], rows: [] }, rejections: rejections.kept };
  const columns = [
    'time',
    ...(batch.measureNames !== undefined || batch.measureName !== undefined ? ['measure_name'] : []),
    ...batch.dimensions.map((d) => d.name),
    ...batch.measures.map((m) => m.name),
  ];
  const rows: string[][] = [];
  for (let r = 0; r < Math.min(batch.rowCount, maxRows); r++) rows.push(columns.map((c) => formatCell(batch, r, c)));
  return { table: { columns, rows }, rejections: rejections.kept };
}

/**
 * Looks at the start of a source and proposes how to import it: the format (and gzip), the CSV dialect,
 * the column mapping, and previews of the raw and the parsed first rows. Reads only the sample.
 */
export async function proposeImport(source: ImportSource, options: ProposeImportOptions = {}): Promise<ImportProposal> {
  const fileName = options.fileName ?? (typeof File !== 'undefined' && source instanceof File ? source.name : 'input');
  const previewRows = options.previewRows ?? 20;
  const head = await readHead(source, options.sampleBytes ?? 256 * 1024);
  const found = options.format !== undefined ? { format: options.format, compressed: false } : detectFormat(fileName, head.bytes);
  const detected: DetectedFormat = { format: found.format, compressed: found.compressed || head.compressed };
  const text = (): string => new TextDecoder().decode(head.bytes);
  let inferred: InferredMapping;
  let raw: PreviewTable;
  switch (detected.format) {
    case 'csv':
    case 'timestream-batch-load':
    case 'timestream-unload': {
      const sniffed = options.dialect ?? sniffCsvDialect(head.bytes);
      const dialect: CsvDialect =
        options.dialect !== undefined
          ? options.dialect
          : detected.format === 'timestream-unload'
            ? { ...dialectOfUnload({ includeHeader: true }), delimiter: sniffed.delimiter, escape: unloadEscape(text()) }
            : sniffed;
      const rows = readCsvRows(head.bytes, dialect, 1001, head.complete);
      const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
      const columns =
        dialect.header && rows[0] !== undefined
          ? rows[0].map((name) => name.trim())
          : Array.from({ length: width }, (_, i) => defaultColumnName(i));
      const body = dialect.header ? rows.slice(1) : rows;
      inferred = inferImportMapping({
        format: detected.format,
        dialect,
        columns,
        rows: body,
        fileName,
        generatedColumnNames: !dialect.header,
      });
      raw = { columns, rows: body.slice(0, previewRows) };
      break;
    }
    case 'ndjson':
    case 'json-array': {
      const values =
        detected.format === 'ndjson'
          ? text()
              .split('\n')
              .slice(0, head.complete ? undefined : -1)
              .filter((line) => line.trim() !== '')
              .slice(0, 1000)
              .flatMap((line) => {
                try {
                  return [JSON.parse(line) as JsonValue];
                } catch {
                  return [];
                }
              })
          : jsonArrayElements(text(), 1000);
      const table = tableOfObjects(values);
      inferred = inferImportMapping({ format: detected.format, columns: table.columns, rows: table.rows, fileName });
      raw = { columns: table.columns, rows: table.rows.slice(0, previewRows) };
      break;
    }
    case 'access-log': {
      const mapping = accessLogMapping({ database: 'imports', table: tableNameOf(fileName) });
      inferred = { mapping, columns: [], naiveTimes: false };
      raw = {
        columns: ['line'],
        rows: text()
          .split('\n')
          .slice(0, previewRows)
          .map((line) => [line.replace(/\r$/, '')]),
      };
      break;
    }
    case 'influx-line-protocol':
    case 'prometheus': {
      const content = text();
      const openMetrics = /^# EOF\s*$/m.test(content) || /^# UNIT /m.test(content);
      const mapping: ImportMapping = {
        format: detected.format,
        timeColumn: '',
        timeFormat: { kind: 'epoch', unit: detected.format === 'prometheus' ? (openMetrics ? 's' : 'ms') : 'ns' },
        timeZone: 'UTC',
        dimensions: [],
        measures: [],
        multiMeasure: detected.format === 'influx-line-protocol',
        defaultTime: (options.now?.() ?? new Date()).toISOString(),
        target: { database: 'imports', table: tableNameOf(fileName) },
      };
      inferred = { mapping, columns: [], naiveTimes: false };
      const lines = content.split('\n').slice(0, previewRows);
      raw = { columns: ['line'], rows: lines.map((line) => [line.replace(/\r$/, '')]) };
      break;
    }
  }
  const shapeKey = fileShapeKey(
    detected.format,
    raw.columns.length === 1 && raw.columns[0] === 'line' ? [] : raw.columns,
    inferred.mapping.dialect,
  );
  if (
    inferred.mapping.timeColumn === '' &&
    inferred.mapping.format !== 'prometheus' &&
    inferred.mapping.format !== 'influx-line-protocol'
  ) {
    return {
      detected,
      inferred,
      raw,
      shapeKey,
      parsed: { columns: [], rows: [] },
      parsedRejections: [],
      problem: 'No column reads as a time: choose the time column and its format.',
    };
  }
  try {
    const parsed = previewParsed(head.bytes, head.complete, inferred.mapping, previewRows);
    return { detected, inferred, raw, shapeKey, parsed: parsed.table, parsedRejections: parsed.rejections };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { detected, inferred, raw, shapeKey, parsed: { columns: [], rows: [] }, parsedRejections: [], problem };
  }
}
