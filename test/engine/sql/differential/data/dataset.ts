/**
 * Generated data in a neutral shape that both loaders read: Tidemark's (WriteRecords / writeColumns)
 * and DuckDB's (one table per Tidemark table, shaped like the table view DESCRIBE shows).
 */
export type MeasureType = 'DOUBLE' | 'BIGINT' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMP';

/** One typed value; `value` is Timestream's text form (what WriteRecords carries). */
export interface TypedValue {
  readonly name: string;
  readonly type: MeasureType;
  readonly value: string;
}

export interface GeneratedRecord {
  /** Dimension name and value pairs; a series without a dimension reads NULL in that column. */
  readonly dimensions: readonly (readonly [string, string])[];
  readonly measureName: string;
  /** Nanoseconds since the epoch: Timestream keeps (and Tidemark must return) nanosecond times. */
  readonly timeNs: bigint;
  /** A single measure (stored in `measure_value::<type>`) or the attributes of a MULTI record. */
  readonly measure:
    | { readonly kind: 'single'; readonly type: MeasureType; readonly value: string }
    | { readonly kind: 'multi'; readonly values: readonly TypedValue[] };
}

export interface GeneratedTable {
  readonly database: string;
  readonly table: string;
  readonly records: readonly GeneratedRecord[];
}

/** What the query generator may refer to: real dimension values and measure names of a table. */
export interface TableFacts {
  readonly database: string;
  readonly table: string;
  /** Dimension name -> the values the data uses. */
  readonly dimensionValues: ReadonlyMap<string, readonly string[]>;
  readonly measureNames: readonly string[];
  /** The first and last record time, in ms. */
  readonly startMs: number;
  readonly endMs: number;
}

export function factsOf(generated: GeneratedTable): TableFacts {
  const dimensionValues = new Map<string, Set<string>>();
  const measureNames = new Set<string>();
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const record of generated.records) {
    for (const [name, value] of record.dimensions) {
      const values = dimensionValues.get(name) ?? new Set<string>();
      dimensionValues.set(name, values);
      values.add(value);
    }
    measureNames.add(record.measureName);
    const ms = Number(record.timeNs / 1_000_000n);
    startMs = Math.min(startMs, ms);
    endMs = Math.max(endMs, ms);
  }
  return {
    database: generated.database,
    table: generated.table,
    dimensionValues: new Map([...dimensionValues].map(([name, values]) => [name, [...values].sort()])),
    measureNames: [...measureNames].sort(),
    startMs,
    endMs,
  };
}
