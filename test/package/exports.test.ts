import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let consumer = '';

// A separate project that depends on tidemark, as a user's would: this checks the package.json
// "exports", the emitted ESM (import specifiers rewritten to .js) and the wasm shipped in dist/lib.
beforeAll(() => {
  if (!existsSync(join(repo, 'dist/lib/index.js'))) {
    throw new Error('dist/lib is missing: run npm run build (npm test does) before this test.');
  }
  consumer = mkdtempSync(join(tmpdir(), 'tidemark-consumer-'));
  mkdirSync(join(consumer, 'node_modules'));
  symlinkSync(repo, join(consumer, 'node_modules', 'tidemark'), 'dir');
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
});

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

function runInConsumer(code: string): string {
  writeFileSync(join(consumer, 'main.js'), code);
  return execFileSync(process.execPath, ['main.js'], { cwd: consumer, encoding: 'utf8' });
}

describe('the published library', () => {
  it('is importable as "tidemark" from Node and runs the kernel from its own wasm file', () => {
    const out = runInConsumer(`
      import { loadKernelFromFile, TidemarkError } from 'tidemark';
      const kernel = await loadKernelFromFile();
      console.log(JSON.stringify({ sum: kernel.sumFloat64(new Float64Array([1.25, 2.75])), info: kernel.info(), error: typeof TidemarkError }));
    `);
    const result = JSON.parse(out) as { sum: number; info: { buildId: string; abiVersion: number }; error: string };
    expect(result.sum).toBe(4);
    expect(result.info.buildId).toMatch(/^[0-9a-f]{12}$/);
    expect(result.error).toBe('function');
  });

  it('ships type declarations for its entry', () => {
    expect(existsSync(join(repo, 'dist/lib/index.d.ts'))).toBe(true);
    expect(existsSync(join(repo, 'dist/lib/kernel/kernel.wasm'))).toBe(true);
  });
});
