import { TidemarkError } from '../../errors/index.ts';
import type { Database } from '../api.ts';
import type { WriteRecord } from '../model/types.ts';
import type { WriteColumnsRequest } from '../storage/write-columns.ts';
import { clamp, dailyCycle, hashString, noiseAt, round, smoothNoise } from './signals.ts';

export const DEMO_DATABASE = 'demo';
export const DEMO_TABLES = ['sensors', 'hosts'] as const;
/** How much history a start fills in, so charts have a line at once. */
export const DEMO_BACKFILL_MS = 15 * 60_000;

/** A simulated series of the demo stream: its table, dimensions, measure name and value at a time. */
export interface DemoSeries {
  readonly table: (typeof DEMO_TABLES)[number];
  readonly dimensions: Readonly<Record<string, string>>;
  readonly measureName: string;
  valueAt(timeMs: number): number;
}

/** IoT sensors (10 in three buildings, after the Timestream IoT Core sample) and six hosts. */
export function demoSeries(): DemoSeries[] {
  const out: DemoSeries[] = [];
  const buildings = ['Day 1', 'Kumo', 'Doppler'] as const;
  for (let i = 1; i <= 10; i++) {
    const device = `sensor_${String(i).padStart(2, '0')}`;
    const building = buildings[i % 3] as string;
    const dimensions = { device_id: device, building, room: String(100 + ((i * 37) % 400)) };
    const seed = hashString(device);
    const base = 19 + (seed % 60) / 10;
    out.push({
      table: 'sensors',
      dimensions,
      measureName: 'temperature',
      valueAt: (t) =>
        round(base + 2.5 * dailyCycle(t, 15) + 1.2 * smoothNoise(seed, t, 120_000) + 0.15 * noiseAt(seed, Math.floor(t / 1000)), 2),
    });
    out.push({
      table: 'sensors',
      dimensions,
      measureName: 'humidity',
      valueAt: (t) => round(clamp(45 + 10 * smoothNoise(seed ^ 1, t, 300_000) + 0.5 * noiseAt(seed ^ 1, Math.floor(t / 1000)), 20, 90), 1),
    });
    out.push({
      table: 'sensors',
      dimensions,
      measureName: 'pressure',
      valueAt: (t) => round(1013 + 6 * smoothNoise(seed ^ 2, t, 900_000) + 0.3 * noiseAt(seed ^ 2, Math.floor(t / 1000)), 1),
    });
  }
  for (let i = 1; i <= 6; i++) {
    const hostname = `web-${String(i).padStart(2, '0')}`;
    const dimensions = { hostname, region: i <= 3 ? 'us-east-1' : 'eu-west-1' };
    const seed = hashString(hostname);
    out.push({
      table: 'hosts',
      dimensions,
      measureName: 'cpu_utilization',
      valueAt: (t) => {
        const burst = noiseAt(seed ^ 7, Math.floor(t / 90_000)) > 0.85 ? 30 : 0;
        return round(clamp(35 + 20 * smoothNoise(seed, t, 60_000) + 4 * noiseAt(seed, Math.floor(t / 1000)) + burst, 1, 99), 1);
      },
    });
    out.push({
      table: 'hosts',
      dimensions,
      measureName: 'memory_utilization',
      valueAt: (t) => round(clamp(50 + 25 * ((t / 600_000 + (seed % 10) / 10) % 1) + noiseAt(seed ^ 3, Math.floor(t / 1000)), 1, 99), 1),
    });
  }
  return out;
}

export interface DemoStreamStatus {
  readonly running: boolean;
  readonly startedAtMs: number | null;
  readonly ticks: number;
  readonly points: number;
  readonly database: string;
  readonly tables: readonly string[];
  readonly lastTickMs: number | null;
  readonly lastError: TidemarkError | null;
}

export interface DemoStreamOptions {
  readonly clock?: () => number;
  /** Ms between ticks (default 1000). */
  readonly tickMs?: number;
}

/**
 * The built-in demo stream: once started, writes one point per simulated series every second into
 * database `demo` (tables `sensors` and `hosts`, created on start, with the last 15 minutes filled
 * in), until stopped. Values are a pure function of time, so a restart overlapping earlier points
 * stores them once. A tick still writing when the next is due is skipped, never queued.
 */
