import { useCallback, useEffect, useState } from 'react';
import { type StorageStats, type TableDescription, TidemarkError } from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { downloadBlob } from '../../files/download.ts';
import { formatBytes } from '../../files/format-figures.ts';
import { ViewFrame } from '../view-frame.tsx';
import { BrowserStorage } from './browser-storage.tsx';
import { useConfirm } from './confirm-dialog.tsx';
import { QueryExport } from './query-export.tsx';
import { RestorePanel } from './restore-panel.tsx';
import { TableCard } from './table-card.tsx';
import '../../files/data-ui.css';
import './storage.css';

interface Catalog {
  readonly databases: readonly { readonly name: string; readonly tables: readonly TableDescription[] }[];
  readonly stats: StorageStats;
}

/**
 * The Storage view: every database and table with its retention and per-tier figures, the browser's quota and
 * persistence, exports, backup and restore, deleting data, dropping tables and databases.
 */
export function StorageView() {
  const { client, status } = useEngine();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();

  const load = useCallback(async () => {
    try {
      const names = await client.call('db.listDatabases', {});
      const databases = await Promise.all(
        names.map(async (name) => {
          const tables = await client.call('db.listTables', { database: name });
          return { name, tables: await Promise.all(tables.map((table) => client.call('db.describeTable', { database: name, table }))) };
        }),
      );
      setCatalog({ databases, stats: await client.call('db.stats', {}) });
      setError(null);
    } catch (e) {
      setError(TidemarkError.from(e).message);
    }
  }, [client]);
  useEffect(() => {
    if (status === 'ready') void load();
  }, [status, load]);

  const statsOf = (database: string, table: string) => catalog?.stats.tables.find((t) => t.database === database && t.table === table);
  return (
    <ViewFrame
      title="Storage"
      purpose="Databases and tables, their retention, what each storage tier holds, and getting data out and back in."
    >
      <div data-testid="view-storage" className="storage-view">
        <div className="storage-toolbar">
          <button type="button" onClick={() => void load()} data-testid="storage-refresh">
            Refresh
          </button>
          {catalog && <span className="hint">Stored durably: {formatBytes(catalog.stats.bytesStored)}</span>}
          {catalog && (
            <span
              className="hint"
              data-testid="storage-resident"
              title="Sealed chunks the kernel keeps a copy of, so queries read them in place"
            >
              Kernel chunk copies: {formatBytes(catalog.stats.residentChunks.bytes)} of {formatBytes(catalog.stats.residentChunks.budget)}
            </span>
          )}
        </div>
        {error && (
          <p className="outcome error" role="alert" data-testid="storage-error">
            {error}
          </p>
        )}
        {notice && (
          <p className="outcome ok" role="status" data-testid="storage-notice">
            {notice}
          </p>
        )}
        {catalog && catalog.databases.length === 0 && <p className="empty-state">No databases yet: import a file, or restore a backup.</p>}
        {catalog?.databases.map((db) => (
          <section
            key={db.name}
            className="database-section"
            data-testid="database-section"
            data-database={db.name}
            aria-labelledby={`db-${db.name}`}
          >
            <header className="database-header">
              <h2 id={`db-${db.name}`}>{db.name}</h2>
              <span className="hint">{db.tables.length} tables</span>
              <button
                type="button"
                data-testid="backup-database"
                onClick={async () => {
                  try {
                    const backup = await client.call('storage.backup', { database: db.name });
                    downloadBlob(backup.blob, backup.fileName);
                    setNotice(
                      `Backed up "${db.name}": ${backup.summary.points.toLocaleString('en-US')} points in ${backup.fileName} (${formatBytes(backup.blob.size)}).`,
                    );
                  } catch (e) {
                    setError(TidemarkError.from(e).message);
                  }
                }}
              >
                Back up to a file
              </button>
              <button
                type="button"
                className="danger"
                data-testid="drop-database"
                onClick={async () => {
                  const message =
                    db.tables.length > 0
                      ? `Database "${db.name}" and its ${db.tables.length} tables, with all their data, are deleted. This cannot be undone.`
                      : `Database "${db.name}" is deleted.`;
                  if (!(await confirm(`Drop database "${db.name}"?`, message, 'Drop database'))) return;
                  try {
                    await client.call('db.deleteDatabase', { name: db.name });
                    setNotice(`Dropped "${db.name}".`);
                  } catch (e) {
                    setError(TidemarkError.from(e).message);
                  }
                  await load();
                }}
              >
                Drop database…
              </button>
            </header>
            {db.tables.map((table) => (
              <TableCard
                key={table.tableName}
                table={table}
                stats={statsOf(db.name, table.tableName)}
                confirm={confirm}
                onChanged={() => void load()}
                onError={setError}
              />
            ))}
          </section>
        ))}
        <div className="storage-panels">
          <BrowserStorage />
          <RestorePanel onRestored={() => void load()} />
          <QueryExport />
        </div>
        {dialog}
      </div>
    </ViewFrame>
  );
}
