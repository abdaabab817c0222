import { Random } from '../random.ts';
import type { GeneratedRecord, GeneratedTable, TypedValue } from './dataset.ts';

/**
 * Timestream's DevOps perf-scale schema (reference note timestream.md §7.1 A), scaled down: a few
 * regions, cells and silos, the five microservices, 8 metric dimensions and 8 event dimensions.
 */
const REGIONS: readonly { readonly region: string; readonly cells: number; readonly silos: number }[] = [
  { region: 'us-east-1', cells: 2, silos: 2 },
  { region: 'eu-west-1', cells: 1, silos: 2 },
  { region: 'ap-northeast-1', cells: 1, silos: 1 },
];
const MICROSERVICES = [
  { name: 'apollo', instanceType: 'r5.4xlarge', os: 'AL2', jdk: 'JDK_11', processes: ['server'] },
  { name: 'athena', instanceType: 'm5.8xlarge', os: 'AL2012', jdk: 'JDK_8', processes: ['server', 'host_manager'] },
  { name: 'demeter', instanceType: 'c5.16xlarge', os: 'AL2012', jdk: 'JDK_8', processes: ['server', 'host_manager'] },
  { name: 'hercules', instanceType: 'r5.4xlarge', os: 'AL2012', jdk: 'JDK_8', processes: ['server'] },
  { name: 'zeus', instanceType: 'm5.4xlarge', os: 'AL2', jdk: 'JDK_11', processes: ['server'] },
] as const;
const END_STATES: readonly (readonly [string, number])[] = [
  ['SUCCESS_WITH_NO_RESULT', 0.2],
  ['SUCCESS_WITH_RESULT', 0.7],
  ['INTERNAL_ERROR', 0.01],
  ['USER_ERROR', 0.07],
  ['UNKNOWN', 0.01],
  ['THROTTLED', 0.01],
];
export const DEVOPS_METRICS = [
  'cpu_user',
  'cpu_system',
  'cpu_idle',
  'memory_free',
  'memory_used',
  'disk_io_reads',
  'latency_per_read',
  'network_bytes_in',
] as const;
const INTERVAL_MS = 5_000;
/** Share of MULTI attributes left out of a record, which the table view shows as NULL. */
const MISSING_ATTRIBUTE_RATE = 0.08;

interface Host {
  readonly metricDimensions: readonly (readonly [string, string])[];
  readonly eventDimensions: readonly (readonly [string, string])[];
  readonly cpuBand: readonly [number, number];
  /** Hosts report at their own millisecond offset in the interval, so bins split their points. */
  readonly offsetMs: number;
}

function hosts(random: Random, perMicroservice: number): Host[] {
  const out: Host[] = [];
  for (const { region, cells, silos } of REGIONS) {
    for (let c = 1; c <= cells; c++) {
      for (let s = 1; s <= silos; s++) {
        const cell = `${region}-cell-${c}`;
        const silo = `${cell}-silo-${s}`;
        for (const service of MICROSERVICES) {
          for (let i = 0; i < perMicroservice; i++) {
            const az = `${region}-${(i % 3) + 1}`;
            const instanceName = `i-${random.next().toString(36).slice(2, 10)}-${service.name}-${silo}-${String(out.length).padStart(8, '0')}.amazonaws.com`;
            const common: [string, string][] = [
              ['region', region],
              ['cell', cell],
              ['silo', silo],
              ['availability_zone', az],
              ['microservice_name', service.name],
              ['instance_name', instanceName],
            ];
            const band = random.next();
            out.push({
              metricDimensions: [...common, ['instance_type', service.instanceType], ['os_version', service.os]],
              eventDimensions: [...common, ['process_name', random.pick(service.processes)], ['jdk_version', service.jdk]],
              cpuBand: band < 0.2 ? [0, 10] : band < 0.4 ? [85, 95] : [35, 65],
              offsetMs: random.int(0, INTERVAL_MS - 1),
            });
          }
        }
      }
    }
  }
  return out;
}

/** A double with two decimals, as text: decimal data like real metrics, still summed in floating point. */
function decimal(random: Random, low: number, high: number): string {
  return (low + random.next() * (high - low)).toFixed(2);
}

function endState(random: Random): string {
  let draw = random.next();
  for (const [state, weight] of END_STATES) {
    draw -= weight;
    if (draw < 0) return state;
  }
  return 'SUCCESS_WITH_RESULT';
}

