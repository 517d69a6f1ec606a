// Writes imported documents to the store with the help of a small pool of import workers: the
// workers read plain-text files and index every document (the CPU work) on every core, and the
// page writes the prepared documents to the database in the order they were given, so of two
// equal texts in a batch the first is kept and the second reported as its duplicate. Where a
// worker cannot run (no Worker, a worker that fails to load), the page does the work itself.
import { isPlainTextFile, readFileBytes } from './import/index';
import type { ImportedDocument, ImportSource } from './import/types';
import {
  LibraryStoreError,
  prepareDocument,
  type LibraryDocument,
  type LibraryStore,
  type LibraryStoreErrorCode,
  type NewDocument,
  type PreparedDocument,
} from './library-store';

/** What the page already knows of a file's document: its id and date, so a batch lists in order. */
export type FileDocumentFields = Pick<NewDocument, 'id' | 'addedAt' | 'tags'>;

/**
 * A file not read yet: the Blob (a picked File) crosses to a worker as a handle, and the worker
 * reads the bytes itself instead of the page reading them and copying them over.
 */
export interface UnreadFile {
  name: string;
  type?: string;
  file: Blob;
}

export type WriterJob =
  | { kind: 'document'; input: NewDocument }
  /** A plain-text file: the worker reads, decodes and tidies it too (no DOM needed for that). */
  | { kind: 'file'; source: ImportSource | UnreadFile; fields: FileDocumentFields };

/** Page → import worker. */
export interface WriterRequest {
  seq: number;
  job: WriterJob;
}

export type ReadFile = (source: ImportSource) => Promise<ImportedDocument>;

/** Import worker → page. */
export type WriterReply =
  | { seq: number; ok: true; prepared: PreparedDocument }
  | {
      seq: number;
      ok: false;
      error: { name: string; message: string; code?: LibraryStoreErrorCode };
    };

export type WriteOutcome = { doc: LibraryDocument; duplicate: boolean };

export interface DocumentWriter {
  /** Indexes and stores one document (all or nothing), like LibraryStore.addDocument. */
  write(input: NewDocument): Promise<WriteOutcome>;
  /** True when {@link writeFile} reads this file in a worker; others are best read in the page. */
  readsInWorker(fileName: string): boolean;
  /** Reads a file's text (ImportError when it cannot), then writes it like {@link write}. */
  writeFile(source: ImportSource | UnreadFile, fields?: FileDocumentFields): Promise<WriteOutcome>;
  /** Writes that can usefully be in flight at once; more only hold texts in memory. */
  readonly capacity: number;
  /** Stops the workers once their jobs are done. */
  close(): void;
}

