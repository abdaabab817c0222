import {
  type CsvDialect,
  type ImportFormat,
  type ImportMapping,
  type ImportProgress,
  type ImportProposal,
  runImport,
  type TidemarkClient,
  TidemarkError,
  type WorkerImportResult,
} from '../../../client/index.ts';
import { loadShape, saveShape } from './import-shapes.ts';

export type ImportPhase = 'proposing' | 'ready' | 'importing' | 'done' | 'failed';

/** One file on its way in, as the Import view shows it. */
export interface ImportEntry {
  readonly id: number;
  readonly file: File;
  readonly phase: ImportPhase;
  readonly proposal: ImportProposal | null;
  readonly mapping: ImportMapping | null;
  /** The mapping came from the one remembered for files of this shape. */
  readonly remembered: boolean;
  readonly progress: ImportProgress | undefined;
  readonly result: WorkerImportResult | null;
  readonly error: string | null;
  readonly cancelling: boolean;
  /** The format and dialect the user just chose, shown while the file is read again with them. */
  readonly readAs?: { readonly format: ImportFormat; readonly dialect?: CsvDialect } | undefined;
}

type Listener = () => void;

/**
 * The files being imported, kept outside React: switching to another view and back keeps every preview, a
 * running import's progress and its result (the import itself runs in the worker either way).
 */
export class ImportSession {
  private entries: readonly ImportEntry[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly stoppers = new Map<number, AbortController>();
  private nextId = 1;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly snapshot = (): readonly ImportEntry[] => this.entries;

  /** Adds files and reads the start of each for its proposal (and a mapping remembered for its shape). */
  add(client: TidemarkClient, files: readonly File[]): void {
    for (const file of files) {
      const id = this.nextId++;
      this.set([
        ...this.entries,
        {
          id,
          file,
          phase: 'proposing',
          proposal: null,
          mapping: null,
          remembered: false,
          progress: undefined,
          result: null,
          error: null,
          cancelling: false,
        },
      ]);
      void this.propose(client, id, file);
    }
  }

  remove(id: number): void {
    if (this.get(id)?.phase === 'importing') return;
    this.set(this.entries.filter((e) => e.id !== id));
  }

  update(id: number, patch: Partial<Omit<ImportEntry, 'id' | 'file'>>): void {
    if (!this.get(id)) return;
    this.set(this.entries.map((e) => (e.id === id ? { ...e, ...patch } : e)));
  }

  get(id: number): ImportEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Imports a ready entry by its mapping, remembering the mapping for files of its shape. */
  async start(client: TidemarkClient, id: number): Promise<void> {
    const entry = this.get(id);
    if (entry?.phase !== 'ready' || entry.mapping === null || entry.proposal === null) return;
    const { file, mapping, proposal } = entry;
    const stopper = new AbortController();
    this.stoppers.set(id, stopper);
    this.update(id, { phase: 'importing', progress: undefined, cancelling: false, error: null });
    void saveShape(proposal.shapeKey, file.name, mapping).catch(() => undefined);
    try {
      const result = await runImport(
        client,
        { file, fileName: file.name, mapping },
        { signal: stopper.signal, onProgress: (progress) => this.update(id, { progress }) },
      );
      this.update(id, { phase: 'done', result });
    } catch (error) {
      this.update(id, { phase: 'ready', error: TidemarkError.from(error).message });
    } finally {
      this.stoppers.delete(id);
    }
  }

  /**
   * Reads the file again as the user says (another format, or a CSV dialect: delimiter, header, quote, decimal
   * comma), replacing the proposal and the mapping but keeping the chosen target.
   */
  async repropose(client: TidemarkClient, id: number, choice: { format: ImportFormat; dialect?: CsvDialect }): Promise<void> {
    const entry = this.get(id);
    if (entry?.phase !== 'ready') return;
    this.update(id, { phase: 'proposing', error: null, readAs: choice });
    try {
      const proposal = await client.call('import.propose', { file: entry.file, fileName: entry.file.name, ...choice });
      const target = entry.mapping?.target ?? proposal.inferred.mapping.target;
      this.update(id, {
        proposal,
        mapping: { ...proposal.inferred.mapping, target },
        remembered: false,
        phase: 'ready',
        readAs: undefined,
      });
    } catch (error) {
      this.update(id, { phase: 'ready', error: TidemarkError.from(error).message, readAs: undefined });
    }
  }

  /** Replaces the mapping by a Timestream batch-load task's (its JSON), keeping the chosen target. */
  async applyBatchLoad(client: TidemarkClient, id: number, json: string): Promise<void> {
    const entry = this.get(id);
    if (entry?.phase !== 'ready' || entry.mapping === null) return;
    try {
      const mapping = await client.call('import.batchLoadMapping', { json, target: entry.mapping.target });
      this.update(id, { mapping, remembered: false, error: null });
    } catch (error) {
      this.update(id, { error: TidemarkError.from(error).message });
    }
  }

  /** Stops a running import; it still ends with its result (what was written). */
  stop(id: number): void {
    this.update(id, { cancelling: true });
    this.stoppers.get(id)?.abort();
  }

  private async propose(client: TidemarkClient, id: number, file: File): Promise<void> {
    try {
      const proposal = await client.call('import.propose', { file, fileName: file.name });
      const saved = await loadShape(proposal.shapeKey).catch(() => undefined);
      this.update(id, { proposal, mapping: saved ?? proposal.inferred.mapping, remembered: saved !== undefined, phase: 'ready' });
    } catch (error) {
      this.update(id, { phase: 'failed', error: TidemarkError.from(error).message });
    }
  }

  private set(entries: readonly ImportEntry[]): void {
    this.entries = entries;
    for (const listener of this.listeners) listener();
  }
}

/** The page's import session. */
export const importSession = new ImportSession();
