import { useCallback, useEffect, useState } from 'react';
import { type DemoStatus, TidemarkError } from '../../client/index.ts';
import { useEngine } from '../engine/engine-context.tsx';
import { demoStatusText } from './demo-status-text.ts';
import './demo-stream-toggle.css';

export interface DemoStreamToggleProps {
  /** Called with the new status after a start or stop (e.g. to point Explore at the demo tables). */
  readonly onChange?: (status: DemoStatus) => void;
  /** How often the status line refreshes while mounted, in ms (default 2000). */
  readonly pollMs?: number;
}

/**
 * Starts and stops the built-in demo stream (simulated IoT sensors and host metrics written every
 * second into database `demo`), with its status. The stream runs in the worker, so it keeps going
 * while the tab is open, whichever view is shown.
 */
export function DemoStreamToggle({ onChange, pollMs = 2000 }: DemoStreamToggleProps) {
  const engine = useEngine();
  const [status, setStatus] = useState<DemoStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (engine.status !== 'ready') return;
    let live = true;
    const refresh = () =>
      engine.client.call('demo.status', {}).then(
        (s) => {
          if (!live) return;
          setStatus(s);
          setNow(Date.now());
        },
        () => undefined,
      );
    void refresh();
    const timer = setInterval(refresh, pollMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [engine, pollMs]);

  const toggle = useCallback(async () => {
    if (engine.status !== 'ready' || busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await engine.client.call(status?.running ? 'demo.stop' : 'demo.start', {});
      setStatus(next);
      setNow(Date.now());
      onChange?.(next);
    } catch (e) {
      setError(TidemarkError.from(e).message);
    } finally {
      setBusy(false);
    }
  }, [engine, busy, status, onChange]);

  return (
    <DemoStreamToggleView
      status={status}
      busy={busy || engine.status !== 'ready'}
      error={error}
      nowMs={now}
      onToggle={() => void toggle()}
    />
  );
}

/** The toggle's markup for a status (separate, so it renders without an engine in tests). */
export function DemoStreamToggleView({
  status,
  busy,
  error,
  nowMs,
  onToggle,
}: {
  status: DemoStatus | null;
  busy: boolean;
  error: string | null;
  nowMs: number;
  onToggle: () => void;
}) {
  const running = status?.running === true;
  return (
    <span className="demo-toggle" data-testid="demo-toggle" data-running={running ? 'true' : 'false'}>
      <button
        type="button"
        className={running ? undefined : 'primary'}
        aria-pressed={running}
        disabled={busy || status === null}
        onClick={onToggle}
      >
        {running ? 'Stop demo stream' : 'Start demo stream'}
      </button>
      <span className="demo-toggle-status" aria-live="polite">
        {running && <span className="demo-toggle-dot" aria-hidden="true" />}
        {demoStatusText(status, nowMs)}
      </span>
      {error && (
        <span className="outcome error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
