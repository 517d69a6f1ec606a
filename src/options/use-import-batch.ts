import { useEffect, useRef, useState } from 'preact/hooks';
import type { LibraryClient } from './library-client';
import {
  runImportBatch,
  toBatchFiles,
  type BatchFileResult,
  type BatchProgress,
  type BatchSummary,
} from './run-import-batch';

// A result and a progress report arrive for every file, hundreds a minute in a big batch; the
// page draws them at most this often, so drawing takes little of the time the import needs.
const DRAW_EVERY_MS = 100;

export interface ImportBatch {
  progress: BatchProgress | undefined;
  /** After the files are stored: the share of the matching index written (0 to 1). */
  indexing: number | undefined;
  /** Why the new documents could not be prepared for matching, when that failed. */
  indexError: string | undefined;
  results: BatchFileResult[];
  summary: BatchSummary | undefined;
  isRunning: boolean;
  isStopping: boolean;
  start: (files: File[]) => Promise<void>;
  /** Asks the running batch to stop after the files already started. */
  stop: () => void;
  /** Forgets the last batch's progress, results and summary. */
  clear: () => void;
}

/** Imports a batch of files one by one, drawing progress and results as they come. */
export function useImportBatch(
  client: LibraryClient | undefined,
  onChanged: () => Promise<void>,
): ImportBatch {
  const [progress, setProgress] = useState<BatchProgress>();
  const [results, setResults] = useState<BatchFileResult[]>([]);
  const [summary, setSummary] = useState<BatchSummary>();
  const [isRunning, setIsRunning] = useState(false);
  const [isStopping, setIsStopping] = useState(false);
  const [indexing, setIndexing] = useState<number>();
  const [indexError, setIndexError] = useState<string>();
  const stopRequested = useRef(false);
  const undrawn = useRef<{
    results: BatchFileResult[];
    progress?: BatchProgress;
    timer?: ReturnType<typeof setTimeout>;
  }>({ results: [] });

  const draw = (): void => {
    const { results: added, progress: latest, timer } = undrawn.current;
    clearTimeout(timer);
    undrawn.current = { results: [] };
    if (added.length > 0) setResults((previous) => [...previous, ...added]);
    if (latest) setProgress(latest);
  };
  const drawSoon = (): void => {
    undrawn.current.timer ??= setTimeout(draw, DRAW_EVERY_MS);
  };

  // Leaving mid-batch would silently drop the files not yet imported: ask first.
  useEffect(() => {
    if (!isRunning) return undefined;
    const warn = (e: BeforeUnloadEvent): void => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isRunning]);

  const start = async (files: File[]): Promise<void> => {
    if (!client || isRunning || files.length === 0) return;
    stopRequested.current = false;
    setIsRunning(true);
    setIsStopping(false);
    setSummary(undefined);
    setResults([]);
    const batch = toBatchFiles(files);
    const done = await runImportBatch(batch, (file) => client.startImport(file), {
      onProgress: (latest) => {
        undrawn.current.progress = latest;
        drawSoon();
      },
      onResult: (result) => {
        undrawn.current.results.push(result);
        drawSoon();
      },
      shouldStop: () => stopRequested.current,
      inFlight: client.importCapacity,
    });
    client.finishImports();
    draw();
    setIndexError(undefined);
    if (done.imported > 0) {
      // The summary waits until the new documents are matched, so "Imported" means ready.
      setIndexing(0);
      setIndexError(await client.prepareForMatching((share) => setIndexing(share)));
      setIndexing(undefined);
    }
    setSummary(done);
    setIsRunning(false);
    setIsStopping(false);
    if (done.imported > 0) await onChanged();
  };

  const stop = (): void => {
    stopRequested.current = true;
    setIsStopping(true);
  };

  const clear = (): void => {
    setResults([]);
    setSummary(undefined);
    setProgress(undefined);
  };

  return {
    progress,
    indexing,
    indexError,
    results,
    summary,
    isRunning,
    isStopping,
    start,
    stop,
    clear,
  };
}
