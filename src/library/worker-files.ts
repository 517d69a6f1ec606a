// The import and restore workers are entries of the extension's one build (vite.config.ts names
// their files from worker-files.json), not separate worker builds: a worker build bundles its own
// copy of every library it reaches, so mammoth and pdf.js, which the page's fallback readers
// reach too, shipped twice.
import files from './worker-files.json' with { type: 'json' };

export const WORKER_FILES: Readonly<typeof files> = files;

/** A module worker from one of {@link WORKER_FILES}, resolved from the extension's root. */
export function startWorker(file: string, name: string): Worker {
  return new Worker(`/${file}`, { type: 'module', name });
}
