// Bundles the TypeScript benchmark with rolldown (already a dependency of vite) and runs it in Node:
// `node bench/import/run.mjs [MiB] [rounds]`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'tidemark-bench-import-'));
try {
  await build({
    input: join(here, 'import-throughput.ts'),
    platform: 'node',
    output: { dir: out, format: 'esm', entryFileNames: 'import-throughput.mjs' },
    logLevel: 'warn',
  });
  const result = spawnSync(process.execPath, [join(out, 'import-throughput.mjs'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: join(here, '..', '..'),
  });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
