import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChartStyle } from '../../../charts/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { DemoStreamToggle } from '../../live/index.ts';
import { appStore } from '../../persistence/app-store.ts';
import { SampleDataOffer } from '../../sample-data/index.ts';
import { Catalog, SqlEditor } from '../../sql-editor/index.ts';
import {
  autoIntervalMs,
  DEFAULT_TIME_RANGE,
  RELATIVE_MS,
  type RefreshEvery,
  RefreshPicker,
  refreshMs,
  resolveTimeRange,
  type TimeRange,
  TimeRangePicker,
  zoomOut,
} from '../../time-range/index.ts';
import { ViewFrame } from '../view-frame.tsx';
import { DEFAULT_QUERY, readExploreHash, type ViewChoice, writeExploreHash } from './explore-state.ts';
import { QueryLibrary } from './query-library.tsx';
import { ResultsPanel } from './results-panel.tsx';
import { RunProgress } from './run-progress.tsx';
import { useLiveQuery } from './use-live-query.ts';
import { type QueryRequest, type RunOutcome, useQueryRunner } from './use-query-runner.ts';
import './explore.css';

// CodeMirror is loaded on demand, in its own chunk (vendor-editor-*).

/** Pixels the chart's axes take from the results' width; the rest is the plot, one point per pixel. */
const AXES_PX = 140;

/**
 * Explore: write Timestream SQL, run it in the worker over the picked time range, and see the
 * result as a chart (time series, one per group) or a table. Ctrl/Cmd+Enter runs; dragging
 * across the chart zooms in and re-runs, double-click zooms out; history and saved queries are
 * kept in IndexedDB; the URL holds the query, range, refresh and view.
 */
