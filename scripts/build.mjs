// npm run build: the kernel, then the app (Vite) and the library (tsc), then the size report.
import { bin, runNode } from './run-step.mjs';

runNode('kernel (asc)', ['scripts/build-wasm.mjs']);
runNode('app (vite build)', [bin('vite/bin/vite.js'), 'build']);
runNode('library (tsc)', ['scripts/build-lib.mjs']);
runNode('size budget', ['scripts/size.mjs']);
