import type { SqlType } from '../types/sql-type.ts';
import type { AggregateFunction, AggregateImpl } from './function-types.ts';
import { signatureMismatch } from './signature-error.ts';

/** Builds an aggregate from overloads tried in order, like scalarFunction. */
export function aggregateFunction(
  name: string,
  signatures: readonly string[],
  overloads: readonly ((argTypes: readonly SqlType[]) => AggregateImpl | null)[],
): AggregateFunction {
  return {
    kind: 'aggregate',
    name,
    signatures,
    resolve(argTypes) {
      for (const overload of overloads) {
        const impl = overload(argTypes);
        if (impl) return impl;
      }
      throw signatureMismatch(name, argTypes, signatures);
    },
  };
}
