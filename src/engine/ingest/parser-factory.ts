import { TidemarkError } from '../../errors/index.ts';
import { AccessLogParser } from './access-log-parser.ts';
import type { BatchShape } from './batch-builder.ts';
import { CsvParser } from './csv-parser.ts';
import type { FormatParser, ParserOutput } from './format-parser.ts';
import { JsonArrayParser } from './json-array-parser.ts';
import { LineProtocolParser } from './line-protocol-parser.ts';
import { NdjsonParser } from './ndjson-parser.ts';
import { PrometheusParser } from './prometheus-parser.ts';
import type { CsvDialect, ImportMapping } from './types.ts';

/** RFC 4180 CSV with a header: the dialect when a mapping names none. */
export const DEFAULT_CSV_DIALECT: CsvDialect = { delimiter: ',', quote: '"', escape: '', header: true, decimalComma: false };

/** Timestream UNLOAD's CSV: comma, `\` escapes, no header unless `include_header = true`. */
export const UNLOAD_CSV_DIALECT: CsvDialect = { delimiter: ',', quote: '"', escape: '\\', header: false, decimalComma: false };

/** The multi-measure record name used when a mapping does not give one. */
export const DEFAULT_MULTI_MEASURE_NAME = 'metrics';

/** The columns the batches of a mapping start with (schema-less formats add more as they go). */
export function shapeOfMapping(mapping: ImportMapping, batchRows: number): BatchShape {
  const measureName = mapping.multiMeasure
    ? (mapping.measureNameForSingle ?? DEFAULT_MULTI_MEASURE_NAME)
    : mapping.measures.length === 1 && mapping.measureNameColumn === undefined
      ? (mapping.measureNameForSingle ?? mapping.measures[0]!.name)
      : undefined;
  return {
    batchRows,
    multiMeasure: mapping.multiMeasure,
    ...(measureName !== undefined && mapping.measureNameColumn === undefined ? { measureName } : {}),
    withMeasureNames:
      mapping.measureNameColumn !== undefined ||
      mapping.format === 'prometheus' ||
      (mapping.format === 'influx-line-protocol' && mapping.multiMeasure),
    dimensions: [...mapping.dimensions.map((d) => d.name), ...(mapping.constantDimensions ?? []).map((d) => d.name)],
    measures: mapping.measures.map((m) => ({ name: m.name, type: m.type })),
  };
}

/** Creates the streaming parser for a mapping's format. */
export function createFormatParser(mapping: ImportMapping, output: ParserOutput): FormatParser {
  switch (mapping.format) {
    case 'csv':
    case 'timestream-batch-load':
      return new CsvParser(mapping, mapping.dialect ?? DEFAULT_CSV_DIALECT, output);
    case 'timestream-unload':
      return new CsvParser(mapping, mapping.dialect ?? UNLOAD_CSV_DIALECT, output);
    case 'ndjson':
      return new NdjsonParser(mapping, output);
    case 'json-array':
      return new JsonArrayParser(mapping, output);
    case 'influx-line-protocol':
      return new LineProtocolParser(mapping, output);
    case 'prometheus':
      return new PrometheusParser(mapping, output);
    case 'access-log':
      return new AccessLogParser(mapping, output);
    default:
      throw new TidemarkError('INVALID_ARGUMENT', `The import format "${String(mapping.format)}" is not supported.`);
  }
}
