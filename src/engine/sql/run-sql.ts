import { TidemarkError } from '../../errors/index.ts';
import type { Statement } from './ast/nodes.ts';
import { bindDelete } from './binder/bind-delete.ts';
import { QueryBinder } from './binder/bind-query.ts';
import { bindQueryKeepingTemplate, templatedPlan } from './binder/plan-cache.ts';
import { emptyScanStatistics, type ScanStatistics, type SqlCatalog } from './catalog.ts';
import { abortReason, makeCheckpoint } from './exec/checkpoint.ts';
import { collectBatches } from './exec/execute-plan.ts';
import type { ExecutionContext } from './exec/execution-context.ts';
import type { Token } from './lexer/tokens.ts';
import { runMetadataStatement } from './metadata-statements.ts';
import { lexForShape, parseStatementShaped } from './parser/parse.ts';
import type { StatementShape } from './parser/statement-cache.ts';
import { pruneColumns } from './plan/column-pruning.ts';
import { explainPlan } from './plan/explain.ts';
import type { PlanNode } from './plan/plan-nodes.ts';
import { batchedResult } from './result/batched-result.ts';
import type { QueryResult, QueryStatistics } from './result/query-result.ts';
import { T } from './types/sql-type.ts';
import { NANOS_PER_MILLI } from './values/sql-value.ts';
import { ValueVector, vectorFromValues } from './vector/index.ts';

export interface QueryOptions {
  /** Aborting it stops the query at its next checkpoint with code ABORTED. */
  readonly signal?: AbortSignal;
  /** Stops the query after this many milliseconds with code TIMEOUT. */
  readonly timeoutMs?: number;
  /** The query's "now" in nanoseconds (tests fix it); defaults to the wall clock. */
  readonly now?: bigint;
  /** The database of unqualified table names; Timestream has none, so names must be qualified by default. */
  readonly defaultDatabase?: string;
  /**
   * Lets the storage answer eligible aggregates itself (chunk headers, the kernel's fused
   * aggregation), joins pass runtime filters to their probe scans and scans read only the columns
   * the query uses; default true. False runs the plain operators over every column, to compare results.
   */
  readonly pushdown?: boolean;
  /**
   * Called while the query runs (at most every {@link PROGRESS_EVERY_MS}) with what it has read
   * so far, so a long query can show that it is moving.
   */
  readonly onProgress?: (progress: QueryProgress) => void;
}

/** How far a running query has got: its scan statistics so far and the time since it started. */
export interface QueryProgress extends Readonly<ScanStatistics> {
  readonly elapsedMs: number;
}

/** The least time between two progress reports. */
export const PROGRESS_EVERY_MS = 200;

/**
 * Runs one SQL statement against a catalog: parse, bind, plan, execute. Metadata statements
 * (SHOW, DESCRIBE) read the catalog; EXPLAIN [ANALYZE] describes the plan (and runs it).
 */
