import { approxPercentileOver, col, double, duration, ignoreNulls, stddev } from './dialect-nodes.ts';
import { join, sql, str } from './fragment.ts';
import { dimensionPredicate, tableRef } from './predicates.ts';
import type { QueryContext, QueryTemplate } from './query-context.ts';
import { v } from './vocabulary.ts';

/**
 * Window frames where engines most often slip: RANGE offsets over descending orders, FOLLOWING
 * offsets, frames that are empty at the partition's edge, numeric RANGE offsets with ties and
 * NULL order keys (NULLS FIRST/LAST), peers under the default RANGE frame.
 */

function devopsScope(context: QueryContext) {
  const { random, devops } = context;
  return sql`${tableRef(context, devops)} WHERE measure_name = 'metrics' AND ${dimensionPredicate(context, devops, random.pick(['silo', 'microservice_name', 'cell']))}`;
}

export const timeRangeFrames: QueryTemplate = (context) => {
  const { random } = context;
  const span = () => duration(random.pick([5, 10, 15, 30]), 's', random.chance(0.5));
  const order = random.pick(['time', 'time DESC']);
  const frame = random.pick([
    sql`RANGE BETWEEN ${span()} PRECEDING AND CURRENT ROW`,
    sql`RANGE BETWEEN CURRENT ROW AND ${span()} FOLLOWING`,
    sql`RANGE BETWEEN ${span()} PRECEDING AND ${span()} FOLLOWING`,
    sql`RANGE BETWEEN ${span()} FOLLOWING AND UNBOUNDED FOLLOWING`,
    sql`RANGE BETWEEN UNBOUNDED PRECEDING AND ${span()} PRECEDING`,
  ]);
  const over = sql`OVER (PARTITION BY instance_name ORDER BY ${order} ${frame})`;
  const functions = random.sample(
    [
      sql`count(*) ${over}`,
      sql`sum(cpu_user) ${over}`,
      sql`max(memory_free) ${over}`,
      sql`first_value(cpu_user) ${over}`,
      sql`last_value(time) ${over}`,
      sql`count(cpu_user) ${over}`,
      sql`${stddev(col('memory_free'))} ${over}`,
      approxPercentileOver(col('cpu_user'), random.pick([0.25, 0.5, 0.95]), over),
      sql`${ignoreNulls('first_value', [col('cpu_user')])} ${over}`,
      sql`${ignoreNulls('last_value', [col('gc_pause')])} ${over}`,
    ],
    random.int(1, 3),
  );
  return {
    template: 'time-range-frames',
    sql: sql`SELECT instance_name, time, ${join(functions, ', ')} FROM ${devopsScope(context)}`,
    ordered: false,
  };
};

export const rowsFrames: QueryTemplate = (context) => {
  const { random } = context;
  const a = random.int(0, 3);
  const b = random.int(a, a + 3);
  const frame = random.pick([
    `ROWS BETWEEN ${a} FOLLOWING AND ${b} FOLLOWING`,
    `ROWS BETWEEN ${b} PRECEDING AND ${a} PRECEDING`,
    `ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING`,
    `ROWS BETWEEN ${b} PRECEDING AND UNBOUNDED FOLLOWING`,
    `ROWS ${a} PRECEDING`,
  ]);
  const order = random.pick(['time', 'time DESC']);
  const over = `OVER (PARTITION BY instance_name ORDER BY ${order} ${frame})`;
  const functions = random.sample(
    [
      sql`first_value(gc_pause) ${over}`,
      sql`${ignoreNulls('first_value', [col('gc_pause')])} ${over}`,
      sql`${ignoreNulls('last_value', [col('task_end_state')])} ${over}`,
      sql`last_value(cpu_user) ${over}`,
      sql`count(gc_pause) ${over}`,
      sql`sum(task_completed) ${over}`,
      sql`min(task_end_state) ${over}`,
      sql`avg(cpu_user) ${over}`,
      sql`${stddev(col('cpu_user'))} ${over}`,
      approxPercentileOver(col('memory_free'), random.pick([0, 0.5, 0.9, 1]), over),
    ],
    random.int(1, 3),
  );
  return {
    template: 'rows-frames',
    sql: sql`SELECT instance_name, time, ${join(functions, ', ')} FROM ${tableRef(context, context.devops)} WHERE ${dimensionPredicate(context, context.devops, random.pick(['silo', 'microservice_name']))}`,
    ordered: false,
  };
};

export const numericRangeFrames: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const offset = random.pick([0, 1, 2.5, 5, 10]);
  const width = Number.isInteger(offset) ? sql`${offset}` : double(offset);
  const order = random.pick(['', ' DESC']);
  const frame = random.pick([
    sql`RANGE BETWEEN ${width} PRECEDING AND ${width} FOLLOWING`,
    sql`RANGE BETWEEN ${width} PRECEDING AND CURRENT ROW`,
    sql`RANGE BETWEEN CURRENT ROW AND ${width} FOLLOWING`,
  ]);
  // Order keys tie (integer-valued usage), which RANGE frames treat as peers.
  const over = sql`OVER (PARTITION BY hostname ORDER BY ${v}${order} ${frame})`;
  return {
    template: 'numeric-range-frames',
    sql: sql`SELECT hostname, time, ${v}, count(*) ${over}, sum(${v}) ${over}, max(time) ${over} FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))}`,
    ordered: false,
  };
};

export const nullOrderKeys: QueryTemplate = (context) => {
  const { random } = context;
  const key = col(random.pick(['cpu_user', 'gc_pause', 'task_completed']));
  const placement = random.pick([' NULLS FIRST', ' NULLS LAST', '', ' DESC', ' DESC NULLS FIRST', ' DESC NULLS LAST']);
  const over = sql`OVER (PARTITION BY microservice_name ORDER BY ${key}${placement})`;
  // rank/dense_rank/count over peers are deterministic under ties, NULL keys included.
  const functions = random.sample(
    [sql`rank() ${over}`, sql`dense_rank() ${over}`, sql`count(*) ${over}`, sql`max(${key}) ${over}`, sql`sum(${key}) ${over}`],
    random.int(1, 3),
  );
  return {
    template: 'null-order-keys',
    sql: sql`SELECT microservice_name, instance_name, time, ${key}, ${join(functions, ', ')} FROM ${devopsScope(context)}`,
    ordered: false,
  };
};

export const peersDefaultFrame: QueryTemplate = (context) => {
  const { random, cpu } = context;
  // Under the default RANGE frame, peers (equal keys) share one frame: last_value of the key itself is deterministic.
  const over = sql`OVER (PARTITION BY region ORDER BY ${v})`;
  return {
    template: 'peers-default-frame',
    sql: sql`SELECT region, hostname, time, last_value(${v}) ${over}, count(*) ${over}, sum(${v}) ${over}, first_value(${v}) OVER (PARTITION BY region ORDER BY ${v} DESC) FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))}`,
    ordered: false,
  };
};
