import { formatType, T } from '../types/sql-type.ts';
import { scalarFunction } from './define.ts';
import type { ScalarImpl } from './function-types.ts';

// typeof(x): the name of the argument's type as Presto writes it (CAST and try_cast are binder forms).

export const typeofFunction = scalarFunction(
  'typeof',
  ['typeof(T) -> varchar'],
  [
    (types): ScalarImpl | null => {
      const type = types[0];
      if (types.length !== 1 || !type) return null;
      const name = formatType(type);
      // The name depends on the type only, so NULL has one too (typeof(NULL) is 'unknown').
      return { argTypes: [type], returnType: T.varchar, nullOnNullInput: false, evaluate: () => name };
    },
  ],
);
