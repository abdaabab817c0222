import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeConfig, type UserConfig } from 'vite';
import appConfig from '../../vite.config.ts';

/**
 * The benchmark page's build: the app's settings (kernel alias, ES workers, wasm kept as files) with this
 * folder as the root, so DuckDB-WASM is bundled only here and never into dist/app.
 */
export function benchViteConfig(outDir: string): UserConfig {
  return mergeConfig(appConfig, {
    root: fileURLToPath(new URL('.', import.meta.url)),
    base: './',
    logLevel: 'warn',
    // BENCH_MINIFY=0 keeps function names readable in a BENCH_TRACE profile.
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096, ...(process.env.BENCH_MINIFY === '0' ? { minify: false } : {}) },
  } satisfies UserConfig);
}

export default benchViteConfig(process.env.BENCH_OUT ?? join(tmpdir(), 'tidemark-bench-browser'));
