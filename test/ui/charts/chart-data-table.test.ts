import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChartDataTable } from '../../../src/ui/charts/chart-data-table.tsx';

describe('ChartDataTable, the accessible alternative to a chart', () => {
  const n = 60;
  const data = {
    times: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 1000),
    series: [
      { label: 'host-a', values: Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? Number.NaN : i)) },
      { label: 'host-b', values: new Float64Array(n).fill(50) },
    ],
  };
  const html = renderToStaticMarkup(createElement(ChartDataTable, { data, unitOf: () => '%', caption: 'CPU' }));

  it('is a table with a caption, a time column and one column per series', () => {
    expect(html).toContain('<caption>CPU — rows 1–25 of 60, newest first</caption>');
    expect(html).toContain('<th scope="col">Time</th><th scope="col">host-a</th><th scope="col">host-b</th>');
  });
  it('shows one page, newest first, with units and gaps said in words', () => {
    expect((html.match(/<th scope="row">/g) ?? []).length).toBe(25);
    expect(html).toContain('<th scope="row">2024-01-01 00:00:59.000 UTC</th><td>no value</td><td>50%</td>');
    expect(html).toContain('Page 1 of 3');
  });
});
