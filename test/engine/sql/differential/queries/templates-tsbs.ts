import { CPU_FIELDS } from '../data/tsbs-cpu.ts';
import { bin, col, duration, minBy, timestampNs } from './dialect-nodes.ts';
import { type Fragment, join, sql, str } from './fragment.ts';
import { tableRef } from './predicates.ts';
import { type QueryContext, type QueryTemplate, valuesOf } from './query-context.ts';

/**
 * The TSBS cpu-only queries (benchmarks-and-compression.md §2.3), scaled to the generated span:
 * windows start at a uniform nanosecond (so edge buckets are partial), hosts drawn at random. Each
 * runs on tsbs.cpu_multi as written for a multi-measure table, or on tsbs.cpu in Timestream's
 * single-measure form (per-metric CASE on measure_name, high-cpu and lastpoint as joins back).
 */

interface Window {
  readonly from: Fragment;
  readonly to: Fragment;
}

function window(context: QueryContext, minutes: number): Window {
  const { cpu, random } = context;
  const length = BigInt(minutes) * 60_000_000_000n;
  const start = BigInt(cpu.startMs) * 1_000_000n;
  const span = BigInt(cpu.endMs - cpu.startMs) * 1_000_000n + 1_000_000_000n;
  const room = span > length ? span - length : 1n;
  const from = start + (BigInt(Math.floor(random.next() * 2 ** 30)) * room) / 2n ** 30n;
  return { from: timestampNs(from), to: timestampNs(from + length) };
}

const hostsIn = (context: QueryContext, count: number) =>
  join(context.random.sample(valuesOf(context.cpu, 'hostname'), count).map(str), ', ');
const fields = (count: number) => CPU_FIELDS.slice(0, count);

/** max/avg of the first `count` fields: plain columns on cpu_multi, CASE on measure_name on cpu. */
function metricAggregates(multi: boolean, aggregate: 'max' | 'avg', count: number): Fragment {
  return join(
    fields(count).map((f) =>
      multi ? sql`${aggregate}(${f})` : sql`${aggregate}(CASE WHEN measure_name = ${str(f)} THEN ${col('measure_value::double')} END)`,
    ),
    ', ',
  );
}

function source(context: QueryContext, multi: boolean): { table: Fragment; measures: (count: number) => Fragment } {
  return {
    table: tableRef(context, multi ? context.cpuMulti : context.cpu),
    measures: (count) => (multi ? sql`true` : sql`measure_name IN (${join(fields(count).map(str), ', ')})`),
  };
}

export const singleGroupby: QueryTemplate = (context) => {
  const { random } = context;
  const multi = random.chance(0.5);
  const metrics = random.pick([1, 5]);
  const { table, measures } = source(context, multi);
  const w = window(context, random.pick([3, 6]));
  return {
    template: `tsbs-single-groupby${multi ? '-multi' : ''}`,
    sql: sql`SELECT ${bin(col('time'), duration(1, 'm'))} AS minute, ${metricAggregates(multi, 'max', metrics)} FROM ${table} WHERE hostname IN (${hostsIn(context, random.pick([1, 3]))}) AND ${measures(metrics)} AND time >= ${w.from} AND time < ${w.to} GROUP BY 1 ORDER BY 1`,
    ordered: true,
  };
};

export const cpuMaxAll: QueryTemplate = (context) => {
  const { random } = context;
  const multi = random.chance(0.5);
  const { table, measures } = source(context, multi);
  const w = window(context, 8);
  const width = random.pick([duration(1, 'h'), duration(2, 'm')]);
  return {
    template: `tsbs-cpu-max-all${multi ? '-multi' : ''}`,
    sql: sql`SELECT ${bin(col('time'), width)} AS hour, ${metricAggregates(multi, 'max', 10)} FROM ${table} WHERE hostname IN (${hostsIn(context, random.pick([1, 3]))}) AND ${measures(10)} AND time >= ${w.from} AND time < ${w.to} GROUP BY 1 ORDER BY 1`,
    ordered: true,
  };
};

