// npm test: every check, cheapest first, stopping at the first failure. It builds first, since
// the unit tests load the kernel wasm and the e2e runs against the production build. The last
// step is Playwright, so the output ends with its summary line.
import { bin, runNode } from './run-step.mjs';

runNode('build', ['scripts/build.mjs']);
runNode('type check (tsc)', [bin('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']);
runNode('lint and format (biome)', [bin('@biomejs/biome/bin/biome'), 'check', '.']);
runNode('unit tests (vitest, Node)', [bin('vitest/vitest.mjs'), 'run']);
runNode('e2e (playwright, Chromium)', [bin('@playwright/test/cli.js'), 'test'], { last: true });
