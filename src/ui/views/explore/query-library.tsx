import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type AppStore, appStore, type HistoryEntry, type SavedQuery } from '../../persistence/app-store.ts';

/**
 * Query history and saved queries, kept in the app's IndexedDB store. Choosing one loads it into
 * the editor. `version` changes whenever a run was recorded, so the list refreshes.
 */
export function QueryLibrary({ currentSql, onLoad, version }: { currentSql: string; onLoad: (sql: string) => void; version: number }) {
  const [tab, setTab] = useState<'history' | 'saved'>('history');
  const [store, setStore] = useState<AppStore | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [saved, setSaved] = useState<SavedQuery[]>([]);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    appStore().then(setStore, (e: unknown) => setMessage(`Query history is unavailable: ${e instanceof Error ? e.message : String(e)}`));
  }, []);

  const reload = useCallback(async () => {
    if (!store) return;
    try {
      setHistory(await store.listHistory(100));
      setSaved(await store.listSavedQueries());
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  }, [store]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the signal to reload
  useEffect(() => {
    void reload();
  }, [reload, version]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!store) return;
    try {
      await store.saveQuery({ name, sql: currentSql });
      setName('');
      setMessage(`Saved “${name.trim()}”.`);
      setTab('saved');
      await reload();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <aside className="query-library" aria-label="Query history and saved queries">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'history'} onClick={() => setTab('history')} data-testid="tab-history">
          History
        </button>
        <button type="button" role="tab" aria-selected={tab === 'saved'} onClick={() => setTab('saved')} data-testid="tab-saved">
          Saved
        </button>
      </div>
      {tab === 'history' ? (
        <ul className="query-list" data-testid="history-list">
          {history.length === 0 && <li className="dim">Queries you run appear here.</li>}
          {history.map((h) => (
            <li key={h.id}>
              <button type="button" className="query-item" title={h.sql} onClick={() => onLoad(h.sql)}>
                <code>{h.sql.length > 90 ? `${h.sql.slice(0, 90)}…` : h.sql}</code>
                <span className={h.error ? 'meta error-text' : 'meta'}>
                  {new Date(h.at).toLocaleTimeString()} ·{' '}
                  {h.error ? 'failed' : `${(h.rowCount ?? 0).toLocaleString()} rows, ${Math.round(h.durationMs ?? 0)} ms`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <ul className="query-list" data-testid="saved-list">
          {saved.length === 0 && <li className="dim">No saved queries yet.</li>}
          {saved.map((q) => (
            <li key={q.id} className="saved-row">
              <button type="button" className="query-item" title={q.sql} onClick={() => onLoad(q.sql)}>
                <strong>{q.name}</strong>
                <code>{q.sql.length > 70 ? `${q.sql.slice(0, 70)}…` : q.sql}</code>
              </button>
              <button
                type="button"
                className="link-button"
                aria-label={`Delete saved query ${q.name}`}
                onClick={async () => {
                  await store?.deleteSavedQuery(q.id);
                  await reload();
                }}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="save-query" onSubmit={save}>
        <label>
          Save the current query as
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Name" data-testid="save-name" />
        </label>
        <button type="submit" disabled={!store || !name.trim()} data-testid="save-query">
          Save
        </button>
      </form>
      {message && (
        <p className="dim" role="status">
          {message}
        </p>
      )}
    </aside>
  );
}
