import { commonSuperType } from '../types/coercion.ts';
import { isComparable, isOrderable, type SqlType, T } from '../types/sql-type.ts';
import { compareValues } from '../values/compare.ts';
import { BigIntVector, BooleanVector, ConstantVector, NumberVector, storageOf } from '../vector/index.ts';
import { impl, scalarFunction } from './define.ts';
import type { ScalarImpl } from './function-types.ts';
import { mergeValid } from './operators-arithmetic.ts';

// = <> < <= > >= and BETWEEN. Both sides are coerced to a common type first; a varchar compared
// with a timestamp or date is read as one (Timestream lets `time > '2023-09-19'` work).

type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

function test(op: Comparison): (c: number) => boolean {
  switch (op) {
    case '=':
      return (c) => c === 0;
    case '<>':
      return (c) => c !== 0;
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    case '>=':
      return (c) => c >= 0;
  }
}

/** The type both sides are compared as, or null when they cannot be compared. */
export function comparisonType(a: SqlType, b: SqlType): SqlType | null {
  if (a.kind === 'varchar' && isTemporal(b)) return b;
  if (b.kind === 'varchar' && isTemporal(a)) return a;
  if (a.kind === 'date' && b.kind === 'timestamp') return T.timestamp;
  if (a.kind === 'timestamp' && b.kind === 'date') return T.timestamp;
  return commonSuperType(a, b);
}

function isTemporal(t: SqlType): boolean {
  return t.kind === 'timestamp' || t.kind === 'date';
}

const FLIP: Record<Comparison, Comparison> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `data[i] op c` for every row, a loop per operator so the comparison is inlined (IEEE: NaN fails all but <>). */
function compareWithConstant(op: Comparison, data: Float64Array, c: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  switch (op) {
    case '=':
      for (let i = 0; i < length; i++) out[i] = data[i] === c ? 1 : 0;
      break;
    case '<>':
      for (let i = 0; i < length; i++) out[i] = data[i] !== c ? 1 : 0;
      break;
    case '<':
      for (let i = 0; i < length; i++) out[i] = data[i]! < c ? 1 : 0;
      break;
    case '<=':
      for (let i = 0; i < length; i++) out[i] = data[i]! <= c ? 1 : 0;
      break;
    case '>':
      for (let i = 0; i < length; i++) out[i] = data[i]! > c ? 1 : 0;
      break;
    case '>=':
      for (let i = 0; i < length; i++) out[i] = data[i]! >= c ? 1 : 0;
      break;
  }
  return out;
}

/** IEEE comparison for doubles (NaN is unequal to everything), the total order otherwise. */
function doubleCompare(op: Comparison): (x: number, y: number) => boolean {
  switch (op) {
    case '=':
      return (x, y) => x === y;
    case '<>':
      return (x, y) => x !== y;
    case '<':
      return (x, y) => x < y;
    case '<=':
      return (x, y) => x <= y;
    case '>':
      return (x, y) => x > y;
    case '>=':
      return (x, y) => x >= y;
  }
}

function comparisonOverload(op: Comparison) {
  const ordered = op !== '=' && op !== '<>';
  return (types: readonly SqlType[]): ScalarImpl | null => {
    const [a, b] = types;
    if (!a || !b || types.length !== 2) return null;
    const type = comparisonType(a, b);
    if (!type || !(ordered ? isOrderable(type) : isComparable(type))) return null;
    if (type.kind === 'double' || type.kind === 'integer' || type.kind === 'date') {
      const f = doubleCompare(op);
      return impl([type, type], T.boolean, ([x, y]) => f(x as number, y as number), {
        evaluateVector: (args, length) => {
          const [x, y] = args;
          if (x instanceof NumberVector && y instanceof NumberVector) {
            const out = new Uint8Array(length);
            for (let i = 0; i < length; i++) out[i] = f(x.data[i]!, y.data[i]!) ? 1 : 0;
            return new BooleanVector(T.boolean, out, mergeValid(x.valid, y.valid, length));
          }
          // A column against a constant (`measure_value::double > 90`): one specialised loop.
          if (x instanceof NumberVector && y instanceof ConstantVector && typeof y.value === 'number') {
            return new BooleanVector(T.boolean, compareWithConstant(op, x.data, y.value, length), x.valid);
          }
          if (y instanceof NumberVector && x instanceof ConstantVector && typeof x.value === 'number') {
            return new BooleanVector(T.boolean, compareWithConstant(FLIP[op], y.data, x.value, length), y.valid);
          }
          return null;
        },
      });
    }
    const check = test(op);
    if (storageOf(type) === 'bigint') {
      return impl([type, type], T.boolean, ([x, y]) => check(compareValues(x!, y!, type)), { evaluateVector: bigintComparison(op) });
    }
    return impl([type, type], T.boolean, ([x, y]) => check(compareValues(x!, y!, type)));
  };
}

