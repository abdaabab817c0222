import type { TableFacts } from '../data/dataset.ts';
import { ago, col, duration, timestamp } from './dialect-nodes.ts';
import { type Fragment, join, sql, str } from './fragment.ts';
import { type QueryContext, valuesOf } from './query-context.ts';

/**
 * Reusable WHERE pieces over real values of the data: time ranges (ago(), literals, BETWEEN, bare
 * ISO strings), dimension equality, IN and LIKE, and measure names.
 */

/** A time range predicate that keeps part of the data (sometimes all of it). */
export function timeRange(context: QueryContext, facts: TableFacts, qualifier?: string): Fragment {
  const { random } = context;
  const time = col('time', qualifier);
  const span = facts.endMs - facts.startMs;
  const at = (fraction: number) => Math.round(facts.startMs + span * fraction);
  switch (random.int(0, 5)) {
    case 0: {
      const minutes = Math.max(1, Math.round((span / 60_000) * (0.2 + random.next() * 0.6)));
      return sql`${time} >= ${ago(context.nowMs, duration(minutes, 'm', random.chance(0.3)))}`;
    }
    case 1: {
      const seconds = Math.max(10, Math.round((span / 1000) * random.next()));
      return sql`${time} > ${ago(context.nowMs, duration(seconds, 's'))}`;
    }
    case 2: {
      const low = random.next() * 0.6;
      return sql`${time} BETWEEN ${timestamp(at(low))} AND ${timestamp(at(low + 0.1 + random.next() * 0.3))}`;
    }
    case 3:
      return sql`${time} >= ${timestamp(at(random.next() * 0.7), true)}`;
    case 4:
      return sql`${time} < ${timestamp(at(0.3 + random.next() * 0.7))} AND ${time} >= ${timestamp(at(random.next() * 0.3))}`;
    default:
      return sql`${time} <= ${ago(context.nowMs, duration(random.int(0, 3), 'm'))}`;
  }
}

/** A predicate on one of the table's dimensions: =, <>, IN, NOT IN, LIKE. */
export function dimensionPredicate(context: QueryContext, facts: TableFacts, dimension: string, qualifier?: string): Fragment {
  const { random } = context;
  const values = valuesOf(facts, dimension);
  const column = col(dimension, qualifier);
  const one = random.pick(values);
  switch (random.int(0, 5)) {
    case 0:
    case 1:
      return sql`${column} = ${str(one)}`;
    case 2:
      return sql`${column} IN (${join(random.sample(values, random.int(1, 3)).map(str), ', ')})`;
    case 3:
      return sql`${column} NOT IN (${join(random.sample(values, random.int(1, 2)).map(str), ', ')})`;
    case 4:
      return sql`${column} LIKE ${str(`${one.slice(0, Math.max(1, Math.floor(one.length / 2)))}%`)}`;
    default:
      return sql`${column} <> ${str(one)}`;
  }
}

/** measure_name = one of the table's measures, or IN a few of them. */
export function measurePredicate(context: QueryContext, facts: TableFacts, qualifier?: string): Fragment {
  const { random } = context;
  const column = col('measure_name', qualifier);
  if (random.chance(0.7)) return sql`${column} = ${str(random.pick(facts.measureNames))}`;
  return sql`${column} IN (${join(random.sample(facts.measureNames, random.int(2, 3)).map(str), ', ')})`;
}

/** AND of the given predicates, dropping some at random (at least one stays). */
export function someOf(context: QueryContext, predicates: readonly Fragment[]): Fragment {
  const kept = predicates.filter(() => context.random.chance(0.65));
  return join(kept.length > 0 ? kept : predicates.slice(0, 1), ' AND ');
}

/** `"database"."table"`, or `database.table` in Tidemark now and then (both are accepted). */
export function tableRef(context: QueryContext, facts: TableFacts): Fragment {
  const quoted = `"${facts.database}"."${facts.table}"`;
  const plain = context.random.chance(0.3);
  return { render: (d) => (d === 'tidemark' && plain ? `${facts.database}.${facts.table}` : quoted) };
}
