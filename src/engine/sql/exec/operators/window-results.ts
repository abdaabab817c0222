import type { SqlType } from '../../types/sql-type.ts';
import type { SqlValue } from '../../values/sql-value.ts';
import { NumberVector, storageOf, type Vector, vectorFromValues } from '../../vector/index.ts';

/** Where a window function's values for one partition go: `set(row, value)` for row `row` of the partition, in window order. */
export interface PartitionResults {
  set(row: number, value: SqlValue): void;
}

/**
 * One window function's result column over every input row, filled partition by partition at the rows'
 * input positions. Doubles go straight into a Float64Array: a list of numbers holding NULLs keeps each
 * number as a heap object (one allocation per row, most of a moving average's collection time).
 */
export class WindowResultColumn implements PartitionResults {
  private readonly numbers: Float64Array | null;
  private readonly valid: Uint8Array | null;
  private readonly values: SqlValue[] | null;
  private rows: Int32Array = new Int32Array(0);

  constructor(
    private readonly type: SqlType,
    length: number,
  ) {
    const numeric = storageOf(type) === 'number';
    this.numbers = numeric ? new Float64Array(length) : null;
    this.valid = numeric ? new Uint8Array(length) : null;
    this.values = numeric ? null : new Array<SqlValue>(length).fill(null);
  }

  /** The next partition's rows (input positions, in window order). */
  partition(rows: Int32Array): PartitionResults {
    this.rows = rows;
    return this;
  }

  set(row: number, value: SqlValue): void {
    const at = this.rows[row] as number;
    if (this.numbers !== null) {
      if (value === null) return;
      this.numbers[at] = value as number;
      (this.valid as Uint8Array)[at] = 1;
    } else (this.values as SqlValue[])[at] = value;
  }

  vector(): Vector {
    if (this.numbers !== null) return new NumberVector(this.type, this.numbers, this.valid);
    return vectorFromValues(this.type, this.values as SqlValue[]);
  }
}
