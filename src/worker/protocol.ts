/**
 * The typed message protocol between the UI thread (src/client) and the engine's worker
 * (src/worker). Every request carries an id; the worker answers it exactly once with a
 * response or an error, may send progress events before that, and stops it on a cancel.
 * Typed arrays in results are transferred, not copied.
 */
import type {
  ColumnarResult,
  DeleteRecordsInput,
  ImportProgress,
  StorageStats,
  TableDescription,
  TableOptionsInput,
  TimestreamQueryResponse,
  WriteColumnsBatchRequest,
  WriteColumnsRequest,
  WriteRecordsRequest,
  WriteRecordsResponse,
} from '../engine/index.ts';
import type { SerializedTidemarkError } from '../errors/index.ts';
import type { KernelInfo } from '../kernel/index.ts';
import type { ImportStorageMethods } from './protocol-import-storage.ts';
import type { LiveMethods, SubscriptionEvent } from './protocol-live.ts';

export type * from './protocol-live.ts';

/** What the worker reports once it has loaded the kernel and can take requests. */
/**
 * A large, repetitive text column of a response as it crosses (src/worker/wire-text.ts packs it, the client
 * unpacks it): the column's `data` is empty and row i's value is `dictionary[codes[i]]`.
 */
export interface PackedText {
  readonly codes: Uint32Array;
  readonly dictionary: readonly (string | null)[];
}

export interface WorkerReadyInfo {
  readonly kernel: KernelInfo;
  /** Milliseconds from the worker's start to ready (kernel fetched, compiled and instantiated). */
  readonly startupMs: number;
}

/** A progress event for a running request; `total` is absent when it is not known in advance. */
export interface ProgressEvent {
  readonly done: number;
  readonly total?: number;
  readonly message?: string;
  /** An import's figures: bytes, rows, rows/s and time left. */
  readonly import?: ImportProgress;
}

/**
 * Every method the worker serves: its parameters and its result. Later issues add the engine's
 * methods here; the client and the dispatcher are typed from this map alone.
 */
export interface WorkerMethods extends ImportStorageMethods, LiveMethods {
  /** The kernel's build id, ABI version, wasm size and memory size. */
  'kernel.info': { params: Record<string, never>; result: KernelInfo };
  /** Sums a column in the kernel; the input array is transferred to the worker. */
  'kernel.sumFloat64': { params: { values: Float64Array }; result: { sum: number; count: number } };
  /**
   * Generates `count` values of a deterministic test signal in the worker, sums them in the
   * kernel and in plain JavaScript, and transfers the values back: proves the kernel runs in
   * the worker and that results travel as transferables.
   */
  'kernel.selfTest': {
    params: { count: number };
    result: { kernelSum: number; javascriptSum: number; values: Float64Array; kernelMs: number };
  };
  /** Raises the given error inside the worker, to prove errors reach the caller typed. */
  'diagnostics.fail': { params: { code: SerializedTidemarkError['code']; message: string }; result: never };
  /**
   * A long-running request that does `steps` slices of work of `sliceMs` each, reporting
   * progress after each and stopping at the first slice boundary after a cancel.
   */
  'diagnostics.spin': { params: { steps: number; sliceMs: number }; result: { completedSteps: number } };