/**
 * Whole-column comparison of bigint-stored values (timestamps above all: `time >= ago(1h)`), for
 * a column against a constant or two columns, without boxing each row.
 */
function bigintComparison(op: Comparison): ScalarImpl['evaluateVector'] {
  // The same JavaScript operators compare bigints exactly.
  const f = doubleCompare(op) as unknown as (x: bigint, y: bigint) => boolean;
  return (args, length) => {
    const [x, y] = args;
    const column = (v: typeof x) => (v instanceof BigIntVector ? v : null);
    const constant = (v: typeof x) => (v instanceof ConstantVector && typeof v.value === 'bigint' ? v.value : null);
    const out = new Uint8Array(length);
    const a = column(x);
    const b = column(y);
    if (a && b) {
      for (let i = 0; i < length; i++) out[i] = f(a.data[i]!, b.data[i]!) ? 1 : 0;
      return new BooleanVector(T.boolean, out, mergeValid(a.valid, b.valid, length));
    }
    const yc = constant(y);
    if (a && yc !== null) {
      for (let i = 0; i < length; i++) out[i] = f(a.data[i]!, yc) ? 1 : 0;
      return new BooleanVector(T.boolean, out, a.valid);
    }
    const xc = constant(x);
    if (b && xc !== null) {
      for (let i = 0; i < length; i++) out[i] = f(xc, b.data[i]!) ? 1 : 0;
      return new BooleanVector(T.boolean, out, b.valid);
    }
    return null;
  };
}

const signatures = (op: string) => [`${op}(T, T) for any comparable T`];
export const equalOperator = scalarFunction('=', signatures('='), [comparisonOverload('=')]);
export const notEqualOperator = scalarFunction('<>', signatures('<>'), [comparisonOverload('<>')]);
export const lessThanOperator = scalarFunction('<', signatures('<'), [comparisonOverload('<')]);
export const lessOrEqualOperator = scalarFunction('<=', signatures('<='), [comparisonOverload('<=')]);
export const greaterThanOperator = scalarFunction('>', signatures('>'), [comparisonOverload('>')]);
export const greaterOrEqualOperator = scalarFunction('>=', signatures('>='), [comparisonOverload('>=')]);

export const COMPARISON_OPERATORS: Record<Comparison, typeof equalOperator> = {
  '=': equalOperator,
  '<>': notEqualOperator,
  '<': lessThanOperator,
  '<=': lessOrEqualOperator,
  '>': greaterThanOperator,
  '>=': greaterOrEqualOperator,
};

/**
 * `x BETWEEN low AND high`: low <= x AND x <= high, with x evaluated once. A NULL bound makes its
 * half unknown, not the whole: `5 BETWEEN NULL AND 1` is false, as `NULL AND false` is.
 */
export const betweenOperator = scalarFunction(
  'between',
  ['between(T, T, T) for any orderable T'],
  [
    (types) => {
      const [x, low, high] = types;
      if (!x || !low || !high || types.length !== 3) return null;
      const first = comparisonType(x, low);
      const type = first && comparisonType(first, high);
      if (!type || !isOrderable(type)) return null;
      return impl(
        [type, type, type],
        T.boolean,
        ([v, lo, hi]) => {
          if (v === null || v === undefined) return null;
          const aboveLow = lo === null || lo === undefined ? null : compareValues(lo, v, type) <= 0;
          const belowHigh = hi === null || hi === undefined ? null : compareValues(v, hi, type) <= 0;
          if (aboveLow === false || belowHigh === false) return false;
          return aboveLow === null || belowHigh === null ? null : true;
        },
        { nullOnNullInput: false },
      );
    },
  ],
);
