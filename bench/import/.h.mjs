import { rmSync } from 'node:fs';
import { build } from 'rolldown';

rmSync('/tmp/bench-imp/h.mjs', { force: true });
await build({ input: '/tmp/harness.ts', platform: 'node', output: { file: '/tmp/bench-imp/h.mjs', format: 'esm' } });
