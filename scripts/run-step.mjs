// Runs one step of a script pipeline, showing what runs, and stops the pipeline on failure.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs `node <args>` from the repo root with inherited output; exits with its status on failure. */
export function runNode(label, args, { env = {}, last = false } = {}) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  // The last step prints nothing after its runner, so the runner's summary line ends the output.
  if (!last) console.log(`✔ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Path of a package's executable script inside node_modules. */
export function bin(path) {
  return fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
}
