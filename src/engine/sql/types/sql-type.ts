/**
 * The types of Tidemark's SQL, as Timestream's query language has them (Presto lineage): scalars,
 * the two interval kinds, arrays, rows, maps, and Timestream's `timeseries`. `unknown` is the
 * type of a bare NULL, which every other type accepts.
 */
export type ScalarTypeKind =
  | 'unknown'
  | 'boolean'
  | 'integer'
  | 'bigint'
  | 'double'
  | 'varchar'
  | 'timestamp'
  | 'date'
  | 'time'
  | 'interval day to second'
  | 'interval year to month';

export type SqlType =
  | { readonly kind: ScalarTypeKind }
  | { readonly kind: 'array'; readonly element: SqlType }
  | { readonly kind: 'map'; readonly key: SqlType; readonly value: SqlType }
  | { readonly kind: 'row'; readonly fields: readonly RowField[] }
  | { readonly kind: 'timeseries'; readonly value: SqlType }
  /** The type of a lambda argument before its parameters are known. */
  | { readonly kind: 'function'; readonly params: readonly SqlType[]; readonly result: SqlType };

export interface RowField {
  /** Absent for anonymous fields (`ROW(1, 2)`), which print as field0, field1... */
  readonly name?: string;
  readonly type: SqlType;
}

const scalar = <K extends ScalarTypeKind>(kind: K): { readonly kind: K } => Object.freeze({ kind });

/** The scalar types as shared constants; compare types with {@link typeEquals}, not ===. */
export const T = {
  unknown: scalar('unknown'),
  boolean: scalar('boolean'),
  integer: scalar('integer'),
  bigint: scalar('bigint'),
  double: scalar('double'),
  varchar: scalar('varchar'),
  timestamp: scalar('timestamp'),
  date: scalar('date'),
  time: scalar('time'),
  intervalDayToSecond: scalar('interval day to second'),
  intervalYearToMonth: scalar('interval year to month'),
} as const;

export function arrayOf(element: SqlType): SqlType {
  return { kind: 'array', element };
}

export function mapOf(key: SqlType, value: SqlType): SqlType {
  return { kind: 'map', key, value };
}

export function rowOf(fields: readonly RowField[]): SqlType {
  return { kind: 'row', fields };
}

export function timeseriesOf(value: SqlType): SqlType {
  return { kind: 'timeseries', value };
}

/** The row type of one element of a timeseries: `row(time timestamp, value T)`. */
export function timeseriesElementType(value: SqlType): SqlType {
  return rowOf([
    { name: 'time', type: T.timestamp },
    { name: 'value', type: value },
  ]);
}

export function typeEquals(a: SqlType, b: SqlType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'array':
      return typeEquals(a.element, (b as typeof a).element);
    case 'timeseries':
      return typeEquals(a.value, (b as typeof a).value);
    case 'map':
      return typeEquals(a.key, (b as typeof a).key) && typeEquals(a.value, (b as typeof a).value);
    case 'row': {
      const other = b as typeof a;
      return a.fields.length === other.fields.length && a.fields.every((f, i) => typeEquals(f.type, other.fields[i]!.type));
    }
    case 'function': {
      const other = b as typeof a;
      return (
        typeEquals(a.result, other.result) &&
        a.params.length === other.params.length &&
        a.params.every((p, i) => typeEquals(p, other.params[i]!))
      );
    }
    default:
      return true;
  }
}

/** The type as SQL writes it, lower case as Timestream prints column types: `array(double)`, `row(time timestamp, value double)`. */
export function formatType(type: SqlType): string {
  switch (type.kind) {
    case 'array':
      return `array(${formatType(type.element)})`;
    case 'map':
      return `map(${formatType(type.key)}, ${formatType(type.value)})`;
    case 'timeseries':
      return `timeseries(${formatType(type.value)})`;
    case 'row':
      return `row(${type.fields.map((f) => (f.name ? `${f.name} ${formatType(f.type)}` : formatType(f.type))).join(', ')})`;
    case 'function':
      return `function(${[...type.params, type.result].map(formatType).join(', ')})`;
    default:
      return type.kind;
  }
}

export function isNumeric(type: SqlType): boolean {
  return type.kind === 'integer' || type.kind === 'bigint' || type.kind === 'double';
}

export function isOrderable(type: SqlType): boolean {
  switch (type.kind) {
    case 'map':
    case 'timeseries':
    case 'function':
      return false;
    case 'array':
      return isOrderable(type.element);
    case 'row':
      return type.fields.every((f) => isOrderable(f.type));
    default:
      return true;
  }
}

/** Equality is defined for everything but functions (and maps/timeseries compare structurally). */
export function isComparable(type: SqlType): boolean {
  return type.kind !== 'function';
}
