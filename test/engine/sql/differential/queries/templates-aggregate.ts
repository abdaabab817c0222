import { approxPercentile, bin, col, duration, minBy, stddev } from './dialect-nodes.ts';
import { type Fragment, join, sql, str } from './fragment.ts';
import { dimensionPredicate, measurePredicate, someOf, tableRef, timeRange } from './predicates.ts';
import type { QueryContext, QueryTemplate } from './query-context.ts';
import { CPU_TAGS, cpuWhere, DEVOPS_DIMENSIONS, direction, nulls, v } from './vocabulary.ts';

/** GROUP BY dimensions and bin(time, ...), the aggregates of this issue, HAVING, GROUP BY ordinals, grouping sets. */

function aggregates(context: QueryContext, value: Fragment, count: number): Fragment[] {
  const { random } = context;
  const all: Fragment[] = [
    sql`count(*)`,
    sql`count(${value})`,
    sql`sum(${value})`,
    sql`avg(${value})`,
    sql`min(${value})`,
    sql`max(${value})`,
    sql`count(DISTINCT ${value})`,
    stddev(value),
    approxPercentile(value, random.pick([0, 0.1, 0.25, 0.5, 0.9, 0.99, 1])),
    sql`min(time)`,
    sql`max(time)`,
  ];
  return random.sample(all, count);
}

const widths = (context: QueryContext) =>
  context.random.pick([
    duration(10, 's'),
    duration(30, 's'),
    duration(1, 'm'),
    duration(90, 's'),
    duration(5, 'm', true),
    duration(7, 'm'),
    duration(1, 'h'),
    duration(1, 'd'),
  ]);

export const groupByDimensions: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const dims = random.sample(CPU_TAGS, random.int(1, 2)).concat(random.chance(0.5) ? ['measure_name'] : []);
  const aggs = aggregates(context, v, random.int(1, 4));
  const ordinals = random.chance(0.4);
  const groupBy = ordinals ? dims.map((_, i) => String(i + 1)).join(', ') : dims.join(', ');
  return {
    template: 'group-dimensions',
    sql: sql`SELECT ${dims.join(', ')}, ${join(aggs, ', ')} FROM ${tableRef(context, cpu)} WHERE ${cpuWhere(context)} GROUP BY ${groupBy}`,
    ordered: false,
  };
};

export const groupByBin: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const width = widths(context);
  const perHost = random.chance(0.5);
  const aggs = aggregates(context, v, random.int(1, 3));
  const where = someOf(context, [
    sql`measure_name = ${str(random.pick(cpu.measureNames))}`,
    timeRange(context, cpu),
    dimensionPredicate(context, cpu, 'hostname'),
  ]);
  const keys = perHost ? 'hostname, ' : '';
  // The group keys lead the ORDER BY and identify a group, so the order is total.
  return {
    template: 'group-bin',
    sql: sql`SELECT ${keys}${bin(col('time'), width)} AS t, ${join(aggs, ', ')} FROM ${tableRef(context, cpu)} WHERE ${where} GROUP BY ${keys}${random.chance(0.5) ? (perHost ? '2' : '1') : bin(col('time'), width)} ORDER BY ${keys}t${direction(context)}`,
    ordered: true,
  };
};

/**
 * The shape the planner may answer from chunk headers (count/sum/min/max/avg/first/last per bin of
 * one series, bins wide enough to hold whole 16-point chunks). One measure and per-host groups keep
 * each group to one series, so first and last (min_by/max_by over time) have no ties.
 */
export const seriesBins: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const width = random.pick([duration(2, 'm'), duration(5, 'm'), duration(1, 'h'), duration(1, 'd')]);
  const all = [
    sql`count(*)`,
    sql`sum(${v})`,
    sql`min(${v})`,
    sql`max(${v})`,
    sql`avg(${v})`,
    minBy(v, col('time'), 'min'),
    minBy(v, col('time'), 'max'),
  ];
  const hosts = random.chance(0.5) ? sql` AND ${dimensionPredicate(context, cpu, 'hostname')}` : '';
  const range = random.chance(0.4) ? sql` AND ${timeRange(context, cpu)}` : '';
  return {
    template: 'series-bins',
    sql: sql`SELECT hostname, ${bin(col('time'), width)} AS t, ${join(random.sample(all, random.int(2, all.length)), ', ')} FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))}${hosts}${range} GROUP BY hostname, ${bin(col('time'), width)} ORDER BY hostname, t`,
    ordered: true,
  };
};

export const devopsMultiAggregates: QueryTemplate = (context) => {
  const { random, devops } = context;
  const dims = random.sample(DEVOPS_DIMENSIONS, random.int(1, 2));
  const attributes = ['cpu_user', 'cpu_idle', 'memory_free', 'gc_pause', 'latency_per_read', 'task_completed'];
  const aggs = random.sample(attributes, random.int(1, 3)).flatMap((a) => aggregates(context, col(a), 1));
  if (random.chance(0.5))
    aggs.push(
      random.pick([
        sql`count(task_end_state)`,
        sql`count(DISTINCT task_end_state)`,
        sql`max(task_end_state)`,
        sql`sum(task_completed)`,
        sql`count(task_succeeded)`,
        sql`min(task_started_at)`,
        sql`max(task_started_at)`,
        sql`max(task_succeeded)`,
      ]),
    );
  const where = random.chance(0.6) ? sql` WHERE ${someOf(context, [measurePredicate(context, devops), timeRange(context, devops)])}` : '';
  const order = dims.map((d) => `${d}${direction(context)}${nulls(context)}`).join(', ');
  return {
    template: 'devops-multi-aggregates',
    sql: sql`SELECT ${dims.join(', ')}, ${join(aggs, ', ')} FROM ${tableRef(context, devops)}${where} GROUP BY ${dims.join(', ')} ORDER BY ${order}`,
    ordered: true,
  };
};

