// Builds the library into dist/lib: ESM JavaScript and .d.ts from src/index.ts (tsc rewrites the
// .ts import specifiers to .js), and the kernel wasm next to the module that loads it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../dist/lib', import.meta.url), { recursive: true, force: true });
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('tsc failed: the library was not built.');
  process.exit(result.status ?? 1);
}
mkdirSync(new URL('../dist/lib/kernel', import.meta.url), { recursive: true });
copyFileSync(new URL('../build/kernel.wasm', import.meta.url), new URL('../dist/lib/kernel/kernel.wasm', import.meta.url));
console.log('library: dist/lib (ESM + .d.ts, kernel.wasm beside it)');
