import { col, double, timestamp } from './dialect-nodes.ts';
import { join, sql, str } from './fragment.ts';
import { dimensionPredicate, tableRef, timeRange } from './predicates.ts';
import type { QueryTemplate } from './query-context.ts';
import { CPU_TAGS, cpuWhere, DEVOPS_DIMENSIONS, direction, nulls, v } from './vocabulary.ts';

/** Filters, projections, DISTINCT, ORDER BY with NULLS FIRST/LAST, LIMIT/OFFSET. */

export const filterProject: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const where = cpuWhere(context);
  const from = tableRef(context, cpu);
  if (random.chance(0.5)) {
    return { template: 'filter-project', sql: sql`SELECT hostname, measure_name, time, ${v} FROM ${from} WHERE ${where}`, ordered: false };
  }
  // (hostname, measure_name, time) is unique in tsbs.cpu, so this order is total and LIMIT is deterministic.
  const offset = random.chance(0.5) ? ` OFFSET ${random.int(0, 20)}` : '';
  return {
    template: 'filter-project-limit',
    sql: sql`SELECT hostname, measure_name, time, ${v} FROM ${from} WHERE ${where} ORDER BY hostname${direction(context)}, measure_name, time${direction(context)} LIMIT ${random.int(1, 40)}${offset}`,
    ordered: true,
  };
};

export const valuePredicates: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const low = random.int(0, 60);
  const predicate = random.pick([
    sql`${v} BETWEEN ${double(low)} AND ${double(low + random.int(5, 40))}`,
    sql`${v} NOT BETWEEN ${low} AND ${low + 30}`,
    sql`${v} IN (${join([random.int(0, 100), random.int(0, 100), double(random.int(0, 100) + 0.25)], ', ')})`,
    sql`(${v} > ${low} OR ${v} < ${double(low / 4)}) AND NOT ${v} = ${random.int(0, 100)}`,
    sql`${v} >= ${low} AND hostname LIKE ${str('host\\_1%')} ESCAPE ${str('\\')}`,
  ]);
  return {
    template: 'value-predicates',
    sql: sql`SELECT hostname, measure_name, count(*) FROM ${tableRef(context, cpu)} WHERE ${predicate} GROUP BY hostname, measure_name`,
    ordered: false,
  };
};

export const distinctDimensions: QueryTemplate = (context) => {
  const { random, devops, cpu } = context;
  const onDevops = random.chance(0.6);
  const dims = random.sample(onDevops ? DEVOPS_DIMENSIONS : CPU_TAGS, random.int(1, 3));
  const order = dims.map((d) => sql`${col(d)}${direction(context)}${nulls(context)}`);
  const facts = onDevops ? devops : cpu;
  const where = random.chance(0.5) ? sql` WHERE ${timeRange(context, facts)}` : '';
  return {
    template: 'distinct-dimensions',
    sql: sql`SELECT DISTINCT ${join(
      dims.map((d) => col(d)),
      ', ',
    )} FROM ${tableRef(context, facts)}${where} ORDER BY ${join(order, ', ')}`,
    ordered: true,
  };
};

export const devopsNullOrdering: QueryTemplate = (context) => {
  const { random, devops } = context;
  const attribute = random.pick(['cpu_user', 'gc_pause', 'memory_free', 'task_completed', 'task_end_state', 'latency_per_read']);
  const where = random.chance(0.6) ? sql` WHERE ${timeRange(context, devops)}` : '';
  // instance_name and time identify a row (events sit 1 ms after metrics), so the order is total.
  return {
    template: 'devops-null-ordering',
    sql: sql`SELECT instance_name, time, measure_name, ${col(attribute)} FROM ${tableRef(context, devops)}${where} ORDER BY ${col(attribute)}${direction(context)}${nulls(context)}, instance_name, time LIMIT ${random.int(5, 60)} OFFSET ${random.int(0, 30)}`,
    ordered: true,
  };
};

export const booleanLogic: QueryTemplate = (context) => {
  const { random, devops } = context;
  const a = random.int(10, 90);
  const b = random.int(10, 90);
  const condition = random.pick([
    sql`cpu_user > ${a} OR gc_pause < ${b}`,
    sql`NOT (cpu_user > ${a} AND memory_free < ${b})`,
    sql`task_end_state IS NULL AND memory_free > ${a}`,
    sql`task_end_state IS NOT NULL OR cpu_user IS NULL`,
    sql`(cpu_user > ${a}) = (memory_free > ${b})`,
    sql`coalesce(cpu_user, gc_pause) > ${a}`,
  ]);
  return {
    template: 'boolean-logic',
    sql: sql`SELECT measure_name, ${condition} AS flag, count(*) AS n, count(memory_free) AS m FROM ${tableRef(context, devops)} GROUP BY 1, 2`,
    ordered: false,
  };
};

export const betweenTimestamps: QueryTemplate = (context) => {
  const { random, devops } = context;
  const span = devops.endMs - devops.startMs;
  const low = devops.startMs + Math.round(span * random.next() * 0.5);
  const high = low + Math.round(span * 0.3);
  return {
    template: 'time-literals',
    sql: sql`SELECT microservice_name, count(*), min(time), max(time) FROM ${tableRef(context, devops)} WHERE time BETWEEN ${timestamp(low, random.chance(0.5))} AND ${timestamp(high)} AND ${dimensionPredicate(context, devops, random.pick(['region', 'microservice_name', 'silo', 'cell']))} GROUP BY microservice_name`,
    ordered: false,
  };
};
