import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let consumer = '';

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

// The README's library example, run as written in a project that depends on tidemark, so the
// documentation cannot drift from the API.
describe('README', () => {
  it('the library example runs and prints what its comment says', () => {
    if (!existsSync(join(repo, 'dist/lib/index.js'))) throw new Error('dist/lib is missing: run npm run build (npm test does) first.');
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const block = /As a library[^\n]*\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the README has an "As a library" js block').toBeDefined();
    consumer = mkdtempSync(join(tmpdir(), 'tidemark-readme-'));
    mkdirSync(join(consumer, 'node_modules'));
    symlinkSync(repo, join(consumer, 'node_modules', 'tidemark'), 'dir');
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'readme', type: 'module', private: true }));
    writeFileSync(join(consumer, 'main.js'), block!);
    const out = execFileSync(process.execPath, ['main.js'], { cwd: consumer, encoding: 'utf8' }).trim();
    const promised = /console\.log\(.*\); \/\/ (.*)$/m.exec(block!)?.[1];
    expect(out).toBe(promised);
  });
});
