import { type Dialect, type Fragment, type Part, renderPart } from './fragment.ts';

/**
 * The nodes whose Timestream (Tidemark) and DuckDB spellings differ. Each says why it renders the
 * way it does in DuckDB; a query built from these runs with the same meaning on both sides.
 */

const r = (part: Part, dialect: Dialect): string => renderPart(part, dialect);

/**
 * A column. Timestream writes `measure_value::double` bare (the binder resolves it as one name);
 * DuckDB would read `::double` as a cast, so it is quoted there (every name is, for uniformity).
 */
export function col(name: string, qualifier?: string): Fragment {
  const prefix = qualifier ? `${qualifier}.` : '';
  return { render: (d) => (d === 'tidemark' ? `${prefix}${name}` : `${prefix}"${name}"`) };
}

/** Nanoseconds are left out: DuckDB intervals stop at microseconds. */
export type DurationUnit = 'us' | 'ms' | 's' | 'm' | 'h' | 'd';
const UNIT_NANOS: Readonly<Record<DurationUnit, bigint>> = {
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
};
const DUCKDB_UNIT: Readonly<Record<DurationUnit, string>> = {
  us: 'microseconds',
  ms: 'milliseconds',
  s: 'seconds',
  m: 'minutes',
  h: 'hours',
  d: 'days',
};
const ANSI_UNIT: Partial<Record<DurationUnit, string>> = { s: 'SECOND', m: 'MINUTE', h: 'HOUR', d: 'DAY' };

export interface Duration extends Fragment {
  readonly nanos: bigint;
}

/**
 * A duration: Timestream's shorthand `15s` (or the ANSI `INTERVAL '15' SECOND` when `ansi`), which
 * DuckDB has no shorthand for, so it gets `INTERVAL '15 seconds'`.
 */
export function duration(amount: number, unit: DurationUnit, ansi = false): Duration {
  const ansiUnit = ANSI_UNIT[unit];
  return {
    nanos: BigInt(amount) * UNIT_NANOS[unit],
    render: (d) => {
      if (d === 'duckdb') return `INTERVAL '${amount} ${DUCKDB_UNIT[unit]}'`;
      return ansi && ansiUnit ? `INTERVAL '${amount}' ${ansiUnit}` : `${amount}${unit}`;
    },
  };
}

/** `YYYY-MM-DD HH:MM:SS.mmm` of an epoch millisecond (UTC). */
export function isoText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * A timestamp literal. Timestream accepts `TIMESTAMP '...'` and also compares time with a bare string
 * (`bare`); DuckDB's column is TIMESTAMP_NS, so it gets a TIMESTAMP_NS literal either way.
 */
export function timestamp(ms: number, bare = false): Fragment {
  const text = isoText(ms);
  return { render: (d) => (d === 'duckdb' ? `TIMESTAMP_NS '${text}'` : bare ? `'${text}'` : `TIMESTAMP '${text}'`) };
}

/** `ago(d)` is now minus d; DuckDB gets the same fixed "now" as a literal (the run passes it to runSql). */
export function ago(nowMs: number, span: Duration): Fragment {
  return { render: (d) => (d === 'duckdb' ? `(TIMESTAMP_NS '${isoText(nowMs)}' - ${span.render(d)})` : `ago(${span.render(d)})`) };
}

/** now() / current_timestamp at the run's fixed now. */
export function now(nowMs: number, spelling: 'now()' | 'current_timestamp'): Fragment {
  return { render: (d) => (d === 'duckdb' ? `TIMESTAMP_NS '${isoText(nowMs)}'` : spelling) };
}

/**
 * `bin(t, d)` floors t to a multiple of d since the epoch. DuckDB's time_bucket does that only with
 * an explicit epoch origin (its default origin for sub-day widths is 2000-01-03, a Monday).
 */
export function bin(value: Part, width: Duration): Fragment {
  return {
    render: (d) =>
      d === 'duckdb'
        ? `time_bucket(${width.render(d)}, ${r(value, d)}, TIMESTAMP '1970-01-01')`
        : `bin(${r(value, d)}, ${width.render(d)})`,
  };
}

