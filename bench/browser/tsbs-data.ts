/**
 * TSBS cpu-only data generated in the page (../shared/reference/benchmarks-and-compression.md sections 2.1-2.2):
 * the ten tags per host chosen once, in TSBS's draw order, with a seeded generator; ten fields per host, each
 * a random walk with N(0, 1) steps clamped to [0, 100] and emitted truncated to an integer; one row per host
 * per 10 s epoch, hosts in order within an epoch (the emission order). Equivalent by distribution, not byte
 * for byte (Go's math/rand is not reproduced).
 */
import { random, TSBS_FIELDS } from '../codecs/tsbs.ts';

export const TSBS_INTERVAL_MS = 10_000;

/** The tag columns, in the order TSBS writes them. */
export const TSBS_TAGS = [
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
] as const;

const REGIONS: readonly (readonly [string, readonly string[]])[] = [
  ['us-east-1', ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1e']],
  ['us-west-1', ['us-west-1a', 'us-west-1b']],
  ['us-west-2', ['us-west-2a', 'us-west-2b', 'us-west-2c']],
  ['eu-west-1', ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']],
  ['eu-central-1', ['eu-central-1a', 'eu-central-1b']],
  ['ap-southeast-1', ['ap-southeast-1a', 'ap-southeast-1b']],
  ['ap-southeast-2', ['ap-southeast-2a', 'ap-southeast-2b']],
  ['ap-northeast-1', ['ap-northeast-1a', 'ap-northeast-1c']],
  ['sa-east-1', ['sa-east-1a', 'sa-east-1b', 'sa-east-1c']],
];
const OS = ['Ubuntu16.10', 'Ubuntu16.04LTS', 'Ubuntu15.10'];
const ARCH = ['x64', 'x86'];
const TEAM = ['SF', 'NYC', 'LON', 'CHI'];
const ENVIRONMENT = ['production', 'staging', 'test'];

export interface TsbsCpuData {
  readonly hosts: number;
  readonly epochs: number;
  /** Time of the first epoch, ms since the epoch; epoch e is at startMs + e * TSBS_INTERVAL_MS. */
  readonly startMs: number;
  /** End of the data's span (exclusive): startMs + epochs * interval. */
  readonly endMs: number;
  /** Per host, its tag values in TSBS_TAGS order. */
  readonly tags: readonly (readonly string[])[];
  /** Per field (TSBS_FIELDS order), every row's value in emission order: row = epoch * hosts + host. */
  readonly fields: readonly Uint8Array[];
}

/** Generates `hosts` hosts over `hours` hours from `startMs`, seeded. */
export function generateTsbsCpu(options: { hosts: number; hours: number; startMs: number; seed: number }): TsbsCpuData {
  const { hosts, startMs } = options;
  if (!Number.isInteger(hosts) || hosts < 1) throw new Error(`hosts must be a positive integer (got ${hosts}).`);
  const epochs = Math.floor((options.hours * 3_600_000) / TSBS_INTERVAL_MS);
  if (epochs < 1) throw new Error(`hours must cover at least one 10 s epoch (got ${options.hours}).`);
  const next = random(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const nf = TSBS_FIELDS.length;
  // Per host, at creation: the ten initial states (field order), then the tags in TSBS's draw order.
  const state = new Float64Array(hosts * nf);
  const tags: string[][] = [];
  for (let h = 0; h < hosts; h++) {
    for (let f = 0; f < nf; f++) state[h * nf + f] = next() * 100;
    const [region, zones] = pick(REGIONS);
    const datacenter = pick(zones);
    const rack = String(Math.floor(next() * 100));
    const arch = pick(ARCH);
    const os = pick(OS);
    const service = String(Math.floor(next() * 20));
    const serviceVersion = String(Math.floor(next() * 2));
    const environment = pick(ENVIRONMENT);
    const team = pick(TEAM);
    tags.push([`host_${h}`, region, datacenter, rack, os, arch, team, service, serviceVersion, environment]);
  }
  const fields = TSBS_FIELDS.map(() => new Uint8Array(epochs * hosts));
  for (let e = 0; e < epochs; e++) {
    for (let h = 0; h < hosts; h++) {
      const row = e * hosts + h;
      for (let f = 0; f < nf; f++) {
        const i = h * nf + f;
        // The first epoch emits the initial state; every later one advances each field first.
        let s = state[i] as number;
        if (e > 0) {
          s = Math.min(100, Math.max(0, s + normal()));
          state[i] = s;
        }
        (fields[f] as Uint8Array)[row] = Math.trunc(s);
      }
    }
  }
  return { hosts, epochs, startMs, endMs: startMs + epochs * TSBS_INTERVAL_MS, tags, fields };
}
