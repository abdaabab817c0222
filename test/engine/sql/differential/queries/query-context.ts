import type { TableFacts } from '../data/dataset.ts';
import type { Random } from '../random.ts';
import type { Fragment } from './fragment.ts';

/** What a template draws from: the seeded random source, the fixed "now" and the loaded tables. */
export interface QueryContext {
  readonly random: Random;
  readonly nowMs: number;
  /** tsbs.cpu: TSBS cpu-only, single-measure DOUBLE. */
  readonly cpu: TableFacts;
  /** devops.host_metrics: DevOps multi-measure (`metrics` and `events`). */
  readonly devops: TableFacts;
  /** devops.events: DevOps events, single-measure BIGINT/VARCHAR/DOUBLE. */
  readonly events: TableFacts;
  /** tsbs.cpu_multi: the TSBS points as MULTI records (measure_name `cpu`, the ten fields as attributes). */
  readonly cpuMulti: TableFacts;
}

export interface GeneratedQuery {
  readonly template: string;
  readonly sql: Fragment;
  /** True when the query's ORDER BY is total over its output, so row order is compared too. */
  readonly ordered: boolean;
}

export type QueryTemplate = (context: QueryContext) => GeneratedQuery;

/** The values a table uses for a dimension (an error when the generator asks for one it lacks). */
export function valuesOf(facts: TableFacts, dimension: string): readonly string[] {
  const values = facts.dimensionValues.get(dimension);
  if (!values || values.length === 0) throw new Error(`${facts.table} has no dimension ${dimension}`);
  return values;
}
