import { col } from './dialect-nodes.ts';
import { dimensionPredicate, measurePredicate, someOf, timeRange } from './predicates.ts';
import type { QueryContext } from './query-context.ts';

/** Names and small pickers the templates share. */

/** The TSBS value column. */
export const v = col('measure_value::double');
export const CPU_TAGS = [
  'hostname',
  'region',
  'datacenter',
  'rack',
  'os',
  'arch',
  'team',
  'service',
  'service_version',
  'service_environment',
];
export const DEVOPS_DIMENSIONS = [
  'region',
  'cell',
  'silo',
  'availability_zone',
  'microservice_name',
  'instance_type',
  'os_version',
  'process_name',
  'jdk_version',
];

export function cpuWhere(context: QueryContext) {
  const { random, cpu } = context;
  return someOf(context, [
    measurePredicate(context, cpu),
    timeRange(context, cpu),
    dimensionPredicate(context, cpu, random.pick(CPU_TAGS)),
    ...(random.chance(0.3) ? [dimensionPredicate(context, cpu, random.pick(CPU_TAGS))] : []),
  ]);
}

export const nulls = (context: QueryContext) => context.random.pick(['', ' NULLS FIRST', ' NULLS LAST']);
export const direction = (context: QueryContext) => context.random.pick(['', ' ASC', ' DESC']);
