import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// The command-line scanner: one self-contained Node ESM file built from src/cli, src/core and the
// extension's own readers in src/library/import (they touch no DOM API, so they load in Node).
// Dependencies (fflate, mammoth, pdf.js) are bundled in, so the file runs with no node_modules.
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
        // One file: the readers' lazy imports (mammoth, pdf.js) stay lazy, but in it.
        codeSplitting: false,
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