/**
 * The five DevOps events, plus two the schema lacks so BOOLEAN and TIMESTAMP values are covered:
 * `task_succeeded` (the end state is a success) and `task_started_at` (nanoseconds, up to 30 s before
 * the record's time; TIMESTAMP values count the record's TimeUnit, NANOSECONDS here).
 */
function eventValues(random: Random, timeNs: bigint): TypedValue[] {
  const state = endState(random);
  return [
    { name: 'task_completed', type: 'BIGINT', value: String(random.int(0, 500)) },
    { name: 'task_end_state', type: 'VARCHAR', value: state },
    { name: 'gc_pause', type: 'DOUBLE', value: decimal(random, 0, 100) },
    { name: 'memory_free', type: 'DOUBLE', value: decimal(random, 0, 100) },
    { name: 'task_succeeded', type: 'BOOLEAN', value: String(state.startsWith('SUCCESS')) },
    { name: 'task_started_at', type: 'TIMESTAMP', value: String(timeNs - BigInt(random.int(0, 30_000_000)) * 1_000n) },
  ];
}

/**
 * The DevOps table in multi-measure mode: `metrics` records (8 of the 20 metrics) every 5 s per host
 * and `events` records every third interval, with different dimension sets (so each reads NULL in
 * the other's dimensions) and randomly missing attributes (NULL cells).
 */
export function generateDevopsMulti(seed: number, perMicroservice: number, epochs: number, endMs: number): GeneratedTable {
  const random = new Random(seed);
  const startMs = endMs - epochs * INTERVAL_MS;
  const records: GeneratedRecord[] = [];
  for (const host of hosts(random, perMicroservice)) {
    for (let e = 0; e < epochs; e++) {
      const timeMs = startMs + e * INTERVAL_MS + host.offsetMs;
      const metrics: TypedValue[] = DEVOPS_METRICS.map((name) => ({
        name,
        type: 'DOUBLE',
        value: name === 'cpu_user' ? decimal(random, host.cpuBand[0], host.cpuBand[1]) : decimal(random, 0, 100),
      }));
      records.push({
        dimensions: host.metricDimensions,
        measureName: 'metrics',
        timeNs: BigInt(timeMs) * 1_000_000n,
        measure: { kind: 'multi', values: withGaps(random, metrics) },
      });
      if (e % 3 === 0) {
        // Events come 1 ms after metrics plus a sub-millisecond part, so nanosecond times are compared too.
        const eventNs = BigInt(timeMs + 1) * 1_000_000n + BigInt(random.int(0, 999_999));
        records.push({
          dimensions: host.eventDimensions,
          measureName: 'events',
          timeNs: eventNs,
          measure: { kind: 'multi', values: withGaps(random, eventValues(random, eventNs)) },
        });
      }
    }
  }
  return { database: 'devops', table: 'host_metrics', records };
}

/** Drops attributes at random, keeping at least one (a MULTI record needs a value). */
function withGaps(random: Random, values: TypedValue[]): TypedValue[] {
  const kept = values.filter(() => !random.chance(MISSING_ATTRIBUTE_RATE));
  return kept.length > 0 ? kept : values.slice(0, 1);
}

/**
 * The DevOps events in single-measure mode: one record per event attribute, so the table has
 * `measure_value::bigint`, `::varchar` and `::double` columns, each NULL on the other measures' rows.
 */
export function generateDevopsEvents(seed: number, perMicroservice: number, epochs: number, endMs: number): GeneratedTable {
  const random = new Random(seed);
  const startMs = endMs - epochs * INTERVAL_MS;
  const records: GeneratedRecord[] = [];
  for (const host of hosts(random, perMicroservice)) {
    for (let e = 0; e < epochs; e += 2) {
      const timeMs = startMs + e * INTERVAL_MS + host.offsetMs;
      for (const value of eventValues(random, BigInt(timeMs) * 1_000_000n)) {
        if (value.name === 'memory_free' || random.chance(MISSING_ATTRIBUTE_RATE)) continue;
        records.push({
          dimensions: host.eventDimensions,
          measureName: value.name,
          timeNs: BigInt(timeMs) * 1_000_000n,
          measure: { kind: 'single', type: value.type, value: value.value },
        });
      }
    }
  }
  return { database: 'devops', table: 'events', records };
}
