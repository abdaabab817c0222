import type { WriteColumnsRequest } from '../storage/write-columns.ts';
import { clamp, dailyCycle, hashString, noiseAt, prng, round, smoothNoise } from './signals.ts';

/** A host of the DevOps sample: Timestream's console sample names hosts like `host-Hovjv`. */
export interface DevOpsHost {
  readonly hostname: string;
  readonly region: string;
  readonly az: string;
  /** Its usual CPU load and how much it swings over a day. */
  readonly cpuBase: number;
  readonly cpuSwing: number;
  readonly peakHour: number;
  /** Memory climbs (a slow leak) and drops at each restart, every `restartHours`. */
  readonly memoryBase: number;
  readonly restartHours: number;
}

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The sample's hosts, the same on every install (seeded). */
export function devopsHosts(count = 12): DevOpsHost[] {
  const random = prng(hashString('tidemark devops sample'));
  const hosts: DevOpsHost[] = [];
  const used = new Set<string>();
  while (hosts.length < count) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += LETTERS[Math.floor(random() * LETTERS.length)];
    const hostname = `host-${suffix}`;
    if (used.has(hostname)) continue;
    used.add(hostname);
    const region = REGIONS[hosts.length % REGIONS.length] as string;
    hosts.push({
      hostname,
      region,
      az: `${region}${'abc'[Math.floor(random() * 3)]}`,
      cpuBase: 20 + random() * 40,
      cpuSwing: 8 + random() * 20,
      peakHour: 13 + random() * 6,
      memoryBase: 35 + random() * 25,
      restartHours: 18 + Math.floor(random() * 40),
    });
  }
  return hosts;
}

/** CPU utilisation (%) of a host at a time: a daily cycle, slow drift, noise and rare spikes. */
export function cpuAt(host: DevOpsHost, timeMs: number, step: number): number {
  const seed = hashString(`${host.hostname}/cpu`);
  const spike =
    noiseAt(seed ^ 0x5bd1e995, Math.floor(timeMs / 1_800_000)) > 0.93 ? 25 * Math.max(0, smoothNoise(seed, timeMs, 300_000)) : 0;
  const value =
    host.cpuBase +
    host.cpuSwing * dailyCycle(timeMs, host.peakHour) +
    6 * smoothNoise(seed, timeMs, 1_200_000) +
    3 * noiseAt(seed, step) +
    spike;
  return round(clamp(value, 0.5, 99.5), 2);
}

/** Memory utilisation (%) of a host: grows between restarts, with small noise. */
export function memoryAt(host: DevOpsHost, timeMs: number, step: number): number {
  const seed = hashString(`${host.hostname}/memory`);
  const cycleMs = host.restartHours * 3_600_000;
  const phase = (timeMs % cycleMs) / cycleMs;
  const value = host.memoryBase + 30 * phase + 2 * smoothNoise(seed, timeMs, 600_000) + 0.8 * noiseAt(seed, step);
  return round(clamp(value, 1, 99), 2);
}

/**
 * The DevOps sample as columnar writes: `DevOps` (single-measure: cpu_utilization and
 * memory_utilization per host) and `DevOpsMulti` (measure_name `metrics` with both as attributes),
 * dimensions region, az, hostname, one point per `intervalMs` over [fromMs, toMs].
 */
export function devopsWrites(
  database: string,
  fromMs: number,
  toMs: number,
  intervalMs: number,
  hosts = devopsHosts(),
): WriteColumnsRequest[] {
  const first = Math.ceil(fromMs / intervalMs);
  const last = Math.floor(toMs / intervalMs);
  const n = Math.max(0, last - first + 1);
  const times = Float64Array.from({ length: n }, (_, i) => (first + i) * intervalMs);
  const out: WriteColumnsRequest[] = [];
  for (const host of hosts) {
    const dimensions = { region: host.region, az: host.az, hostname: host.hostname };
    const cpu = Float64Array.from(times, (t, i) => cpuAt(host, t, first + i));
    const memory = Float64Array.from(times, (t, i) => memoryAt(host, t, first + i));
    out.push({ database, table: 'DevOps', dimensions, measureName: 'cpu_utilization', times, values: cpu });
    out.push({ database, table: 'DevOps', dimensions, measureName: 'memory_utilization', times, values: memory });
    out.push({
      database,
      table: 'DevOpsMulti',
      dimensions,
      measureName: 'metrics',
      times,
      columns: [
        { name: 'cpu_utilization', type: 'DOUBLE', values: cpu },
        { name: 'memory_utilization', type: 'DOUBLE', values: memory },
      ],
    });
  }
  return out;
}
