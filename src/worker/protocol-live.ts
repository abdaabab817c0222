/**
 * The live part of the protocol: subscriptions (live queries the worker re-runs when new points
 * land), the demo stream, and the sample databases.
 */
import type { ColumnarResult } from '../engine/index.ts';
import type { SerializedTidemarkError } from '../errors/index.ts';

/** A live query: SQL (with macros), a fixed window or a sliding one (the last `lastMs` up to now), and its chart's needs. */
export interface SubscribeRequest {
  readonly sql: string;
  readonly range: { readonly fromMs: number; readonly toMs: number } | { readonly lastMs: number };
  /** What `$__interval` expands to (default: the window over `pixels` or 1000 buckets, fixed for the subscription). */
  readonly intervalMs?: number;
  /** The chart's width: results come back reduced to M4 on the window's pixel grid. */
  readonly pixels?: number;
}

/**
 * A live query's new data: rows with time >= `replaceFromMs` replace what the chart holds from
 * there on (null: the whole result is new). `fromMs`/`toMs` is the window it was computed for;
 * a sliding window moves, so rows before `fromMs` have fallen out of it. A sliding window also
 * moves when nothing was written: then the update has no rows and `replaceFromMs` = `toMs`.
 */
export interface LiveUpdate {
  readonly result: ColumnarResult;
  readonly replaceFromMs: number | null;
  readonly fromMs: number;
  readonly toMs: number;
}

/** What the worker pushes for a subscription. */
export type SubscriptionEvent =
  | { readonly kind: 'update'; readonly update: LiveUpdate }
  | { readonly kind: 'error'; readonly error: SerializedTidemarkError };

/** The demo stream's state. */
export interface DemoStatus {
  readonly running: boolean;
  /** When it started (epoch ms), while running. */
  readonly startedAtMs: number | null;
  /** Ticks written since it started, and points in them. */
  readonly ticks: number;
  readonly points: number;
  /** The database and tables it writes. */
  readonly database: string;
  readonly tables: readonly string[];
  /** Epoch ms of the last tick, and the last tick's error (a tick that failed), if any. */
  readonly lastTickMs: number | null;
  readonly lastError: SerializedTidemarkError | null;
}

/** A sample data set the app can install. */
export interface SampleInfo {
  readonly name: 'devops' | 'iot';
  readonly title: string;
  readonly description: string;
  readonly database: string;
  readonly tables: readonly string[];
  readonly installed: boolean;
}

export interface SampleInstallResult {
  readonly name: 'devops' | 'iot';
  readonly database: string;
  readonly tables: readonly string[];
  /** Points written by this call (0 when the sample was already there). */
  readonly points: number;
  readonly alreadyInstalled: boolean;
  readonly elapsedMs: number;
}

export interface LiveMethods {
  /**
   * Starts a live query: the worker runs it, pushes the result as an `event` for `subscription`
   * (an id the client picks), and after each write to a table it reads re-runs only the touched
   * tail of the window and pushes that. Resolves once the first result was pushed.
   */
  'live.subscribe': { params: SubscribeRequest & { readonly subscription: number }; result: { intervalMs: number } };
  'live.unsubscribe': { params: { subscription: number }; result: null };
  /** Starts the demo stream: every second, simulated sensors and hosts write into database `demo`. */
  'demo.start': { params: Record<string, never>; result: DemoStatus };
  'demo.stop': { params: Record<string, never>; result: DemoStatus };
  'demo.status': { params: Record<string, never>; result: DemoStatus };
  /** The sample data sets and whether each is installed. */
  'sample.list': { params: Record<string, never>; result: SampleInfo[] };
  /** Installs a sample into database `sampleDB` (idempotent); reports progress. */
  'sample.install': { params: { name: 'devops' | 'iot' }; result: SampleInstallResult };
}
