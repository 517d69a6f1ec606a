import type { AddOutcome, FileToImport, StartedImport } from './library-client';

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
  /** Undefined while the files' sizes are still being added up (see runImportBatch). */
  bytesTotal?: number;
  elapsedMs: number;
  /** Name of the file being read now; undefined once the batch ends. */
  current?: string;
}

interface BatchOptions {
  onProgress(progress: BatchProgress): void;
  onResult(result: BatchFileResult, index: number): void;
  /** Checked between documents: the ones started always finish, so nothing is half-written. */
  shouldStop(): boolean;
  /** Files whose writing may overlap (the next file is read while earlier ones are stored). Default 1. */
  inFlight?: number;
  /** Bytes of files whose writing may overlap; one file alone may be larger. Default {@link MAX_BYTES_IN_FLIGHT}. */
  maxBytesInFlight?: number;
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
  if (progress.bytesTotal === undefined || progress.elapsedMs < 250 || progress.bytesDone <= 0)
    return undefined;
  const bytesPerSecond = (progress.bytesDone / progress.elapsedMs) * 1000;
  const msLeft = ((progress.bytesTotal - progress.bytesDone) / bytesPerSecond) * 1000;
  return { bytesPerSecond, msLeft };
}

/**
 * File bytes being imported at once, at most (one file alone may be larger): each holds its text
 * in memory until it is written, so a batch of big books does not hold several at a time.
 */
const MAX_BYTES_IN_FLIGHT = 256 * 2 ** 20;

/** Sizes added up before each file starts: a batch's total is known by its 1/8th file. */
const SIZES_PER_FILE = 8;

/**
 * Each file's size, read once and added up a few files ahead of the one starting: a picked
 * file's first size is a round trip to the browser, so adding them all up first would hold the
 * first file back.
 */
function createSizer(files: readonly BatchFile[]) {
  let sized = 0;
  let bytes = 0;
  const sizes: number[] = [];
  return {
    sizes,
    sizeUpTo(end: number): void {
      for (; sized < Math.min(end, files.length); sized++) {
        sizes[sized] = files[sized]?.size ?? 0;
        bytes += sizes[sized] ?? 0;
      }
    },
    isComplete: (): boolean => sized === files.length,
    total: (): number => bytes,
  };
}

function thrownResult(name: string, error: unknown): BatchFileResult {
  const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
  return {
    name,
    status: 'failed',
    message: `This file could not be imported${reason}. Try adding it again; if it keeps failing, reload this page.`,
  };
}

/**
 * Imports files in the order chosen, reporting progress and a result per file (in that order).
 * Files are read one at a time, so memory stays flat with hundreds of books, while up to
 * `inFlight` of them are being written. One bad file fails alone; a thrown error becomes its result.
 */
export async function runImportBatch(
  files: readonly BatchFile[],
  startOne: (file: FileToImport) => Promise<StartedImport>,
  options: BatchOptions,
): Promise<BatchSummary> {
  const now = options.now ?? (() => performance.now());
  const inFlight = Math.max(1, options.inFlight ?? 1);
  const maxBytesInFlight = options.maxBytesInFlight ?? MAX_BYTES_IN_FLIGHT;
  let bytesInFlight = 0;
  const started = now();
  const sizer = createSizer(files);
  const sizes = sizer.sizes;
  const slots: (BatchFileResult | undefined)[] = files.map(() => undefined);
  const results: BatchFileResult[] = [];
  const writing = new Set<Promise<void>>();
  let bytesDone = 0;
  let done = 0;
  let current: string | undefined;
  let cancelled = false;

  const report = (): void => {
    const progress: BatchProgress = {
      done,
      total: files.length,
      bytesDone,
      elapsedMs: now() - started,
    };
    if (sizer.isComplete()) progress.bytesTotal = sizer.total();
    if (current !== undefined) progress.current = current;
    options.onProgress(progress);
  };

  // Results go out in file order, whichever write finishes first.
  const flush = (): void => {
    while (results.length < files.length) {
      const next = slots[results.length];
      if (!next) return;
      results.push(next);
      options.onResult(next, results.length - 1);
    }
  };

  const settle = (index: number, result: BatchFileResult): void => {
    slots[index] = result;
    if (result.status !== 'cancelled') {
      bytesDone += sizes[index] ?? 0;
      done++;
    }
    flush();
  };

  for (const [index, file] of files.entries()) {
    sizer.sizeUpTo((index + 1) * SIZES_PER_FILE);
    const size = sizes[index] ?? 0;
    while (writing.size > 0 && bytesInFlight + size > maxBytesInFlight) await Promise.race(writing);
    if (cancelled || options.shouldStop()) {
      cancelled = true;
      settle(index, { name: file.name, status: 'cancelled' });
      continue;
    }
    current = file.name;
    report();
    let written: Promise<AddOutcome>;
    try {
      written = (await startOne(file)).written;
    } catch (error) {
      settle(index, thrownResult(file.name, error));
      continue;
    }
    const job = written
      .then(
        (outcome): BatchFileResult =>
          outcome.status === 'failed'
            ? { name: file.name, status: 'failed', message: outcome.message }
            : { name: file.name, status: outcome.status, title: outcome.entry.title },
        (error: unknown) => thrownResult(file.name, error),
      )
      .then((result) => {
        bytesInFlight -= size;
        settle(index, result);
        writing.delete(job);
        report();
      });
    bytesInFlight += size;
    writing.add(job);
    while (writing.size >= inFlight) await Promise.race(writing);
  }
  await Promise.all(writing);
  current = undefined;
  report();

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
    // Read when needed: the first read of a picked file's size asks the browser.
    get size() {
      return file.size;
    },
    type: file.type,
    read: async () => new Uint8Array(await file.arrayBuffer()),
    file,
  }));
}
