import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useEngine } from '../../engine/engine-context.tsx';
import { ViewFrame } from '../view-frame.tsx';
import { ImportItem } from './import-item.tsx';
import { importSession } from './import-session.ts';
import { subscribeToFiles } from './pending-files.ts';
import '../../files/data-ui.css';
import './import.css';

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * The Import view: files come from a drop anywhere on the page, the file picker (several at once) or a paste;
 * each gets a mapping preview to edit, then imports with progress and a rejected-lines report.
 */
export function ImportView() {
  const { client, status } = useEngine();
  const entries = useSyncExternalStore(importSession.subscribe, importSession.snapshot);
  const [databases, setDatabases] = useState<readonly string[]>([]);
  const [pasted, setPasted] = useState('');
  const [startAll, setStartAll] = useState(0);
  const picker = useRef<HTMLInputElement>(null);
  const id = useId();

  const add = useCallback((files: readonly File[]) => importSession.add(client, files), [client]);
  useEffect(() => subscribeToFiles(add), [add]);

  const refreshDatabases = useCallback(() => {
    client.call('db.listDatabases', {}).then(setDatabases, () => setDatabases([]));
  }, [client]);
  // Each finished import may have created a database: the target fields suggest it from then on.
  const finished = entries.filter((e) => e.phase === 'done').length;
  useEffect(() => {
    if (status === 'ready' && finished >= 0) refreshDatabases();
  }, [status, refreshDatabases, finished]);

  const addText = useCallback(
    (text: string) => {
      if (text.trim() === '') return;
      add([new File([text], `pasted-${new Date().toISOString().slice(11, 19).replaceAll(':', '')}.txt`, { type: 'text/plain' })]);
    },
    [add],
  );

  // Text pasted anywhere on the view (outside a field) becomes a file to import.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      if (isEditable(event.target)) return;
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length > 0) {
        event.preventDefault();
        add(files);
        return;
      }
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (text.trim() !== '') {
        event.preventDefault();
        addText(text);
      }
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [add, addText]);

  return (
    <ViewFrame
      title="Import"
      purpose="Drop CSV, TSV, JSON, InfluxDB line protocol, Prometheus or Timestream files (gzip too) anywhere on the page, pick them, or paste text; check the mapping; import with progress."
    >
      <div className="import-sources" data-testid="view-import">
        <div className="drop-hint">
          <p>Drop files anywhere on this page, or</p>
          <button type="button" className="primary" onClick={() => picker.current?.click()} data-testid="pick-files">
            Choose files…
          </button>
          <input
            ref={picker}
            type="file"
            multiple
            hidden
            data-testid="file-input"
            onChange={(e) => {
              add([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </div>
        <div className="paste-box">
          <label htmlFor={`${id}-paste`}>Or paste data (CSV, JSON lines, line protocol…)</label>
          <textarea
            id={`${id}-paste`}
            data-testid="paste-text"
            rows={4}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder={'time,host,cpu\n2024-01-01T00:00:00Z,web-1,12.5'}
          />
          <button
            type="button"
            data-testid="paste-import"
            disabled={pasted.trim() === ''}
            onClick={() => {
              addText(pasted);
              setPasted('');
            }}
          >
            Preview pasted data
          </button>
        </div>
      </div>
      {entries.length > 1 && (
        <button type="button" onClick={() => setStartAll((n) => n + 1)} data-testid="import-all">
          Import all ready files
        </button>
      )}
      <div className="import-items">
        {entries.map((entry) => (
          <ImportItem key={entry.id} entry={entry} databases={databases} startAll={startAll} />
        ))}
      </div>
    </ViewFrame>
  );
}
