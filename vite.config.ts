/// <reference types="vitest/config" />

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The Node-only kernel loader (it reads the wasm with node:fs) is replaced in browser bundles.
    alias: [
      { find: /^(?:\.\.?\/)+kernel\/node\.ts$/, replacement: fileURLToPath(new URL('./src/kernel/node-unavailable.ts', import.meta.url)) },
      {
        find: /^\.\/ingest\/node-file-source\.ts$/,
        replacement: fileURLToPath(new URL('./src/engine/ingest/node-file-source-unavailable.ts', import.meta.url)),
      },
    ],
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'es2022',
    // The kernel must be its own file so browsers can compile it while it streams in.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
    reportCompressedSize: false,
    // The editor and chart libraries get their own chunks (named for scripts/size.mjs, which
    // budgets the app's own code apart from them); the editor chunk loads only with Explore's editor.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor-editor',
              test: /node_modules[\\/](@codemirror|@lezer|codemirror|crelt|style-mod|w3c-keyname)[\\/]/,
              priority: 20,
            },
            { name: 'vendor-charts', test: /node_modules[\\/]uplot[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173 },
});
