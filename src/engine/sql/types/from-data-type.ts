import type { DataType } from '../ast/nodes.ts';
import { arrayOf, mapOf, rowOf, type SqlType, T, timeseriesOf } from './sql-type.ts';

const SCALARS: Record<string, SqlType> = {
  boolean: T.boolean,
  integer: T.integer,
  int: T.integer,
  bigint: T.bigint,
  double: T.double,
  'double precision': T.double,
  real: T.double,
  varchar: T.varchar,
  char: T.varchar,
  timestamp: T.timestamp,
  date: T.date,
  time: T.time,
  'interval day to second': T.intervalDayToSecond,
  'interval year to month': T.intervalYearToMonth,
  unknown: T.unknown,
};

/** The SQL type a written type names (`CAST(x AS array(double))`), or a message saying why it is not one. */
export function typeFromDataType(dataType: DataType): SqlType | string {
  const scalar = SCALARS[dataType.name];
  if (scalar) {
    // varchar(n) and char(n) take a length that Tidemark does not enforce; other scalars take none.
    const lengthAllowed = dataType.name === 'varchar' || dataType.name === 'char';
    if (dataType.parameters.length > 0 && !(lengthAllowed && dataType.parameters.every((p) => p.kind === 'NumberParameter'))) {
      return `The type ${dataType.name} takes no parameters.`;
    }
    return scalar;
  }
  const params = dataType.parameters;
  const inner = (index: number): SqlType | string => {
    const p = params[index];
    if (!p) return `The type ${dataType.name} needs a type parameter.`;
    if (p.kind === 'TypeParameter' || p.kind === 'FieldParameter') return typeFromDataType(p.type);
    return `The type ${dataType.name} takes a type, not a number.`;
  };
  switch (dataType.name) {
    case 'array':
    case 'timeseries': {
      if (params.length !== 1) return `The type ${dataType.name} takes exactly one type parameter.`;
      const element = inner(0);
      if (typeof element === 'string') return element;
      return dataType.name === 'array' ? arrayOf(element) : timeseriesOf(element);
    }
    case 'map': {
      if (params.length !== 2) return 'The type map takes a key type and a value type.';
      const key = inner(0);
      const value = inner(1);
      if (typeof key === 'string') return key;
      if (typeof value === 'string') return value;
      return mapOf(key, value);
    }
    case 'row': {
      const fields = [];
      for (const p of params) {
        if (p.kind === 'NumberParameter') return 'The fields of a row type are types, not numbers.';
        const type = typeFromDataType(p.type);
        if (typeof type === 'string') return type;
        fields.push(p.kind === 'FieldParameter' ? { name: p.name.name, type } : { type });
      }
      return rowOf(fields);
    }
    default:
      return `Unknown type '${dataType.name}'.`;
  }
}