export class DemoStream {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly series = demoSeries();
  private readonly clock: () => number;
  private readonly tickMs: number;
  private startedAtMs: number | null = null;
  private ticks = 0;
  private points = 0;
  private lastTickMs: number | null = null;
  private lastError: TidemarkError | null = null;
  private writing = false;
  private starting: Promise<DemoStreamStatus> | null = null;
  /** Bumped by stop(), so a stop during a start wins. */
  private generation = 0;
  private lastWrittenSecond = 0;

  constructor(
    private readonly database: Promise<Database>,
    options: DemoStreamOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.tickMs = options.tickMs ?? 1000;
  }

  status(): DemoStreamStatus {
    return {
      running: this.timer !== null,
      startedAtMs: this.startedAtMs,
      ticks: this.ticks,
      points: this.points,
      database: DEMO_DATABASE,
      tables: DEMO_TABLES,
      lastTickMs: this.lastTickMs,
      lastError: this.lastError,
    };
  }

  /** Starts the stream (a start while one is under way joins it). */
  start(): Promise<DemoStreamStatus> {
    if (this.timer !== null) return Promise.resolve(this.status());
    this.starting ??= this.startNow().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startNow(): Promise<DemoStreamStatus> {
    const generation = this.generation;
    const db = await this.database;
    if (!(await db.listDatabases()).includes(DEMO_DATABASE)) await db.createDatabase(DEMO_DATABASE);
    const tables = await db.listTables(DEMO_DATABASE);
    for (const table of DEMO_TABLES) if (!tables.includes(table)) await db.createTable(DEMO_DATABASE, table);
    if (this.timer !== null) return this.status(); // started meanwhile
    this.startedAtMs = this.clock();
    this.ticks = 0;
    this.points = 0;
    this.lastError = null;
    const nowSecond = Math.floor(this.clock() / 1000) * 1000;
    await this.backfill(db, nowSecond - DEMO_BACKFILL_MS, nowSecond);
    this.lastWrittenSecond = nowSecond;
    if (this.timer !== null) return this.status();
    if (generation !== this.generation) {
      this.startedAtMs = null; // stopped while starting
      return this.status();
    }
    this.timer = setInterval(() => void this.tick(db), this.tickMs);
    (this.timer as { unref?: () => void }).unref?.();
    return this.status();
  }

  stop(): DemoStreamStatus {
    this.generation++;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.startedAtMs = null;
    return this.status();
  }

  /** Writes the points due since the last tick (one per series and second), one WriteRecords call per table. */
  async tick(db?: Database): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      const target = db ?? (await this.database);
      const nowSecond = Math.floor(this.clock() / 1000) * 1000;
      // A tab in the background may fire late: catch up, at most the backfill span.
      const from = Math.max(this.lastWrittenSecond + 1000, nowSecond - DEMO_BACKFILL_MS);
      if (from > nowSecond) return;
      const byTable = new Map<string, WriteRecord[]>();
      for (const s of this.series) {
        let records = byTable.get(s.table);
        if (!records) {
          records = [];
          byTable.set(s.table, records);
        }
        const Dimensions = Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value }));
        for (let t = from; t <= nowSecond; t += 1000) {
          records.push({
            Dimensions,
            MeasureName: s.measureName,
            MeasureValue: String(s.valueAt(t)),
            MeasureValueType: 'DOUBLE',
            Time: String(t),
          });
        }
      }
      let written = 0;
      for (const [table, Records] of byTable) {
        const response = await target.writeRecords({ DatabaseName: DEMO_DATABASE, TableName: table, Records });
        written += response.RecordsIngested.Total;
      }
      this.lastWrittenSecond = nowSecond;
      this.ticks++;
      this.points += written;
      this.lastTickMs = nowSecond;
      this.lastError = null;
    } catch (error) {
      this.lastError = TidemarkError.from(error);
    } finally {
      this.writing = false;
    }
  }

  private async backfill(db: Database, fromMs: number, toMs: number): Promise<void> {
    const n = Math.floor((toMs - fromMs) / 1000) + 1;
    const times = Float64Array.from({ length: n }, (_, i) => fromMs + i * 1000);
    for (const s of this.series) {
      const request: WriteColumnsRequest = {
        database: DEMO_DATABASE,
        table: s.table,
        dimensions: s.dimensions,
        measureName: s.measureName,
        times,
        values: times.map((t) => s.valueAt(t)),
      };
      const response = await db.writeColumns(request);
      this.points += response.RecordsIngested.Total;
    }
  }
}
