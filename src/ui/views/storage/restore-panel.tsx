import { useId, useRef, useState } from 'react';
import { TidemarkError } from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';

/** Restores a backup file as a new database, under its own name or another. */
export function RestorePanel({ onRestored }: { onRestored(): void }) {
  const { client } = useEngine();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [as, setAs] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total?: number } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const stopper = useRef<AbortController | null>(null);
  return (
    <section aria-labelledby={`${id}-title`} className="restore-panel" data-testid="restore-panel">
      <h2 id={`${id}-title`}>Restore a backup</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (!file) return;
          setBusy(true);
          setMessage(null);
          const controller = new AbortController();
          stopper.current = controller;
          try {
            const summary = await client.call(
              'storage.restore',
              { file, ...(as.trim() ? { as: as.trim() } : {}) },
              { onProgress: setProgress, signal: controller.signal },
            );
            setMessage({
              ok: true,
              text: `Restored "${summary.database}": ${summary.tables} tables, ${summary.points.toLocaleString('en-US')} points${summary.recordsRejected > 0 ? `; ${summary.recordsRejected} records refused (${summary.rejectionReasons[0]})` : ''}.`,
            });
            setFile(null);
            if (input.current) input.current.value = '';
            onRestored();
          } catch (error) {
            setMessage({ ok: false, text: TidemarkError.from(error).message });
          } finally {
            stopper.current = null;
            setBusy(false);
            setProgress(null);
          }
        }}
      >
        <label htmlFor={`${id}-file`}>Backup file (.tidemark-backup.ndjson.gz)</label>
        <input
          id={`${id}-file`}
          ref={input}
          type="file"
          data-testid="restore-file"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <label htmlFor={`${id}-as`}>Restore as (empty: the backup's own name)</label>
        <input id={`${id}-as`} value={as} onChange={(e) => setAs(e.target.value)} data-testid="restore-as" />
        <button type="submit" disabled={!file || busy} data-testid="restore-submit">
          {busy ? 'Restoring…' : 'Restore'}
        </button>
        {busy && (
          <button type="button" onClick={() => stopper.current?.abort()} data-testid="restore-cancel">
            Cancel (nothing is kept)
          </button>
        )}
        {progress && (
          <progress
            max={progress.total ?? 1}
            value={progress.total !== undefined ? progress.done : undefined}
            aria-label="Restore progress"
          />
        )}
        {message && (
          <p className={message.ok ? 'outcome ok' : 'outcome error'} role="status" data-testid="restore-message">
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
