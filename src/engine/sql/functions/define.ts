import type { SqlType } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import type { EvalContext, ScalarFunction, ScalarImpl } from './function-types.ts';
import { signatureMismatch } from './signature-error.ts';

/**
 * Builds a scalar function from overloads tried in order. Each overload says whether it accepts
 * the argument types and, if so, returns its implementation; the first that accepts wins.
 */
export function scalarFunction(
  name: string,
  signatures: readonly string[],
  overloads: readonly ((argTypes: readonly SqlType[]) => ScalarImpl | null)[],
): ScalarFunction {
  return { kind: 'scalar', name, signatures, resolve: resolveOverloads(name, signatures, overloads) };
}

/** The first overload that accepts the argument types, or an error naming the types that met. */
export function resolveOverloads<I>(
  name: string,
  signatures: readonly string[],
  overloads: readonly ((argTypes: readonly SqlType[]) => I | null)[],
): (argTypes: readonly SqlType[]) => I {
  return (argTypes) => {
    for (const overload of overloads) {
      const impl = overload(argTypes);
      if (impl) return impl;
    }
    throw signatureMismatch(name, argTypes, signatures);
  };
}

/** A plain implementation: fixed argument and return types, NULL in gives NULL out. */
export function impl(
  argTypes: readonly SqlType[],
  returnType: SqlType,
  evaluate: (args: readonly SqlValue[], context: EvalContext) => SqlValue,
  options: { nullOnNullInput?: boolean; volatile?: boolean; evaluateVector?: ScalarImpl['evaluateVector'] } = {},
): ScalarImpl {
  return {
    argTypes,
    returnType,
    nullOnNullInput: options.nullOnNullInput ?? true,
    evaluate,
    ...(options.volatile ? { volatile: true } : {}),
    ...(options.evaluateVector ? { evaluateVector: options.evaluateVector } : {}),
  };
}
