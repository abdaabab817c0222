import type { BoundExpression } from '../plan/bound-expression.ts';
import { castValue } from '../values/cast.ts';
import type { SqlValue } from '../values/sql-value.ts';

/**
 * The value of an expression that reads no column (literals, and calls over them such as
 * `ago(1h)` or `now() - 15m`), with the query's fixed `now`; undefined when it reads data or
 * raises an error (the executor reports the error later, at its row).
 */
export function evaluateConstant(expr: BoundExpression, now: bigint): SqlValue | undefined {
  try {
    return constantValue(expr, now);
  } catch {
    return undefined;
  }
}

function constantValue(expr: BoundExpression, now: bigint): SqlValue | undefined {
  switch (expr.kind) {
    case 'Literal':
      return expr.value;
    case 'Cast': {
      const value = constantValue(expr.value, now);
      return value === undefined ? undefined : castValue(value, expr.value.type, expr.type);
    }
    case 'Call': {
      const args: SqlValue[] = [];
      for (const arg of expr.args) {
        const value = constantValue(arg, now);
        if (value === undefined) return undefined;
        args.push(value);
      }
      if (expr.impl.nullOnNullInput && args.some((a) => a === null)) return null;
      return expr.impl.evaluate(args, { now });
    }
    default:
      return undefined;
  }
}
