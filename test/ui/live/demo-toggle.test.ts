import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DemoStatus } from '../../../src/client/index.ts';
import { DemoStreamToggleView, demoStatusText } from '../../../src/ui/live/index.ts';

const base: DemoStatus = {
  running: false,
  startedAtMs: null,
  ticks: 0,
  points: 0,
  database: 'demo',
  tables: ['sensors', 'hosts'],
  lastTickMs: null,
  lastError: null,
};

describe('demo stream toggle', () => {
  it('describes the stream', () => {
    expect(demoStatusText(null, 0)).toContain('checking');
    expect(demoStatusText(base, 0)).toBe('Demo stream is off');
    const running = { ...base, running: true, startedAtMs: 1000, points: 12_345 };
    expect(demoStatusText(running, 1000 + 95_000)).toBe(
      'Live: writing sensors and hosts into “demo” every second for 1 min 35 s · 12,345 points',
    );
    expect(demoStatusText({ ...running, lastError: { name: 'TidemarkError', code: 'QUOTA_EXCEEDED', message: 'full' } }, 0)).toContain(
      'full',
    );
  });

  it('renders start and stop', () => {
    const render = (status: DemoStatus | null, busy = false) =>
      renderToStaticMarkup(createElement(DemoStreamToggleView, { status, busy, error: null, nowMs: 0, onToggle: () => undefined }));
    expect(render(base)).toContain('>Start demo stream<');
    expect(render(base)).toContain('aria-pressed="false"');
    const on = render({ ...base, running: true, startedAtMs: 0 });
    expect(on).toContain('>Stop demo stream<');
    expect(on).toContain('data-running="true"');
    expect(render(null)).toContain('disabled=""');
  });
});
