import { useState } from 'react';
import { TidemarkError, type WorkerMethods } from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { downloadBlob } from '../../files/download.ts';

type ExportTarget = { database: string; table: string } | { sql: string };

/** CSV and Parquet downloads of a table or a query; the file is made in the worker and arrives as a Blob. */
export function ExportButtons({ target, label }: { target: ExportTarget; label: string }) {
  const { client } = useEngine();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (format: 'csv' | 'parquet') => {
    setBusy(true);
    setMessage(null);
    try {
      const params = { ...target, format } as WorkerMethods['storage.export']['params'];
      const file = await client.call('storage.export', params);
      downloadBlob(file.blob, file.fileName);
      setMessage({ ok: true, text: `${file.fileName}: ${file.rows.toLocaleString('en-US')} rows.` });
    } catch (error) {
      setMessage({ ok: false, text: TidemarkError.from(error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export-buttons">
      <button type="button" disabled={busy} onClick={() => void run('csv')} data-testid="export-csv">
        {label} as CSV
      </button>
      <button type="button" disabled={busy} onClick={() => void run('parquet')} data-testid="export-parquet">
        {label} as Parquet
      </button>
      {message && (
        <span className={message.ok ? 'hint' : 'outcome error'} role="status" data-testid="export-message">
          {message.text}
        </span>
      )}
    </div>
  );
}