/**
 * A double literal. Tidemark types `2.5` as double; DuckDB types it DECIMAL(2,1), which changes
 * result types and rounding, so DuckDB gets an explicit cast.
 */
export function double(value: number): Fragment {
  const text = Number.isInteger(value) ? value.toFixed(1) : String(value);
  return { render: (d) => (d === 'duckdb' ? `CAST(${text} AS DOUBLE)` : text) };
}

/** Presto's `/` on integers truncates toward zero; DuckDB's `/` is float division, its `//` truncates (checked: -7 // 2 = -3). */
export function integerDivide(left: Part, right: Part): Fragment {
  return { render: (d) => `(${r(left, d)} ${d === 'duckdb' ? '//' : '/'} ${r(right, d)})` };
}

/** `if(c, a, b)`: DuckDB has an `if` too, but CASE is its documented form and means the same. */
export function ifThen(condition: Part, then: Part, otherwise?: Part): Fragment {
  return {
    render: (d) =>
      d === 'duckdb'
        ? `CASE WHEN ${r(condition, d)} THEN ${r(then, d)}${otherwise === undefined ? '' : ` ELSE ${r(otherwise, d)}`} END`
        : `if(${r(condition, d)}, ${r(then, d)}${otherwise === undefined ? '' : `, ${r(otherwise, d)}`})`,
  };
}

/** Presto's stddev is the sample standard deviation; DuckDB's stddev_samp says so by name. */
export function stddev(value: Part): Fragment {
  return { render: (d) => `${d === 'duckdb' ? 'stddev_samp' : 'stddev'}(${r(value, d)})` };
}

/**
 * min_by/max_by: Presto returns x of the row with the least/greatest y even when that x is NULL,
 * skipping only rows whose y is NULL. DuckDB's arg_min skips NULL x as well; arg_min_null does not.
 */
export function minBy(value: Part, key: Part, which: 'min' | 'max'): Fragment {
  return { render: (d) => `${d === 'duckdb' ? `arg_${which}_null` : `${which}_by`}(${r(value, d)}, ${r(key, d)})` };
}

/**
 * approx_percentile: Tidemark computes it exactly as the nearest rank at index round(p * (n - 1)) of
 * the sorted non-NULL values (src/engine/sql/functions/aggregate-basic.ts). DuckDB's quantile_disc
 * uses index ceil(n * p) - 1 instead (checked: the 0.5 quantile of 1..4 is 2 there, 3 here), so the
 * DuckDB side spells the definition out over the sorted list (1-based, hence + 1). Both round the
 * .5 case the same way for non-negative indexes (JS Math.round and DuckDB round both go up).
 */
export function approxPercentile(value: Part, p: number): Fragment {
  return {
    render: (d) =>
      d === 'duckdb'
        ? `list_sort(list(${r(value, d)}) FILTER (WHERE ${r(value, d)} IS NOT NULL))[CAST(round(${p} * (count(${r(value, d)}) - 1)) AS BIGINT) + 1]`
        : `approx_percentile(${r(value, d)}, ${p})`,
  };
}

/** approx_percentile(value, p) OVER (...) (see approxPercentile): on DuckDB's side both aggregates take the window. */
export function approxPercentileOver(value: Part, p: number, over: Part): Fragment {
  return {
    render: (d) =>
      d === 'duckdb'
        ? `list_sort(list(${r(value, d)}) FILTER (WHERE ${r(value, d)} IS NOT NULL) ${r(over, d)})[CAST(round(${p} * (count(${r(value, d)}) ${r(over, d)} - 1)) AS BIGINT) + 1]`
        : `approx_percentile(${r(value, d)}, ${p}) ${r(over, d)}`,
  };
}

