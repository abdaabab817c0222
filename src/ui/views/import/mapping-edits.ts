import type { ImportMapping, IngestValueType, MappingProblem, TimeFormat } from '../../../client/index.ts';

/** What a source column becomes. */
export type ColumnRole = 'time' | 'dimension' | 'measure' | 'measure-name' | 'ignore';

export interface ColumnChoice {
  readonly column: string;
  readonly role: ColumnRole;
  /** The dimension or measure name it is written as. */
  readonly name: string;
  readonly type: IngestValueType;
}

export const VALUE_TYPES: readonly IngestValueType[] = ['DOUBLE', 'BIGINT', 'VARCHAR', 'BOOLEAN', 'TIMESTAMP'];

/** Each column's role in a mapping, in file order. */
export function columnChoices(mapping: ImportMapping, columns: readonly string[]): ColumnChoice[] {
  return columns.map((column) => {
    if (column === mapping.timeColumn) return { column, role: 'time', name: column, type: 'TIMESTAMP' };
    if (column === mapping.measureNameColumn) return { column, role: 'measure-name', name: column, type: 'VARCHAR' };
    const dimension = mapping.dimensions.find((d) => d.column === column);
    if (dimension) return { column, role: 'dimension', name: dimension.name, type: 'VARCHAR' };
    const measure = mapping.measures.find((m) => m.column === column);
    if (measure) return { column, role: 'measure', name: measure.name, type: measure.type };
    return { column, role: 'ignore', name: column, type: 'DOUBLE' };
  });
}

/** The mapping with one column given a new role (and name and type); the other columns keep theirs. */
export function withColumnChoice(mapping: ImportMapping, choice: ColumnChoice): ImportMapping {
  const { column } = choice;
  const dimensions = mapping.dimensions.filter((d) => d.column !== column);
  const measures = mapping.measures.filter((m) => m.column !== column);
  let timeColumn = mapping.timeColumn === column ? '' : mapping.timeColumn;
  let measureNameColumn = mapping.measureNameColumn === column ? undefined : mapping.measureNameColumn;
  const at = <T extends { column: string }>(list: T[], item: T, original: readonly T[]): T[] => {
    // Keep the column where it was, so the edit does not reorder the record's attributes.
    const index = original.findIndex((x) => x.column === column);
    const out = [...list];
    out.splice(index >= 0 ? index : out.length, 0, item);
    return out;
  };
  switch (choice.role) {
    case 'time':
      timeColumn = column;
      break;
    case 'measure-name':
      measureNameColumn = column;
      break;
    case 'dimension':
      return finish(
        { ...mapping, timeColumn, dimensions: at(dimensions, { column, name: choice.name }, mapping.dimensions), measures },
        measureNameColumn,
      );
    case 'measure':
      return finish(
        { ...mapping, timeColumn, dimensions, measures: at(measures, { column, name: choice.name, type: choice.type }, mapping.measures) },
        measureNameColumn,
      );
    case 'ignore':
      break;
  }
  return finish({ ...mapping, timeColumn, dimensions, measures }, measureNameColumn);
}

function finish(mapping: ImportMapping, measureNameColumn: string | undefined): ImportMapping {
  const { measureNameColumn: _old, ...rest } = mapping;
  return measureNameColumn === undefined ? rest : { ...rest, measureNameColumn };
}

/** The time format as one select value: `iso8601`, `epoch:ms`, … or `pattern`. */
export function timeFormatKey(format: TimeFormat): string {
  return format.kind === 'epoch' ? `epoch:${format.unit}` : format.kind;
}

export function timeFormatOfKey(key: string, previous: TimeFormat): TimeFormat {
  if (key === 'iso8601') return { kind: 'iso8601' };
  if (key === 'pattern') return { kind: 'pattern', pattern: previous.kind === 'pattern' ? previous.pattern : 'yyyy-MM-dd HH:mm:ss' };
  const unit = key.slice('epoch:'.length);
  return { kind: 'epoch', unit: unit === 's' || unit === 'us' || unit === 'ns' ? unit : 'ms' };
}

/** The problems about a mapping field or any of its parts (`measures` covers `measures[2].name`). */
export function problemsAt(problems: readonly MappingProblem[], field: string): string[] {
  return problems
    .filter((p) => p.field === field || p.field.startsWith(`${field}[`) || p.field.startsWith(`${field}.`))
    .map((p) => p.reason);
}

/** Whether a format has columns to map (CSV, JSON) or a fixed record layout (line protocol, Prometheus, access logs). */
export function hasColumns(mapping: ImportMapping): boolean {
  return mapping.format !== 'influx-line-protocol' && mapping.format !== 'prometheus' && mapping.format !== 'access-log';
}
