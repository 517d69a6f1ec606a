import type { AddOutcome, FileToImport } from './library-client';

/** A file as the batch sees it: a name, a size and a way to read its bytes when its turn comes. */
export type BatchFile = FileToImport;

export type BatchFileResult =
  | { name: string; status: 'imported' | 'duplicate'; title: string }
  | { name: string; status: 'failed'; message: string }
  | { name: string; status: 'cancelled' };

export interface BatchProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  elapsedMs: number;
  /** Name of the file being read now; undefined once the batch ends. */
  current?: string;
}

export interface BatchOptions {
  onProgress(progress: BatchProgress): void;
  onResult(result: BatchFileResult, index: number): void;
  /** Checked between documents: the current one always finishes, so nothing is half-written. */
  shouldStop(): boolean;
  now?: () => number;
}

export interface BatchSummary {
  results: BatchFileResult[];
  cancelled: boolean;
  imported: number;
  duplicates: number;
  failed: number;
}

/** Throughput in bytes per second and an estimate of the time left; undefined until measurable. */
export function estimateRate(
  progress: BatchProgress,
): { bytesPerSecond: number; msLeft: number } | undefined {
  if (progress.elapsedMs < 250 || progress.bytesDone <= 0) return undefined;
  const bytesPerSecond = (progress.bytesDone / progress.elapsedMs) * 1000;
  const msLeft = ((progress.bytesTotal - progress.bytesDone) / bytesPerSecond) * 1000;
  return { bytesPerSecond, msLeft };
}

/**
 * Imports files one by one (memory stays flat with hundreds of books), reporting progress and a
 * result per file. One bad file fails alone; a thrown importer error becomes its result.
 */
export async function runImportBatch(
  files: readonly BatchFile[],
  importOne: (file: FileToImport) => Promise<AddOutcome>,
  options: BatchOptions,
): Promise<BatchSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
  const results: BatchFileResult[] = [];
  let bytesDone = 0;
  let cancelled = false;

  const report = (done: number, current?: string): void => {
    const progress: BatchProgress = {
      done,
      total: files.length,
      bytesDone,
      bytesTotal,
      elapsedMs: now() - started,
    };
    if (current !== undefined) progress.current = current;
    options.onProgress(progress);
  };

  for (const [index, file] of files.entries()) {
    if (cancelled || options.shouldStop()) {
      cancelled = true;
      const result: BatchFileResult = { name: file.name, status: 'cancelled' };
      results.push(result);
      options.onResult(result, index);
      continue;
    }
    report(index, file.name);
    let result: BatchFileResult;
    try {
      const outcome = await importOne(file);
      result =
        outcome.status === 'failed'
          ? { name: file.name, status: 'failed', message: outcome.message }
          : { name: file.name, status: outcome.status, title: outcome.entry.title };
    } catch (error) {
      const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
      result = {
        name: file.name,
        status: 'failed',
        message: `This file could not be imported${reason}. Try adding it again; if it keeps failing, reload this page.`,
      };
    }
    bytesDone += file.size;
    results.push(result);
    options.onResult(result, index);
  }
  report(results.filter((r) => r.status !== 'cancelled').length);

  return {
    results,
    cancelled,
    imported: results.filter((r) => r.status === 'imported').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    failed: results.filter((r) => r.status === 'failed').length,
  };
}

/** Adapts browser `File`s (from the file input or a drop) to batch files. */
export function toBatchFiles(files: Iterable<File>): BatchFile[] {
  return [...files].map((file) => ({
    name: file.name,
    size: file.size,
    type: file.type,
    read: async () => new Uint8Array(await file.arrayBuffer()),
  }));
}
