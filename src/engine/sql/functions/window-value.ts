import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { T } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import type { WindowFunction, WindowPartition } from './function-types.ts';
import { signatureMismatch } from './signature-error.ts';

// Value window functions: lag, lead (offsets from the current row, ignoring the frame, as in
// Presto), first_value and last_value (over the frame). All take IGNORE NULLS.

function offsetFunction(name: 'lag' | 'lead'): WindowFunction {
  const signatures = [`${name}(x [, bigint offset [, default]]) -> type of x`];
  const direction = name === 'lag' ? -1 : 1;
  return {
    kind: 'window',
    name,
    signatures,
    allowsIgnoreNulls: true,
    resolve(argTypes) {
      const [value, offset, fallback] = argTypes;
      if (!value || argTypes.length > 3 || (offset && !canCoerce(offset, T.bigint)) || (fallback && !canCoerce(fallback, value))) {
        throw signatureMismatch(name, argTypes, signatures);
      }
      const types = [value, ...(offset ? [T.bigint] : []), ...(fallback ? [value] : [])];
      return {
        returnType: value,
        argTypes: types,
        evaluate(p: WindowPartition) {
          const out: SqlValue[] = new Array(p.size);
          for (let row = 0; row < p.size; row++) {
            const rawOffset = offset ? p.argument(1, row) : 1n;
            const fallbackValue = fallback ? p.argument(2, row) : null;
            if (rawOffset === null) {
              out[row] = null;
              continue;
            }
            const steps = Number(rawOffset as bigint);
            if (steps < 0) throw new TidemarkError('SQL_SEMANTIC', `${name} needs an offset of 0 or more, got ${steps}.`);
            out[row] = p.ignoreNulls
              ? stepOverNulls(p, row, direction, steps, fallbackValue)
              : at(p, row + direction * steps, fallbackValue);
          }
          return out;
        },
      };
    },
  };
}

function at(p: WindowPartition, row: number, fallback: SqlValue): SqlValue {
  return row >= 0 && row < p.size ? p.argument(0, row) : fallback;
}

/** The `steps`-th non-null value away from `row` (steps 0 is the row itself). */
function stepOverNulls(p: WindowPartition, row: number, direction: number, steps: number, fallback: SqlValue): SqlValue {
  if (steps === 0) return p.argument(0, row);
  let remaining = steps;
  for (let i = row + direction; i >= 0 && i < p.size; i += direction) {
    if (p.argument(0, i) !== null && --remaining === 0) return p.argument(0, i);
  }
  return fallback;
}

export const lagWindow = offsetFunction('lag');
export const leadWindow = offsetFunction('lead');

function frameEdgeFunction(name: 'first_value' | 'last_value'): WindowFunction {
  const signatures = [`${name}(x) -> type of x`];
  const fromStart = name === 'first_value';
  return {
    kind: 'window',
    name,
    signatures,
    allowsIgnoreNulls: true,
    resolve(argTypes) {
      const [value] = argTypes;
      if (!value || argTypes.length !== 1) throw signatureMismatch(name, argTypes, signatures);
      return {
        returnType: value,
        argTypes: [value],
        evaluate(p: WindowPartition) {
          const out: SqlValue[] = new Array(p.size);
          for (let row = 0; row < p.size; row++) {
            const start = p.frameStart(row);
            const end = p.frameEnd(row);
            out[row] = null;
            if (start >= end) continue;
            if (!p.ignoreNulls) {
              out[row] = p.argument(0, fromStart ? start : end - 1);
              continue;
            }
            if (fromStart) {
              for (let i = start; i < end; i++)
                if (p.argument(0, i) !== null) {
                  out[row] = p.argument(0, i);
                  break;
                }
            } else {
              for (let i = end - 1; i >= start; i--)
                if (p.argument(0, i) !== null) {
                  out[row] = p.argument(0, i);
                  break;
                }
            }
          }
          return out;
        },
      };
    },
  };
}

export const firstValueWindow = frameEdgeFunction('first_value');
export const lastValueWindow = frameEdgeFunction('last_value');
