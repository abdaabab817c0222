import { useEngine } from '../engine/engine-context.tsx';
import { formatBytes } from './format.ts';

/** The bottom line: is the engine alive, which kernel build runs, how big it is. */
export function StatusLine({ onOpenDiagnostics }: { onOpenDiagnostics(): void }) {
  const engine = useEngine();
  let text: string;
  if (engine.status === 'starting') text = 'Starting engine…';
  else if (engine.status === 'failed') text = `Engine failed: ${engine.error.message} (${engine.error.code})`;
  else {
    const { kernel, startupMs } = engine.info;
    text = `Worker ready · kernel ${kernel.buildId} · wasm ${formatBytes(kernel.wasmBytes)} · ABI ${kernel.abiVersion} · started in ${Math.round(startupMs)} ms`;
  }
  return (
    <footer className="status-line" data-status={engine.status}>
      <span className="status-dot" aria-hidden="true" />
      <output data-testid="engine-status" aria-live="polite">
        {text}
      </output>
      <button type="button" className="link-button" onClick={onOpenDiagnostics} data-testid="open-diagnostics">
        Diagnostics
      </button>
    </footer>
  );
}
