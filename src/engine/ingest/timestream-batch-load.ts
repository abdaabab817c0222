import { TidemarkError } from '../../errors/index.ts';
import type { CsvDialect, ImportMapping, IngestValueType, MeasureMapping } from './types.ts';

/** Timestream's batch-load `CsvConfiguration`. */
export interface BatchLoadCsvConfiguration {
  readonly ColumnSeparator?: string;
  readonly EscapeChar?: string;
  readonly QuoteChar?: string;
  readonly NullValue?: string;
  readonly TrimWhiteSpace?: boolean;
}

/** One attribute of a multi-measure mapping. */
export interface BatchLoadMultiMeasureAttributeMapping {
  readonly SourceColumn: string;
  readonly TargetMultiMeasureAttributeName?: string;
  readonly MeasureValueType?: string;
}

/** One entry of `MixedMeasureMappings`. */
export interface BatchLoadMixedMeasureMapping {
  readonly MeasureName?: string;
  readonly SourceColumn?: string;
  readonly TargetMeasureName?: string;
  readonly MeasureValueType: string;
  readonly MultiMeasureAttributeMappings?: readonly BatchLoadMultiMeasureAttributeMapping[];
}

/** Timestream's batch-load `DataModel`: how CSV columns become records. */
export interface BatchLoadDataModel {
  readonly TimeColumn?: string;
  readonly TimeUnit?: 'MILLISECONDS' | 'SECONDS' | 'MICROSECONDS' | 'NANOSECONDS';
  readonly DimensionMappings: readonly { readonly SourceColumn?: string; readonly DestinationColumn?: string }[];
  readonly MeasureNameColumn?: string;
  readonly MultiMeasureMappings?: {
    readonly TargetMultiMeasureName?: string;
    readonly MultiMeasureAttributeMappings: readonly BatchLoadMultiMeasureAttributeMapping[];
  };
  readonly MixedMeasureMappings?: readonly BatchLoadMixedMeasureMapping[];
}

const UNITS = { MILLISECONDS: 'ms', SECONDS: 's', MICROSECONDS: 'us', NANOSECONDS: 'ns' } as const;

function valueType(text: string | undefined, where: string): IngestValueType {
  const upper = (text ?? 'DOUBLE').toUpperCase();
  if (upper === 'DOUBLE' || upper === 'BIGINT' || upper === 'VARCHAR' || upper === 'BOOLEAN' || upper === 'TIMESTAMP') return upper;
  throw new TidemarkError('VALIDATION', `${where}: MeasureValueType "${text}" is not DOUBLE, BIGINT, VARCHAR, BOOLEAN or TIMESTAMP.`);
}

/** The dialect of a batch-load CSV configuration (header required, as Timestream requires it). */
export function dialectOfBatchLoad(config: BatchLoadCsvConfiguration = {}): CsvDialect {
  const separator = config.ColumnSeparator ?? ',';
  if (![',', ';', '\t', ' ', '|'].includes(separator)) {
    throw new TidemarkError('VALIDATION', `ColumnSeparator "${separator}" is not one Timestream batch load accepts (, ; tab space |).`);
  }
  return {
    delimiter: separator,
    quote: config.QuoteChar ?? '"',
    escape: config.EscapeChar ?? '',
    header: true,
    decimalComma: false,
    ...(config.NullValue !== undefined ? { nullValue: config.NullValue } : {}),
    ...(config.TrimWhiteSpace !== undefined ? { trimWhitespace: config.TrimWhiteSpace } : {}),
  };
}

/**
 * Turns a Timestream batch-load task's `DataModel` and `CsvConfiguration` into an import mapping: epoch time
 * column and unit, dimension mappings (renamed to their destination), a measure-name column, and either
 * multi-measure attribute mappings or single measures (`MixedMeasureMappings` entries without attributes).
 */
export function mappingFromBatchLoad(
  dataModel: BatchLoadDataModel,
  target: { database: string; table: string },
  csv: BatchLoadCsvConfiguration = {},
): ImportMapping {
  if (dataModel.DimensionMappings.length === 0)
    throw new TidemarkError('VALIDATION', 'DataModel.DimensionMappings needs at least one dimension.');
  const dimensions = dataModel.DimensionMappings.map((d, i) => {
    if (d.SourceColumn === undefined) throw new TidemarkError('VALIDATION', `DimensionMappings[${i}] has no SourceColumn.`);
    return { column: d.SourceColumn, name: d.DestinationColumn ?? d.SourceColumn };
  });
  let measures: MeasureMapping[] = [];
  let multiMeasure = false;
  let multiName: string | undefined;
  if (dataModel.MultiMeasureMappings !== undefined) {
    multiMeasure = true;
    multiName = dataModel.MultiMeasureMappings.TargetMultiMeasureName;
    measures = dataModel.MultiMeasureMappings.MultiMeasureAttributeMappings.map((a, i) => ({
      column: a.SourceColumn,
      name: a.TargetMultiMeasureAttributeName ?? a.SourceColumn,
      type: valueType(a.MeasureValueType, `MultiMeasureAttributeMappings[${i}]`),
    }));
  } else if (dataModel.MixedMeasureMappings !== undefined) {
    for (const [i, m] of dataModel.MixedMeasureMappings.entries()) {
      if (m.MeasureValueType.toUpperCase() === 'MULTI') {
        throw new TidemarkError(
          'VALIDATION',
          `MixedMeasureMappings[${i}]: MULTI entries are not supported by this importer yet; use MultiMeasureMappings.`,
        );
      }
      if (m.SourceColumn === undefined) throw new TidemarkError('VALIDATION', `MixedMeasureMappings[${i}] has no SourceColumn.`);
      measures.push({
        column: m.SourceColumn,
        name: m.TargetMeasureName ?? m.MeasureName ?? m.SourceColumn,
        type: valueType(m.MeasureValueType, `MixedMeasureMappings[${i}]`),
      });
    }
  } else {
    throw new TidemarkError('VALIDATION', 'DataModel needs MultiMeasureMappings or MixedMeasureMappings.');
  }
  if (!multiMeasure && measures.length > 1 && dataModel.MeasureNameColumn !== undefined) {
    throw new TidemarkError(
      'VALIDATION',
      'A MeasureNameColumn with several single measures would give every measure the same name; use MultiMeasureMappings.',
    );
  }
  return {
    format: 'timestream-batch-load',
    dialect: dialectOfBatchLoad(csv),
    timeColumn: dataModel.TimeColumn ?? 'time',
    timeFormat: { kind: 'epoch', unit: UNITS[dataModel.TimeUnit ?? 'MILLISECONDS'] },
    timeZone: 'UTC',
    dimensions,
    measures,
    multiMeasure,
    ...(multiName !== undefined ? { measureNameForSingle: multiName } : {}),
    ...(dataModel.MeasureNameColumn !== undefined ? { measureNameColumn: dataModel.MeasureNameColumn } : {}),
    target,
  };
}
