// Compiles assembly/ into build/kernel.wasm with asc (SIMD, -O3, raw bindings, minimal runtime;
// the settings live in asconfig.json) and prints the raw and gzip sizes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const asc = fileURLToPath(new URL('../node_modules/assemblyscript/bin/asc.js', import.meta.url));
const result = spawnSync(process.execPath, [asc, 'assembly/index.ts', '--config', 'asconfig.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('asc failed: the kernel was not built.');
  process.exit(result.status ?? 1);
}
const wasm = readFileSync(new URL('../build/kernel.wasm', import.meta.url));
const gz = gzipSync(wasm, { level: 9 }).byteLength;
console.log(`kernel: build/kernel.wasm ${wasm.byteLength} bytes (${gz} gzip)`);
