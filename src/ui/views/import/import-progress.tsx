import type { ImportProgress } from '../../../client/index.ts';
import { formatBytes, formatCount, formatDuration } from '../../files/format-figures.ts';

/** A running import: a bar over the bytes read, rows and rows/s, time left, and Cancel. */
export function ImportProgressView({
  progress,
  onCancel,
  cancelling,
}: {
  progress: ImportProgress | undefined;
  onCancel(): void;
  cancelling: boolean;
}) {
  const total = progress?.totalBytes;
  const read = progress?.bytesRead ?? 0;
  return (
    <div className="import-progress" data-testid="import-progress">
      <progress max={total ?? 1} value={total !== undefined ? read : undefined} aria-label="Import progress" />
      <dl className="figures">
        <dt>Read</dt>
        <dd data-testid="progress-bytes">
          {formatBytes(read)}
          {total !== undefined ? ` of ${formatBytes(total)}` : ''}
        </dd>
        <dt>Rows</dt>
        <dd data-testid="progress-rows">{formatCount(progress?.rowsEmitted ?? 0)}</dd>
        <dt>Rows/s</dt>
        <dd data-testid="progress-rate">{formatCount(progress?.rowsPerSecond ?? 0)}</dd>
        <dt>Time left</dt>
        <dd data-testid="progress-eta">{formatDuration(progress?.etaMs)}</dd>
        <dt>Rejected</dt>
        <dd>{formatCount(progress?.rowsRejected ?? 0)}</dd>
      </dl>
      <button type="button" onClick={onCancel} disabled={cancelling} data-testid="import-cancel">
        {cancelling ? 'Stopping…' : 'Cancel'}
      </button>
    </div>
  );
}
