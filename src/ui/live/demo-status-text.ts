import type { DemoStatus } from '../../client/index.ts';

/** A one-line description of the demo stream's state, for the toggle and screen readers. */
export function demoStatusText(status: DemoStatus | null, nowMs: number): string {
  if (!status) return 'Demo stream: checking…';
  if (status.lastError) return `Demo stream: last write failed — ${status.lastError.message}`;
  if (!status.running) return 'Demo stream is off';
  const since = status.startedAtMs === null ? '' : ` for ${formatDuration(nowMs - status.startedAtMs)}`;
  return `Live: writing sensors and hosts into “${status.database}” every second${since} · ${status.points.toLocaleString('en-US')} points`;
}

function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