  /** Where the worker's database lives, once it is open (it opens right after the kernel loads). */
  'db.info': { params: Record<string, never>; result: DatabaseInfo };
  'db.listDatabases': { params: Record<string, never>; result: string[] };
  'db.createDatabase': { params: { name: string }; result: null };
  'db.deleteDatabase': { params: { name: string }; result: null };
  'db.listTables': { params: { database: string }; result: string[] };
  'db.createTable': { params: { database: string; table: string; options?: TableOptionsInput }; result: TableDescription };
  'db.updateTable': { params: { database: string; table: string; options: TableOptionsInput }; result: TableDescription };
  'db.deleteTable': { params: { database: string; table: string }; result: null };
  'db.describeTable': { params: { database: string; table: string }; result: TableDescription };
  /** Timestream's WriteRecords; resolves once the accepted records are durable. */
  'db.writeRecords': { params: WriteRecordsRequest; result: WriteRecordsResponse };
  /** The columnar fast path; transfer the arrays with the call. */
  'db.writeColumns': { params: WriteColumnsRequest; result: WriteRecordsResponse };
  /**
   * Columnar writes to several series sharing one time column, durable together; transfer the arrays. With
   * `returnBuffers`, the answer transfers the request's buffers back (the engine keeps none of them), so a bulk
   * load can fill the same few buffers again instead of allocating fresh memory for every batch.
   */
  'db.writeColumnsBatch': {
    params: WriteColumnsBatchRequest & { readonly returnBuffers?: boolean };
    result: WriteRecordsResponse & { readonly buffers?: ArrayBuffer[] };
  };
  'db.deleteRecords': { params: DeleteRecordsInput; result: { deleted: number } };
  /**
   * SQL, with the result as typed columns (transferred). Cancellable; `timeoutMs` stops it in the worker.
   * `range`/`intervalMs` feed the `$__timeFilter`/`$__interval` macros; `pixels` reduces a time-shaped
   * result to M4 (first/last/min/max per pixel column) over `range`.
   */
  'db.query': { params: QueryParams; result: ColumnarResult };
  /** SQL, with the result in Timestream's Query response shape. */
  'db.queryTimestream': { params: QueryParams; result: TimestreamQueryResponse };
  'db.stats': { params: Record<string, never>; result: StorageStats };
  /** Every SQL function with its signatures (and the special forms if/coalesce/try), for editor completion. */
  'db.functions': { params: Record<string, never>; result: FunctionInfo[] };
}

/** One SQL function as the editor lists it. */
export interface FunctionInfo {
  readonly name: string;
  readonly kind: 'scalar' | 'aggregate' | 'window' | 'special';
  /** Human-readable, e.g. `bin(timestamp, interval day to second) -> timestamp`. */
  readonly signatures: readonly string[];
}

/** `db.query` parameters: the SQL and what its macros and pixel reduction need. */
export interface QueryParams {
  readonly sql: string;
  readonly timeoutMs?: number;
  /** Epoch ms, inclusive; what `$__timeFilter`, `$__timeFrom` and `$__timeTo` expand to. */
  readonly range?: { readonly fromMs: number; readonly toMs: number };
  /** What `$__interval` / `$__interval_ms` expand to (default: the range over `pixels` or 1000 buckets). */
  readonly intervalMs?: number;
  /** The chart's width in pixels: a time-shaped result comes back reduced to M4, with NULL rows at gaps. */
  readonly pixels?: number;
}

/** The worker's database: its name and where it keeps data. */
export interface DatabaseInfo {
  readonly name: string;
  readonly storage: 'indexeddb' | 'memory';
}

export type WorkerMethodName = keyof WorkerMethods;
export type WorkerParams<M extends WorkerMethodName> = WorkerMethods[M]['params'];
export type WorkerResult<M extends WorkerMethodName> = WorkerMethods[M]['result'];

/** Client → worker. */
export type ClientMessage =
  | { readonly type: 'request'; readonly id: number; readonly method: WorkerMethodName; readonly params: unknown }
  | { readonly type: 'cancel'; readonly id: number };

/** Worker → client. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly info: WorkerReadyInfo }
  | { readonly type: 'startup-error'; readonly error: SerializedTidemarkError }
  | { readonly type: 'response'; readonly id: number; readonly result: unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: SerializedTidemarkError }
  | { readonly type: 'progress'; readonly id: number; readonly progress: ProgressEvent }
  /** Pushed for a live subscription (see protocol-live.ts), not an answer to a request. */
  | { readonly type: 'event'; readonly subscription: number; readonly event: SubscriptionEvent };

/**
 * The part of a Worker, a MessagePort or a DedicatedWorkerGlobalScope the protocol uses, so
 * the dispatcher and the client can be tested in Node over a MessageChannel.
 */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
