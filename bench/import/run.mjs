// `npm run bench:import [MiB] [rounds]`: CSV import throughput in Node (bundled with rolldown, already a
// dependency of vite) and end to end through the app's worker in Chromium, beside papaparse parsing alone;
// writes bench/results/import.json as { node_mb_per_s, chromium_mb_per_s, peer_parse_only_mb_per_s, ... }.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);

/** Runs a step with its output shown as it comes, and returns the last JSON line it printed. */
function step(command, commandArgs) {
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) throw new Error(`${commandArgs.join(' ')} failed (exit ${result.status})`);
  const line = (result.stdout ?? '')
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`${commandArgs.join(' ')} printed no JSON figures`);
  return JSON.parse(line);
}

const out = mkdtempSync(join(tmpdir(), 'tidemark-bench-import-'));
try {
  await build({
    input: join(here, 'import-throughput.ts'),
    platform: 'node',
    output: { dir: out, format: 'esm', entryFileNames: 'import-throughput.mjs' },
    logLevel: 'warn',
  });
  const node = step(process.execPath, [join(out, 'import-throughput.mjs'), ...args]);
  console.log('');
  const chromium = step(process.execPath, [join(here, 'chromium-app.mjs'), ...args]);
  const figures = {
    node_mb_per_s: node.node_mb_per_s,
    chromium_mb_per_s: chromium.chromium_mb_per_s,
    peer_parse_only_mb_per_s: node.peer_parse_only_mb_per_s,
    // The same end-to-end runs by CPU time of all the process's threads (the collector's too): steadier than
    // wall time on a shared, loaded machine, but lower than it where spare cores do the collector's work.
    node_cpu_mb_per_s: node.node_cpu_mb_per_s,
    node_parse_only_mb_per_s: node.node_parse_only_mb_per_s,
    peer_typed_parse_only_mb_per_s: node.peer_typed_parse_only_mb_per_s,
    chromium_rows_per_s: chromium.chromium_rows_per_s,
    rows: node.rows,
    mib: node.mib,
    measured_at: new Date().toISOString(),
  };
  console.log('');
  console.log(
    `end to end into the database: Node ${figures.node_mb_per_s.toFixed(1)} MB/s, Chromium ${figures.chromium_mb_per_s.toFixed(1)} MB/s; papaparse parsing alone ${figures.peer_parse_only_mb_per_s.toFixed(1)} MB/s`,
  );
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'import.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log('wrote bench/results/import.json');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
