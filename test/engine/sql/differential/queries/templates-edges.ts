import { bin, col, double, duration, shiftTime, stddev, timestamp } from './dialect-nodes.ts';
import { join, sql, str } from './fragment.ts';
import { dimensionPredicate, tableRef, timeRange } from './predicates.ts';
import type { QueryTemplate } from './query-context.ts';
import { direction, nulls, v } from './vocabulary.ts';

/**
 * Edges where engines tend to differ: aggregates over no rows, NULL join keys, NULLs in set
 * operations and IN lists, type coercion across UNION, non-equi joins, GROUP BY expressions,
 * double modulo, ORDER BY expressions outside the select list, subqueries that return nothing.
 */

export const emptyAggregates: QueryTemplate = (context) => {
  const { random, cpu } = context;
  // A range after the data (or a host that does not exist): one row of count 0 and NULLs, or no groups.
  const nothing = random.pick([sql`time > ${timestamp(context.nowMs + 60_000)}`, sql`hostname = 'host_none'`, sql`${v} > 1000`]);
  const grouped = random.chance(0.3);
  return {
    template: 'empty-aggregates',
    sql: sql`SELECT ${grouped ? 'hostname, ' : ''}count(*), count(${v}), sum(${v}), avg(${v}), min(${v}), max(time), ${stddev(v)}, count(DISTINCT hostname) FROM ${tableRef(context, cpu)} WHERE ${nothing}${grouped ? ' GROUP BY hostname' : ''}`,
    ordered: false,
  };
};

export const nullJoinKeys: QueryTemplate = (context) => {
  const { random, devops } = context;
  const kind = random.pick(['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN']);
  // os_version is NULL on events rows and process_name on metrics rows: NULL keys never match.
  const key = random.pick(['os_version', 'process_name', 'jdk_version']);
  return {
    template: 'null-join-keys',
    sql: sql`SELECT a.k, b.k, count(*) FROM (SELECT DISTINCT ${col(key)} AS k, measure_name FROM ${tableRef(context, devops)}) a ${kind} (SELECT DISTINCT ${col(key)} AS k FROM ${tableRef(context, devops)} WHERE measure_name = ${str(random.pick(devops.measureNames))}) b ON a.k = b.k GROUP BY a.k, b.k`,
    ordered: false,
  };
};

export const setOperationNulls: QueryTemplate = (context) => {
  const { random, devops } = context;
  const operator = random.pick(['UNION', 'UNION ALL', 'INTERSECT', 'INTERSECT ALL', 'EXCEPT', 'EXCEPT ALL']);
  const side = () =>
    sql`SELECT task_end_state, process_name FROM ${tableRef(context, devops)} WHERE ${dimensionPredicate(context, devops, random.pick(['region', 'microservice_name', 'cell']))} AND ${timeRange(context, devops)}`;
  return { template: 'set-operation-nulls', sql: sql`${side()} ${operator} ${side()}`, ordered: false };
};

export const unionCoercion: QueryTemplate = (context) => {
  const { random, events, cpu } = context;
  // bigint UNION double is double; a NULL column takes the other side's type.
  return {
    template: 'union-coercion',
    sql: sql`SELECT measure_name, ${col('measure_value::bigint')} AS value, NULL AS note FROM ${tableRef(context, events)} WHERE measure_name = 'task_completed' AND ${col('measure_value::bigint')} > ${random.int(300, 490)} UNION ALL SELECT measure_name, ${v}, hostname FROM ${tableRef(context, cpu)} WHERE ${v} > ${random.int(90, 99)}`,
    ordered: false,
  };
};

export const inListNulls: QueryTemplate = (context) => {
  const { random, devops } = context;
  const states = random.sample(['SUCCESS_WITH_RESULT', 'USER_ERROR', 'THROTTLED', 'UNKNOWN'], 2).map(str);
  const negated = random.chance(0.5) ? 'NOT ' : '';
  return {
    template: 'in-list-nulls',
    sql: sql`SELECT task_end_state ${negated}IN (${join([...states, 'NULL'], ', ')}) AS hit, task_end_state IN (${join(states, ', ')}) AS plain, count(*) FROM ${tableRef(context, devops)} WHERE measure_name = 'events' GROUP BY 1, 2`,
    ordered: false,
  };
};

