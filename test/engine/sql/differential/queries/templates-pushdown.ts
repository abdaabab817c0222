import type { TableFacts } from '../data/dataset.ts';
import { ago, bin, col, duration, now, timestamp } from './dialect-nodes.ts';
import { type Fragment, join, sql, str } from './fragment.ts';
import { tableRef } from './predicates.ts';
import { type QueryContext, type QueryTemplate, valuesOf } from './query-context.ts';

/**
 * Random AND/OR/NOT trees of the predicates a planner pushes into the storage scan (time ranges,
 * bin(time) ranges, dimension =/IN/LIKE/IS NULL/ordering, measure_name), so a pushdown that drops
 * or widens a condition, or mishandles NULL dimensions under NOT, shows as a different count.
 */

function timeAtom(context: QueryContext, facts: TableFacts): Fragment {
  const { random } = context;
  const span = facts.endMs - facts.startMs;
  const at = () => Math.round(facts.startMs + span * random.next());
  const exact = () => facts.startMs + Math.floor((span * random.next()) / 10_000) * 10_000;
  switch (random.int(0, 8)) {
    case 0:
      return sql`time ${random.pick(['>', '>=', '<', '<='])} ${timestamp(at(), random.chance(0.3))}`;
    case 1:
      return sql`time ${random.chance(0.3) ? 'NOT ' : ''}BETWEEN ${timestamp(Math.min(at(), at()))} AND ${timestamp(Math.max(at(), at()))}`;
    case 2:
      return sql`time ${random.pick(['>', '<='])} ${ago(context.nowMs, duration(random.int(1, 12), 'm'))}`;
    case 3:
      return sql`time = ${timestamp(exact())}`;
    case 4:
      return sql`time IN (${timestamp(exact())}, ${timestamp(exact())})`;
    case 5:
      return sql`${bin(col('time'), duration(1, 'm'))} ${random.pick(['=', '>=', '<'])} ${timestamp(facts.startMs + Math.floor((span * random.next()) / 60_000) * 60_000)}`;
    case 6:
      return sql`date_trunc('minute', time) > ${timestamp(at())}`;
    case 7:
      return sql`time > ${now(context.nowMs, 'now()')} - ${duration(random.int(1, 10), 'm')}`;
    default:
      return sql`time <> ${timestamp(exact())}`;
  }
}

function dimensionAtom(context: QueryContext, facts: TableFacts, dimension: string): Fragment {
  const { random } = context;
  const values = valuesOf(facts, dimension);
  const one = random.pick(values);
  const column = col(dimension);
  switch (random.int(0, 8)) {
    case 0:
      return sql`${column} = ${str(one)}`;
    case 1:
      return sql`${column} ${random.chance(0.5) ? 'NOT ' : ''}IN (${join(random.sample(values, random.int(1, 3)).map(str), ', ')})`;
    case 2:
      return sql`${column} ${random.chance(0.3) ? 'NOT ' : ''}LIKE ${str(`${one.slice(0, random.int(1, one.length))}%`)}`;
    case 3:
      return sql`${column} LIKE ${str(`%${one.slice(-random.int(1, 3))}`)}`;
    case 4:
      return sql`${column} LIKE ${str(`_${one.slice(1)}`)}`;
    case 5:
      return sql`${column} IS ${random.chance(0.5) ? 'NOT ' : ''}NULL`;
    case 6:
      return sql`${column} ${random.pick(['<', '>=', '>'])} ${str(one)}`;
    case 7:
      return sql`${column} <> ${str(one)}`;
    default:
      return sql`${column} = ${str(`${one}x`)}`;
  }
}

function measureAtom(context: QueryContext, facts: TableFacts): Fragment {
  const { random } = context;
  const one = random.pick(facts.measureNames);
  switch (random.int(0, 3)) {
    case 0:
      return sql`measure_name = ${str(one)}`;
    case 1:
      return sql`measure_name ${random.chance(0.5) ? 'NOT ' : ''}IN (${join(random.sample(facts.measureNames, 2).map(str), ', ')})`;
    case 2:
      return sql`measure_name LIKE ${str(`${one.slice(0, 4)}%`)}`;
    default:
      return sql`measure_name <> ${str(one)}`;
  }
}

function predicate(context: QueryContext, facts: TableFacts, dimensions: readonly string[], depth: number): Fragment {
  const { random } = context;
  if (depth <= 0 || random.chance(0.3)) {
    const kind = random.int(0, 2);
    if (kind === 0) return timeAtom(context, facts);
    if (kind === 1) return dimensionAtom(context, facts, random.pick(dimensions));
    return measureAtom(context, facts);
  }
  const sub = () => predicate(context, facts, dimensions, depth - 1);
  switch (random.int(0, 3)) {
    case 0:
      return sql`(${sub()} AND ${sub()})`;
    case 1:
      return sql`(${sub()} OR ${sub()})`;
    case 2:
      return sql`(NOT ${sub()})`;
    default:
      return sql`(${sub()} AND (${sub()} OR ${sub()}))`;
  }
}

export const pushdownPredicates: QueryTemplate = (context) => {
  const { random, cpu, devops } = context;
  const onDevops = random.chance(0.5);
  const facts = onDevops ? devops : cpu;
  const dimensions = onDevops
    ? ['region', 'silo', 'microservice_name', 'process_name', 'os_version', 'instance_type']
    : ['hostname', 'region', 'datacenter', 'team', 'rack'];
  return {
    template: 'pushdown-predicates',
    sql: sql`SELECT measure_name, count(*), min(time), max(time) FROM ${tableRef(context, facts)} WHERE ${predicate(context, facts, dimensions, random.int(1, 3))} GROUP BY measure_name`,
    ordered: false,
  };
};
