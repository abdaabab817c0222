import type { ColumnarResult } from '../../../results/result-types.ts';
import { cellText } from './result-values.ts';

/** Rows drawn in a table panel; a dashboard panel is a glance, Explore has the full virtualised table. */
export const TABLE_PANEL_ROWS = 200;

/** The result as a plain table: the first rows, newest query's columns, with the row count. */
export function TablePanel({ result, caption }: { result: ColumnarResult; caption: string }) {
  const rows = Math.min(result.rowCount, TABLE_PANEL_ROWS);
  return (
    <div className="dash-table-wrap">
      <table className="dash-table" data-testid="table-panel">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {result.columns.map((c) => (
              <th key={c.name} scope="col" className={c.kind === 'text' ? '' : 'num'}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, row) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
            <tr key={row}>
              {result.columns.map((c) => (
                <td key={c.name} className={c.kind === 'text' ? '' : 'num'}>
                  {cellText(c, row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="dash-panel-note">
        {result.rowCount === 0
          ? 'No rows.'
          : rows < result.rowCount
            ? `First ${rows} of ${result.rowCount} rows.`
            : `${result.rowCount} row${result.rowCount === 1 ? '' : 's'}.`}
      </p>
    </div>
  );
}
