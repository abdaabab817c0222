import { type KeyboardEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { copyText, downloadParts } from './download.ts';
import type { ColumnarResult } from './result-types.ts';
import {
  type CellRange,
  columnWidth,
  formatCell,
  isNullCell,
  normaliseRange,
  rangeToTsv,
  type SortState,
  sortOrder,
  toCsvChunks,
  visibleWindow,
} from './table-model.ts';
import './result-table.css';

const ROW_HEIGHT = 28;
/** Browsers cap an element's height (Firefox near 17.9 M px); taller content scrolls proportionally. */
const MAX_SCROLL_HEIGHT = 8_000_000;

interface Cell {
  readonly row: number;
  readonly col: number;
}

/**
 * Any result as a table that stays smooth at a million rows: only the rows in view are in the
 * DOM. Click a header to sort (again to reverse, a third time to clear). Click a cell to select
 * it, Shift+click or Shift+arrows to extend; Ctrl/Cmd+C copies the selection as TSV; the toolbar
 * copies the cell or row and exports the whole result (in its sorted order) as CSV.
 */
export function ResultTable({
  result,
  height = 360,
  fileName = 'tidemark-result',
}: {
  result: ColumnarResult;
  height?: number;
  fileName?: string;
}) {
  const [sort, setSort] = useState<SortState | null>(null);
  const [anchor, setAnchor] = useState<Cell>({ row: 0, col: 0 });
  const [focusState, setFocus] = useState<Cell>({ row: 0, col: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const [status, setStatus] = useState('');
  const viewport = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLTableElement>(null);
  const id = useId();

  // A result with other columns starts unsorted at the top; new rows of the same shape (a refresh,
  // a live update) keep the sort, the scroll position and the selection.
  const shape = result.columns.map((c) => `${c.name}:${c.kind}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the columns change, on purpose
  useEffect(() => {
    setSort(null);
    setAnchor({ row: 0, col: 0 });
    setFocus({ row: 0, col: 0 });
    setScrollTop(0);
    if (viewport.current) viewport.current.scrollTop = 0;
  }, [shape]);

  const order = useMemo(() => sortOrder(result, sort), [result, sort]);
  const columns = result.columns;
  const rowCount = result.rowCount;
  const widths = useMemo(() => columns.map(columnWidth), [columns]);
  const template = `56px ${widths.map((w) => `${w}px`).join(' ')}`;
  const totalWidth = 56 + widths.reduce((a, b) => a + b, 0);
  const bodyHeight = height - ROW_HEIGHT;
  const contentHeight = rowCount * ROW_HEIGHT;
  const scrollHeight = Math.min(contentHeight, MAX_SCROLL_HEIGHT);
  const scale = contentHeight > MAX_SCROLL_HEIGHT ? (contentHeight - bodyHeight) / (scrollHeight - bodyHeight) : 1;
  const virtualTop = scrollTop * scale;
  const { first, last } = visibleWindow(virtualTop, bodyHeight, ROW_HEIGHT, rowCount);
  // Fewer rows than before (a refresh): keep the selection inside the result.
  const clamp = (c: Cell): Cell => ({
    row: Math.min(c.row, Math.max(0, rowCount - 1)),
    col: Math.min(c.col, Math.max(0, columns.length - 1)),
  });
  const focus = clamp(focusState);
  const selection: CellRange = normaliseRange(clamp(anchor), focus);

  const scrollToRow = useCallback(
    (row: number) => {
      const el = viewport.current;
      if (!el) return;
      const top = row * ROW_HEIGHT;
      if (top < virtualTop) el.scrollTop = top / scale;
      else if (top + ROW_HEIGHT > virtualTop + bodyHeight) el.scrollTop = (top + ROW_HEIGHT - bodyHeight) / scale;
    },
    [virtualTop, bodyHeight, scale],
  );

  const moveTo = (cell: Cell, extend: boolean) => {
    const next = { row: Math.max(0, Math.min(rowCount - 1, cell.row)), col: Math.max(0, Math.min(columns.length - 1, cell.col)) };
    setFocus(next);
    if (!extend) setAnchor(next);
    scrollToRow(next.row);
  };

  const copy = async (text: string, what: string) => {
    setStatus((await copyText(text)) ? `Copied ${what}.` : `Could not copy ${what}: the browser refused clipboard access.`);
  };
  const copyRange = (range: CellRange, what: string) => void copy(rangeToTsv(result, order, range), what);
  const copyCell = () => copyRange({ fromRow: focus.row, toRow: focus.row, fromCol: focus.col, toCol: focus.col }, 'the cell');
  const copyRow = () => copyRange({ fromRow: focus.row, toRow: focus.row, fromCol: 0, toCol: columns.length - 1 }, 'the row');
  const copySelection = () => {
    const cells = (selection.toRow - selection.fromRow + 1) * (selection.toCol - selection.fromCol + 1);
    copyRange(selection, cells === 1 ? 'the cell' : `${cells.toLocaleString()} cells`);
  };
  const exportCsv = () => {
    downloadParts(toCsvChunks(result, order), `${fileName}.csv`, 'text/csv;charset=utf-8');
    setStatus(`Exported ${rowCount.toLocaleString()} rows as CSV.`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const page = Math.max(1, Math.floor(bodyHeight / ROW_HEIGHT) - 1);
    const extend = event.shiftKey;
    const moves: Record<string, Cell | undefined> = {
      ArrowDown: { row: focus.row + 1, col: focus.col },
      ArrowUp: { row: focus.row - 1, col: focus.col },
      ArrowRight: { row: focus.row, col: focus.col + 1 },
      ArrowLeft: { row: focus.row, col: focus.col - 1 },
      PageDown: { row: focus.row + page, col: focus.col },
      PageUp: { row: focus.row - page, col: focus.col },
      Home: event.ctrlKey || event.metaKey ? { row: 0, col: 0 } : { row: focus.row, col: 0 },
      End: event.ctrlKey || event.metaKey ? { row: rowCount - 1, col: columns.length - 1 } : { row: focus.row, col: columns.length - 1 },
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      moveTo(move, extend);
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'c') {
      event.preventDefault();
      copySelection();
    }
  };

  const cycleSort = (col: number) => {
    setSort((s) =>
      s?.column !== col ? { column: col, direction: 'asc' } : s.direction === 'asc' ? { column: col, direction: 'desc' } : null,
    );
  };

  const rows = [];
  for (let r = first; r <= last; r++) {
    const row = order[r]!;
    const cells = [];
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      const selected = r >= selection.fromRow && r <= selection.toRow && c >= selection.fromCol && c <= selection.toCol;
      const active = r === focus.row && c === focus.col;
      const numeric = column.kind === 'number' || (column.kind === 'bigint' && column.type !== 'timestamp');
      cells.push(
        <td
          key={c}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a cell of the WAI-ARIA grid pattern
          role="gridcell"
          tabIndex={-1}
          id={active ? `${id}-active` : undefined}
          aria-colindex={c + 2}
          aria-selected={selected}
          className={`cell${numeric ? ' num' : ''}${isNullCell(column, row) ? ' null' : ''}${active ? ' active' : ''}`}
          onMouseDown={(event) => {
            event.preventDefault();
            grid.current?.focus();
            moveTo({ row: r, col: c }, event.shiftKey);
          }}
        >
          {formatCell(column, row)}
        </td>,
      );
    }
    rows.push(
      <tr
        key={r}
        aria-rowindex={r + 2}
        className="row"
        style={{ gridTemplateColumns: template, top: `${Math.round(scrollTop + r * ROW_HEIGHT - virtualTop)}px` }}
      >
        <th scope="row" className="cell rownum" aria-colindex={1}>
          {(r + 1).toLocaleString()}
        </th>
        {cells}
      </tr>,
    );
  }

  return (
    <div className="result-table" data-testid="result-table">
      <div className="result-table-toolbar" role="toolbar" aria-label="Table actions">
        <span className="result-table-count" data-testid="result-row-count">
          {rowCount.toLocaleString()} {rowCount === 1 ? 'row' : 'rows'}
        </span>
        <button type="button" onClick={copyCell} disabled={rowCount === 0}>
          Copy cell
        </button>
        <button type="button" onClick={copyRow} disabled={rowCount === 0}>
          Copy row
        </button>
        <button type="button" onClick={copySelection} disabled={rowCount === 0}>
          Copy selection
        </button>
        <button type="button" onClick={exportCsv} data-testid="export-csv">
          Export CSV
        </button>
        <span className="result-table-status" role="status">
          {status}
        </span>
      </div>
      <div
        ref={viewport}
        className="result-table-viewport"
        style={{ height }}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <table
          ref={grid}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the WAI-ARIA grid pattern on a table (keyboard navigation and selection)
          role="grid"
          className="result-table-grid"
          style={{ width: totalWidth }}
          aria-rowcount={rowCount + 1}
          aria-colcount={columns.length + 1}
          aria-multiselectable="true"
          aria-activedescendant={rowCount > 0 ? `${id}-active` : undefined}
          aria-label={`Result table, ${rowCount.toLocaleString()} rows. Arrow keys move, Shift extends the selection, Ctrl+C copies.`}
          tabIndex={0}
          onKeyDown={onKeyDown}
        >
          <thead className="result-table-header">
            <tr className="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
              <th scope="col" className="cell rownum" aria-colindex={1}>
                #
              </th>
              {columns.map((column, c) => (
                <th
                  scope="col"
                  key={column.name + String(c)}
                  className="cell"
                  aria-colindex={c + 2}
                  aria-sort={sort?.column === c ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    className="sort-button"
                    title={`${column.name} (${column.type}): sort`}
                    onClick={() => cycleSort(c)}
                    data-testid={`sort-${column.name}`}
                  >
                    {column.name}
                    <span className="sort-mark" aria-hidden="true">
                      {sort?.column === c ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="result-table-body" style={{ height: scrollHeight }}>
            {rows}
          </tbody>
        </table>
        {rowCount === 0 && <p className="result-table-empty">The query returned no rows.</p>}
      </div>
    </div>
  );
}
