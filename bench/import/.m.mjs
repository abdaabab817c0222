import { build } from 'rolldown';

await build({ input: '/tmp/micro.ts', platform: 'node', output: { dir: '/tmp/bench-imp/m', format: 'esm', entryFileNames: 'm.mjs' } });
