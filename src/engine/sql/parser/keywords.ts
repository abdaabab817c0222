// Word lists the expression grammar shares.
import type { IntervalField } from '../ast/nodes.ts';

/** The fields an ANSI interval literal may name. */
export const INTERVAL_FIELDS: ReadonlySet<string> = new Set<IntervalField>([
  'YEAR',
  'QUARTER',
  'MONTH',
  'WEEK',
  'DAY',
  'HOUR',
  'MINUTE',
  'SECOND',
  'MILLISECOND',
  'MICROSECOND',
  'NANOSECOND',
]);

/** The bare words that are calls to the current date and time. */
export const CURRENT_TIME_WORDS: ReadonlySet<string> = new Set([
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'LOCALTIME',
  'LOCALTIMESTAMP',
]);

/** Timestream's typed measure columns, named `measure_value::<type>`. */
export const MEASURE_VALUE_TYPES: ReadonlySet<string> = new Set(['double', 'bigint', 'varchar', 'boolean', 'timestamp']);
