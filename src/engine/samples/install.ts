import { TidemarkError } from '../../errors/index.ts';
import type { Database } from '../api.ts';
import type { WriteColumnsRequest } from '../storage/write-columns.ts';
import { devopsWrites } from './devops.ts';
import { iotWrites } from './iot.ts';

export type SampleName = 'devops' | 'iot';

/** The database the samples install into, as in the Timestream console. */
export const SAMPLE_DATABASE = 'sampleDB';
/** How far back the samples reach, and their point spacing. */
export const SAMPLE_DAYS = 3;
export const SAMPLE_INTERVAL_MS = 60_000;

export interface SampleDescription {
  readonly name: SampleName;
  readonly title: string;
  readonly description: string;
  readonly database: string;
  readonly tables: readonly string[];
}

export const SAMPLES: readonly SampleDescription[] = [
  {
    name: 'devops',
    title: 'DevOps',
    description:
      'CPU and memory utilisation of 12 hosts in 3 regions (dimensions region, az, hostname), one point a minute over the last 3 days.',
    database: SAMPLE_DATABASE,
    tables: ['DevOps', 'DevOpsMulti'],
  },
  {
    name: 'iot',
    title: 'IoT',
    description:
      'A fleet of 8 trucks (fleet, truck_id, make, model, fuel_capacity, load_capacity): fuel-reading, load, speed and location, one reading a minute over the last 3 days.',
    database: SAMPLE_DATABASE,
    tables: ['IoT', 'IoTMulti'],
  },
];

/** Tables keep 4 days in the memory tier, so the whole sample is written there; older data can still be written (magnetic). */
const TABLE_OPTIONS = { memoryStoreRetentionHours: 96, magneticStoreRetentionDays: 365, enableMagneticStoreWrites: true } as const;

function sampleNamed(name: SampleName): SampleDescription {
  const sample = SAMPLES.find((s) => s.name === name);
  if (!sample) {
    throw new TidemarkError(
      'INVALID_ARGUMENT',
      `There is no sample named "${String(name)}"; the samples are ${SAMPLES.map((s) => s.name).join(', ')}.`,
      {
        details: { field: 'name' },
      },
    );
  }
  return sample;
}

/** Whether every table of the sample exists and holds series. */
export async function isSampleInstalled(db: Database, name: SampleName): Promise<boolean> {
  const sample = sampleNamed(name);
  if (!(await db.listDatabases()).includes(sample.database)) return false;
  const tables = await db.listTables(sample.database);
  for (const table of sample.tables) {
    if (!tables.includes(table)) return false;
    if ((await db.describeTable(sample.database, table)).series === 0) return false;
  }
  return true;
}

export async function listSamples(db: Database): Promise<(SampleDescription & { installed: boolean })[]> {
  const out: (SampleDescription & { installed: boolean })[] = [];
  for (const s of SAMPLES) out.push({ ...s, installed: await isSampleInstalled(db, s.name) });
  return out;
}

export interface InstallSampleOptions {
  /** The install's "now" in epoch ms (default Date.now): the sample ends there. */
  readonly nowMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface InstallSampleResult {
  readonly name: SampleName;
  readonly database: string;
  readonly tables: readonly string[];
  readonly points: number;
  readonly alreadyInstalled: boolean;
  readonly elapsedMs: number;
}

/**
 * Installs a sample into `sampleDB` through the columnar write path. Idempotent: an installed
 * sample is left alone, and a half-finished one is rewritten with the same values at the same
 * minute-aligned times (values are a pure function of time), which Timestream's rules store once.
 */
export function installSample(db: Database, name: SampleName, options: InstallSampleOptions = {}): Promise<InstallSampleResult> {
  // Installs into one database run one after another: two at once (the first-start offer and a
  // click) would both find sampleDB missing and race to create it.
  const previous = installs.get(db) ?? Promise.resolve();
  const run = previous.then(() => installNow(db, name, options));
  installs.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

const installs = new WeakMap<Database, Promise<unknown>>();

async function installNow(db: Database, name: SampleName, options: InstallSampleOptions): Promise<InstallSampleResult> {
  const started = performance.now();
  const sample = sampleNamed(name);
  const base = { name, database: sample.database, tables: sample.tables };
  if (await isSampleInstalled(db, name)) return { ...base, points: 0, alreadyInstalled: true, elapsedMs: performance.now() - started };
  if (!(await db.listDatabases()).includes(sample.database)) await db.createDatabase(sample.database);
  const existing = await db.listTables(sample.database);
  for (const table of sample.tables) if (!existing.includes(table)) await db.createTable(sample.database, table, TABLE_OPTIONS);
  const nowMs = options.nowMs ?? Date.now();
  const fromMs = nowMs - SAMPLE_DAYS * 86_400_000;
  const writes: WriteColumnsRequest[] =
    name === 'devops'
      ? devopsWrites(sample.database, fromMs, nowMs, SAMPLE_INTERVAL_MS)
      : iotWrites(sample.database, fromMs, nowMs, SAMPLE_INTERVAL_MS);
  let points = 0;
  for (const [i, write] of writes.entries()) {
    if (options.signal?.aborted) throw new TidemarkError('ABORTED', `Installing the ${sample.title} sample was cancelled.`);
    const response = await db.writeColumns(write);
    if (response.RejectedRecords.length > 0) {
      const first = response.RejectedRecords[0];
      throw new TidemarkError(
        'INTERNAL',
        `The ${sample.title} sample was rejected at ${write.table}: ${(first?.Reason ?? 'unknown reason').replace(/\.$/, '')}.`,
      );
    }
    points += response.RecordsIngested.Total * (write.columns?.length ?? 1);
    options.onProgress?.(i + 1, writes.length);
  }
  return { ...base, points, alreadyInstalled: false, elapsedMs: performance.now() - started };
}
