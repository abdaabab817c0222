import { canCoerce } from '../types/coercion.ts';
import { type SqlType, T } from '../types/sql-type.ts';
import { addMonthsToTimestamp } from '../values/calendar-arithmetic.ts';
import { NANOS_PER_DAY, type SqlValue } from '../values/sql-value.ts';
import { NumberVector } from '../vector/index.ts';
import { checkedInt32, checkedInt64, divisionByZero } from './arithmetic-errors.ts';
import { impl, scalarFunction } from './define.ts';
import type { ScalarImpl } from './function-types.ts';

// The arithmetic operators + - * / % and unary minus, with Presto's rules: integer arithmetic
// is exact and raises on overflow and on division by zero (which truncates toward zero); double
// arithmetic is IEEE; timestamps and dates move by intervals.

type NumericKind = 'integer' | 'bigint' | 'double';
type Op = '+' | '-' | '*' | '/' | '%';

function numericResult(a: SqlType, b: SqlType): NumericKind | null {
  for (const kind of ['integer', 'bigint', 'double'] as const) {
    if (canCoerce(a, T[kind]) && canCoerce(b, T[kind])) return kind;
  }
  return null;
}

function doubleOp(op: Op): (x: number, y: number) => number {
  switch (op) {
    case '+':
      return (x, y) => x + y;
    case '-':
      return (x, y) => x - y;
    case '*':
      return (x, y) => x * y;
    case '/':
      return (x, y) => x / y;
    case '%':
      return (x, y) => x % y;
  }
}

/** Adds a whole-column loop for double and integer operands: no per-row dispatch on the hot path. */
function vectorizedNumber(op: Op, kind: 'double' | 'integer'): ScalarImpl['evaluateVector'] {
  const f = doubleOp(op);
  return (args, length) => {
    const [a, b] = args;
    if (!(a instanceof NumberVector) || !(b instanceof NumberVector)) return null;
    const out = new Float64Array(length);
    const x = a.data;
    const y = b.data;
    if (kind === 'double') {
      for (let i = 0; i < length; i++) out[i] = f(x[i]!, y[i]!);
    } else {
      for (let i = 0; i < length; i++) {
        if ((op === '/' || op === '%') && y[i] === 0 && (!a.valid || a.valid[i]) && (!b.valid || b.valid[i])) throw divisionByZero();
        out[i] = op === '/' ? Math.trunc(x[i]! / y[i]!) : f(x[i]!, y[i]!);
        if (!Number.isNaN(out[i]!)) checkedInt32(out[i]!, opName(op));
      }
    }
    return new NumberVector(kind === 'double' ? T.double : T.integer, out, mergeValid(a.valid, b.valid, length));
  };
}

export function mergeValid(a: Uint8Array | null, b: Uint8Array | null, length: number): Uint8Array | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

function opName(op: Op): string {
  return { '+': 'addition', '-': 'subtraction', '*': 'multiplication', '/': 'division', '%': 'modulus' }[op];
}

function bigintOp(op: Op): (x: bigint, y: bigint) => bigint {
  switch (op) {
    case '+':
      return (x, y) => checkedInt64(x + y, 'addition');
    case '-':
      return (x, y) => checkedInt64(x - y, 'subtraction');
    case '*':
      return (x, y) => checkedInt64(x * y, 'multiplication');
    case '/':
      return (x, y) => {
        if (y === 0n) throw divisionByZero();
        return checkedInt64(x / y, 'division');
      };
    case '%':
      return (x, y) => {
        if (y === 0n) throw divisionByZero();
        return x % y;
      };
  }
}

function numericOverload(op: Op) {
  return (types: readonly SqlType[]): ScalarImpl | null => {
    const [a, b] = types;
    if (!a || !b || types.length !== 2) return null;
    const kind = numericResult(a, b);
    if (!kind) return null;
    const type = T[kind];
    if (kind === 'double') {
      const f = doubleOp(op);
      return impl([type, type], type, ([x, y]) => f(x as number, y as number), { evaluateVector: vectorizedNumber(op, 'double') });
    }
    if (kind === 'integer') {
      const f = doubleOp(op);
      return impl(
        [type, type],
        type,
        ([x, y]) => {
          if ((op === '/' || op === '%') && y === 0) throw divisionByZero();
          return checkedInt32(op === '/' ? Math.trunc((x as number) / (y as number)) : f(x as number, y as number), opName(op));
        },
        { evaluateVector: vectorizedNumber(op, 'integer') },
      );
    }
    const f = bigintOp(op);
    return impl([type, type], type, ([x, y]) => f(x as bigint, y as bigint));
  };
}

