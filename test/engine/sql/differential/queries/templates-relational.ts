import { castDoubleToInteger, col, double, duration, shiftTime, singleColumnValues } from './dialect-nodes.ts';
import { type Fragment, sql, str } from './fragment.ts';
import { dimensionPredicate, tableRef, timeRange } from './predicates.ts';
import type { QueryContext, QueryTemplate } from './query-context.ts';
import { cpuWhere, v } from './vocabulary.ts';

/** Joins (self-joins, a small dimension table), subqueries (scalar, IN, EXISTS, correlated, derived), CTEs, set operations. */

const measure = (context: QueryContext) => str(context.random.pick(context.cpu.measureNames));

/**
 * A small dimension table as VALUES: some regions of the data and one it lacks, while other data
 * regions are missing from it, so outer joins produce NULLs on both sides.
 */
function regionInfo(context: QueryContext): Fragment {
  const regions = context.random.sample(context.cpu.dimensionValues.get('region') ?? [], 3).concat(['mars-north-1']);
  const rows = regions.map((r, i) => `('${r}', '${['north-america', 'europe', 'asia'][i % 3]}', ${i + 1})`).join(', ');
  return sql`(VALUES ${rows}) AS info(region, continent, tier)`;
}

export const selfJoin: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const kind = random.pick(['JOIN', 'INNER JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN']);
  const [first, second] = random.sample(cpu.measureNames, 2) as [string, string];
  // Measure filters go into subqueries so outer joins keep their meaning (a WHERE on b would undo LEFT).
  const side = (name: string, filter: Fragment) =>
    sql`(SELECT hostname, time, ${v} AS value FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(name)} AND ${filter})`;
  const a = side(first, sql`${timeRange(context, cpu)}`);
  const b = side(second, sql`${timeRange(context, cpu)}`);
  const aggregated = random.chance(0.5);
  const select = aggregated
    ? sql`SELECT coalesce(a.hostname, b.hostname) AS h, count(*), count(a.value), count(b.value), sum(a.value - b.value)`
    : sql`SELECT a.hostname, a.time, b.time, a.value, b.value`;
  const group = aggregated ? ' GROUP BY 1' : '';
  return {
    template: 'self-join',
    sql: sql`${select} FROM ${a} a ${kind} ${b} b ON a.hostname = b.hostname AND a.time = b.time${group}`,
    ordered: false,
  };
};

/** JOIN ... USING, with the join column read by its bare (merged) name or qualified by either side. */
export const joinUsing: QueryTemplate = (context) => {
  const { random } = context;
  return {
    template: 'join-using',
    sql: usingJoin(context, random.pick([0, 10, 20]), random.pick(['u.hostname', 'hostname'])),
    ordered: false,
  };
};

export function usingJoin(context: QueryContext, offsetSeconds: number, hostname: string): Fragment {
  const { cpu } = context;
  return sql`SELECT ${hostname}, count(*), max(u.value - s.value) FROM (SELECT hostname, time, ${v} AS value FROM ${tableRef(context, cpu)} WHERE measure_name = 'usage_user') u JOIN (SELECT hostname, ${shiftTime(col('time'), '-', duration(offsetSeconds, 's'))} AS time, ${v} AS value FROM ${tableRef(context, cpu)} WHERE measure_name = 'usage_system') s USING (hostname, time) GROUP BY ${hostname}`;
}

export const dimensionTableJoin: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const kind = random.pick(['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN']);
  return {
    template: 'dimension-table-join',
    sql: sql`SELECT info.continent, info.tier, c.region, count(c.hostname), avg(c.${col('measure_value::double')}) FROM (SELECT * FROM ${tableRef(context, cpu)} WHERE measure_name = ${measure(context)}) c ${kind} ${regionInfo(context)} ON c.region = info.region GROUP BY info.continent, info.tier, c.region`,
    ordered: false,
  };
};

export const crossJoin: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const threshold = random.int(20, 80);
  const comma = random.chance(0.5);
  const thresholds = sql`(${singleColumnValues([threshold, threshold + 10], random.chance(0.5))}) AS limits(t)`;
  return {
    template: 'cross-join',
    sql: sql`SELECT limits.t, count(*) FROM ${tableRef(context, cpu)} c${comma ? ',' : ' CROSS JOIN'} ${thresholds} WHERE c.measure_name = ${measure(context)} AND c.${col('measure_value::double')} > limits.t GROUP BY limits.t`,
    ordered: false,
  };
};

