import { canCoerce } from '../types/coercion.ts';
import type { SqlType } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import { impl } from './define.ts';
import type { EvalContext, ScalarImpl } from './function-types.ts';

/**
 * An overload with fixed parameter types: it accepts exactly that many arguments when each one
 * coerces to its parameter, so most scalar functions are one line per signature.
 */
export function fixed(
  params: readonly SqlType[],
  returnType: SqlType,
  evaluate: (args: readonly SqlValue[], context: EvalContext) => SqlValue,
  options: { volatile?: boolean } = {},
): (argTypes: readonly SqlType[]) => ScalarImpl | null {
  return (argTypes) =>
    argTypes.length === params.length && argTypes.every((t, i) => canCoerce(t, params[i]!))
      ? impl(params, returnType, evaluate, options)
      : null;
}
