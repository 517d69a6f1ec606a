import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// The command-line scanner: a self-contained Node ESM program built from src/cli, src/core and the
// extension's own readers in src/library/import (they touch no DOM API, so they load in Node).
// Dependencies (fflate, mammoth, pdf.js) are bundled in, so dist-cli runs with no node_modules.
export default defineConfig({
  publicDir: false,
  plugins: [withoutNativeCanvas()],
  ssr: { noExternal: true },
  // The version `recital audit` writes into its report (src/cli/audit-command.ts).
  define: { __RECITAL_VERSION__: JSON.stringify(pkg.version) },
  build: {
    ssr: 'src/cli/recital.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      output: {
        entryFileNames: 'recital.js',
        banner: '#!/usr/bin/env node',
        // The readers' lazy imports (mammoth, pdf.js: most of the code) are files of their own,
        // loaded only when a PDF or Word file comes: Node parses all of a file it loads, and one
        // file of 4.5 MB cost a scan 0.13 s before its first line (docs/benchmarks.md).
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});

// pdf.js asks for the native @napi-rs/canvas package at load time, for page rendering only; the
// CLI reads text, so the bundle never asks (src/cli/pdf-worker.ts gives the stand-ins it needs).
function withoutNativeCanvas(): Plugin {
  return {
    name: 'recital-without-native-canvas',
    transform(code, id) {
      if (!id.includes('pdfjs-dist') || !code.includes('require("@napi-rs/canvas")')) return null;
      return { code: code.replace('require("@napi-rs/canvas")', 'undefined'), map: null };
    },
  };
}
