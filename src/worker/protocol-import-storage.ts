/**
 * The worker methods of the Import and Storage views (part of `WorkerMethods`): propose and check a mapping for a
 * file, run an import that streams the file in slices (stoppable by id, so the caller learns exactly what was
 * written), export a table or a query result, and back up and restore a database.
 */
import type {
  BackupSummary,
  CsvDialect,
  ExportFormat,
  ImportFileResult,
  ImportFormat,
  ImportMapping,
  ImportProposal,
  MappingProblem,
  PreviewTable,
  Rejection,
  RestoreSummary,
  TableOptionsInput,
} from '../engine/index.ts';

/** An import's result in the worker: the library's result and its rejection report as CSV text. */
export interface WorkerImportResult extends ImportFileResult {
  /** `formatRejectionsCsv` of the rejections: the downloadable report. */
  readonly reportCsv: string;
}

/** A file made in the worker, for the UI to download. */
export interface WorkerFile {
  readonly blob: Blob;
  readonly fileName: string;
}

export interface ImportStorageMethods {
  /** Reads only the head of the file: detected format, proposed mapping, previews, shape key. */
  /** `format` and `dialect` read the file as the user chose instead of as detected. */
  'import.propose': { params: { file: Blob; fileName?: string; format?: ImportFormat; dialect?: CsvDialect }; result: ImportProposal };
  /**
   * The first rows of the file as an (edited) mapping reads them, and what it rejects among them; `problem`
   * says why the mapping cannot read the file at all (a missing column, say).
   */
  'import.preview': {
    params: { file: Blob; mapping: ImportMapping; rows?: number };
    result: { parsed: PreviewTable; rejections: Rejection[]; problem?: string };
  };
  /**
   * The mapping of a Timestream batch-load task, from its JSON: a whole CreateBatchLoadTask request or a bare
   * DataModel (bad JSON is a typed error at its line and column).
   */
  'import.batchLoadMapping': { params: { json: string; target: { database: string; table: string } }; result: ImportMapping };
  /** What is wrong with an (edited) mapping, field by field; empty when it can be used. */
  'import.check': { params: { mapping: ImportMapping }; result: MappingProblem[] };
  /**
   * Imports a file (a Blob, read in slices; or pasted text) by the mapping, creating the target table when
   * missing. Progress events carry `import` figures. `importId` lets `import.stop` end it: it then resolves
   * with `aborted: true` and exactly what was written.
   */
  'import.run': {
    params: {
      file: Blob | string;
      mapping: ImportMapping;
      fileName?: string;
      importId?: string;
      createTable?: boolean | TableOptionsInput;
    };
    result: WorkerImportResult;
  };
  /** Stops a running import at its next slice or batch; false when none runs under that id. */
  'import.stop': { params: { importId: string }; result: { stopped: boolean } };
  /** A table (every row, `SELECT *` shape) or a query result as a CSV or Parquet file. */
  'storage.export': {
    params: { format: ExportFormat } & ({ database: string; table: string } | { sql: string });
    result: WorkerFile & { rows: number };
  };
  /** A whole database as one backup file (gzip'd NDJSON, versioned, checksummed). */
  'storage.backup': { params: { database: string }; result: WorkerFile & { summary: BackupSummary } };
  /** Restores a backup file as a new database (its own name, or `as`). */
  'storage.restore': { params: { file: Blob; as?: string }; result: RestoreSummary };
}
