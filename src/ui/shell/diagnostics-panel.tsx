import { useEffect, useRef, useState } from 'react';
import { type ProgressEvent, TidemarkError } from '../../client/index.ts';
import { useEngine } from '../engine/engine-context.tsx';
import { formatBytes } from './format.ts';

type Outcome = { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'error'; readonly error: TidemarkError };

/**
 * Checks a user (or a test) can run against the live engine: the kernel computing inside the
 * worker, an error crossing the boundary typed, and a long request that can be cancelled.
 */
export function DiagnosticsPanel({ open, onClose }: { open: boolean; onClose(): void }) {
  const engine = useEngine();
  const dialog = useRef<HTMLDialogElement>(null);
  const [selfTest, setSelfTest] = useState<Outcome | null>(null);
  const [errorTest, setErrorTest] = useState<Outcome | null>(null);
  const [longTask, setLongTask] = useState<Outcome | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const running = useRef<AbortController | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const client = engine.client;

  async function runSelfTest() {
    setSelfTest(null);
    try {
      const result = await client.call('kernel.selfTest', { count: 1_000_000 });
      if (result.kernelSum === result.javascriptSum) {
        const count = result.values.length.toLocaleString('en-US');
        setSelfTest({
          kind: 'ok',
          text: `Kernel sum of ${count} values = ${result.kernelSum} (matches JavaScript) in ${result.kernelMs.toFixed(2)} ms`,
        });
      } else {
        setSelfTest({
          kind: 'error',
          error: new TidemarkError('INTERNAL', `Kernel sum ${result.kernelSum} differs from JavaScript's ${result.javascriptSum}.`),
        });
      }
    } catch (error) {
      setSelfTest({ kind: 'error', error: TidemarkError.from(error) });
    }
  }

  async function runErrorTest() {
    setErrorTest(null);
    try {
      await client.call('diagnostics.fail', { code: 'VALIDATION', message: 'A test error raised inside the worker.' });
    } catch (error) {
      setErrorTest({ kind: 'error', error: TidemarkError.from(error) });
    }
  }

  async function startLongTask() {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setLongTask(null);
    setProgress(null);
    try {
      const result = await client.call(
        'diagnostics.spin',
        { steps: 2_000, sliceMs: 5 },
        { signal: controller.signal, onProgress: setProgress },
      );
      setLongTask({ kind: 'ok', text: `Finished ${result.completedSteps} slices` });
    } catch (error) {
      setLongTask({ kind: 'error', error: TidemarkError.from(error) });
    } finally {
      if (running.current === controller) running.current = null;
    }
  }

  return (
    <dialog ref={dialog} className="diagnostics" onClose={onClose} aria-labelledby="diagnostics-title">
      <header>
        <h2 id="diagnostics-title">Engine diagnostics</h2>
        <button type="button" className="link-button" onClick={onClose} aria-label="Close diagnostics">
          Close
        </button>
      </header>
      {engine.status === 'ready' && (
        <dl className="facts" data-testid="kernel-facts">
          <dt>Kernel build</dt>
          <dd data-testid="kernel-build-id">{engine.info.kernel.buildId}</dd>
          <dt>Wasm size</dt>
          <dd>{formatBytes(engine.info.kernel.wasmBytes)}</dd>
          <dt>Kernel memory</dt>
          <dd>{formatBytes(engine.info.kernel.memoryBytes)}</dd>
          <dt>ABI version</dt>
          <dd>{engine.info.kernel.abiVersion}</dd>
        </dl>
      )}
      <section>
        <button type="button" onClick={runSelfTest} data-testid="run-self-test">
          Run kernel self-test
        </button>
        <OutcomeView outcome={selfTest} testId="self-test-result" />
      </section>
      <section>
        <button type="button" onClick={runErrorTest} data-testid="run-error-test">
          Raise a test error in the worker
        </button>
        <OutcomeView outcome={errorTest} testId="error-test-result" />
      </section>
      <section>
        <button type="button" onClick={startLongTask} data-testid="start-long-task">
          Start a long task
        </button>
        <button type="button" onClick={() => running.current?.abort()} data-testid="cancel-long-task">
          Cancel it
        </button>
        {progress && (
          <progress max={progress.total ?? 1} value={progress.done} data-testid="long-task-progress">
            {progress.message}
          </progress>
        )}
        <OutcomeView outcome={longTask} testId="long-task-result" />
      </section>
    </dialog>
  );
}

function OutcomeView({ outcome, testId }: { outcome: Outcome | null; testId: string }) {
  if (!outcome) return null;
  if (outcome.kind === 'ok') {
    return (
      <p className="outcome ok" data-testid={testId}>
        {outcome.text}
      </p>
    );
  }
  return (
    <p className="outcome error" role="alert" data-testid={testId} data-code={outcome.error.code}>
      <strong>{outcome.error.code}</strong> {outcome.error.message}
    </p>
  );
}
