import { useEffect, useState } from 'react';
import type { RunState } from './use-query-runner.ts';

/** While a query runs: its progress (or an indeterminate bar), the time so far, and Cancel. After: rows and time. */
export function RunProgress({ state, onCancel }: { state: RunState; onCancel: () => void }) {
  const running = state.status === 'running';
  const [started, setStarted] = useState(0);
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (!running) return;
    const t0 = performance.now();
    setStarted(t0);
    setNow(t0);
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, [running]);

  if (running) {
    const p = state.progress;
    return (
      <div className="run-progress" data-testid="run-progress" aria-live="polite">
        <progress max={p?.total ?? undefined} value={p?.total !== undefined ? p.done : undefined} aria-label="Query progress" />
        <span>
          Running… {((now - started) / 1000).toFixed(1)} s{p?.message ? ` · ${p.message}` : ''}
        </span>
        <button type="button" onClick={onCancel} data-testid="cancel-query">
          Cancel
        </button>
      </div>
    );
  }
  const stats = state.result?.statistics;
  return (
    <div className="run-progress" aria-live="polite" data-testid="run-status" data-status={state.status}>
      {state.status === 'cancelled' && <span>Cancelled.</span>}
      {state.status === 'done' && state.result && (
        <span className="dim" title={stats ? phasesTitle(stats.phases) : undefined} data-testid="run-time">
          {state.result.rowCount.toLocaleString()} {state.result.rowCount === 1 ? 'row' : 'rows'} in {Math.round(state.elapsedMs)} ms
          {stats ? ` (engine ${Math.round(stats.elapsedMs)} ms)` : ''}
        </span>
      )}
    </div>
  );
}

/** The engine's time by phase, as a tooltip: "parse 0.08 ms · plan 0.12 ms · run 2.4 ms". */
function phasesTitle(phases: { parseMs: number; planMs: number; executeMs: number }): string {
  const ms = (x: number) => `${x < 1 ? x.toFixed(2) : x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
  return `parse ${ms(phases.parseMs)} · plan ${ms(phases.planMs)} · run ${ms(phases.executeMs)}`;
}
