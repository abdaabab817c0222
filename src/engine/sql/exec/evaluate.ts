import { TidemarkError } from '../../../errors/index.ts';
import type { BoundExpression } from '../plan/bound-expression.ts';
import { T } from '../types/sql-type.ts';
import { CastError, castValue } from '../values/cast.ts';
import { compareValues, hashKey } from '../values/compare.ts';
import type { SqlValue } from '../values/sql-value.ts';
import {
  type Batch,
  BooleanVector,
  ConstantVector,
  DictionaryVector,
  storageOf,
  ValueVector,
  type Vector,
  vectorFromValues,
} from '../vector/index.ts';
import type { ExecutionContext } from './execution-context.ts';

/**
 * Evaluates a bound expression over a batch and returns one value per row as a vector. Calls
 * with a whole-column implementation run it; everything else runs row by row. Subquery values
 * must have been prepared (see prepareSubqueries) before the batch is evaluated.
 */
export function evaluate(expr: BoundExpression, batch: Batch, context: ExecutionContext): Vector {
  const n = batch.length;
  // An expression over columns that are constant in this batch (a series' dimensions and
  // measure_name) is constant too: evaluate it once. `hostname IN (...) AND measure_name = 'x'`
  // then costs one evaluation per series instead of one per point.
  if (n > 1 && expr.kind !== 'Column' && expr.kind !== 'Literal' && isConstantInBatch(expr, batch)) {
    return new ConstantVector(expr.type, evaluateRow(expr, batch, 0, context), n);
  }
  if (n > 1 && expr.kind !== 'Column' && expr.kind !== 'Literal' && hasDictionary(batch)) {
    const coded = evaluateOnDictionary(expr, batch, context);
    if (coded) return coded;
  }
  switch (expr.kind) {
    case 'Column':
      return batch.columns[expr.index]!;
    case 'Literal':
      return new ConstantVector(expr.type, expr.value, n);
    case 'OuterColumn':
      return new ConstantVector(expr.type, context.outerRows[expr.depth - 1]?.[expr.index] ?? null, n);
    case 'Call': {
      const args = expr.args.map((a) => evaluate(a, batch, context));
      if (!expr.impl.volatile && args.every((a) => a instanceof ConstantVector) && n > 0) {
        return new ConstantVector(
          expr.type,
          callRow(
            expr,
            args.map((a) => a.get(0)),
            context,
          ),
          n,
        );
      }
      const fast = expr.impl.evaluateVector?.(args, n, context);
      if (fast) return fast;
      const out = new Array<SqlValue>(n);
      const values = new Array<SqlValue>(args.length);
      for (let row = 0; row < n; row++) {
        for (let a = 0; a < args.length; a++) values[a] = args[a]!.get(row);
        out[row] = callRow(expr, values, context);
      }
      return vectorFromValues(expr.type, out);
    }
    case 'And':
    case 'Or':
      return logical(
        expr.kind,
        expr.args.map((a) => evaluate(a, batch, context)),
        n,
      );
    case 'Not': {
      const arg = evaluate(expr.arg, batch, context);
      if (arg instanceof BooleanVector) {
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) out[i] = arg.data[i]! ^ 1;
        return new BooleanVector(T.boolean, out, arg.valid);
      }
      return mapRows(arg, n, (v) => (v === null ? null : !v), T.boolean);
    }
    case 'Case':
      return caseVector(expr, batch, context);
    case 'IsNull': {
      const arg = evaluate(expr.arg, batch, context);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = arg.isNull(i) !== expr.negated ? 1 : 0;
      return new BooleanVector(T.boolean, out);
    }
    default:
      return rowWise(expr, batch, context);
  }
}

function hasDictionary(batch: Batch): boolean {
  for (const column of batch.columns) if (column instanceof DictionaryVector) return true;
  return false;
}

/**
 * The index of the one dictionary column an expression reads besides literals and constant columns (with the
 * same restrictions as isConstantInBatch), -1 when it reads none and -2 when it reads anything else.
 */
function dictionaryInput(expr: BoundExpression, batch: Batch): number {
  let found = -1;
  const pure = pureOver(expr, (index) => {
    const column = batch.columns[index];
    if (column instanceof ConstantVector) return true;
    if (!(column instanceof DictionaryVector) || (found >= 0 && found !== index)) return false;
    found = index;
    return true;
  });
  return pure ? found : -2;
}