/** The part of a Worker the pool uses, so tests can pass one that runs in-process. */
export interface WorkerLike {
  postMessage(message: WriterRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WriterReply>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface DocumentWriterOptions {
  /** Workers in the pool; 0 prepares in the page. Default: the number of cores, at most 2. */
  workers?: number;
  spawn?: () => WorkerLike;
}

interface Pending {
  job: WriterJob;
  resolve: (prepared: PreparedDocument) => void;
  reject: (error: unknown) => void;
}

interface PoolWorker {
  worker: WorkerLike;
  pending: Map<number, Pending>;
  broken: boolean;
}

/**
 * The import worker's side: one request in, one reply out, with the buffers to transfer
 * (import-worker.ts wires it).
 */
export async function answerWriterRequest(
  request: WriterRequest,
  readFile: ReadFile,
): Promise<{ reply: WriterReply; transfer: Transferable[] }> {
  try {
    const prepared = await prepareJob(request.job, readFile);
    return { reply: { seq: request.seq, ok: true, prepared }, transfer: [prepared.index] };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = e instanceof LibraryStoreError ? { code: e.code } : {};
    return {
      reply: { seq: request.seq, ok: false, error: { name: e.name, message: e.message, ...code } },
      transfer: [],
    };
  }
}

/** Reads (for a file) and indexes one document: everything but the write. */
async function prepareJob(job: WriterJob, readFile: ReadFile): Promise<PreparedDocument> {
  if (job.kind === 'document') return prepareDocument(job.input);
  const source = job.source;
  const imported = await readFile(
    'file' in source
      ? { name: source.name, type: source.type ?? '', bytes: await readFileBytes(source.file) }
      : source,
  );
  return prepareDocument({
    text: imported.text,
    title: imported.title,
    format: imported.format,
    fileName: source.name,
    ...(imported.author && { author: imported.author }),
    ...job.fields,
  });
}

function spawnImportWorker(): WorkerLike {
  return new Worker(new URL('./import-worker.ts', import.meta.url), {
    type: 'module',
    name: 'recital-import',
  }) as WorkerLike;
}

function defaultWorkerCount(): number {
  if (typeof Worker === 'undefined') return 0;
  const cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(2, cores));
}

function rebuildError(error: {
  name: string;
  message: string;
  code?: LibraryStoreErrorCode;
}): Error {
  if (error.code) return new LibraryStoreError(error.code, error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/**
 * A writer over `store` (its addPrepared writes every document); `readFile` reads files in the
 * page (formats that need the page's DOM, and the fallback).
 */
export function createDocumentWriter(
  store: Pick<LibraryStore, 'addPrepared'>,
  readFile: ReadFile,
  options: DocumentWriterOptions = {},
): DocumentWriter {
  const count = options.workers ?? defaultWorkerCount();
  const spawn = options.spawn ?? spawnImportWorker;
  const pool: PoolWorker[] = [];
  let seq = 0;
  let closing = false;
  // Settles when the last job given has been handed to the store (or failed): each write waits
  // for the one before, so the database commits them in the order they were given.
  let lastWrite: Promise<unknown> = Promise.resolve();

  const inPage = (job: WriterJob): Promise<PreparedDocument> => prepareJob(job, readFile);

  // A worker that fails (it could not load, or crashed) hands its jobs back to the page.
  const retire = (entry: PoolWorker): void => {
    if (entry.broken) return;
    entry.broken = true;
    entry.worker.terminate();
    for (const pending of entry.pending.values())
      inPage(pending.job).then(pending.resolve, pending.reject);
    entry.pending.clear();
  };

  const dismiss = (entry: PoolWorker): void => {
    entry.worker.terminate();
    const at = pool.indexOf(entry);
    if (at >= 0) pool.splice(at, 1);
  };

  const start = (): PoolWorker[] => {
    if (pool.length === 0) {
      for (let i = 0; i < count; i++) {
        let worker: WorkerLike;
        try {
          worker = spawn();
        } catch {
          break;
        }
        const entry: PoolWorker = { worker, pending: new Map(), broken: false };
        worker.addEventListener('message', (event: MessageEvent<WriterReply>) => {
          const reply = event.data;
          const job = entry.pending.get(reply.seq);
          if (!job) return;
          entry.pending.delete(reply.seq);
          if (reply.ok) job.resolve(reply.prepared);
          else job.reject(rebuildError(reply.error));
          if (closing && entry.pending.size === 0) dismiss(entry);
        });
        worker.addEventListener('error', () => retire(entry));
        worker.addEventListener('messageerror', () => retire(entry));
        pool.push(entry);
      }
    }
    return pool.filter((entry) => !entry.broken);
  };

  const prepare = (job: WriterJob): Promise<PreparedDocument> => {
    closing = false;
    const live = start();
    if (live.length === 0) return inPage(job);
    const entry = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return new Promise<PreparedDocument>((resolve, reject) => {
      const n = ++seq;
      entry.pending.set(n, { job, resolve, reject });
      entry.worker.postMessage({ seq: n, job });
    });
  };

  const run = (job: WriterJob): Promise<WriteOutcome> => {
    const started = Promise.all([prepare(job), lastWrite]).then(([prepared]) => ({
      written: store.addPrepared(prepared),
    }));
    // The next write is started once this one has been (or this job failed to prepare).
    lastWrite = started.then(
      () => undefined,
      () => undefined,
    );
    return started.then(({ written }) => written);
  };

  return {
    capacity: Math.max(1, count) * 2,

    write(input) {
      return run({ kind: 'document', input });
    },

    readsInWorker(name) {
      return count > 0 && isPlainTextFile(name);
    },

    writeFile(source, fields = {}) {
      return run({ kind: 'file', source, fields });
    },

    close() {
      closing = true;
      for (const entry of [...pool]) if (entry.pending.size === 0 || entry.broken) dismiss(entry);
    },
  };
}
