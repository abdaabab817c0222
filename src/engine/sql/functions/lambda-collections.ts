import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { arrayOf, type SqlType, T, timeseriesElementType } from '../types/sql-type.ts';
import { isLambda, type SqlFunctionValue, type SqlValue, TimeSeries } from '../values/sql-value.ts';
import type { ScalarFunction, ScalarImpl } from './function-types.ts';
import { signatureMismatch } from './signature-error.ts';

// Functions that apply lambdas to the elements of an array or a timeseries: filter, transform
// and reduce. A timeseries element is the row (time, value), so `x -> x.value > 40` works.

function elementType(collection: SqlType | null | undefined): SqlType | null {
  if (!collection) return null;
  if (collection.kind === 'array') return collection.element;
  if (collection.kind === 'timeseries') return timeseriesElementType(collection.value);
  return null;
}

function lambda(value: SqlValue, name: string): SqlFunctionValue {
  if (value === null || !isLambda(value)) throw new TidemarkError('SQL_SEMANTIC', `${name} needs a lambda.`);
  return value;
}

function elements(collection: SqlValue): SqlValue[] {
  if (collection instanceof TimeSeries) return collection.times.map((t, i) => [t, collection.values[i] ?? null]);
  return [...(collection as readonly SqlValue[])];
}

function resolveWith(
  name: string,
  signatures: readonly string[],
  build: (types: readonly SqlType[]) => ScalarImpl | null,
): ScalarFunction['resolve'] {
  return (types) => {
    const impl = build(types);
    if (!impl) throw signatureMismatch(name, types, signatures);
    return impl;
  };
}

const FILTER_SIGNATURES = [
  'filter(array(T), T -> boolean) -> array(T)',
  'filter(timeseries(T), row(time, value) -> boolean) -> timeseries(T)',
];

export const filterFunction: ScalarFunction = {
  kind: 'scalar',
  name: 'filter',
  signatures: FILTER_SIGNATURES,
  lambdaParameterTypes: (types, index) => {
    const element = elementType(types[0]);
    return index === 1 && element ? [element] : null;
  },
  resolve: resolveWith('filter', FILTER_SIGNATURES, ([collection, predicate]) => {
    if (!collection || !predicate || predicate.kind !== 'function' || !canCoerce(predicate.result, T.boolean)) return null;
    if (collection.kind !== 'array' && collection.kind !== 'timeseries') return null;
    return {
      argTypes: [collection, predicate],
      returnType: collection,
      nullOnNullInput: true,
      evaluate: ([value, fn]) => {
        const test = lambda(fn!, 'filter');
        if (value instanceof TimeSeries) {
          const times: bigint[] = [];
          const values: SqlValue[] = [];
          value.times.forEach((t, i) => {
            if (test.invoke([[t, value.values[i] ?? null]]) === true) {
              times.push(t);
              values.push(value.values[i] ?? null);
            }
          });
          return new TimeSeries(times, values);
        }
        return (value as readonly SqlValue[]).filter((x) => test.invoke([x]) === true);
      },
    };
  }),
};

const TRANSFORM_SIGNATURES = ['transform(array(T), T -> U) -> array(U)'];

export const transformFunction: ScalarFunction = {
  kind: 'scalar',
  name: 'transform',
  signatures: TRANSFORM_SIGNATURES,
  lambdaParameterTypes: (types, index) => (index === 1 && types[0]?.kind === 'array' ? [types[0].element] : null),
  resolve: resolveWith('transform', TRANSFORM_SIGNATURES, ([collection, fn]) => {
    if (collection?.kind !== 'array' || fn?.kind !== 'function') return null;
    return {
      argTypes: [collection, fn],
      returnType: arrayOf(fn.result),
      nullOnNullInput: true,
      evaluate: ([value, f]) => (value as readonly SqlValue[]).map((x) => lambda(f!, 'transform').invoke([x])),
    };
  }),
};

const REDUCE_SIGNATURES = ['reduce(array(T) | timeseries(T), S, (S, T) -> S, S -> R) -> R'];

export const reduceFunction: ScalarFunction = {
  kind: 'scalar',
  name: 'reduce',
  signatures: REDUCE_SIGNATURES,
  lambdaParameterTypes: (types, index) => {
    const element = elementType(types[0]);
    const state = types[1];
    if (!element || !state) return null;
    if (index === 2) return [state, element];
    if (index === 3) return [state];
    return null;
  },
  resolve: resolveWith('reduce', REDUCE_SIGNATURES, ([collection, state, input, output]) => {
    if (!elementType(collection) || !state || input?.kind !== 'function' || output?.kind !== 'function') return null;
    if (!canCoerce(input.result, state)) return null;
    return {
      argTypes: [collection!, state, input, output],
      returnType: output.result,
      // A NULL initial state is a legitimate start; only a NULL collection gives NULL.
      nullOnNullInput: false,
      evaluate: ([value, initial, step, finish]) => {
        if (value === null || value === undefined) return null;
        let acc: SqlValue = initial ?? null;
        for (const element of elements(value)) acc = lambda(step!, 'reduce').invoke([acc, element]);
        return lambda(finish!, 'reduce').invoke([acc]);
      },
    };
  }),
};
