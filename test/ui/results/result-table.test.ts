import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ResultTable } from '../../../src/ui/results/result-table.tsx';
import { makeResult, numberColumn, textColumn } from './make-result.ts';

describe('ResultTable (server-rendered; scrolling, sorting and export run in e2e)', () => {
  it('renders only the rows in view for a million-row result', () => {
    const n = 1_000_000;
    const result = makeResult([
      numberColumn(
        'v',
        Array.from({ length: n }, (_, i) => i),
      ),
    ]);
    const html = renderToStaticMarkup(createElement(ResultTable, { result, height: 308 }));
    const bodyRows = html.match(/<tr[^>]*aria-rowindex="(\d+)"/g) ?? [];
    // header + (280 px / 28 px = 10 visible + 8 overscan below)
    expect(bodyRows.length).toBeLessThan(30);
    expect(html).toContain('aria-rowcount="1000001"');
    expect(html).toContain('1,000,000 rows');
  });

  it('names the columns in sortable headers and shows NULL cells as NULL', () => {
    const result = makeResult([textColumn('host', ['a', null]), numberColumn('v', [1, null])]);
    const html = renderToStaticMarkup(createElement(ResultTable, { result }));
    expect(html).toContain('data-testid="sort-host"');
    expect(html).toContain('aria-sort="none"');
    expect((html.match(/>NULL</g) ?? []).length).toBe(2);
  });

  it('says when there are no rows', () => {
    const html = renderToStaticMarkup(createElement(ResultTable, { result: makeResult([numberColumn('v', [])]) }));
    expect(html).toContain('The query returned no rows.');
  });
});
