import { useId, useState } from 'react';
import { ExportButtons } from './export-buttons.tsx';

/** Export a query's result: any SQL the engine runs, downloaded as CSV or Parquet. */
export function QueryExport() {
  const id = useId();
  const [sql, setSql] = useState('');
  return (
    <section aria-labelledby={`${id}-title`} className="query-export" data-testid="query-export">
      <h2 id={`${id}-title`}>Export a query result</h2>
      <label htmlFor={`${id}-sql`}>SQL</label>
      <textarea
        id={`${id}-sql`}
        rows={3}
        value={sql}
        onChange={(e) => setSql(e.target.value)}
        data-testid="export-sql"
        placeholder='SELECT * FROM "db"."table" ORDER BY time'
      />
      {sql.trim() !== '' && <ExportButtons target={{ sql }} label="Export result" />}
    </section>
  );
}