/**
 * An expression over one dictionary column (measure_name = 'x', hostname LIKE 'a%', a CASE on measure_name)
 * evaluated once per distinct value the batch's rows use, then spread to the rows by their codes. Values are
 * taken in order of first use, so the first value to raise an error is the first row's that would; unused
 * dictionary entries are never evaluated. Null when the expression reads anything else or the rows use too
 * many distinct values for this to pay.
 */
function evaluateOnDictionary(expr: BoundExpression, batch: Batch, context: ExecutionContext): Vector | null {
  const index = dictionaryInput(expr, batch);
  if (index < 0) return null;
  const column = batch.columns[index] as DictionaryVector;
  const { codes, dictionary } = column;
  const n = batch.length;
  const slot = new Int32Array(dictionary.length).fill(-1);
  const used: SqlValue[] = [];
  // A dictionary may repeat a text (a coalesced batch's holds every series' value): each distinct one is evaluated once.
  const slotOfText = new Map<string | null, number>();
  const local = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    let s = slot[code]!;
    if (s < 0) {
      const value = dictionary[code] ?? null;
      const text = value === null || typeof value === 'string';
      s = text ? (slotOfText.get(value) ?? -1) : -1;
      if (s < 0) {
        s = used.length;
        used.push(value);
        if (text) slotOfText.set(value, s);
        if (used.length * 4 > n) return null;
      }
      slot[code] = s;
    }
    local[i] = s;
  }
  const m = used.length;
  // Unread columns become NULL constants of the small batch's length: only the dictionary and constants are read.
  const small: Batch = {
    columns: batch.columns.map((v, j) =>
      j === index ? new ValueVector(v.type, used) : new ConstantVector(v.type, v instanceof ConstantVector ? v.value : null, m),
    ),
    length: m,
  };
  const perValue = evaluate(expr, small, context);
  if (storageOf(expr.type) !== 'value') return perValue.take(local);
  const values = new Array<SqlValue>(m);
  for (let i = 0; i < m; i++) values[i] = perValue.get(i);
  return new DictionaryVector(expr.type, local, values);
}

/** Whether an expression reads only literals and columns that are constant in the batch (no subqueries or lambdas). */
function isConstantInBatch(expr: BoundExpression, batch: Batch): boolean {
  return pureOver(expr, (index) => batch.columns[index] instanceof ConstantVector);
}

/**
 * Whether an expression is made only of literals, columns `column` accepts (by index) and non-volatile
 * operations over them: then its value for a row depends on those columns' values alone.
 */
function pureOver(expr: BoundExpression, column: (index: number) => boolean): boolean {
  switch (expr.kind) {
    case 'Column':
      return column(expr.index);
    case 'Literal':
      return true;
    case 'Call':
      return !expr.impl.volatile && expr.args.every((a) => pureOver(a, column));
    case 'And':
    case 'Or':
    case 'Coalesce':
      return expr.args.every((a) => pureOver(a, column));
    case 'Cast':
      return pureOver(expr.value, column);
    case 'Not':
    case 'IsNull':
    case 'Try':
      return pureOver(expr.arg, column);
    case 'IsDistinctFrom':
      return pureOver(expr.left, column) && pureOver(expr.right, column);
    case 'Case':
      return expr.whens.every((w) => pureOver(w.condition, column) && pureOver(w.result, column)) && pureOver(expr.else, column);
    case 'InList':
      return pureOver(expr.value, column) && expr.list.every((e) => pureOver(e, column));
    default:
      return false;
  }
}

/**
 * CASE over a whole batch when its conditions are constant for the batch, as `measure_name = 'x'`
 * is on a batch from one series (the Timestream pivot `max(CASE WHEN measure_name = ... THEN
 * measure_value::double END)`): the chosen branch is evaluated as a vector. Conditions are tried in
 * order and each only on rows no earlier condition took, so laziness is kept; as soon as one
 * varies across the batch, the rest goes row by row.
 */
function caseVector(expr: Extract<BoundExpression, { kind: 'Case' }>, batch: Batch, context: ExecutionContext): Vector {
  for (const branch of expr.whens) {
    const condition = evaluate(branch.condition, batch, context);
    if (!(condition instanceof ConstantVector)) return rowWise(expr, batch, context);
    if (condition.value === true) return evaluate(branch.result, batch, context);
  }
  return evaluate(expr.else, batch, context);
}

