import { useCallback, useEffect, useRef, useState } from 'react';
import type { SampleInstallResult } from '../../client/index.ts';
import { useEngine } from '../engine/engine-context.tsx';
import {
  AUTO_INSTALLED_KEY,
  browserFlags,
  DISMISSED_KEY,
  decideOffer,
  type FlagStore,
  installErrorMessage,
  installSamples,
} from './sample-offer-model.ts';
import './sample-data-offer.css';

export type OfferState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'hidden' }
  | { readonly kind: 'offer' }
  | { readonly kind: 'installing'; readonly fraction: number; readonly message: string }
  | { readonly kind: 'done'; readonly results: readonly SampleInstallResult[] }
  | { readonly kind: 'error'; readonly message: string };

export interface SampleDataOfferProps {
  /** Called once the samples are in sampleDB (after an offer was taken or the first-start install). */
  readonly onInstalled?: (results: readonly SampleInstallResult[]) => void;
  /** Install without asking on the very first start (no database at all). Default true. */
  readonly autoInstall?: boolean;
  /** Where the dismissal is remembered (default localStorage). */
  readonly flags?: FlagStore | null;
}

/**
 * The first-start offer of the Timestream-console-like sample databases (DevOps, IoT in sampleDB):
 * hidden once sampleDB exists or the user chose "Not now"; on the very first start (no database at
 * all) it installs them itself so Explore opens with data. Shows progress, then calls onInstalled.
 */
export function SampleDataOffer({ onInstalled, autoInstall = true, flags }: SampleDataOfferProps) {
  const engine = useEngine();
  const store = flags === undefined ? browserFlags() : flags;
  const [state, setState] = useState<OfferState>({ kind: 'checking' });
  const running = useRef<AbortController | null>(null);
  const onInstalledRef = useRef(onInstalled);
  onInstalledRef.current = onInstalled;

  const install = useCallback(async () => {
    if (engine.status !== 'ready' || running.current) return;
    const controller = new AbortController();
    running.current = controller;
    setState({ kind: 'installing', fraction: 0, message: 'Loading sample data…' });
    try {
      const results = await installSamples(
        engine.client,
        (fraction, message) => setState({ kind: 'installing', fraction, message }),
        controller.signal,
      );
      store?.setItem(AUTO_INSTALLED_KEY, '1');
      setState({ kind: 'done', results });
      onInstalledRef.current?.(results);
    } catch (error) {
      setState({ kind: 'error', message: installErrorMessage(error) });
    } finally {
      running.current = null;
    }
  }, [engine, store]);

  useEffect(() => {
    if (engine.status !== 'ready') return;
    let live = true;
    engine.client.call('db.listDatabases', {}).then(
      (databases) => {
        if (!live) return;
        const decision = decideOffer(databases, store, autoInstall);
        if (decision === 'auto-install') void install();
        else setState({ kind: decision });
      },
      (error: unknown) => live && setState({ kind: 'error', message: installErrorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [engine, store, autoInstall, install]);

  useEffect(() => () => running.current?.abort(), []);

  return (
    <SampleDataOfferView
      state={state}
      onInstall={() => void install()}
      onDismiss={() => {
        store?.setItem(DISMISSED_KEY, '1');
        setState({ kind: 'hidden' });
      }}
      onCancel={() => running.current?.abort()}
    />
  );
}

/** The offer's markup for a state (separate, so it renders without an engine in tests). */
export function SampleDataOfferView({
  state,
  onInstall,
  onDismiss,
  onCancel,
}: {
  state: OfferState;
  onInstall: () => void;
  onDismiss: () => void;
  onCancel: () => void;
}) {
  if (state.kind === 'checking' || state.kind === 'hidden') return null;
  if (state.kind === 'done') {
    const points = state.results.reduce((sum, r) => sum + r.points, 0);
    return (
      <output className="sample-offer done" data-testid="sample-offer" data-state="done">
        Sample data is ready in <code>sampleDB</code> (DevOps, IoT
        {points > 0 ? `, ${points.toLocaleString('en-US')} values` : ''}).
      </output>
    );
  }
  return (
    <section className="sample-offer" data-testid="sample-offer" data-state={state.kind} aria-labelledby="sample-offer-title">
      <div className="sample-offer-text">
        <h2 id="sample-offer-title">Sample data</h2>
        <p>
          Load the sample databases from the Timestream console: <strong>DevOps</strong> (CPU and memory of 12 hosts) and{' '}
          <strong>IoT</strong> (a fleet of trucks), the last 3 days, into <code>sampleDB</code>.
        </p>
      </div>
      {state.kind === 'offer' && (
        <div className="sample-offer-actions">
          <button type="button" className="primary" onClick={onInstall} data-testid="sample-offer-install">
            Load sample data (DevOps, IoT)
          </button>
          <button type="button" onClick={onDismiss} data-testid="sample-offer-dismiss">
            Not now
          </button>
        </div>
      )}
      {state.kind === 'installing' && (
        <div className="sample-offer-actions">
          <progress max={1} value={state.fraction} aria-label={state.message} />
          <span aria-live="polite">{state.message}</span>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {state.kind === 'error' && (
        <div className="sample-offer-actions">
          <p className="outcome error" role="alert">
            {state.message}
          </p>
          <button type="button" onClick={onInstall}>
            Try again
          </button>
          <button type="button" onClick={onDismiss}>
            Not now
          </button>
        </div>
      )}
    </section>
  );
}
