// The web-ext lint warnings a release may carry, each explained in docs/store.md ("web-ext lint").
// Files are named without their content hash. A warning not listed here fails `npm run pack`, so
// a new one is either fixed or explained (here and in docs/store.md) before a release.

/** @type {{ code: string, file: string, count: number, why: string }[]} */
export const LINT_ALLOWANCES = [
  {
    code: 'DANGEROUS_EVAL',
    file: 'assets/lib.js',
    count: 3,
    why: "mammoth's dependencies (underscore's global lookup and template, jszip's setImmediate shim)",
  },
  {
    code: 'DANGEROUS_EVAL',
    file: 'assets/pdf.js',
    count: 3,
    why: "pdf.js's core-js global lookup and require probe, and its isEvalSupported feature test",
  },
  {
    code: 'DANGEROUS_EVAL',
    file: 'assets/pdf.worker.min.mjs',
    count: 4,
    why: 'pdf.js worker: the same core-js probes and feature test, and its PostScript compiler',
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: 'assets/pdf.js',
    count: 1,
    why: 'pdf.js imports its worker from GlobalWorkerOptions.workerSrc, our bundled file',
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: 'assets/pdf.worker.min.mjs',
    count: 1,
    why: "pdf.js worker's JPEG 2000 fallback import from wasmUrl, which Recital never sets",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: 'assets/document-writer.js',
    count: 1,
    why: "src/library/import/pdf.ts imports pdf.js's bundled worker file inside the import worker",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: 'assets/notice.js',
    count: 1,
    why: "preact's dangerouslySetInnerHTML branch, which no Recital component uses",
  },
];

/**
 * Lint codes that are about Firefox only; the Chrome build is linted for everything else
 * (manifest schema, locales, files the manifest names).
 */
export const FIREFOX_ONLY_CODES = [
  'ADDON_ID_REQUIRED',
  'BACKGROUND_SERVICE_WORKER_NOFALLBACK',
  'MISSING_DATA_COLLECTION_PERMISSIONS',
];
