import type { SqlType } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import type { Vector } from '../vector/index.ts';

/** What every function call may read besides its arguments: the query's fixed "now". */
export interface EvalContext {
  /** The query's start time in nanoseconds: now(), current_timestamp and ago() all read it, so one query sees one instant. */
  readonly now: bigint;
}

/** A scalar function resolved for concrete argument types. */
export interface ScalarImpl {
  readonly returnType: SqlType;
  /** The types the binder must cast the arguments to before calling (implicit coercion). */
  readonly argTypes: readonly SqlType[];
  /** When true (most functions), a NULL argument gives NULL without calling `evaluate`. */
  readonly nullOnNullInput: boolean;
  /**
   * True for functions whose value changes from call to call with the same arguments (rand,
   * shuffle): the executor then never evaluates them once for a whole batch.
   */
  readonly volatile?: boolean;
  evaluate(args: readonly SqlValue[], context: EvalContext): SqlValue;
  /** Optional whole-column form, used when present: the hot path for arithmetic and comparisons. */
  evaluateVector?(args: readonly Vector[], length: number, context: EvalContext): Vector | null;
}

export interface ScalarFunction {
  readonly kind: 'scalar';
  readonly name: string;
  /** Human-readable signatures, for errors and completion: `bin(timestamp, interval day to second) -> timestamp`. */
  readonly signatures: readonly string[];
  /** Picks the implementation for these argument types, or throws a TidemarkError naming the types that met. */
  resolve(argTypes: readonly SqlType[]): ScalarImpl;
  /**
   * For functions that take lambdas: the parameter types of the lambda at argument `index`,
   * given the types of the other arguments (null where an argument is itself a lambda).
   */
  lambdaParameterTypes?(argTypes: readonly (SqlType | null)[], index: number): readonly SqlType[] | null;
}

/** One group's running state of an aggregate. */
export interface Accumulator {
  add(args: readonly SqlValue[]): void;
  result(): SqlValue;
}

export interface AggregateImpl {
  readonly returnType: SqlType;
  readonly argTypes: readonly SqlType[];
  /**
   * When true, rows whose arguments include a NULL are skipped before `add` (SQL's rule for
   * sum, avg, min...); count(*) and array_agg see every row.
   */
  readonly skipNullRows: boolean;
  create(): Accumulator;
  /**
   * Optional columnar form: state for many groups in typed arrays, fed whole runs of rows. The
   * aggregate operator uses it for the hot aggregates (count, sum, avg, min, max) when there is
   * no DISTINCT or FILTER; otherwise it falls back to one Accumulator per group.
   */
  grouped?(): GroupedAccumulator;
}

/** Aggregate state for groups 0..n-1, updated a run or a batch at a time. Skips NULL rows itself. */
export interface GroupedAccumulator {
  /** Makes room for groups [0, groupCount). */
  resize(groupCount: number): void;
  /** Adds rows [start, end) of the arguments to one group. */
  addRange(group: number, args: readonly Vector[], start: number, end: number): void;
  /** Adds row i to group groupIds[i], for i in [0, length). */
  addRows(groupIds: Int32Array, args: readonly Vector[], length: number): void;
  result(group: number): SqlValue;
}

export interface AggregateFunction {
  readonly kind: 'aggregate';
  readonly name: string;
  readonly signatures: readonly string[];
  resolve(argTypes: readonly SqlType[]): AggregateImpl;
}

/**
 * A partition as a window function sees it: rows in window order, with peer groups (rows equal
 * in the ORDER BY keys) and the frame of each row already computed.
 */
export interface WindowPartition {
  readonly size: number;
  /** The value of argument `arg` at row `row` of the partition (in window order). */
  argument(arg: number, row: number): SqlValue;
  /** First row of the peer group of `row`, and one past its last row. */
  peerStart(row: number): number;
  peerEnd(row: number): number;
  /** The frame of `row`: [start, end), possibly empty. */
  frameStart(row: number): number;
  frameEnd(row: number): number;
  readonly ignoreNulls: boolean;
}

export interface WindowImpl {
  readonly returnType: SqlType;
  readonly argTypes: readonly SqlType[];
  /** Computes the function for every row of the partition, in window order. */
  evaluate(partition: WindowPartition, context: EvalContext): SqlValue[];
}

export interface WindowFunction {
  readonly kind: 'window';
  readonly name: string;
  readonly signatures: readonly string[];
  /** Whether IGNORE NULLS is allowed (value functions), as Presto allows it. */
  readonly allowsIgnoreNulls: boolean;
  resolve(argTypes: readonly SqlType[]): WindowImpl;
}

export type SqlFunction = ScalarFunction | AggregateFunction | WindowFunction;
