import { bin, col, duration, ignoreNulls } from './dialect-nodes.ts';
import { type Fragment, join, sql, str } from './fragment.ts';
import { dimensionPredicate, tableRef, timeRange } from './predicates.ts';
import type { QueryContext, QueryTemplate } from './query-context.ts';
import { v } from './vocabulary.ts';

/**
 * Window functions. Every ORDER BY inside OVER is unique within its partition (time within one
 * series), except for rank/dense_rank, whose ties are part of their definition, so results are
 * deterministic on both sides.
 */

function cpuSeries(context: QueryContext): Fragment {
  const { cpu, random } = context;
  return sql`${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))} AND ${random.chance(0.5) ? dimensionPredicate(context, cpu, 'hostname') : timeRange(context, cpu)}`;
}

const byHost = 'PARTITION BY hostname ORDER BY time';

export const ranking: QueryTemplate = (context) => {
  const { random } = context;
  const functions = random.sample(
    [
      sql`row_number() OVER (${byHost})`,
      sql`row_number() OVER (PARTITION BY hostname ORDER BY time DESC)`,
      sql`rank() OVER (PARTITION BY hostname ORDER BY ${v} DESC)`,
      sql`dense_rank() OVER (PARTITION BY hostname ORDER BY ${v})`,
      sql`rank() OVER (ORDER BY ${v})`,
      sql`dense_rank() OVER (PARTITION BY region ORDER BY ${v} DESC)`,
      sql`row_number() OVER (ORDER BY hostname, time)`,
    ],
    random.int(1, 3),
  );
  return {
    template: 'window-ranking',
    sql: sql`SELECT hostname, time, ${v}, ${join(functions, ', ')} FROM ${cpuSeries(context)}`,
    ordered: false,
  };
};

export const neighbours: QueryTemplate = (context) => {
  const { random } = context;
  const offset = random.int(1, 3);
  const functions = random.sample(
    [
      sql`lag(${v}) OVER (${byHost})`,
      sql`lag(${v}, ${offset}) OVER (${byHost})`,
      sql`lag(${v}, ${offset}, ${v}) OVER (${byHost})`,
      sql`lead(${v}) OVER (${byHost})`,
      sql`lead(${v}, ${offset}, -1) OVER (${byHost})`,
      sql`lead(time) OVER (${byHost})`,
      sql`first_value(${v}) OVER (${byHost})`,
      sql`last_value(${v}) OVER (${byHost})`,
      sql`last_value(${v}) OVER (PARTITION BY hostname ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
      sql`first_value(time) OVER (PARTITION BY hostname ORDER BY time DESC)`,
      sql`${v} - lag(${v}) OVER (${byHost})`,
    ],
    random.int(1, 3),
  );
  return {
    template: 'window-neighbours',
    sql: sql`SELECT hostname, time, ${join(functions, ', ')} FROM ${cpuSeries(context)}`,
    ordered: false,
  };
};

export const ignoreNullsValues: QueryTemplate = (context) => {
  const { random, devops } = context;
  const attribute = col(
    random.pick(['cpu_user', 'gc_pause', 'memory_free', 'task_end_state', 'task_completed', 'task_succeeded', 'task_started_at']),
  );
  const over = 'OVER (PARTITION BY instance_name ORDER BY time)';
  const functions = random.sample(
    [
      sql`${ignoreNulls('last_value', [attribute])} ${over}`,
      sql`${ignoreNulls('first_value', [attribute])} ${over}`,
      sql`${ignoreNulls('lag', [attribute])} ${over}`,
      sql`${ignoreNulls('lead', [attribute, 2])} ${over}`,
      sql`last_value(${attribute}) ${over}`,
      sql`lag(${attribute}, 1) ${over}`,
      sql`count(${attribute}) ${over}`,
    ],
    random.int(1, 3),
  );
  return {
    template: 'window-ignore-nulls',
    sql: sql`SELECT instance_name, time, ${attribute}, ${join(functions, ', ')} FROM ${tableRef(context, devops)} WHERE ${timeRange(context, devops)} AND ${dimensionPredicate(context, devops, random.pick(['silo', 'microservice_name', 'region']))}`,
    ordered: false,
  };
};

export const frames: QueryTemplate = (context) => {
  const { random } = context;
  const n = random.int(1, 4);
  const functions = random.sample(
    [
      sql`sum(${v}) OVER (${byHost})`,
      sql`sum(${v}) OVER (${byHost} ROWS BETWEEN ${n} PRECEDING AND CURRENT ROW)`,
      sql`avg(${v}) OVER (${byHost} ROWS BETWEEN ${n} PRECEDING AND ${n} FOLLOWING)`,
      sql`min(${v}) OVER (${byHost} ROWS BETWEEN CURRENT ROW AND ${n} FOLLOWING)`,
      sql`max(${v}) OVER (${byHost} ROWS UNBOUNDED PRECEDING)`,
      sql`count(*) OVER (${byHost} RANGE BETWEEN ${duration(random.pick([10, 30, 60]), 's', true)} PRECEDING AND CURRENT ROW)`,
      sql`sum(${v}) OVER (${byHost} RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`,
      sql`avg(${v}) OVER (PARTITION BY hostname)`,
      sql`count(${v}) OVER (PARTITION BY hostname ORDER BY time RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)`,
      sql`sum(${v}) OVER (${byHost} ROWS BETWEEN ${n + 1} PRECEDING AND 1 PRECEDING)`,
    ],
    random.int(1, 3),
  );
  return {
    template: 'window-frames',
    sql: sql`SELECT hostname, time, ${join(functions, ', ')} FROM ${cpuSeries(context)}`,
    ordered: false,
  };
};

export const windowOverAggregate: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const width = random.pick([duration(1, 'm'), duration(2, 'm'), duration(5, 'm')]);
  const key = bin(col('time'), width);
  return {
    template: 'window-over-aggregate',
    sql: sql`SELECT region, ${key} AS t, avg(${v}) AS mean, rank() OVER (PARTITION BY ${key} ORDER BY avg(${v}) DESC) AS place, sum(count(*)) OVER (PARTITION BY region ORDER BY ${key}) AS running FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))} GROUP BY region, ${key}`,
    ordered: false,
  };
};