export const nonEquiJoin: QueryTemplate = (context) => {
  const { random, devops } = context;
  // Each event with the metrics of the same instance in the preceding window.
  const window = duration(random.pick([5, 10, 20]), 's');
  return {
    template: 'non-equi-join',
    sql: sql`SELECT e.instance_name, e.time, count(m.time), max(m.cpu_user), min(m.time) FROM (SELECT * FROM ${tableRef(context, devops)} WHERE measure_name = 'events') e LEFT JOIN (SELECT * FROM ${tableRef(context, devops)} WHERE measure_name = 'metrics') m ON m.instance_name = e.instance_name AND m.time BETWEEN ${shiftTime(sql`e.time`, '-', window)} AND e.time WHERE ${timeRange(context, devops, 'e')} GROUP BY e.instance_name, e.time`,
    ordered: false,
  };
};

export const groupByExpression: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const bucket = random.int(10, 40);
  const expression = random.pick([
    sql`CASE WHEN ${v} >= ${100 - bucket} THEN 'hot' WHEN ${v} <= ${bucket} THEN 'cold' ELSE 'warm' END`,
    sql`round(${v} / ${bucket}) * ${bucket}`,
    sql`hostname LIKE '%1%'`,
    sql`coalesce(nullif(team, 'SF'), 'west')`,
  ]);
  return {
    template: 'group-by-expression',
    sql: sql`SELECT ${expression} AS k, measure_name, count(*), avg(${v}) FROM ${tableRef(context, cpu)} WHERE ${timeRange(context, cpu)} GROUP BY ${random.chance(0.5) ? sql`${expression}` : sql`1`}, measure_name`,
    ordered: false,
  };
};

export const doubleArithmetic: QueryTemplate = (context) => {
  const { random, devops } = context;
  const expressions = random.sample(
    [
      sql`cpu_user % ${random.int(3, 9)}`,
      sql`-cpu_user % ${double(2.5)}`,
      sql`cpu_user * memory_free / 100`,
      sql`round(cpu_user - memory_free, 1)`,
      sql`abs(round(-cpu_idle, 0))`,
      sql`cpu_user / ${double(0.1)}`,
      sql`round(latency_per_read, -1)`,
    ],
    random.int(2, 3),
  );
  return {
    template: 'double-arithmetic',
    sql: sql`SELECT instance_name, time, ${join(expressions, ', ')} FROM ${tableRef(context, devops)} WHERE measure_name = 'metrics' AND ${timeRange(context, devops)}`,
    ordered: false,
  };
};

export const orderByHidden: QueryTemplate = (context) => {
  const { random, cpu } = context;
  // Ordered by expressions that are not selected; hostname and time complete the order.
  return {
    template: 'order-by-hidden',
    sql: sql`SELECT hostname, time FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))} AND ${timeRange(context, cpu)} ORDER BY abs(${v} - ${random.int(0, 100)})${direction(context)}, region${nulls(context)}, hostname, time DESC LIMIT ${random.int(3, 30)}`,
    ordered: true,
  };
};

export const emptySubqueries: QueryTemplate = (context) => {
  const { random, cpu } = context;
  const name = str(random.pick(cpu.measureNames));
  return {
    template: 'empty-subqueries',
    sql: sql`SELECT hostname, (SELECT max(${v}) FROM ${tableRef(context, cpu)} WHERE hostname = 'host_none') AS none, count(*) FROM ${tableRef(context, cpu)} WHERE measure_name = ${name} AND hostname NOT IN (SELECT hostname FROM ${tableRef(context, cpu)} WHERE hostname = 'host_none') AND NOT EXISTS (SELECT 1 FROM ${tableRef(context, cpu)} WHERE ${v} < 0) GROUP BY hostname`,
    ordered: false,
  };
};