export function ExploreView() {
  const { client } = useEngine();
  const initial = useMemo(() => readExploreHash(location.hash), []);
  const [sql, setSql] = useState(initial.sql ?? DEFAULT_QUERY);
  const [range, setRange] = useState<TimeRange>(initial.range ?? DEFAULT_TIME_RANGE);
  const [refresh, setRefresh] = useState<RefreshEvery>(initial.refresh);
  const [view, setView] = useState<ViewChoice>(initial.view);
  const [style, setStyle] = useState<ChartStyle>('line');
  const [unit, setUnit] = useState('');
  const [live, setLive] = useState(initial.live);
  /** The request of the last run: what a live subscription follows. */
  const [lastRequest, setLastRequest] = useState<QueryRequest | null>(null);
  const [libraryVersion, setLibraryVersion] = useState(0);
  const [functionNames, setFunctionNames] = useState<readonly string[]>([]);
  const catalog = useMemo(() => new Catalog(client), [client]);
  const resultsBox = useRef<HTMLDivElement>(null);
  /**
   * The SQL the user last ran on purpose: the next finished run of it goes into the history, even
   * when an automatic re-run (refresh, sample install, range change) replaced the user's own run.
   */
  const recordSql = useRef<string | null>(null);

  const onOutcome = useCallback((outcome: RunOutcome) => {
    if (recordSql.current !== outcome.request.sql) return;
    recordSql.current = null;
    const entry = {
      sql: outcome.request.sql,
      at: Date.now(),
      durationMs: outcome.elapsedMs,
      ...(outcome.result ? { rowCount: outcome.result.rowCount } : {}),
      ...(outcome.error ? { error: outcome.error.message } : {}),
    };
    appStore()
      .then((store) => store.addHistory(entry))
      .then(
        () => setLibraryVersion((v) => v + 1),
        () => undefined, // history is a convenience: a full or blocked store must not break a run
      );
  }, []);
  const { state, run, cancel } = useQueryRunner(client, onOutcome);

  // The latest values for callbacks that outlive a render (timers, chart zoom).
  const latest = useRef({ sql, range, refresh, view, live, running: state.status === 'running' });
  latest.current = { sql, range, refresh, view, live, running: state.status === 'running' };

  const execute = useCallback(
    (record: boolean) => {
      const { sql: text, range: r, view: v } = latest.current;
      const resolved = resolveTimeRange(r, Date.now());
      const width = resultsBox.current?.clientWidth ?? 1000;
      const pixels = Math.max(100, Math.round(width - AXES_PX));
      if (record) recordSql.current = text;
      const request: QueryRequest = {
        sql: text,
        range: resolved,
        intervalMs: autoIntervalMs(resolved, pixels),
        ...(v === 'table' ? {} : { pixels }),
      };
      setLastRequest(request);
      void run(request);
    },
    [run],
  );

  // The URL holds the last run's query and the current range, refresh, view and live choice.
  useEffect(() => {
    if (!lastRequest || !(location.hash === '' || location.hash.startsWith('#/explore'))) return;
    history.replaceState(null, '', writeExploreHash({ sql: lastRequest.sql, range, refresh, view, live }));
  }, [lastRequest, range, refresh, view, live]);

  // Open with the query (the default one over the sample data, or the URL's) already run.
  useEffect(() => {
    execute(false);
  }, [execute]);

  useEffect(() => {
    catalog.functions().then(
      (list) => setFunctionNames(list.map((f) => f.name)),
      () => undefined, // highlighting falls back to the common functions
    );
  }, [catalog]);

  // A new range (picker, zoom) runs the query again.
  const firstRange = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run exactly when the range changes
  useEffect(() => {
    if (firstRange.current) {
      firstRange.current = false;
      return;
    }
    execute(false);
  }, [range]);

  // Live: the worker pushes new rows of the last run's query as points land (no full re-query).
  const subscription = useMemo(() => {
    if (!live || !lastRequest) return null;
    const window = range.kind === 'relative' ? { lastMs: RELATIVE_MS[range.last] } : { fromMs: range.fromMs, toMs: range.toMs };
    return {
      sql: lastRequest.sql,
      range: window,
      intervalMs: lastRequest.intervalMs,
      ...(lastRequest.pixels !== undefined ? { pixels: lastRequest.pixels } : {}),
    };
  }, [live, lastRequest, range]);
  const liveState = useLiveQuery(client, subscription);

  // Auto-refresh: a relative range slides with now; a refresh is skipped while a run is in flight.
  useEffect(() => {
    const every = refreshMs(refresh);
    if (every === null || live) return;
    const timer = setInterval(() => {
      if (!latest.current.running) execute(false);
    }, every);
    return () => clearInterval(timer);
  }, [refresh, live, execute]);

  const onZoom = useCallback(
    (fromMs: number, toMs: number) => setRange({ kind: 'absolute', fromMs: Math.floor(fromMs), toMs: Math.ceil(toMs) }),
    [],
  );
  const onZoomOut = useCallback(() => setRange((r) => zoomOut(r, Date.now())), []);
  const runNow = useCallback(() => execute(true), [execute]);

  const error = state.status === 'error' ? state.error : (live && liveState.error) || null;
  const shownResult = live && liveState.result ? liveState.result : state.result;
  const shownRange = live && liveState.window ? liveState.window : (state.request?.range ?? null);
  const position = error?.position;
  return (
    <ViewFrame title="Explore" purpose="Write Timestream SQL, run it against the in-browser engine, and chart the result live.">
      <div className="explore-banner">
        <SampleDataOffer
          onInstalled={() => {
            catalog.clear();
            execute(false);
          }}
        />
        <DemoStreamToggle onChange={() => catalog.clear()} />
      </div>
      <div className="explore-toolbar" role="toolbar" aria-label="Query controls">
        <button
          type="button"
          className="primary"
          onClick={runNow}
          disabled={state.status === 'running'}
          data-testid="run-query"
          title="Run (Ctrl+Enter)"
        >
          Run query
        </button>
        <span className="dim kbd-hint">Ctrl/⌘+Enter</span>
        <span className="spacer" />
        <TimeRangePicker value={range} onChange={setRange} />
        <button type="button" onClick={onZoomOut} title="Zoom out (twice the span)" data-testid="zoom-out">
          Zoom out
        </button>
        <RefreshPicker value={refresh} onChange={setRefresh} />
        <button
          type="button"
          aria-pressed={live}
          onClick={() => setLive((l) => !l)}
          data-testid="live-toggle"
          title="Live: new points are pushed into the result as they are written"
          className={live ? 'live-on' : ''}
        >
          {live ? '● Live' : 'Live'}
        </button>
      </div>
      {live && (
        <p className="dim live-status" data-testid="live-status" aria-live="polite">
          Live:{' '}
          {liveState.updates === 0
            ? 'waiting for the first result…'
            : `${liveState.updates} ${liveState.updates === 1 ? 'update' : 'updates'} received`}
          {refresh !== 'off' ? ' (auto-refresh pauses while live)' : ''}
        </p>
      )}
      <div className="explore-main">
        <div className="explore-editor">
          <Suspense
            fallback={
              <textarea
                className="sql-fallback"
                aria-label="SQL query"
                value={sql}
                onChange={(e) => setSql(e.target.value)}
                rows={6}
                spellCheck={false}
              />
            }
          >
            <SqlEditor value={sql} onChange={setSql} onRun={runNow} error={error} catalog={catalog} functionNames={functionNames} />
          </Suspense>
          {error && (
            <div
              className="query-error"
              role="alert"
              data-testid="query-error"
              data-code={error.code}
              data-line={position?.line}
              data-column={position?.column}
            >
              {error.message}
            </div>
          )}
          <RunProgress state={state} onCancel={cancel} />
        </div>
        <QueryLibrary currentSql={sql} onLoad={setSql} version={libraryVersion} />
      </div>
      <div className="explore-results" ref={resultsBox}>
        {shownResult ? (
          <ResultsPanel
            result={shownResult}
            view={view}
            onView={setView}
            style={style}
            onStyle={setStyle}
            unit={unit}
            onUnit={setUnit}
            onZoom={onZoom}
            onZoomOut={onZoomOut}
            xRange={shownRange}
          />
        ) : (
          state.status !== 'running' && <p className="empty-state">Run a query to see its result.</p>
        )}
      </div>
    </ViewFrame>
  );
}
