import { useEffect, useId, useState } from 'react';
import { type TableDescription, TidemarkError } from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { MAGNETIC_DAYS, MEMORY_HOURS, retentionProblem } from './retention-rules.ts';

/** A table's retention settings, editable; checked against Timestream's ranges here and by the engine. */
export function RetentionEditor({ table, onSaved }: { table: TableDescription; onSaved(): void }) {
  const { client } = useEngine();
  const id = useId();
  const [hours, setHours] = useState(String(table.options.memoryStoreRetentionHours));
  const [days, setDays] = useState(String(table.options.magneticStoreRetentionDays));
  const [magneticWrites, setMagneticWrites] = useState(table.options.enableMagneticStoreWrites);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    setHours(String(table.options.memoryStoreRetentionHours));
    setDays(String(table.options.magneticStoreRetentionDays));
    setMagneticWrites(table.options.enableMagneticStoreWrites);
  }, [table]);
  const hoursProblem = retentionProblem(hours, MEMORY_HOURS, 'hours');
  const daysProblem = retentionProblem(days, MAGNETIC_DAYS, 'days');
  const changed =
    hours.trim() !== String(table.options.memoryStoreRetentionHours) ||
    days.trim() !== String(table.options.magneticStoreRetentionDays) ||
    magneticWrites !== table.options.enableMagneticStoreWrites;
  return (
    <form
      className="retention-editor"
      data-testid="retention-editor"
      onSubmit={async (event) => {
        event.preventDefault();
        if (hoursProblem || daysProblem) return;
        try {
          await client.call('db.updateTable', {
            database: table.databaseName,
            table: table.tableName,
            options: {
              memoryStoreRetentionHours: Number(hours),
              magneticStoreRetentionDays: Number(days),
              enableMagneticStoreWrites: magneticWrites,
            },
          });
          setMessage({ ok: true, text: 'Saved.' });
          onSaved();
        } catch (error) {
          // The engine's own check has the last word; its message is shown as it is.
          setMessage({ ok: false, text: TidemarkError.from(error).message });
        }
      }}
    >
      <label htmlFor={`${id}-hours`}>Memory store (hours, 1–8,766)</label>
      <input
        id={`${id}-hours`}
        data-testid="memory-hours"
        inputMode="numeric"
        value={hours}
        aria-invalid={hoursProblem !== undefined}
        aria-describedby={hoursProblem ? `${id}-hours-problem` : undefined}
        onChange={(e) => setHours(e.target.value)}
      />
      {hoursProblem && (
        <span className="field-problems" id={`${id}-hours-problem`} data-testid="memory-hours-problem">
          {hoursProblem}
        </span>
      )}
      <label htmlFor={`${id}-days`}>Magnetic store (days, 1–73,000)</label>
      <input
        id={`${id}-days`}
        data-testid="magnetic-days"
        inputMode="numeric"
        value={days}
        aria-invalid={daysProblem !== undefined}
        aria-describedby={daysProblem ? `${id}-days-problem` : undefined}
        onChange={(e) => setDays(e.target.value)}
      />
      {daysProblem && (
        <span className="field-problems" id={`${id}-days-problem`} data-testid="magnetic-days-problem">
          {daysProblem}
        </span>
      )}
      <label>
        <input
          type="checkbox"
          checked={magneticWrites}
          onChange={(e) => setMagneticWrites(e.target.checked)}
          data-testid="magnetic-writes"
        />
        Accept writes older than the memory store (magnetic-store writes)
      </label>
      <button type="submit" disabled={!changed || hoursProblem !== undefined || daysProblem !== undefined} data-testid="retention-save">
        Save retention
      </button>
      {message && (
        <span className={message.ok ? 'outcome ok' : 'outcome error'} role="status" data-testid="retention-message">
          {message.text}
        </span>
      )}
    </form>
  );
}
