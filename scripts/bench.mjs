// npm run bench: runs every benchmark script the package defines (bench:codecs, bench:storage,
// bench:import, bench:browser, ...) one after the other, so the figures come from one sitting.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './run-step.mjs';

const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
const benches = Object.keys(scripts).filter((name) => name.startsWith('bench:'));
if (benches.length === 0) {
  console.error('No bench:* scripts are defined in package.json.');
  process.exit(1);
}
let failed = 0;
for (const name of benches) {
  console.log(`\n▶ npm run ${name}`);
  const result = spawnSync('npm', ['run', '--silent', name], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`✖ ${name} failed (exit ${result.status}).`);
  }
}
console.log(`\n${benches.length - failed} benchmarks passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
