import {
  bin,
  castDoubleToInteger,
  col,
  double,
  duration,
  fromMilliseconds,
  ifThen,
  integerDivide,
  now,
  shiftTime,
  toMilliseconds,
} from './dialect-nodes.ts';
import { sql, str } from './fragment.ts';
import { dimensionPredicate, tableRef, timeRange } from './predicates.ts';
import type { QueryTemplate } from './query-context.ts';
import { v } from './vocabulary.ts';

/** CASE, if, coalesce, nullif, round, abs, CAST/TRY_CAST, integer arithmetic and the time functions. */

export const conditionals: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const high = random.int(50, 90);
  const low = random.int(5, 45);
  const expressions = random.sample(
    [
      sql`CASE WHEN ${v} > ${high} THEN 'high' WHEN ${v} > ${low} THEN 'mid' ELSE 'low' END`,
      sql`CASE measure_name WHEN 'usage_user' THEN ${v} WHEN 'usage_idle' THEN 100 - ${v} END`,
      ifThen(sql`${v} > ${high}`, v, 'NULL'),
      ifThen(sql`${v} < ${low}`, str('low')),
      sql`coalesce(${ifThen(sql`${v} > ${high}`, v)}, ${double(-1)})`,
      sql`nullif(${v}, ${random.int(0, 100)})`,
      sql`nullif(region, 'us-east-1')`,
      sql`round(${v} / 3, ${random.int(0, 3)})`,
      sql`round(${v} * ${double(1.37)})`,
      sql`abs(${v} - ${random.int(0, 100)})`,
      sql`abs(${random.int(-20, 20)} - CAST(rack AS integer))`,
      sql`round(-${v} / 7, 1)`,
    ],
    random.int(2, 4),
  );
  return {
    template: 'conditionals',
    sql: sql`SELECT hostname, time, ${expressions.reduce((all, e, i) => sql`${all}${i > 0 ? ', ' : ''}${e}`, sql``)} FROM ${tableRef(context, cpu)} WHERE ${timeRange(context, cpu)} AND ${dimensionPredicate(context, cpu, 'hostname')}`,
    ordered: false,
  };
};

export const multiNulls: QueryTemplate = (context) => {
  const { random, devops } = context;
  const expressions = random.sample(
    [
      sql`coalesce(cpu_user, cpu_system, ${double(-1)})`,
      sql`coalesce(task_end_state, process_name, 'none')`,
      sql`nullif(task_end_state, 'SUCCESS_WITH_RESULT')`,
      ifThen(sql`gc_pause IS NULL`, str('no gc'), sql`task_end_state`),
      sql`CASE task_end_state WHEN 'SUCCESS_WITH_RESULT' THEN 1 WHEN 'USER_ERROR' THEN 2 ELSE 0 END`,
      sql`round(coalesce(gc_pause, memory_free), 1)`,
      sql`abs(cpu_user - memory_free)`,
      sql`task_completed * 2 - 1`,
      sql`cpu_user + memory_used > 100`,
      sql`task_succeeded`,
      sql`NOT task_succeeded OR task_completed > 250`,
      ifThen(sql`task_succeeded`, str('ok'), sql`task_end_state`),
      sql`${toMilliseconds(col('time'))} - ${toMilliseconds(col('task_started_at'))}`,
      sql`task_started_at < time`,
      sql`task_started_at`,
    ],
    random.int(2, 4),
  );
  return {
    template: 'multi-nulls',
    sql: sql`SELECT instance_name, time, ${expressions.reduce((all, e, i) => sql`${all}${i > 0 ? ', ' : ''}${e}`, sql``)} FROM ${tableRef(context, devops)} WHERE ${timeRange(context, devops)}`,
    ordered: false,
  };
};

export const casts: QueryTemplate = (context) => {
  const { random, cpu, events } = context;
  if (random.chance(0.5)) {
    const expressions = random.sample(
      [
        castDoubleToInteger(v, 'bigint'),
        sql`${castDoubleToInteger(v, 'integer')} + 1`,
        sql`CAST(rack AS bigint) * 2`,
        sql`TRY_CAST(hostname AS bigint)`,
        sql`TRY_CAST(service AS double)`,
        sql`TRY_CAST(datacenter AS integer)`,
        sql`CAST(${castDoubleToInteger(v, 'bigint')} AS varchar)`,
        sql`CAST(service_version AS boolean)`,
        sql`CAST(${v} > 50 AS varchar)`,
        castDoubleToInteger(sql`${v} * ${double(1.5)}`, 'bigint'),
      ],
      random.int(2, 4),
    );
    return {
      template: 'casts',
      sql: sql`SELECT hostname, time, measure_name, ${expressions.reduce((all, e, i) => sql`${all}${i > 0 ? ', ' : ''}${e}`, sql``)} FROM ${tableRef(context, cpu)} WHERE ${dimensionPredicate(context, cpu, 'hostname')} AND ${timeRange(context, cpu)}`,
      ordered: false,
    };
  }
  const big = col('measure_value::bigint');
  const expressions = random.sample(
    [
      sql`CAST(${big} AS double) / 8`,
      sql`CAST(${big} AS varchar)`,
      sql`TRY_CAST(${col('measure_value::varchar')} AS bigint)`,
      castDoubleToInteger(col('measure_value::double'), 'bigint'),
      castDoubleToInteger(col('measure_value::double'), 'integer', true),
      integerDivide(big, random.int(2, 9)),
      sql`${big} % ${random.int(2, 9)}`,
      integerDivide(sql`(${big} - 250)`, random.int(2, 9)),
      sql`(${big} - 250) % ${random.int(2, 9)}`,
      sql`${big} * 3 - 7`,
      sql`abs(${big} - 250)`,
      sql`round(${big} / ${double(3)}, 2)`,
    ],
    random.int(2, 4),
  );
  return {
    template: 'casts-integers',
    sql: sql`SELECT instance_name, time, measure_name, ${expressions.reduce((all, e, i) => sql`${all}${i > 0 ? ', ' : ''}${e}`, sql``)} FROM ${tableRef(context, events)} WHERE ${timeRange(context, events)}`,
    ordered: false,
  };
};

export const timeFunctions: QueryTemplate = (context) => {
  const { random, devops } = context;
  const key = random.pick([
    sql`date_trunc('minute', time)`,
    sql`date_trunc('hour', time)`,
    sql`date_trunc('second', time)`,
    bin(col('time'), random.pick([duration(15, 's'), duration(2, 'm'), duration(250, 'ms'), duration(1, 'h')])),
    fromMilliseconds(sql`${toMilliseconds(col('time'))} - ${toMilliseconds(col('time'))} % 60000`),
    shiftTime(col('time'), '+', duration(random.int(1, 90), 's')),
    shiftTime(col('time'), '-', duration(random.int(1, 3), 'h', true)),
    integerDivide(toMilliseconds(col('time')), 60000),
  ]);
  const extra = random.pick([
    sql`min(${toMilliseconds(col('time'))})`,
    sql`max(${fromMilliseconds(sql`${toMilliseconds(col('time'))} + 500`)})`,
    sql`sum(${ifThen(sql`time > ${now(context.nowMs, random.pick(['now()', 'current_timestamp']))} - ${duration(5, 'm')}`, 1, 0)})`,
    sql`max(time)`,
  ]);
  return {
    template: 'time-functions',
    sql: sql`SELECT ${key} AS k, count(*), ${extra} FROM ${tableRef(context, devops)} WHERE measure_name = ${str(random.pick(devops.measureNames))} GROUP BY 1 ORDER BY 1`,
    ordered: true,
  };
};
