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
        <span className="dim">
          {state.result.rowCount.toLocaleString()} {state.result.rowCount === 1 ? 'row' : 'rows'} in {Math.round(state.elapsedMs)} ms
          {stats ? ` (engine ${Math.round(stats.elapsedMs)} ms)` : ''}
        </span>
      )}
    </div>
  );
}
