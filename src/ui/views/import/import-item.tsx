import { useEffect, useRef, useState } from 'react';
import {
  type MappingProblem,
  type PreviewTable as Preview,
  type Rejection,
  type TableOptions,
  TidemarkError,
} from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { formatBytes } from '../../files/format-figures.ts';
import { FormatEditor } from './format-editor.tsx';
import { ImportProgressView } from './import-progress.tsx';
import { ImportResultView } from './import-result.tsx';
import { type ImportEntry, importSession } from './import-session.ts';
import { forgetShape } from './import-shapes.ts';
import { MappingEditor } from './mapping-editor.tsx';
import { PreviewTable } from './preview-table.tsx';

interface ParsedPreview {
  readonly parsed: Preview;
  readonly rejections: readonly Rejection[];
  readonly problem?: string;
}

export interface ImportItemProps {
  readonly entry: ImportEntry;
  readonly databases: readonly string[];
  /** Increments when the user asks to import every ready file. */
  readonly startAll: number;
}

/** One file on its way in: its proposal and mapping preview, then its progress, then its result. */
export function ImportItem({ entry, databases, startAll }: ImportItemProps) {
  const { client } = useEngine();
  const { id, file, phase, proposal, mapping, remembered, progress, result, error, cancelling } = entry;
  const [problems, setProblems] = useState<readonly MappingProblem[]>([]);
  const [preview, setPreview] = useState<ParsedPreview | null>(null);
  const [tables, setTables] = useState<readonly string[]>([]);

  // Check the mapping and re-read the preview with it as the user edits (debounced: typing a name is many edits).
  useEffect(() => {
    if (mapping === null) return;
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const [found, shown] = await Promise.all([
          client.call('import.check', { mapping }),
          client.call('import.preview', { file, mapping, rows: 10 }),
        ]);
        if (!live) return;
        setProblems(found);
        setPreview(shown);
      } catch (e) {
        if (live) setPreview({ parsed: { columns: [], rows: [] }, rejections: [], problem: TidemarkError.from(e).message });
      }
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, file, mapping]);

  const database = mapping?.target.database;
  useEffect(() => {
    if (database === undefined || !databases.includes(database)) {
      setTables([]);
      return;
    }
    let live = true;
    client.call('db.listTables', { database }).then(
      (names) => live && setTables(names),
      () => live && setTables([]),
    );
    return () => {
      live = false;
    };
  }, [client, database, databases]);

  // The target's settings, when it exists: a table without magnetic-store writes refuses old rows.
  const [targetOptions, setTargetOptions] = useState<TableOptions | undefined>();
  const targetTable = mapping?.target.table;
  useEffect(() => {
    setTargetOptions(undefined);
    if (database === undefined || targetTable === undefined || !tables.includes(targetTable)) return;
    let live = true;
    client.call('db.describeTable', { database, table: targetTable }).then(
      (description) => live && setTargetOptions(description.options),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, database, targetTable, tables]);

  const blocking = problems.length > 0 || preview === null || preview.problem !== undefined;
  const lastStartAll = useRef(startAll);
  useEffect(() => {
    if (startAll === lastStartAll.current) return;
    lastStartAll.current = startAll;
    if (phase === 'ready' && !blocking) void importSession.start(client, id);
  }, [startAll, phase, blocking, client, id]);

  return (
    <article
      className="import-item"
      data-testid="import-item"
      data-file={file.name}
      data-phase={phase}
      aria-label={`Import of ${file.name}`}
    >
      <header className="import-item-header">
        <h2>{file.name}</h2>
        <span className="hint">
          {formatBytes(file.size)}
          {proposal ? ` · ${proposal.detected.format}${proposal.detected.compressed ? ' (gzip)' : ''}` : ''}
        </span>
        {phase !== 'importing' && (
          <button type="button" className="link-button" onClick={() => importSession.remove(id)} aria-label={`Remove ${file.name}`}>
            Remove
          </button>
        )}
      </header>
      {phase === 'proposing' && <p className="hint">Reading the start of the file…</p>}
      {error !== null && (
        <p className="outcome error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {proposal !== null && mapping !== null && phase !== 'done' && (
        <>
          {remembered && (
            <p className="hint" data-testid="remembered-shape">
              Using the mapping you chose for files like this one.{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  importSession.update(id, { mapping: proposal.inferred.mapping, remembered: false });
                  void forgetShape(proposal.shapeKey).catch(() => undefined);
                }}
              >
                Use the proposed mapping instead
              </button>
            </p>
          )}
          <FormatEditor
            proposal={proposal}
            dialect={mapping.dialect}
            pending={entry.readAs}
            disabled={phase !== 'ready'}
            onChoose={(choice) => void importSession.repropose(client, id, choice)}
            onBatchLoad={(json) => void importSession.applyBatchLoad(client, id, json)}
          />
          {proposal.problem !== undefined && <p className="outcome warn">{proposal.problem}</p>}
          <PreviewTable table={proposal.raw} caption="First rows of the file" testId="raw-preview" />
          <MappingEditor
            proposal={proposal}
            mapping={mapping}
            problems={problems}
            databases={databases}
            tables={tables}
            targetOptions={targetOptions}
            disabled={phase === 'importing'}
            onChange={(next) => importSession.update(id, { mapping: next })}
          />
          {preview?.problem !== undefined && (
            <p className="outcome error" role="alert" data-testid="preview-problem">
              {preview.problem}
            </p>
          )}
          {preview !== null && <PreviewTable table={preview.parsed} caption="As the mapping reads them" testId="parsed-preview" />}
          {preview !== null && preview.rejections.length > 0 && (
            <p className="hint" data-testid="preview-rejections">
              In the first rows, {preview.rejections.length} would be rejected: line {preview.rejections[0]!.line}:{' '}
              {preview.rejections[0]!.reason}
            </p>
          )}
          {phase === 'ready' && (
            <button
              type="button"
              className="primary"
              onClick={() => void importSession.start(client, id)}
              disabled={blocking}
              data-testid="import-start"
            >
              Import {file.name}
            </button>
          )}
        </>
      )}
      {phase === 'importing' && <ImportProgressView progress={progress} cancelling={cancelling} onCancel={() => importSession.stop(id)} />}
      {phase === 'done' && result !== null && <ImportResultView result={result} />}
    </article>
  );
}