function rowWise(expr: BoundExpression, batch: Batch, context: ExecutionContext): Vector {
  const out = new Array<SqlValue>(batch.length);
  for (let row = 0; row < batch.length; row++) out[row] = evaluateRow(expr, batch, row, context);
  return vectorFromValues(expr.type, out);
}

function mapRows(vector: Vector, n: number, f: (v: SqlValue) => SqlValue, type: typeof T.boolean): Vector {
  const out = new Array<SqlValue>(n);
  for (let i = 0; i < n; i++) out[i] = f(vector.get(i));
  return vectorFromValues(type, out);
}

/** SQL's three-valued AND/OR over whole columns: FALSE wins AND, TRUE wins OR, else NULL if any NULL. */
function logical(kind: 'And' | 'Or', args: readonly Vector[], n: number): Vector {
  const fast = logicalTyped(kind, args, n);
  if (fast) return fast;
  const decisive = kind !== 'And';
  const out = new Uint8Array(n).fill(decisive ? 0 : 1);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    let sawNull = false;
    let decided = false;
    for (const arg of args) {
      const v = arg.get(i);
      if (v === null) sawNull = true;
      else if (v === decisive) {
        decided = true;
        break;
      }
    }
    if (decided) out[i] = decisive ? 1 : 0;
    else if (sawNull) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    }
  }
  return new BooleanVector(T.boolean, out, valid);
}

/**
 * AND/OR over boolean vectors and constants without boxing: a byte loop per argument. A row is
 * decided (FALSE for AND, TRUE for OR) by any argument; otherwise it is NULL if any argument was.
 */
function logicalTyped(kind: 'And' | 'Or', args: readonly Vector[], n: number): Vector | null {
  if (!args.every((a) => a instanceof BooleanVector || (a instanceof ConstantVector && (a.value === null || typeof a.value === 'boolean'))))
    return null;
  const decisive = kind === 'Or' ? 1 : 0;
  const decided = new Uint8Array(n);
  const sawNull = new Uint8Array(n);
  let anyNull = false;
  for (const arg of args) {
    if (arg instanceof ConstantVector) {
      if (arg.value === null) {
        sawNull.fill(1);
        anyNull = true;
      } else if ((arg.value ? 1 : 0) === decisive) decided.fill(1);
      continue;
    }
    const data = (arg as BooleanVector).data;
    const valid = (arg as BooleanVector).valid;
    if (valid) {
      anyNull = true;
      for (let i = 0; i < n; i++) {
        if (valid[i] === 0) sawNull[i] = 1;
        else if (data[i] === decisive) decided[i] = 1;
      }
    } else for (let i = 0; i < n; i++) if (data[i] === decisive) decided[i] = 1;
  }
  const out = new Uint8Array(n);
  let validity: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if (decided[i]) out[i] = decisive;
    else if (anyNull && sawNull[i]) {
      validity ??= new Uint8Array(n).fill(1);
      validity[i] = 0;
    } else out[i] = 1 - decisive;
  }
  return new BooleanVector(T.boolean, out, validity);
}

function callRow(expr: Extract<BoundExpression, { kind: 'Call' }>, values: readonly SqlValue[], context: ExecutionContext): SqlValue {
  if (expr.impl.nullOnNullInput && values.some((v) => v === null)) return null;
  return expr.impl.evaluate(values, context);
}

