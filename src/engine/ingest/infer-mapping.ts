import { detectTimeFormat } from './detect-time.ts';
import { parseBooleanText } from './number-bytes.ts';
import type {
  ConstantDimension,
  CsvDialect,
  DimensionMapping,
  ImportFormat,
  ImportMapping,
  IngestValueType,
  MeasureMapping,
  TimeFormat,
} from './types.ts';

/** A sample of a tabular file: its column names and first rows, as text. */
export interface TableSample {
  readonly format: ImportFormat;
  readonly dialect?: CsvDialect;
  /** Column names (a header, JSON keys, or column1…). */
  readonly columns: readonly string[];
  /** Rows of text, in column order; a missing value is '' or undefined. */
  readonly rows: readonly (readonly (string | undefined)[])[];
  /** The file name, for the default table name and the constant dimension. */
  readonly fileName?: string;
  /** Set when the file has no header and column names were made up. */
  readonly generatedColumnNames?: boolean;
}

/** What the inference concluded about one column, for the preview to show beside the mapping. */
export interface ColumnProfile {
  readonly column: string;
  readonly role: 'time' | 'dimension' | 'measure' | 'measure-name' | 'ignored';
  readonly type?: IngestValueType;
  readonly distinct: number;
  readonly empty: number;
}

/** A proposed mapping, with the reasoning per column. */
export interface InferredMapping {
  readonly mapping: ImportMapping;
  readonly columns: readonly ColumnProfile[];
  /** True when the time column holds times without a zone (the UI should ask for the zone). */
  readonly naiveTimes: boolean;
}

const TIME_NAMES =
  /^(?:time|timestamp|ts|date|datetime|date_?time|@timestamp|_time|time_?stamp|event_?time|created_?at|t|epoch|unix_?time)$/i;
const TIME_NAME_HINT = /time|date|stamp|epoch|(^|_)ts($|_)/i;
const COUNT_NAMES = /count|total|num|bytes|size|requests|hits|errors|qty|quantity|(^|_)n$/i;
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA_NUMBER = /^[+-]?\d+(?:,\d+)?$/;
const ISO_TEXT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
/** Timestream reserves these names; a column named so is renamed in the mapping. */
const RESERVED = new Set(['time', 'measure_name', 'measure_value']);

/** The table name a file suggests: its base name, letters, digits, `_`, `-` and `.` only. */
export function tableNameOf(fileName: string | undefined): string {
  const base = (fileName ?? 'import')
    .split(/[\\/]/)
    .pop()!
    .replace(/\.gz(ip)?$/i, '');
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  const clean = stem.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 250);
  // Timestream table names are 3 to 256 characters.
  return clean === '' ? 'import' : clean.length < 3 ? `${clean}_data` : clean;
}

/** A dimension or measure name Timestream accepts: no `:`, not reserved, not starting with `ts_`. */
export function safeAttributeName(column: string): string {
  let name = column.trim().replace(/:+/g, '_');
  if (name === '') name = 'column';
  if (RESERVED.has(name.toLowerCase()) || /^ts_/i.test(name) || /^measure_(name|value)/i.test(name)) name = `${name}_value`;
  return name;
}

/** A dimension name Timestream accepts: as `safeAttributeName`, and never starting with `measure_name`/`measure_value`. */
export function safeDimensionName(column: string): string {
  const name = safeAttributeName(column);
  return /^measure_(name|value)/i.test(name) ? `dim_${name}` : name;
}

function typeOfValues(column: string, values: readonly string[], decimalComma: boolean): IngestValueType | undefined {
  if (values.length === 0) return undefined;
  if (values.every((value) => INTEGER_TEXT.test(value))) {
    // A DOUBLE holds integers exactly only up to 2^53: larger ones must stay BIGINT to keep every digit.
    const beyondDouble = values.some((value) => value.replace(/^[+-]?0*/, '').length >= 16 && !Number.isSafeInteger(Number(value)));
    return COUNT_NAMES.test(column) || beyondDouble ? 'BIGINT' : 'DOUBLE';
  }
  if (values.every((value) => NUMBER_TEXT.test(value) || (decimalComma && DECIMAL_COMMA_NUMBER.test(value)))) return 'DOUBLE';
  if (values.every((value) => parseBooleanText(value) !== undefined && !/^[01]$/.test(value))) return 'BOOLEAN';
  if (values.every((value) => ISO_TEXT.test(value)) && detectTimeFormat(values) !== undefined) return 'TIMESTAMP';
  return undefined;
}

/**
 * Proposes how a file's columns become Timestream records, from a sample of its rows: the time column
 * (by name, then by content) and its format, numbers and booleans as typed measures, text as dimensions
 * when it repeats (few distinct values) or as VARCHAR measures when it does not (IDs and messages belong in
 * measures). Two measures or more make one multi-measure record per row. A file without any dimension
 * gets a constant `source` dimension naming the file, since Timestream needs one per record.
 * A pure function: the result is a proposal for the user to edit.
 */
