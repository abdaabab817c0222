import { Random } from '../random.ts';
import type { GeneratedRecord, GeneratedTable, TypedValue } from './dataset.ts';

/** TSBS cpu-only (reference note benchmarks-and-compression.md §2.2): the ten tags and the ten usage fields. */
export const CPU_FIELDS = [
  'usage_user',
  'usage_system',
  'usage_idle',
  'usage_nice',
  'usage_iowait',
  'usage_irq',
  'usage_softirq',
  'usage_steal',
  'usage_guest',
  'usage_guest_nice',
] as const;

const REGION_ZONES: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1e'],
  'us-west-1': ['us-west-1a', 'us-west-1b'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  'eu-central-1': ['eu-central-1a', 'eu-central-1b'],
  'ap-southeast-1': ['ap-southeast-1a', 'ap-southeast-1b'],
  'ap-southeast-2': ['ap-southeast-2a', 'ap-southeast-2b'],
  'ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c'],
  'sa-east-1': ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'],
};
export const CPU_REGIONS = Object.keys(REGION_ZONES);

const INTERVAL_MS = 10_000;
/** Share of points dropped, so series have gaps and per-field counts differ. */
const MISSING_POINT_RATE = 0.03;

/**
 * TSBS cpu-only as Timestream's loader stores it: one single-measure DOUBLE record per host, epoch and
 * field, every host on the same 10 s grid (so timestamps repeat across series). Each field is a random
 * walk clamped to [0, 100] and emitted truncated to an integer, as TSBS does since da63c7b; every
 * fourth host also gets a fractional offset so sums are not all exact integers.
 */
export function generateTsbsCpu(seed: number, hosts: number, epochs: number, endMs: number): GeneratedTable {
  const random = new Random(seed);
  const startMs = endMs - (epochs - 1) * INTERVAL_MS;
  const records: GeneratedRecord[] = [];
  for (let h = 0; h < hosts; h++) {
    const state = CPU_FIELDS.map(() => random.next() * 100);
    const region = random.pick(CPU_REGIONS);
    const tags: [string, string][] = [
      ['hostname', `host_${h}`],
      ['region', region],
      ['datacenter', random.pick(REGION_ZONES[region] ?? [])],
      ['rack', String(random.int(0, 99))],
      ['os', random.pick(['Ubuntu16.10', 'Ubuntu16.04LTS', 'Ubuntu15.10'])],
      ['arch', random.pick(['x64', 'x86'])],
      ['team', random.pick(['SF', 'NYC', 'LON', 'CHI'])],
      ['service', String(random.int(0, 19))],
      ['service_version', String(random.int(0, 1))],
      ['service_environment', random.pick(['production', 'staging', 'test'])],
    ];
    const fraction = h % 4 === 3 ? 0.25 : 0;
    for (let e = 0; e < epochs; e++) {
      for (let f = 0; f < CPU_FIELDS.length; f++) {
        state[f] = Math.min(100, Math.max(0, (state[f] ?? 0) + random.normal()));
        if (random.chance(MISSING_POINT_RATE)) continue;
        records.push({
          dimensions: tags,
          measureName: CPU_FIELDS[f] as string,
          timeNs: BigInt(startMs + e * INTERVAL_MS) * 1_000_000n,
          measure: { kind: 'single', type: 'DOUBLE', value: String(Math.trunc(state[f] ?? 0) + fraction) },
        });
      }
    }
  }
  return { database: 'tsbs', table: 'cpu', records };
}

/**
 * The same points as one MULTI record per host and epoch (measure_name `cpu`, the ten fields as
 * attributes; a dropped point is a missing attribute, NULL in the view): TSBS in Timestream's
 * multi-measure form, written through the columnar MULTI path.
 */
export function tsbsCpuAsMulti(single: GeneratedTable): GeneratedTable {
  const rows = new Map<string, { record: GeneratedRecord; values: TypedValue[] }>();
  for (const record of single.records) {
    if (record.measure.kind !== 'single') continue;
    const key = `${record.dimensions[0]?.[1]}\u0000${record.timeNs}`;
    const row = rows.get(key) ?? { record, values: [] };
    rows.set(key, row);
    row.values.push({ name: record.measureName, type: 'DOUBLE', value: record.measure.value });
  }
  const records = [...rows.values()].map(({ record, values }) => ({
    dimensions: record.dimensions,
    measureName: 'cpu',
    timeNs: record.timeNs,
    measure: { kind: 'multi' as const, values },
  }));
  return { database: single.database, table: 'cpu_multi', records };
}
