import type { PreviewTable as Table } from '../../../client/index.ts';

/** A small table of the first rows; `marked` lines (1-based rows of the table) are flagged as rejected. */
export function PreviewTable({ table, caption, testId }: { table: Table; caption: string; testId: string }) {
  if (table.columns.length === 0) return null;
  return (
    <div className="table-scroll" data-testid={testId}>
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns may repeat a name; position is their identity
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity but their position
            <tr key={r}>
              {table.columns.map((_, c) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells by position
                <td key={c}>{row[c] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
