import { TidemarkError } from '../../errors/index.ts';
import {
  checkAttributeName,
  checkDatabaseName,
  checkDimensionName,
  checkDimensionValue,
  checkMeasureName,
  checkTableName,
} from '../model/index.ts';
import { createTimeParser } from './time-parse.ts';
import { createLocalToUtc } from './time-zone.ts';
import type { ImportMapping } from './types.ts';

/** One problem of a mapping: the mapping field it is about (for the editor to highlight) and why. */
export interface MappingProblem {
  readonly field: string;
  readonly reason: string;
}

/** Timestream's limits that a mapping can break before any row is read. */
const MAX_DIMENSIONS = 128;
const MAX_MULTI_MEASURES = 256;

/**
 * Checks an (edited) mapping against what the import and Timestream accept, before any byte is read:
 * names (reserved words, `:` in dimension names, lengths), a dimension named like a measure attribute,
 * duplicate measure names, counts, the time pattern and zone, and the dialect. An empty list means the
 * mapping can be used. A pure function, for the mapping editor to show problems as the user types.
 */
export function checkImportMapping(mapping: ImportMapping): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const add = (field: string, reason: string | undefined): void => {
    if (reason !== undefined) problems.push({ field, reason });
  };
  add('target.database', checkDatabaseName(mapping.target.database));
  add('target.table', checkTableName(mapping.target.table));
  const schemaLess = mapping.format === 'influx-line-protocol' || mapping.format === 'prometheus';
  if (!schemaLess && mapping.timeColumn === '') add('timeColumn', 'Choose the column that holds the time.');
  if (mapping.timeFormat.kind === 'pattern') {
    try {
      createTimeParser(mapping.timeFormat, 'UTC');
    } catch (error) {
      add('timeFormat', error instanceof TidemarkError ? error.message : String(error));
    }
  }
  try {
    createLocalToUtc(mapping.timeZone);
  } catch (error) {
    add('timeZone', error instanceof TidemarkError ? error.message : String(error));
  }

  const dimensionNames = new Set<string>();
  const allDimensions = [
    ...mapping.dimensions.map((d, i) => ({ name: d.name, field: `dimensions[${i}].name` })),
    ...(mapping.constantDimensions ?? []).map((d, i) => ({ name: d.name, field: `constantDimensions[${i}].name` })),
  ];
  for (const { name, field } of allDimensions) {
    add(field, checkDimensionName(name, `Dimension name`));
    if (dimensionNames.has(name)) add(field, `Dimension "${name}" is mapped twice.`);
    dimensionNames.add(name);
  }
  (mapping.constantDimensions ?? []).forEach((d, i) => {
    add(`constantDimensions[${i}].value`, checkDimensionValue(d.value, `The value of dimension "${d.name}"`));
  });
  if (allDimensions.length > MAX_DIMENSIONS)
    add('dimensions', `${allDimensions.length} dimensions; Timestream allows ${MAX_DIMENSIONS} per table.`);
  if (!schemaLess && mapping.format !== 'access-log' && allDimensions.length === 0) {
    add('dimensions', 'Timestream needs at least one dimension per record: map a column or add a constant dimension.');
  }

  if (!schemaLess && mapping.measures.length === 0) add('measures', 'Map at least one column as a measure.');
  const measureNames = new Set<string>();
  mapping.measures.forEach((m, i) => {
    const field = `measures[${i}].name`;
    add(field, mapping.multiMeasure ? checkAttributeName(m.name, 'Measure attribute name') : checkMeasureName(m.name, 'Measure name'));
    if (measureNames.has(m.name)) add(field, `Measure "${m.name}" is mapped twice.`);
    measureNames.add(m.name);
    if (mapping.multiMeasure && dimensionNames.has(m.name)) {
      add(field, `"${m.name}" is both a dimension and a measure attribute; Timestream needs them to differ.`);
    }
  });
  if (mapping.multiMeasure) {
    if (mapping.measures.length > MAX_MULTI_MEASURES) {
      add('measures', `${mapping.measures.length} measures in one record; Timestream allows ${MAX_MULTI_MEASURES}.`);
    }
    if (mapping.measureNameColumn === undefined && mapping.measureNameForSingle !== undefined) {
      add('measureNameForSingle', checkMeasureName(mapping.measureNameForSingle, 'The multi-measure record name'));
    }
  }

  const dialect = mapping.dialect;
  if (dialect !== undefined) {
    if (dialect.delimiter.length !== 1 || dialect.delimiter.charCodeAt(0) > 0x7f)
      add('dialect.delimiter', 'The delimiter must be one ASCII character.');
    if (dialect.quote.length > 1) add('dialect.quote', 'The quote must be one character, or none.');
    if (dialect.escape.length > 1) add('dialect.escape', 'The escape must be one character, or none.');
    if (dialect.quote !== '' && dialect.quote === dialect.delimiter) add('dialect.quote', 'The quote and the delimiter must differ.');
    if (dialect.decimalComma && dialect.delimiter === ',')
      add('dialect.decimalComma', 'Decimal commas need a delimiter other than the comma.');
  }
  return problems;
}
