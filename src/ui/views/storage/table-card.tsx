import { type TableDescription, type TableStats, TidemarkError } from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { DeleteDataForm } from './delete-data-form.tsx';
import { ExportButtons } from './export-buttons.tsx';
import { RetentionEditor } from './retention-editor.tsx';
import { TierTable } from './tier-table.tsx';

export interface TableCardProps {
  readonly table: TableDescription;
  readonly stats: TableStats | undefined;
  confirm(title: string, message: string, label: string): Promise<boolean>;
  onChanged(): void;
  onError(message: string): void;
}

/** One table: its retention, its tiers, export, delete by range and filter, and drop. */
export function TableCard({ table, stats, confirm, onChanged, onError }: TableCardProps) {
  const { client } = useEngine();
  const { databaseName: database, tableName: name } = table;
  return (
    <article className="table-card" data-testid="table-card" data-table={name} aria-labelledby={`table-${database}-${name}`}>
      <header className="table-card-header">
        <h3 id={`table-${database}-${name}`}>{name}</h3>
        <span className="hint">
          {table.dimensions.length} dimensions · {table.measures.length} measure names
          {table.multiMeasureAttributes.length > 0 ? ` · ${table.multiMeasureAttributes.length} attributes` : ''}
        </span>
        <button
          type="button"
          className="danger"
          data-testid="drop-table"
          onClick={async () => {
            if (
              !(await confirm(
                `Drop table "${name}"?`,
                `Table "${database}"."${name}" and all its data are deleted. This cannot be undone.`,
                'Drop table',
              ))
            )
              return;
            try {
              await client.call('db.deleteTable', { database, table: name });
              onChanged();
            } catch (error) {
              onError(TidemarkError.from(error).message);
            }
          }}
        >
          Drop table…
        </button>
      </header>
      <div className="table-card-body">
        <TierTable stats={stats} />
        <div>
          <RetentionEditor table={table} onSaved={onChanged} />
          <ExportButtons target={{ database, table: name }} label="Export table" />
          <details data-testid="table-schema">
            <summary>Schema</summary>
            <dl className="facts">
              <dt>Dimensions</dt>
              <dd>{table.dimensions.join(', ') || '—'}</dd>
              <dt>Measures</dt>
              <dd>{table.measures.map((m) => `${m.name} (${m.type})`).join(', ') || '—'}</dd>
              {table.multiMeasureAttributes.length > 0 && (
                <>
                  <dt>Attributes</dt>
                  <dd>{table.multiMeasureAttributes.map((a) => `${a.name} (${a.type})`).join(', ')}</dd>
                </>
              )}
              <dt>Created</dt>
              <dd>{new Date(table.createdAt).toISOString().slice(0, 19).replace('T', ' ')} UTC</dd>
            </dl>
          </details>
          <details>
            <summary>Delete data by time range and dimensions</summary>
            <DeleteDataForm database={database} table={name} confirm={confirm} onDeleted={onChanged} />
          </details>
        </div>
      </div>
    </article>
  );
}