/** Evaluates an expression for one row: the general path, used for lazy forms (CASE, COALESCE, TRY) and subqueries. */
export function evaluateRow(expr: BoundExpression, batch: Batch, row: number, context: ExecutionContext): SqlValue {
  switch (expr.kind) {
    case 'Column':
      return batch.columns[expr.index]!.get(row);
    case 'OuterColumn':
      return context.outerRows[expr.depth - 1]?.[expr.index] ?? null;
    case 'Literal':
      return expr.value;
    case 'Call':
      return callRow(
        expr,
        expr.args.map((a) => evaluateRow(a, batch, row, context)),
        context,
      );
    case 'Cast': {
      const value = evaluateRow(expr.value, batch, row, context);
      try {
        return castValue(value, expr.value.type, expr.type);
      } catch (error) {
        if (expr.safe && error instanceof CastError) return null;
        throw error;
      }
    }
    case 'And':
    case 'Or': {
      const decisive = expr.kind === 'Or';
      let sawNull = false;
      for (const arg of expr.args) {
        const v = evaluateRow(arg, batch, row, context);
        if (v === null) sawNull = true;
        else if (v === decisive) return decisive;
      }
      return sawNull ? null : !decisive;
    }
    case 'Not': {
      const v = evaluateRow(expr.arg, batch, row, context);
      return v === null ? null : !v;
    }
    case 'IsNull':
      return (evaluateRow(expr.arg, batch, row, context) === null) !== expr.negated;
    case 'IsDistinctFrom': {
      const a = evaluateRow(expr.left, batch, row, context);
      const b = evaluateRow(expr.right, batch, row, context);
      const distinct = a === null || b === null ? a !== b : compareValues(a, b, expr.compareType) !== 0;
      return distinct !== expr.negated;
    }
    case 'Case':
      for (const w of expr.whens) {
        if (evaluateRow(w.condition, batch, row, context) === true) return evaluateRow(w.result, batch, row, context);
      }
      return evaluateRow(expr.else, batch, row, context);
    case 'Coalesce':
      for (const arg of expr.args) {
        const v = evaluateRow(arg, batch, row, context);
        if (v !== null) return v;
      }
      return null;
    case 'InList': {
      const value = evaluateRow(expr.value, batch, row, context);
      if (value === null) return null;
      let sawNull = false;
      for (const item of expr.list) {
        const v = evaluateRow(item, batch, row, context);
        if (v === null) sawNull = true;
        else if (compareValues(value, v, expr.compareType) === 0) return !expr.negated;
      }
      return sawNull ? null : expr.negated;
    }
    case 'LambdaParam':
      return context.lambdaArgs?.[expr.depth]?.[expr.index] ?? null;
    case 'Lambda': {
      const body = expr.body;
      const arity = expr.params.length;
      // The lambda closes over the row it was made in: outer columns keep reading that row.
      return {
        kind: 'lambda',
        arity,
        invoke: (args) => evaluateRow(body, batch, row, { ...context, lambdaArgs: [args, ...(context.lambdaArgs ?? [])] }),
      };
    }
    case 'Try':
      try {
        return evaluateRow(expr.arg, batch, row, context);
      } catch (error) {
        // try() hides data errors (bad casts, division by zero, overflow), never a cancellation.
        if (error instanceof TidemarkError && error.code === 'SQL_SEMANTIC') return null;
        throw error;
      }
    case 'Subquery': {
      const prepared = context.subqueryValues.get(expr);
      if (prepared === undefined) throw new TidemarkError('INTERNAL', 'A subquery was evaluated before it ran.');
      if (expr.correlated) return (prepared as readonly SqlValue[])[row] ?? null;
      if (expr.mode !== 'in') return prepared as SqlValue;
      return inSubquery(evaluateRow(expr.value!, batch, row, context), prepared as readonly SqlValue[], expr.negated);
    }
  }
}

/**
 * `value IN (subquery)` with SQL's NULL rules, given the subquery's values (already of the
 * comparison type): NULL when the value is NULL, or when it is absent and the list holds a NULL.
 */
export function inSubquery(value: SqlValue, keys: readonly SqlValue[], negated: boolean): SqlValue {
  if (value === null) return keys.length === 0 ? negated : null;
  if (membership(keys).has(hashKey(value))) return !negated;
  return keys.includes(null) ? null : negated;
}

const MEMBERSHIP = new WeakMap<readonly SqlValue[], Set<string>>();

function membership(keys: readonly SqlValue[]): Set<string> {
  let set = MEMBERSHIP.get(keys);
  if (!set) {
    set = new Set(keys.filter((k) => k !== null).map(hashKey));
    MEMBERSHIP.set(keys, set);
  }
  return set;
}

/** Turns a boolean vector into the indices of its TRUE rows (NULL and FALSE rows are dropped). */
export function selectTrue(vector: Vector, n: number): Int32Array {
  const out = new Int32Array(n);
  let count = 0;
  if (vector instanceof BooleanVector) {
    const data = vector.data;
    const valid = vector.valid;
    for (let i = 0; i < n; i++) if (data[i] === 1 && (!valid || valid[i] === 1)) out[count++] = i;
  } else if (vector instanceof ConstantVector) {
    if (vector.value === true) for (let i = 0; i < n; i++) out[count++] = i;
  } else {
    for (let i = 0; i < n; i++) if (vector.get(i) === true) out[count++] = i;
  }
  return out.subarray(0, count);
}
