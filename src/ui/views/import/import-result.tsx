import type { WorkerImportResult } from '../../../client/index.ts';
import { downloadBlob } from '../../files/download.ts';
import { formatCount, formatDuration } from '../../files/format-figures.ts';

/** Rejected lines shown on the page; the downloadable report has all that were kept. */
const SHOWN = 200;

/** What an import did: rows and records written, whether it was stopped and where, and every rejected line. */
export function ImportResultView({ result }: { result: WorkerImportResult }) {
  const target = `"${result.mapping.target.database}"."${result.mapping.target.table}"`;
  return (
    <div className="import-result" data-testid="import-result">
      <p className={result.aborted ? 'outcome warn' : 'outcome ok'} data-testid="import-summary">
        {result.aborted
          ? `Stopped. ${formatCount(result.rowsEmitted)} rows were written (up to line ${result.lastEmittedLine}); nothing after was.`
          : `Imported ${formatCount(result.rowsEmitted - result.rowsRejectedByWrite)} rows (${formatCount(result.recordsIngested)} records) into ${target} in ${formatDuration(result.elapsedMs)}.`}{' '}
        {result.rowsRejected === 0
          ? 'No line was rejected.'
          : result.rowsRejected === 1
            ? '1 line was rejected.'
            : `${formatCount(result.rowsRejected)} lines were rejected.`}
      </p>
      <p className="hint">
        Query it: <code>SELECT * FROM {target} ORDER BY time DESC LIMIT 100</code>
      </p>
      {result.rowsRejected > 0 && (
        <>
          <button
            type="button"
            data-testid="download-report"
            onClick={() => downloadBlob(new Blob([result.reportCsv], { type: 'text/csv' }), `${result.file}.rejected.csv`)}
          >
            Download report (CSV)
          </button>
          <div className="table-scroll">
            <table className="data-table" data-testid="rejections">
              <caption>
                Rejected lines{result.rejections.length > SHOWN ? ` (first ${SHOWN}; the report lists ${result.rejections.length})` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Column</th>
                  <th scope="col">Field</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Raw text</th>
                </tr>
              </thead>
              <tbody>
                {result.rejections.slice(0, SHOWN).map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a line may have several rejections
                  <tr key={i} data-line={r.line}>
                    <td>{r.line}</td>
                    <td>{r.column}</td>
                    <td>{r.field ?? ''}</td>
                    <td>{r.reason}</td>
                    <td>
                      <code>{r.raw}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
