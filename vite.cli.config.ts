import { defineConfig } from 'vite';

// The command-line scanner: one self-contained Node ESM file built from src/cli, src/core and the
// DOM-free readers of src/library/import (they touch no DOM API, so they load in Node).
export default defineConfig({
  publicDir: false,
  // Bundle fflate too (the export .zip reader uses it), so the file runs without node_modules.
  ssr: { noExternal: true },
  build: {
    ssr: 'src/cli/recital.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'recital.js', banner: '#!/usr/bin/env node' } },
  },
});