export function inferImportMapping(sample: TableSample): InferredMapping {
  const decimalComma = sample.dialect?.decimalComma ?? false;
  const columns = sample.columns;
  const valuesOf = (c: number): string[] =>
    sample.rows.map((row) => (row[c] ?? '').trim()).filter((value) => value !== '' && value !== sample.dialect?.nullValue);

  let timeIndex = -1;
  let time: { format: TimeFormat; naive: boolean } | undefined;
  const candidates = columns.map((name, index) => ({ name, index })).sort((a, b) => rank(a.name) - rank(b.name));
  for (const { name, index } of candidates) {
    const values = valuesOf(index);
    const detected = detectTimeFormat(values);
    if (detected === undefined) continue;
    // Bare integers are only a time when the column is named like one.
    if (detected.format.kind === 'epoch' && !TIME_NAME_HINT.test(name) && !sample.generatedColumnNames) continue;
    if (detected.format.kind === 'epoch' && sample.generatedColumnNames && index !== 0) continue;
    timeIndex = index;
    time = detected;
    break;
  }

  const profiles: ColumnProfile[] = [];
  const dimensions: DimensionMapping[] = [];
  const measures: MeasureMapping[] = [];
  let measureNameColumn: string | undefined;
  // Timestream's shape (an UNLOAD file, a query result, Tidemark's own export): `measure_name` names each
  // record; `measure_value::<type>` columns hold single-measure values, other value columns MULTI attributes.
  const unloadLike = columns.includes('measure_name');
  const rowCount = sample.rows.length;
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    const values = valuesOf(c);
    const distinct = new Set(values).size;
    const empty = rowCount - values.length;
    if (c === timeIndex) {
      profiles.push({ column, role: 'time', distinct, empty });
      continue;
    }
    if (unloadLike && column === 'measure_name') {
      measureNameColumn = column;
      profiles.push({ column, role: 'measure-name', distinct, empty });
      continue;
    }
    if (unloadLike && column.startsWith('measure_value::')) {
      const declared = column.slice('measure_value::'.length).toUpperCase();
      const type: IngestValueType =
        declared === 'BIGINT' || declared === 'VARCHAR' || declared === 'BOOLEAN' || declared === 'TIMESTAMP' ? declared : 'DOUBLE';
      measures.push({ column, name: type, type });
      profiles.push({ column, role: 'measure', type, distinct, empty });
      continue;
    }
    const type = typeOfValues(column, values, decimalComma);
    if (type !== undefined) {
      measures.push({ column, name: safeAttributeName(column), type });
      profiles.push({ column, role: 'measure', type, distinct, empty });
      continue;
    }
    if (values.length === 0) {
      profiles.push({ column, role: 'ignored', distinct, empty });
      continue;
    }
    // Text that repeats names series; text that is mostly unique is data about one event.
    const repeats = distinct <= Math.max(20, values.length * 0.5);
    if (repeats) {
      dimensions.push({ column, name: safeDimensionName(column) });
      profiles.push({ column, role: 'dimension', distinct, empty });
    } else {
      measures.push({ column, name: safeAttributeName(column), type: 'VARCHAR' });
      profiles.push({ column, role: 'measure', type: 'VARCHAR', distinct, empty });
    }
  }

  const table = tableNameOf(sample.fileName);
  const constantDimensions: ConstantDimension[] = dimensions.length === 0 ? [{ name: 'source', value: table }] : [];
  const singleValueColumns = measures.some((m) => m.column.startsWith('measure_value::'));
  const multiMeasure = measureNameColumn === undefined ? measures.length > 1 : !singleValueColumns && measures.length > 0;
  const single = measures.length === 1 ? measures[0] : undefined;
  const mapping: ImportMapping = {
    format: sample.format,
    ...(sample.dialect !== undefined ? { dialect: sample.dialect } : {}),
    ...(sample.generatedColumnNames ? { columnNames: columns } : {}),
    timeColumn: timeIndex >= 0 ? columns[timeIndex]! : '',
    timeFormat: time?.format ?? { kind: 'iso8601' },
    timeZone: 'UTC',
    dimensions,
    ...(constantDimensions.length > 0 ? { constantDimensions } : {}),
    measures,
    multiMeasure,
    ...(measureNameColumn !== undefined
      ? { measureNameColumn }
      : multiMeasure
        ? { measureNameForSingle: 'metrics' }
        : single !== undefined
          ? { measureNameForSingle: single.name }
          : {}),
    target: { database: 'imports', table },
  };
  return { mapping, columns: profiles, naiveTimes: time?.naive ?? false };
}

function rank(name: string): number {
  if (TIME_NAMES.test(name)) return 0;
  if (TIME_NAME_HINT.test(name)) return 1;
  return 2;
}
