import type { SqlType } from '../types/sql-type.ts';
import { resolveOverloads } from './define.ts';
import type { AggregateFunction, AggregateImpl } from './function-types.ts';

/** Builds an aggregate from overloads tried in order, like scalarFunction. */
export function aggregateFunction(
  name: string,
  signatures: readonly string[],
  overloads: readonly ((argTypes: readonly SqlType[]) => AggregateImpl | null)[],
): AggregateFunction {
  return { kind: 'aggregate', name, signatures, resolve: resolveOverloads(name, signatures, overloads) };
}
