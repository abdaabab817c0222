import { commonSuperType } from '../types/coercion.ts';
import { compareValues } from '../values/compare.ts';
import { impl, scalarFunction } from './define.ts';

// Conditional functions that evaluate every argument. `if`, `coalesce` and CASE are special forms
// in the binder instead, because they must not evaluate the branches they do not take.

/** nullif(a, b): NULL when a = b, else a. */
export const nullifFunction = scalarFunction(
  'nullif',
  ['nullif(T, T) -> T'],
  [
    (types) => {
      const [a, b] = types;
      if (!a || !b || types.length !== 2) return null;
      const common = commonSuperType(a, b);
      if (!common) return null;
      return impl(
        [common, common],
        common,
        ([x = null, y = null]) => (x !== null && y !== null && compareValues(x, y, common) === 0 ? null : x),
        {
          nullOnNullInput: false,
        },
      );
    },
  ],
);