export const doubleGroupby: QueryTemplate = (context) => {
  const { random } = context;
  const multi = random.chance(0.5);
  const metrics = random.pick([1, 5, 10]);
  const { table, measures } = source(context, multi);
  const w = window(context, 6);
  const width = random.pick([duration(1, 'h'), duration(1, 'm')]);
  return {
    template: `tsbs-double-groupby${multi ? '-multi' : ''}`,
    sql: sql`SELECT ${bin(col('time'), width)} AS hour, hostname, ${metricAggregates(multi, 'avg', metrics)} FROM ${table} WHERE ${measures(metrics)} AND time >= ${w.from} AND time < ${w.to} GROUP BY 1, 2 ORDER BY 1, 2`,
    ordered: true,
  };
};

export const highCpu: QueryTemplate = (context) => {
  const { random, cpu, cpuMulti } = context;
  const w = window(context, 6);
  // TSBS uses 90; with a handful of hosts no walk may get there, so lower thresholds keep rows in the result.
  const threshold = random.pick([30, 50, 70, 90]);
  const oneHost = random.chance(0.5) ? sql` AND hostname IN (${hostsIn(context, 1)})` : '';
  if (random.chance(0.5)) {
    return {
      template: 'tsbs-high-cpu-multi',
      sql: sql`SELECT * FROM ${tableRef(context, cpuMulti)} WHERE usage_user > ${threshold} AND time >= ${w.from} AND time < ${w.to}${oneHost}`,
      ordered: false,
    };
  }
  // Timestream's form: the rows where usage_user is high, joined back on hostname and time for every measure.
  return {
    template: 'tsbs-high-cpu',
    sql: sql`SELECT c.hostname, c.time, c.measure_name, c.${col('measure_value::double')} FROM ${tableRef(context, cpu)} c JOIN (SELECT hostname, time FROM ${tableRef(context, cpu)} WHERE measure_name = 'usage_user' AND ${col('measure_value::double')} > ${threshold} AND time >= ${w.from} AND time < ${w.to}${oneHost}) h ON c.hostname = h.hostname AND c.time = h.time`,
    ordered: false,
  };
};

export const groupbyOrderbyLimit: QueryTemplate = (context) => {
  const { random } = context;
  const multi = random.chance(0.5);
  const { table, measures } = source(context, multi);
  const w = window(context, 4);
  return {
    template: `tsbs-groupby-orderby-limit${multi ? '-multi' : ''}`,
    sql: sql`SELECT ${bin(col('time'), duration(1, 'm'))} AS minute, ${metricAggregates(multi, 'max', 1)} FROM ${table} WHERE ${measures(1)} AND time < ${w.to} GROUP BY 1 ORDER BY 1 DESC LIMIT 5`,
    ordered: true,
  };
};

export const lastpoint: QueryTemplate = (context) => {
  const { random, cpu, cpuMulti } = context;
  if (random.chance(0.5)) {
    const form = random.chance(0.5)
      ? sql`SELECT c.* FROM ${tableRef(context, cpuMulti)} c JOIN (SELECT hostname, max(time) AS t FROM ${tableRef(context, cpuMulti)} GROUP BY hostname) l ON c.hostname = l.hostname AND c.time = l.t`
      : sql`SELECT hostname, max(time), ${minBy(col('usage_user'), col('time'), 'max')}, ${minBy(col('usage_idle'), col('time'), 'max')} FROM ${tableRef(context, cpuMulti)} GROUP BY hostname`;
    return { template: 'tsbs-lastpoint-multi', sql: form, ordered: false };
  }
  return {
    template: 'tsbs-lastpoint',
    sql: sql`SELECT c.hostname, c.measure_name, c.time, c.${col('measure_value::double')} FROM ${tableRef(context, cpu)} c JOIN (SELECT hostname, measure_name, max(time) AS t FROM ${tableRef(context, cpu)} GROUP BY hostname, measure_name) l ON c.hostname = l.hostname AND c.measure_name = l.measure_name AND c.time = l.t`,
    ordered: false,
  };
};
