import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type ImportMapping,
  type ImportProgress,
  type ImportProposal,
  type MappingProblem,
  type PreviewTable as Preview,
  type Rejection,
  runImport,
  TidemarkError,
  type WorkerImportResult,
} from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { formatBytes } from '../../files/format-figures.ts';
import { ImportProgressView } from './import-progress.tsx';
import { ImportResultView } from './import-result.tsx';
import { forgetShape, loadShape, saveShape } from './import-shapes.ts';
import { MappingEditor } from './mapping-editor.tsx';
import { PreviewTable } from './preview-table.tsx';

type Phase = 'proposing' | 'ready' | 'importing' | 'done' | 'failed';

interface ParsedPreview {
  readonly parsed: Preview;
  readonly rejections: readonly Rejection[];
  readonly problem?: string;
}

export interface ImportItemProps {
  readonly file: File;
  readonly databases: readonly string[];
  /** Increments when the user asks to import every ready file. */
  readonly startAll: number;
  onRemove(): void;
  /** Called when an import ends (the list of databases may have grown). */
  onImported(): void;
}

/** One file on its way in: its proposal and mapping preview, then its progress, then its result. */
export function ImportItem({ file, databases, startAll, onRemove, onImported }: ImportItemProps) {
  const { client } = useEngine();
  const [phase, setPhase] = useState<Phase>('proposing');
  const [proposal, setProposal] = useState<ImportProposal | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [remembered, setRemembered] = useState(false);
  const [problems, setProblems] = useState<readonly MappingProblem[]>([]);
  const [preview, setPreview] = useState<ParsedPreview | null>(null);
  const [tables, setTables] = useState<readonly string[]>([]);
  const [progress, setProgress] = useState<ImportProgress | undefined>();
  const [result, setResult] = useState<WorkerImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const stopper = useRef<AbortController | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const proposed = await client.call('import.propose', { file, fileName: file.name });
        const saved = await loadShape(proposed.shapeKey).catch(() => undefined);
        if (!live) return;
        setProposal(proposed);
        setMapping(saved ?? proposed.inferred.mapping);
        setRemembered(saved !== undefined);
        setPhase('ready');
      } catch (e) {
        if (!live) return;
        setError(TidemarkError.from(e).message);
        setPhase('failed');
      }
    })();
    return () => {
      live = false;
    };
  }, [client, file]);

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

  const start = useCallback(async () => {
    if (mapping === null || proposal === null) return;
    const controller = new AbortController();
    stopper.current = controller;
    setPhase('importing');
    setProgress(undefined);
    setCancelling(false);
    setError(null);
    void saveShape(proposal.shapeKey, file.name, mapping).catch(() => undefined);
    try {
      const done = await runImport(client, { file, fileName: file.name, mapping }, { signal: controller.signal, onProgress: setProgress });
      setResult(done);
      setPhase('done');
    } catch (e) {
      setError(TidemarkError.from(e).message);
      setPhase('ready');
    } finally {
      stopper.current = null;
      onImported();
    }
  }, [client, file, mapping, proposal, onImported]);

  const lastStartAll = useRef(startAll);
  useEffect(() => {
    if (startAll === lastStartAll.current) return;
    lastStartAll.current = startAll;
    if (phase === 'ready' && problems.length === 0) void start();
  }, [startAll, phase, problems, start]);

  const blocking = problems.length > 0 || preview?.problem !== undefined;
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
          <button type="button" className="link-button" onClick={onRemove} aria-label={`Remove ${file.name}`}>
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
                  setMapping(proposal.inferred.mapping);
                  setRemembered(false);
                  void forgetShape(proposal.shapeKey).catch(() => undefined);
                }}
              >
                Use the proposed mapping instead
              </button>
            </p>
          )}
          {proposal.problem !== undefined && <p className="outcome warn">{proposal.problem}</p>}
          <PreviewTable table={proposal.raw} caption="First rows of the file" testId="raw-preview" />
          <MappingEditor
            proposal={proposal}
            mapping={mapping}
            problems={problems}
            databases={databases}
            tables={tables}
            disabled={phase === 'importing'}
            onChange={(next) => {
              setMapping(next);
            }}
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
            <button type="button" className="primary" onClick={() => void start()} disabled={blocking} data-testid="import-start">
              Import {file.name}
            </button>
          )}
        </>
      )}
      {phase === 'importing' && (
        <ImportProgressView
          progress={progress}
          cancelling={cancelling}
          onCancel={() => {
            setCancelling(true);
            stopper.current?.abort();
          }}
        />
      )}
      {phase === 'done' && result !== null && <ImportResultView result={result} />}
    </article>
  );
}