export async function runSql(catalog: SqlCatalog, sql: string, options: QueryOptions = {}): Promise<QueryResult> {
  const started = performance.now();
  // Without a timeout the caller's signal is the query's (abortReason reads its reason as onAbort would
  // pass it on), and without either nothing can abort: no controller, listener or timer per query then.
  if (options.timeoutMs === undefined) return runSignalled(catalog, sql, options, options.signal ?? NEVER_ABORTED, started);
  const controller = new AbortController();
  const onAbort = () =>
    controller.abort(
      options.signal?.reason instanceof TidemarkError ? options.signal.reason : new TidemarkError('ABORTED', 'The query was cancelled.'),
    );
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new TidemarkError('TIMEOUT', `The query did not finish within ${options.timeoutMs} ms and was stopped.`)),
    options.timeoutMs,
  );
  try {
    return await runSignalled(catalog, sql, options, controller.signal, started);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** A signal nothing aborts: the query's when it has neither a signal nor a timeout. */
const NEVER_ABORTED = new AbortController().signal;

async function runSignalled(
  catalog: SqlCatalog,
  sql: string,
  options: QueryOptions,
  signal: AbortSignal,
  started: number,
): Promise<QueryResult> {
  if (signal.aborted) throw abortReason(signal);
  const lexed = lexForShape(sql);
  const now = options.now ?? BigInt(Date.now()) * NANOS_PER_MILLI;
  if (lexed.shape !== undefined) {
    // A query of a shape bound before: its plan from the kept template, without parsing or binding.
    const lexedAt = performance.now();
    // The columns its scans read are chosen as for any plan, unless this template's first plan needed no choice.
    const prune = options.pushdown === false ? undefined : (p: PlanNode) => readingNeededColumns(p, catalog, options);
    const plan = templatedPlan(lexed.shape, sql, lexed.tokens, catalog, options.defaultDatabase || undefined, now, prune);
    if (plan !== undefined) {
      const clock: PhaseClock = { started, parsed: lexedAt, planned: performance.now() };
      const scan = emptyScanStatistics();
      const context = executionContext(catalog, now, signal, scan, options.pushdown ?? true, options.onProgress);
      return finishPlan(plan, context, () => phaseStatistics(clock, scan));
    }
  }
  const { statement, tokens, shape, repeated } = parseStatementShaped(sql, lexed);
  const parsed = performance.now();
  // A template is made from a shape's second text: a text run once (most typed queries) costs no recording.
  const keep = repeated ? shape : undefined;
  return await runStatement(catalog, sql, statement, now, options, signal, { started, parsed, planned: parsed }, keep, tokens);
}

/**
 * The plan to run: its scans read only the columns used above them. With the fast paths off (options.pushdown
 * false, the tests' reference) every column is read, so a comparison of the two shows a column wrongly left out.
 */
function readingNeededColumns(plan: PlanNode, catalog: SqlCatalog, options: QueryOptions): PlanNode {
  return options.pushdown === false ? plan : pruneColumns(plan, { storageAggregates: catalog.aggregateScan !== undefined });
}

function phaseStatistics(clock: PhaseClock, scan: ScanStatistics): QueryStatistics {
  const ended = performance.now();
  const phases = { parseMs: clock.parsed - clock.started, planMs: clock.planned - clock.parsed, executeMs: ended - clock.planned };
  return { elapsedMs: ended - clock.started, scan, phases };
}

async function runStatement(
  catalog: SqlCatalog,
  sql: string,
  statement: Statement,
  now: bigint,
  options: QueryOptions,
  signal: AbortSignal,
  clock: PhaseClock,
  shape: StatementShape | undefined,
  tokens: readonly Token[],
): Promise<QueryResult> {
  const scan = emptyScanStatistics();
  const statistics = (): QueryStatistics => phaseStatistics(clock, scan);
  const finish = (columns: QueryResult['columns'], vectors: QueryResult['vectors'], rowCount: number): QueryResult => ({
    columns,
    vectors,
    rowCount,
    statistics: statistics(),
  });
  const binderOptions = { catalog, sql, now, ...(options.defaultDatabase ? { defaultDatabase: options.defaultDatabase } : {}) };
  const binder = () => new QueryBinder(binderOptions);

  if (statement.kind === 'Query') {
    const plan = readingNeededColumns(bindQueryKeepingTemplate(binderOptions, statement, shape, tokens), catalog, options);
    clock.planned = performance.now();
    const context = executionContext(catalog, now, signal, scan, options.pushdown ?? true, options.onProgress);
    return finishPlan(plan, context, statistics);
  }
  if (statement.kind === 'Explain') {
    if (statement.statement.kind !== 'Query') {
      const text =
        statement.statement.kind === 'Delete'
          ? 'DELETE removes points through the storage engine by time range, series and measure name; EXPLAIN does not run it.'
          : `${statement.statement.kind} reads the catalog directly; it has no plan.`;
      return finish([{ name: 'Query Plan', type: T.varchar }], [new ValueVector(T.varchar, [text])], 1);
    }
    const plan = readingNeededColumns(binder().bindQuery(statement.statement, null), catalog, options);
    clock.planned = performance.now();
    let text: string;
    if (statement.analyze) {
      const context = executionContext(catalog, now, signal, scan, options.pushdown ?? true, options.onProgress);
      const runStarted = performance.now();
      await collectBatches(plan, context);
      const planning = { parseMs: clock.parsed - clock.started, planMs: clock.planned - clock.parsed };
      text = explainPlan(plan, { operators: context.operatorStatistics, scan, totalMs: performance.now() - runStarted, planning });
    } else {
      text = explainPlan(plan);
    }
    const lines = text.split('\n');
    return finish([{ name: 'Query Plan', type: T.varchar }], [new ValueVector(T.varchar, lines)], lines.length);
  }
  if (statement.kind === 'Delete') {
    if (!catalog.deletePoints)
      throw new TidemarkError('SQL_SEMANTIC', 'DELETE runs through the storage engine, which this catalog does not offer.');
    const target = bindDelete(binder(), catalog, statement, sql, now);
    clock.planned = performance.now();
    if (signal.aborted) throw abortReason(signal);
    const deleted = await catalog.deletePoints(target.table, target.pushdown);
    return finish([{ name: 'rows_deleted', type: T.bigint }], [new ValueVector(T.bigint, [BigInt(deleted)])], 1);
  }
  const metadata = runMetadataStatement(catalog, sql, statement);
  return finish(metadata.columns, metadata.vectors, metadata.rowCount);
}

/** When a statement started, was parsed and was planned (performance.now()); planned stays at parsed for statements without a plan. */
interface PhaseClock {
  readonly started: number;
  readonly parsed: number;
  planned: number;
}

function executionContext(
  catalog: SqlCatalog,
  now: bigint,
  signal: AbortSignal,
  scan: ReturnType<typeof emptyScanStatistics>,
  pushdown: boolean,
  onProgress?: (progress: QueryProgress) => void,
): ExecutionContext {
  const base = makeCheckpoint(signal);
  let checkpoint = base;
  if (onProgress) {
    const started = performance.now();
    let reported = started;
    checkpoint = async () => {
      await base();
      const now = performance.now();
      if (now - reported >= PROGRESS_EVERY_MS) {
        reported = now;
        onProgress({ ...scan, elapsedMs: now - started });
      }
    };
  }
  return {
    catalog,
    now,
    signal,
    outerRows: [],
    subqueryValues: new Map(),
    scanStatistics: scan,
    aggregatePushdown: pushdown,
    operatorStatistics: new Map(),
    checkpoint,
  };
}

async function finishPlan(plan: PlanNode, context: ExecutionContext, statistics: () => QueryStatistics): Promise<QueryResult> {
  const batches = await collectBatches(plan, context);
  const columns = plan.output.map((c) => ({ name: c.name, type: c.type }));
  const parts = batches.length === 0 ? [{ columns: plan.output.map((c) => vectorFromValues(c.type, [])), length: 0 }] : batches;
  return batchedResult(columns, parts, statistics());
}
