// Measures the gzip sizes of what we ship and checks them against size-budget.json:
// the kernel wasm, the app's own JavaScript (editor and chart libraries excluded, see the
// budget file), and the library. Prints a table; exits 1 when a budget is exceeded.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const budget = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8'));

function gzipBytes(file) {
  return gzipSync(readFileSync(file), { level: 9 }).byteLength;
}

function filesUnder(dir, accept) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, accept));
    else if (accept(name)) out.push(path);
  }
  return out;
}

function total(files) {
  return files.reduce((sum, file) => sum + gzipBytes(file), 0);
}

const wasm = join(root, 'build/kernel.wasm');
const appAssets = join(root, 'dist/app/assets');
const lib = join(root, 'dist/lib');
const required = [
  [wasm, 'npm run build:wasm'],
  [appAssets, 'npm run build:app'],
  [lib, 'npm run build:lib'],
];
for (const [path, command] of required) {
  if (!existsSync(path)) {
    console.error(`size: ${path} is missing; run ${command} (or npm run build) first.`);
    process.exit(1);
  }
}

const isLibraryChunk = (name) => /^vendor-(editor|charts)-/.test(name);
const rows = [
  { what: 'kernel wasm', bytes: gzipBytes(wasm), limit: budget.kernelWasm },
  { what: "app's own JS", bytes: total(filesUnder(appAssets, (n) => n.endsWith('.js') && !isLibraryChunk(n))), limit: budget.appJs },
  { what: 'library JS', bytes: total(filesUnder(lib, (n) => n.endsWith('.js'))), limit: budget.library },
];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let failed = false;
console.log('size (gzip -9)      actual     budget');
for (const row of rows) {
  const over = row.bytes > row.limit;
  failed ||= over;
  console.log(`${row.what.padEnd(18)} ${kb(row.bytes).padStart(9)}  ${kb(row.limit).padStart(9)}${over ? '  OVER BUDGET' : ''}`);
}
if (failed) {
  console.error('size: a budget in size-budget.json is exceeded.');
  process.exit(1);
}
