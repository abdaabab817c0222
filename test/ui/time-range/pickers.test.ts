import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RefreshPicker } from '../../../src/ui/time-range/refresh-picker.tsx';
import { TimeRangePicker } from '../../../src/ui/time-range/time-range-picker.tsx';

describe('pickers (server-rendered markup; interaction is covered by e2e)', () => {
  it('the time range button names the current range and announces its dialog', () => {
    const html = renderToStaticMarkup(
      createElement(TimeRangePicker, { value: { kind: 'relative', last: '24h' }, onChange: () => undefined }),
    );
    expect(html).toContain('Last 24 hours');
    expect(html).toContain('aria-haspopup="dialog"');
    expect(html).toContain('aria-expanded="false"');
  });
  it('the refresh picker is a labelled select with every choice and the current one selected', () => {
    const html = renderToStaticMarkup(createElement(RefreshPicker, { value: '10s', onChange: () => undefined }));
    for (const label of ['Off', 'Every 1s', 'Every 5s', 'Every 10s', 'Every 30s', 'Every 1m']) expect(html).toContain(`>${label}<`);
    expect(html).toMatch(/<option value="10s" selected="">/);
    expect(html).toMatch(/<label for="([^"]+)">Refresh<\/label><select id="\1"/);
  });
});