export const scalarSubquery: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const name = measure(context);
  const comparison = random.pick(['>', '<']);
  return {
    template: 'scalar-subquery',
    sql: sql`SELECT hostname, avg(${v}) AS mean, avg(${v}) - (SELECT avg(${v}) FROM ${tableRef(context, cpu)} WHERE measure_name = ${name}) AS delta FROM ${tableRef(context, cpu)} WHERE measure_name = ${name} GROUP BY hostname HAVING avg(${v}) ${comparison} (SELECT avg(${v}) FROM ${tableRef(context, cpu)} WHERE measure_name = ${name})`,
    ordered: false,
  };
};

export const inSubquery: QueryTemplate = (context) => {
  const { random, cpu, devops } = context;
  const negated = random.chance(0.4) ? 'NOT ' : '';
  if (random.chance(0.5)) {
    return {
      template: 'in-subquery',
      sql: sql`SELECT hostname, measure_name, count(*) FROM ${tableRef(context, cpu)} WHERE hostname ${negated}IN (SELECT hostname FROM ${tableRef(context, cpu)} WHERE measure_name = ${measure(context)} AND ${v} > ${random.int(40, 95)}) AND measure_name = ${measure(context)} GROUP BY hostname, measure_name`,
      ordered: false,
    };
  }
  // A subquery with NULLs: NOT IN over it is never true (three-valued logic).
  return {
    template: 'in-subquery-nulls',
    sql: sql`SELECT microservice_name, count(*) FROM ${tableRef(context, devops)} WHERE task_end_state ${negated}IN (SELECT task_end_state FROM ${tableRef(context, devops)} WHERE task_completed > ${random.int(100, 490)}) GROUP BY microservice_name`,
    ordered: false,
  };
};

export const existsCorrelated: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const negated = random.chance(0.4) ? 'NOT ' : '';
  if (random.chance(0.5)) {
    return {
      template: 'exists-correlated',
      sql: sql`SELECT DISTINCT c.hostname, c.region FROM ${tableRef(context, cpu)} c WHERE ${negated}EXISTS (SELECT 1 FROM ${tableRef(context, cpu)} d WHERE d.hostname = c.hostname AND d.measure_name = ${measure(context)} AND d.${col('measure_value::double')} > ${random.int(50, 99)})`,
      ordered: false,
    };
  }
  return {
    template: 'scalar-correlated',
    sql: sql`SELECT c.hostname, c.time, c.${col('measure_value::double')}, (SELECT max(d.${col('measure_value::double')}) FROM ${tableRef(context, cpu)} d WHERE d.hostname = c.hostname AND d.measure_name = c.measure_name AND d.time < c.time) AS previous_max FROM ${tableRef(context, cpu)} c WHERE c.measure_name = ${measure(context)} AND ${dimensionPredicate(context, cpu, 'hostname', 'c')} AND ${timeRange(context, cpu, 'c')}`,
    ordered: false,
  };
};

export const derivedTable: QueryTemplate = (context) => {
  const { random, cpu } = context;
  return {
    template: 'derived-table',
    sql: sql`SELECT t.region, count(*), max(t.peak), min(t.n) FROM (SELECT region, hostname, max(${v}) AS peak, count(*) AS n FROM ${tableRef(context, cpu)} WHERE ${cpuWhere(context)} GROUP BY region, hostname) AS t WHERE t.peak > ${double(random.int(10, 90))} GROUP BY t.region`,
    ordered: false,
  };
};

export const commonTableExpression: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const name = measure(context);
  return {
    template: 'cte',
    sql: sql`WITH per_host AS (SELECT hostname, region, avg(${v}) AS mean, max(time) AS last_time FROM ${tableRef(context, cpu)} WHERE measure_name = ${name} GROUP BY hostname, region), busy AS (SELECT * FROM per_host WHERE mean > ${random.int(20, 70)}) SELECT p.region, count(*), count(b.hostname), max(p.mean), max(p.last_time) FROM per_host p LEFT JOIN busy b ON p.hostname = b.hostname GROUP BY p.region`,
    ordered: false,
  };
};

export const setOperation: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const operator = () => random.pick(['UNION', 'UNION ALL', 'INTERSECT', 'INTERSECT ALL', 'EXCEPT', 'EXCEPT ALL', 'UNION DISTINCT']);
  const side = () =>
    sql`SELECT hostname, ${castDoubleToInteger(v, 'bigint')} AS level FROM ${tableRef(context, cpu)} WHERE measure_name = ${measure(context)} AND ${v} > ${random.int(30, 90)}`;
  // A third operand tests precedence: INTERSECT binds tighter than UNION and EXCEPT, which go left to right.
  const third = random.chance(0.4) ? sql` ${operator()} ${side()}` : '';
  const ordered = random.chance(0.5);
  return {
    template: 'set-operation',
    sql: sql`${side()} ${operator()} ${side()}${third}${ordered ? ' ORDER BY 1, 2 DESC' : ''}`,
    ordered,
  };
};