/** from_milliseconds(ms) -> timestamp; DuckDB's epoch_ms(bigint) is the same function. */
export function fromMilliseconds(value: Part): Fragment {
  return { render: (d) => `${d === 'duckdb' ? 'epoch_ms' : 'from_milliseconds'}(${r(value, d)})` };
}

/** to_milliseconds(t) -> bigint; DuckDB's epoch_ms(timestamp) is the same function. */
export function toMilliseconds(value: Part): Fragment {
  return { render: (d) => `${d === 'duckdb' ? 'epoch_ms' : 'to_milliseconds'}(${r(value, d)})` };
}

/**
 * A window function call with IGNORE NULLS: Presto writes it after the call
 * (`last_value(x) IGNORE NULLS OVER (...)`), DuckDB inside the parentheses (`last_value(x IGNORE NULLS)`).
 */
export function ignoreNulls(name: string, args: readonly Part[]): Fragment {
  return {
    render: (d) => {
      const list = args.map((a) => r(a, d)).join(', ');
      return d === 'duckdb' ? `${name}(${list} IGNORE NULLS)` : `${name}(${list}) IGNORE NULLS`;
    },
  };
}

/**
 * CAST(double AS bigint|integer): Presto rounds half away from zero (2.5 -> 3); DuckDB rounds half
 * to even (checked: CAST(2.5::DOUBLE AS BIGINT) = 2, CAST(106.5 ...) = 106), so DuckDB rounds first
 * with round(), which goes half away from zero, and the cast is then exact.
 */
export function castDoubleToInteger(value: Part, type: 'bigint' | 'integer', safe = false): Fragment {
  const cast = safe ? 'TRY_CAST' : 'CAST';
  return { render: (d) => (d === 'duckdb' ? `${cast}(round(${r(value, d)}) AS ${type})` : `${cast}(${r(value, d)} AS ${type})`) };
}

/**
 * A VALUES table of one column: Presto takes bare rows (`VALUES 1, 2`), DuckDB only parenthesised
 * rows (`VALUES (1), (2)`), which Presto also takes.
 */
export function singleColumnValues(values: readonly Part[], bare: boolean): Fragment {
  return {
    render: (d) => `VALUES ${values.map((v) => (d === 'tidemark' && bare ? r(v, d) : `(${r(v, d)})`)).join(', ')}`,
  };
}

/**
 * `t + d` / `t - d` on a timestamp. DuckDB computes TIMESTAMP_NS ± INTERVAL in microseconds (the
 * result is a TIMESTAMP, nanoseconds dropped), so it gets the arithmetic on epoch nanoseconds.
 */
export function shiftTime(value: Part, operator: '+' | '-', span: Duration): Fragment {
  return {
    render: (d) =>
      d === 'duckdb'
        ? `make_timestamp_ns(epoch_ns(${r(value, d)}) ${operator} ${span.nanos})`
        : `${r(value, d)} ${operator} ${span.render(d)}`,
  };
}

/**
 * `a || b` on varchars. DuckDB 1.5 reports the result as INTEGER when an operand is a constant NULL
 * (checked: `SELECT CAST(NULL AS VARCHAR) || s` has column type INTEGER, value NULL), so the DuckDB
 * side casts the result back to VARCHAR, which it is in Presto.
 */
export function concat(left: Part, right: Part): Fragment {
  return {
    render: (d) => (d === 'duckdb' ? `CAST((${r(left, d)} || ${r(right, d)}) AS VARCHAR)` : `(${r(left, d)} || ${r(right, d)})`),
  };
}

/** A timestamp literal at nanosecond precision (`YYYY-MM-DD HH:MM:SS.fffffffff`); DuckDB reads it as TIMESTAMP_NS. */
export function timestampNs(nanos: bigint): Fragment {
  const ms = nanos / 1_000_000n;
  const text = `${isoText(Number(ms)).slice(0, 19)}.${String(nanos % 1_000_000_000n).padStart(9, '0')}`;
  return { render: (d) => (d === 'duckdb' ? `TIMESTAMP_NS '${text}'` : `TIMESTAMP '${text}'`) };
}