export const minMaxBy: QueryTemplate = (context) => {
  const { random, cpu, devops } = context;
  if (random.chance(0.5)) {
    // One measure per host is one series: its times are distinct, so min_by/max_by over time have no ties.
    return {
      template: 'min-max-by',
      sql: sql`SELECT hostname, ${minBy(v, col('time'), 'min')}, ${minBy(v, col('time'), 'max')}, ${minBy(col('time'), v, random.pick(['min', 'max']) as 'min' | 'max')} IS NOT NULL FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))} GROUP BY hostname`,
      ordered: false,
    };
  }
  // Within one instance and measure_name the times are distinct; the attribute may be NULL at the extreme.
  const attribute = random.pick(['cpu_user', 'memory_free', 'gc_pause', 'task_end_state', 'task_completed']);
  return {
    template: 'min-max-by-nulls',
    sql: sql`SELECT instance_name, measure_name, ${minBy(col(attribute), col('time'), 'min')} AS first_seen, ${minBy(col(attribute), col('time'), 'max')} AS last_seen FROM ${tableRef(context, devops)} GROUP BY instance_name, measure_name`,
    ordered: false,
  };
};

export const having: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const condition = random.pick([
    sql`avg(${v}) > ${random.int(20, 70)}`,
    sql`count(*) >= ${random.int(10, 60)} AND max(${v}) < ${random.int(50, 100)}`,
    sql`min(${v}) BETWEEN ${random.int(0, 20)} AND ${random.int(20, 60)}`,
    sql`sum(${v}) > ${random.int(100, 3000)} OR count(DISTINCT hostname) = 1`,
    sql`${stddev(v)} > ${random.int(0, 3)}`,
  ]);
  const dims = random.sample(['region', 'team', 'os', 'service_environment', 'arch'], 1).concat(['measure_name']);
  return {
    template: 'having',
    sql: sql`SELECT ${dims.join(', ')}, count(*) AS n, avg(${v}) AS mean FROM ${tableRef(context, cpu)} WHERE ${timeRange(context, cpu)} GROUP BY ${dims.join(', ')} HAVING ${condition}`,
    ordered: false,
  };
};

export const topN: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const agg = random.pick(['max', 'min', 'avg', 'sum']);
  // hostname breaks ties, so LIMIT picks the same rows on both sides.
  return {
    template: 'top-n',
    sql: sql`SELECT hostname, ${agg}(${v}) AS m FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))} GROUP BY hostname ORDER BY m${direction(context)}, hostname LIMIT ${random.int(1, 5)}`,
    ordered: true,
  };
};

export const countDistinct: QueryTemplate = (context) => {
  const { random, cpu, devops } = context;
  if (random.chance(0.5)) {
    return {
      template: 'count-distinct',
      sql: sql`SELECT region, count(DISTINCT hostname), count(DISTINCT ${v}), count(DISTINCT measure_name), count(*) FROM ${tableRef(context, cpu)} WHERE ${timeRange(context, cpu)} GROUP BY region`,
      ordered: false,
    };
  }
  return {
    template: 'count-distinct-nulls',
    sql: sql`SELECT count(DISTINCT task_end_state), count(DISTINCT process_name), count(DISTINCT os_version), count(DISTINCT task_completed), count(task_completed) FROM ${tableRef(context, devops)}${random.chance(0.5) ? sql` WHERE ${timeRange(context, devops)}` : ''}`,
    ordered: false,
  };
};

export const groupingSets: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const [a, b] = random.sample(['region', 'team', 'os', 'arch', 'service_environment'], 2) as [string, string];
  const grouping = random.pick([`GROUPING SETS ((${a}, ${b}), (${a}), ())`, `ROLLUP (${a}, ${b})`, `CUBE (${a}, ${b})`]);
  return {
    template: 'grouping-sets',
    sql: sql`SELECT ${a}, ${b}, count(*), sum(${v}) FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))} GROUP BY ${grouping}`,
    ordered: false,
  };
};

export const singleMeasureTypes: QueryTemplate = (context) => {
  const { random, events } = context;
  const where = random.chance(0.5)
    ? sql` WHERE ${someOf(context, [timeRange(context, events), dimensionPredicate(context, events, random.pick(['region', 'microservice_name', 'process_name']))])}`
    : '';
  const aggs = random.sample(
    [
      sql`count(${col('measure_value::bigint')})`,
      sql`sum(${col('measure_value::bigint')})`,
      sql`avg(${col('measure_value::bigint')})`,
      sql`max(${col('measure_value::bigint')})`,
      sql`count(${col('measure_value::varchar')})`,
      sql`min(${col('measure_value::varchar')})`,
      sql`count(DISTINCT ${col('measure_value::varchar')})`,
      sql`max(${col('measure_value::double')})`,
      sql`sum(${col('measure_value::double')})`,
      stddev(col('measure_value::bigint')),
      sql`count(${col('measure_value::boolean')})`,
      sql`count(DISTINCT ${col('measure_value::boolean')})`,
      sql`min(${col('measure_value::timestamp')})`,
      sql`max(${col('measure_value::timestamp')})`,
    ],
    random.int(2, 5),
  );
  return {
    template: 'single-measure-types',
    sql: sql`SELECT measure_name, ${join(aggs, ', ')} FROM ${tableRef(context, events)}${where} GROUP BY measure_name`,
    ordered: false,
  };
};