/** timestamp ± interval, date ± interval, interval ± interval, timestamp - timestamp. */
function temporalOverload(op: '+' | '-') {
  const sign = op === '+' ? 1n : -1n;
  return (types: readonly SqlType[]): ScalarImpl | null => {
    const [a, b] = types;
    if (!a || !b || types.length !== 2) return null;
    const ds = T.intervalDayToSecond;
    const ym = T.intervalYearToMonth;
    if (a.kind === 'timestamp' && b.kind === 'interval day to second') {
      return impl([a, b], T.timestamp, ([t, i]) =>
        checkedInt64((t as bigint) + sign * (i as bigint), op === '+' ? 'addition' : 'subtraction'),
      );
    }
    if (op === '+' && a.kind === 'interval day to second' && b.kind === 'timestamp') {
      return impl([a, b], T.timestamp, ([i, t]) => checkedInt64((t as bigint) + (i as bigint), 'addition'));
    }
    if (a.kind === 'timestamp' && b.kind === 'interval year to month') {
      return impl([a, b], T.timestamp, ([t, m]) => addMonthsToTimestamp(t as bigint, Number(sign) * (m as number)));
    }
    if (a.kind === 'date' && b.kind === 'interval day to second') {
      // Presto keeps the date type and moves by whole days.
      return impl([a, b], T.date, ([d, i]) => (d as number) + Number(sign) * Number((i as bigint) / NANOS_PER_DAY));
    }
    if (a.kind === 'date' && b.kind === 'interval year to month') {
      return impl([a, b], T.date, ([d, m]) =>
        Number(addMonthsToTimestamp(BigInt(d as number) * NANOS_PER_DAY, Number(sign) * (m as number)) / NANOS_PER_DAY),
      );
    }
    if (a.kind === 'interval day to second' && b.kind === 'interval day to second') {
      return impl([ds, ds], ds, ([x, y]) => checkedInt64((x as bigint) + sign * (y as bigint), 'interval arithmetic'));
    }
    if (a.kind === 'interval year to month' && b.kind === 'interval year to month') {
      return impl([ym, ym], ym, ([x, y]) => (x as number) + Number(sign) * (y as number));
    }
    if (op === '-' && a.kind === 'timestamp' && b.kind === 'timestamp') {
      return impl([a, b], ds, ([x, y]) => (x as bigint) - (y as bigint));
    }
    return null;
  };
}

/** interval * number, number * interval, interval / number. */
function intervalScaleOverload(op: '*' | '/') {
  return (types: readonly SqlType[]): ScalarImpl | null => {
    const [a, b] = types;
    if (!a || !b || types.length !== 2) return null;
    const scale = (interval: SqlValue, factor: SqlValue, type: SqlType): SqlValue => {
      const f = typeof factor === 'bigint' ? Number(factor) : (factor as number);
      if (op === '/' && f === 0) throw divisionByZero();
      if (type.kind === 'interval year to month') return Math.trunc(op === '*' ? (interval as number) * f : (interval as number) / f);
      const ns = Number(interval as bigint);
      return BigInt(Math.trunc(op === '*' ? ns * f : ns / f));
    };
    const isInterval = (t: SqlType) => t.kind === 'interval day to second' || t.kind === 'interval year to month';
    const isNumber = (t: SqlType) => canCoerce(t, T.double);
    if (isInterval(a) && isNumber(b)) return impl([a, b], a, ([i, f]) => scale(i!, f!, a));
    if (op === '*' && isNumber(a) && isInterval(b)) return impl([a, b], b, ([f, i]) => scale(i!, f!, b));
    return null;
  };
}

const SIGNATURES = {
  '+': ['+(number, number)', '+(timestamp|date, interval)', '+(interval, interval)'],
  '-': ['-(number, number)', '-(timestamp|date, interval)', '-(interval, interval)', '-(timestamp, timestamp)'],
  '*': ['*(number, number)', '*(interval, number)'],
  '/': ['/(number, number)', '/(interval, number)'],
  '%': ['%(number, number)'],
} as const;

export const addOperator = scalarFunction('+', SIGNATURES['+'], [numericOverload('+'), temporalOverload('+')]);
export const subtractOperator = scalarFunction('-', SIGNATURES['-'], [numericOverload('-'), temporalOverload('-')]);
export const multiplyOperator = scalarFunction('*', SIGNATURES['*'], [numericOverload('*'), intervalScaleOverload('*')]);
export const divideOperator = scalarFunction('/', SIGNATURES['/'], [numericOverload('/'), intervalScaleOverload('/')]);
export const modulusOperator = scalarFunction('%', SIGNATURES['%'], [numericOverload('%')]);

export const negateOperator = scalarFunction(
  'negate',
  ['-(number)', '-(interval)'],
  [
    ([a, ...rest]) => {
      if (!a || rest.length > 0) return null;
      switch (a.kind) {
        case 'double':
        case 'integer':
        case 'interval year to month':
          return impl([a], a, ([x]) => (a.kind === 'integer' ? checkedInt32(-(x as number), 'negation') : -(x as number)));
        case 'bigint':
        case 'interval day to second':
          return impl([a], a, ([x]) => checkedInt64(-(x as bigint), 'negation'));
        case 'unknown':
          return impl([T.bigint], T.bigint, () => null);
        default:
          return null;
      }
    },
  ],
);