export const distinctAggregateOrder: QueryTemplate = (context) => {
  const { random, devops } = context;
  const width = random.pick([duration(30, 's'), duration(1, 'm'), duration(2, 'm')]);
  return {
    template: 'distinct-bins',
    sql: sql`SELECT DISTINCT microservice_name, ${bin(col('time'), width)} AS t FROM ${tableRef(context, devops)} WHERE measure_name = 'events' ORDER BY t${direction(context)}, microservice_name LIMIT ${random.int(5, 40)} OFFSET ${random.int(0, 5)}`,
    ordered: true,
  };
};

export const nestedDerived: QueryTemplate = (context) => {
  const { random, cpu } = context;
  return {
    template: 'nested-derived',
    sql: sql`WITH per_bin AS (SELECT hostname, ${bin(col('time'), duration(1, 'm'))} AS t, max(${v}) AS peak FROM ${tableRef(context, cpu)} WHERE measure_name = ${str(random.pick(cpu.measureNames))} GROUP BY hostname, ${bin(col('time'), duration(1, 'm'))}) SELECT hostname, count(*), sum(CASE WHEN peak > ${random.int(20, 80)} THEN 1 ELSE 0 END), max(t) FROM (SELECT hostname, t, peak, peak - lag(peak) OVER (PARTITION BY hostname ORDER BY t) AS rise FROM per_bin) x WHERE rise IS NULL OR rise ${random.pick(['>', '<', '>='])} 0 GROUP BY hostname`,
    ordered: false,
  };
};

export const dates: QueryTemplate = (context) => {
  const { random, devops } = context;
  const key = random.pick([
    sql`CAST(time AS date)`,
    sql`date_trunc('day', time)`,
    sql`date_trunc('week', time)`,
    sql`date_trunc('month', time)`,
    sql`date_trunc('quarter', time)`,
    sql`date_trunc('year', time)`,
  ]);
  const filter = random.pick([
    sql`time >= DATE '2024-01-01'`,
    sql`time < DATE '2024-01-01'`,
    sql`CAST(time AS date) = DATE '2023-12-31'`,
    sql`true`,
  ]);
  return {
    template: 'dates',
    sql: sql`SELECT ${key} AS d, measure_name, count(*), max(time) FROM ${tableRef(context, devops)} WHERE ${filter} GROUP BY 1, 2`,
    ordered: false,
  };
};

export const selectStar: QueryTemplate = (context) => {
  const { random, cpu, devops, events } = context;
  // The DuckDB tables have DESCRIBE's columns in DESCRIBE's order, so * must expand alike.
  const facts = random.pick([cpu, devops, events]);
  return {
    template: 'select-star',
    sql: sql`SELECT * FROM ${tableRef(context, facts)} WHERE ${timeRange(context, facts)} AND ${dimensionPredicate(context, facts, 'region')}`,
    ordered: false,
  };
};

/**
 * Outer joins with residual conditions on one side (a left-side condition in a LEFT JOIN's ON
 * keeps the row, with NULLs), non-equi and constant conditions, over two small tables with NULL keys.
 */
export const outerJoinResiduals: QueryTemplate = (context) => {
  const { random } = context;
  const left = `(VALUES (1, 10), (2, 20), (3, NULL), (NULL, 40), (${random.int(1, 5)}, ${random.int(0, 50)})) AS a(x, y)`;
  const right = `(VALUES (1, 'a'), (1, 'b'), (3, 'c'), (4, NULL), (NULL, 'e'), (${random.int(1, 5)}, 'f')) AS b(x, z)`;
  const kind = random.pick(['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN']);
  const key = random.pick(['a.x = b.x', 'a.x < b.x', "a.x = b.x OR b.z = 'e'", 'true', 'false']);
  const residual = random.pick([
    '',
    ` AND a.y > ${random.int(5, 35)}`,
    " AND b.z <> 'a'",
    ' AND a.y IS NULL',
    " AND b.z > 'b'",
    ' AND a.y < 15 AND b.z IS NOT NULL',
  ]);
  const where = random.pick(['', ' WHERE b.z IS NULL', ' WHERE a.x IS NOT NULL']);
  return {
    template: 'outer-join-residuals',
    sql: sql`SELECT a.x, a.y, b.x, b.z FROM ${left} ${kind} ${right} ON ${key}${residual}${where}`,
    ordered: false,
  };
};
