import { useCallback, useEffect, useState } from 'react';
import { formatBytes } from '../../files/format-figures.ts';

interface Estimate {
  readonly usage: number | undefined;
  readonly quota: number | undefined;
}

/** The browser's quota and usage for this site, and the "keep data on this device" request with its answer. */
export function BrowserStorage() {
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [answer, setAnswer] = useState<string | null>(null);
  const supported = typeof navigator !== 'undefined' && navigator.storage !== undefined;

  const refresh = useCallback(async () => {
    if (!supported) return;
    const e = await navigator.storage.estimate?.();
    setEstimate({ usage: e?.usage, quota: e?.quota });
    setPersisted((await navigator.storage.persisted?.()) ?? null);
  }, [supported]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!supported) return <p className="hint">This browser does not report its storage (navigator.storage is missing).</p>;
  const share = estimate?.usage !== undefined && estimate.quota ? (estimate.usage / estimate.quota) * 100 : undefined;
  return (
    <section className="browser-storage" aria-labelledby="browser-storage-title" data-testid="browser-storage">
      <h2 id="browser-storage-title">This browser</h2>
      <dl className="facts">
        <dt>Used</dt>
        <dd data-testid="storage-usage">{estimate?.usage !== undefined ? formatBytes(estimate.usage) : '—'}</dd>
        <dt>Quota</dt>
        <dd data-testid="storage-quota">
          {estimate?.quota !== undefined ? formatBytes(estimate.quota) : '—'}
          {share !== undefined ? ` (${share.toFixed(share < 1 ? 2 : 0)}% used)` : ''}
        </dd>
        <dt>Kept on this device</dt>
        <dd data-testid="storage-persisted">
          {persisted === null
            ? 'unknown'
            : persisted
              ? 'yes: the browser will not evict it under storage pressure'
              : 'no: best effort, the browser may evict it'}
        </dd>
      </dl>
      <button
        type="button"
        data-testid="persist-request"
        onClick={async () => {
          try {
            const granted = await navigator.storage.persist();
            setAnswer(
              granted
                ? 'The browser agreed to keep this data.'
                : 'The browser declined (it decides from how much you use the site); back up what matters.',
            );
            await refresh();
          } catch (error) {
            setAnswer(`The request failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }}
      >
        Keep data on this device
      </button>
      {answer !== null && (
        <p className="hint" role="status" data-testid="persist-answer">
          {answer}
        </p>
      )}
    </section>
  );
}
