import { TidemarkError } from '../../errors/index.ts';
import type { ConstantDimension, CsvDialect, DimensionMapping, ImportMapping, IngestValueType, MeasureMapping } from './types.ts';

/** The options of the UNLOAD statement that shaped the files (Timestream's defaults when omitted). */
export interface UnloadCsvOptions {
  /** `field_delimiter`, ',' by default. */
  readonly fieldDelimiter?: string;
  /** `escaped_by`, '\' by default. */
  readonly escapedBy?: string;
  /** `include_header`, false by default: then `columns` must name the SELECT's columns. */
  readonly includeHeader?: boolean;
}

/** The dialect of UNLOAD CSV output with these options. */
export function dialectOfUnload(options: UnloadCsvOptions = {}): CsvDialect {
  return {
    delimiter: options.fieldDelimiter ?? ',',
    quote: '"',
    escape: options.escapedBy ?? '\\',
    header: options.includeHeader ?? false,
    decimalComma: false,
  };
}

const SCALAR_TYPES = new Set<IngestValueType>(['DOUBLE', 'BIGINT', 'VARCHAR', 'BOOLEAN', 'TIMESTAMP']);

/**
 * A mapping for Timestream UNLOAD CSV output, from the SELECT's column names: `time` (written as
 * `yyyy-MM-dd HH:mm:ss.fffffffff`, UTC), `measure_name` as each row's measure name, `measure_value::<type>`
 * columns as typed single measures, the columns listed in `measureColumns` (multi-measure attributes) as
 * typed measures, and every other column as a dimension. Partition columns (`partitioned_by`) are not in
 * the files (they are folder names), so they are not among the columns.
 */
export function mappingForUnload(
  columns: readonly string[],
  target: { database: string; table: string },
  options: UnloadCsvOptions & { readonly measureColumns?: Readonly<Record<string, IngestValueType>> } = {},
): ImportMapping {
  if (!columns.includes('time')) throw new TidemarkError('VALIDATION', 'UNLOAD output needs a "time" column to import.');
  const dimensions: DimensionMapping[] = [];
  const measures: MeasureMapping[] = [];
  for (const column of columns) {
    if (column === 'time' || column === 'measure_name') continue;
    if (column.startsWith('measure_value::')) {
      const type = column.slice('measure_value::'.length).toUpperCase() as IngestValueType;
      if (!SCALAR_TYPES.has(type)) throw new TidemarkError('VALIDATION', `"${column}" does not name a scalar type.`);
      measures.push({ column, name: type, type });
      continue;
    }
    const declared = options.measureColumns?.[column];
    if (declared !== undefined) measures.push({ column, name: column, type: declared });
    else dimensions.push({ column, name: column });
  }
  const hasName = columns.includes('measure_name');
  const multi = measures.some((m) => !m.column.startsWith('measure_value::'));
  return {
    format: 'timestream-unload',
    dialect: dialectOfUnload(options),
    ...(options.includeHeader ? {} : { columnNames: columns }),
    timeColumn: 'time',
    timeFormat: { kind: 'iso8601' },
    timeZone: 'UTC',
    dimensions,
    measures,
    multiMeasure: multi,
    ...(hasName ? { measureNameColumn: 'measure_name' } : {}),
    target,
  };
}

/**
 * The partition columns of an UNLOAD file, from its Hive-style folders (`…/region=us-east-1/az=a/part-0.csv`):
 * `partitioned_by` columns are not in the files, so they come back as constant dimensions of that file.
 * Values are URL-decoded, as Hive-style writers percent-encode them.
 */
export function partitionDimensionsOfPath(path: string): ConstantDimension[] {
  const out: ConstantDimension[] = [];
  const segments = path.split(/[\\/]/);
  for (const segment of segments.slice(0, -1)) {
    const eq = segment.indexOf('=');
    if (eq <= 0 || eq === segment.length - 1) continue;
    let name = segment.slice(0, eq);
    let value = segment.slice(eq + 1);
    try {
      name = decodeURIComponent(name);
      value = decodeURIComponent(value);
    } catch {
      // A malformed escape stays as written.
    }
    out.push({ name, value });
  }
  return out;
}
