// pdf.js in Node runs its worker in-process, loading it from a file beside pdf.mjs; bundled into
// dist-cli/recital.js there is no such file, so the CLI hands pdf.js the worker module it bundles
// (pdf.js takes globalThis.pdfjsWorker before looking for a file). Loaded only when a PDF comes.
let loading: Promise<void> | undefined;

// pdf.js's page rendering wants these browser classes and builds a DOMMatrix as it loads; text
// extraction never uses them. Stand-ins keep it from looking for the native canvas package
// (vite.cli.config.ts leaves that out of the bundle) and from warning on every run.
const RENDERING_CLASSES = ['DOMMatrix', 'ImageData', 'Path2D'] as const;

export function preparePdfWorker(): Promise<void> {
  const scope = globalThis as Record<string, unknown>;
  for (const name of RENDERING_CLASSES) scope[name] ??= class {};
  // @ts-expect-error: pdf.js ships no types for its worker module.
  loading ??= import('pdfjs-dist/legacy/build/pdf.worker.mjs').then((worker: unknown) => {
    scope.pdfjsWorker = worker;
  });
  return loading;
}
