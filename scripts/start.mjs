// npm start: builds when the production build is missing or older than its sources, then
// serves it with vite preview on localhost and prints the URL.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bin, root, runNode } from './run-step.mjs';

const SOURCES = ['src', 'assembly', 'public', 'index.html', 'vite.config.ts', 'asconfig.json', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

const builtAt = newestMtime(join(root, 'dist/app/index.html'));
const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
if (builtAt === 0 || sourcesAt > builtAt || !existsSync(join(root, 'dist/lib/index.js'))) {
  runNode('build', ['scripts/build.mjs']);
} else {
  console.log('The build is up to date.');
}

const port = process.env.PORT ?? '4173';
console.log(`\nTidemark is served at http://127.0.0.1:${port}/  (Ctrl+C stops it)\n`);
runNode('serve (vite preview)', [bin('vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort']);
