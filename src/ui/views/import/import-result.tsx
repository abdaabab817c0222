import { useState } from 'react';
import { TidemarkError, type WorkerImportResult } from '../../../client/index.ts';
import { useEngine } from '../../engine/engine-context.tsx';
import { downloadBlob } from '../../files/download.ts';
import { formatCount, formatDuration } from '../../files/format-figures.ts';
import { exploreHashFor } from './chart-link.ts';

/** Rejected lines shown on the page; the downloadable report has all that were kept. */
const SHOWN = 200;

/** What an import did: rows and records written, whether it was stopped and where, and every rejected line. */
export function ImportResultView({ result }: { result: WorkerImportResult }) {
  const { client } = useEngine();
  const [chartProblem, setChartProblem] = useState<string | null>(null);
  const target = `"${result.mapping.target.database}"."${result.mapping.target.table}"`;
  const openChart = async () => {
    try {
      // The table's span, so the chart opens on all of it (imported data is rarely from the last hour).
      const span = await client.call('db.query', { sql: `SELECT min(time) AS first, max(time) AS last FROM ${target}` });
      const [first, last] = span.columns;
      const firstMs = first?.kind === 'bigint' ? first.timeMs?.[0] : undefined;
      const lastMs = last?.kind === 'bigint' ? last.timeMs?.[0] : undefined;
      if (firstMs === undefined || lastMs === undefined || span.rowCount === 0)
        throw new TidemarkError('NOT_FOUND', `${target} holds no data to chart.`);
      location.hash = exploreHashFor(result.mapping.target, firstMs, lastMs);
    } catch (error) {
      setChartProblem(TidemarkError.from(error).message);
    }
  };
  return (
    <div className="import-result" data-testid="import-result">
      <p className={result.aborted ? 'outcome warn' : 'outcome ok'} role="status" data-testid="import-summary">
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
        Query it: <code>SELECT * FROM {target} ORDER BY time DESC LIMIT 100</code>{' '}
        {result.recordsIngested > 0 && (
          <button type="button" onClick={() => void openChart()} data-testid="chart-import">
            Chart it in Explore
          </button>
        )}
      </p>
      {chartProblem && (
        <p className="outcome error" role="alert">
          {chartProblem}
        </p>
      )}
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
