import { useId, useState } from 'react';
import { TidemarkError } from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { parseDimensionFilter, utcInputMs } from './retention-rules.ts';

/** Deletes the points of a table in a time range (UTC), optionally only those of series matching dimensions. */
export function DeleteDataForm({
  database,
  table,
  confirm,
  onDeleted,
}: {
  database: string;
  table: string;
  confirm(title: string, message: string, label: string): Promise<boolean>;
  onDeleted(): void;
}) {
  const { client } = useEngine();
  const id = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const fromMs = utcInputMs(from);
  const toMs = utcInputMs(to);
  const parsed = parseDimensionFilter(filter);
  const problem =
    fromMs !== undefined && Number.isNaN(fromMs)
      ? 'The start is not a time.'
      : toMs !== undefined && Number.isNaN(toMs)
        ? 'The end is not a time.'
        : fromMs !== undefined && toMs !== undefined && fromMs >= toMs
          ? 'The start must be before the end.'
          : 'problem' in parsed
            ? parsed.problem
            : undefined;
  return (
    <form
      className="delete-data"
      data-testid="delete-data"
      onSubmit={async (event) => {
        event.preventDefault();
        if (problem !== undefined || 'problem' in parsed) return;
        const dims = Object.keys(parsed.dimensions).length > 0 ? parsed.dimensions : undefined;
        const range = `${fromMs !== undefined ? new Date(fromMs).toISOString() : 'the beginning'} to ${toMs !== undefined ? new Date(toMs).toISOString() : 'the end'}`;
        const which = dims ? ` of series with ${filter.trim().split('\n').join(', ')}` : '';
        if (
          !(await confirm(
            `Delete data from "${table}"?`,
            `Every point${which} from ${range} is deleted from both tiers. This cannot be undone.`,
            'Delete data',
          ))
        )
          return;
        try {
          const { deleted } = await client.call('db.deleteRecords', {
            database,
            table,
            timeRange: {
              ...(fromMs !== undefined ? { from: new Date(fromMs).toISOString() } : {}),
              ...(toMs !== undefined ? { to: new Date(toMs).toISOString() } : {}),
            },
            ...(dims ? { dimensions: dims } : {}),
          });
          setMessage({ ok: true, text: `Deleted ${deleted.toLocaleString('en-US')} points.` });
          onDeleted();
        } catch (error) {
          setMessage({ ok: false, text: TidemarkError.from(error).message });
        }
      }}
    >
      <label htmlFor={`${id}-from`}>From (UTC)</label>
      <input
        id={`${id}-from`}
        type="datetime-local"
        step="1"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        data-testid="delete-from"
      />
      <label htmlFor={`${id}-to`}>To (UTC, exclusive)</label>
      <input id={`${id}-to`} type="datetime-local" step="1" value={to} onChange={(e) => setTo(e.target.value)} data-testid="delete-to" />
      <label htmlFor={`${id}-dims`}>Only series with (name=value per line, optional)</label>
      <textarea id={`${id}-dims`} rows={2} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="delete-dimensions" />
      {problem && (
        <span className="field-problems" role="alert">
          {problem}
        </span>
      )}
      <button type="submit" className="danger" disabled={problem !== undefined} data-testid="delete-submit">
        Delete data…
      </button>
      {message && (
        <span className={message.ok ? 'outcome ok' : 'outcome error'} role="status" data-testid="delete-message">
          {message.text}
        </span>
      )}
    </form>
  );
}
