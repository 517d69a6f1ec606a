import { defineConfig } from 'vite';

// The command-line scanner: one self-contained Node ESM file built from src/cli and src/core.
export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'src/cli/recital.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'recital.js', banner: '#!/usr/bin/env node' } },
  },
});
