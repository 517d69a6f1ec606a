// Writes imported documents to the store through a small pool of import workers, so reading
// files of every format, indexing and writing run beside the page, on every core: a zip bomb or a
// slow PDF never blocks the page. The page orders the writes (see createDocumentWriter). Where a
// worker cannot run (no Worker, a worker that fails to load), the page does the work itself.
import { readFileBytes } from './import/index';
import { isStoredTextReader, KEPT_FILE_MAX_BYTES } from './import/stored-text';
import {
  createWorkerPool,
  defaultWorkerCount,
  spawnImportWorker,
  type PoolWorker,
} from './worker-pool';
import type { ImportedDocument, ImportSource } from './import/types';
import {
  LibraryStoreError,
  prepareDocument,
  type LibraryDocument,
  type LibraryStore,
  type LibraryStoreErrorCode,
  type NewDocument,
  type PreparedDocument,
  type WriteOutcome,
} from './store/index';

/** What the page already knows of a file's document: its id and date, so a batch lists in order. */
type FileDocumentFields = Pick<NewDocument, 'id' | 'addedAt' | 'tags'>;

/**
 * A file not read yet: the Blob (a picked File) crosses to a worker as a handle, and the worker
 * reads the bytes itself instead of the page reading them and copying them over.
 */
interface UnreadFile {
  name: string;
  type?: string;
  file: Blob;
}

type WriterJob =
  | { kind: 'document'; input: NewDocument }
  /** A file of any format: the worker reads it too (no reader needs a DOM). */
  | { kind: 'file'; source: ImportSource | UnreadFile; fields: FileDocumentFields };

/** Page → import worker: prepare a job (read, index), then, when the page says so, write it. */
export type WriterRequest =
  | { seq: number; kind: 'prepare'; databaseName: string; job: WriterJob }
  | { seq: number; kind: 'write' };

type ReadFile = (source: ImportSource) => Promise<ImportedDocument>;

interface WriterError {
  name: string;
  message: string;
  code?: LibraryStoreErrorCode;
}

/** Import worker → page. */
export type WriterReply =
  | { seq: number; kind: 'prepared'; contentHash: string }
  | {
      seq: number;
      kind: 'done';
      ok: true;
      doc: LibraryDocument;
      duplicate: boolean;
      /**
       * The index record just written (transferred, not copied), so the merge at the end of the
       * batch need not read it back (see {@link DocumentWriter.takeIndexRecords}).
       */
      index?: ArrayBuffer;
    }
  | { seq: number; kind: 'done'; ok: false; error: WriterError };

export interface DocumentWriter {
  /** Indexes and stores one document (all or nothing), like LibraryStore.addDocument. */
  write(input: NewDocument): Promise<WriteOutcome>;
  /**
   * True when {@link writeFile} reads files in a worker (every format, whenever a worker can
   * run): the page should hand them over unread and not read them itself.
   */
  readonly readsFilesInWorker: boolean;
  /** Reads a file's text (ImportError when it cannot), then writes it like {@link write}. */
  writeFile(source: ImportSource | UnreadFile, fields?: FileDocumentFields): Promise<WriteOutcome>;
  /**
   * Starts the workers ahead of the first job (the user is choosing files): each loads and
   * warms its readers up meanwhile. Workers that get no job within {@link PREPARED_IDLE_MS} go.
   */
  prepare(): void;
  /**
   * Writes that can usefully be in flight at once; more only hold texts in memory. Three a
   * worker: one being indexed while the others wait for their file to be read or their write.
   */
  readonly capacity: number;
  /** Stops the workers once their jobs are done. */
  close(): void;
  /**
   * The index records of the documents written since the last call, by document id (up to
   * {@link KEPT_RECORD_BYTES} in all; the store has every one of them): the batch's merge takes
   * their postings from here instead of reading 200 MB back at 1 GB of text.
   */
  takeIndexRecords(): Map<string, ArrayBuffer>;
}

/** The index records a writer holds for the merge at most, in bytes (postings 8 bytes each). */
const KEPT_RECORD_BYTES = 384 * 1024 * 1024;

/** The part of a Worker the pool uses, so tests can pass one that runs in-process. */
export interface WorkerLike {
  postMessage(message: WriterRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WriterReply>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

interface DocumentWriterOptions {
  /** Workers in the pool; 0 works in the page. Default: the number of cores, at most 2. */
  workers?: number;
  spawn?: () => WorkerLike;
  /** How long workers started by `prepare` wait for a job; default {@link PREPARED_IDLE_MS}. */
  preparedIdleMs?: number;
}

/** A file dialog left open this long has most likely been cancelled. */
const PREPARED_IDLE_MS = 60_000;

type StoreFor = (databaseName: string) => Promise<Pick<LibraryStore, 'addPrepared'>>;

function toWriterError(error: unknown): WriterError {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = e instanceof LibraryStoreError ? { code: e.code } : {};
  return { name: e.name, message: e.message, ...code };
}

/**
 * The import worker's side (import-worker.ts wires it to its messages): prepares each job as
 * it arrives and reports its content hash, keeps it, and writes it when the page says so.
 */
export function createWriterService(
  storeFor: StoreFor,
  readFile: ReadFile,
  reply: (message: WriterReply) => void,
): (request: WriterRequest) => Promise<void> {
  const held = new Map<number, { databaseName: string; prepared: PreparedDocument }>();
  return async (request) => {
    const { seq } = request;
    if (request.kind === 'prepare') {
      try {
        const prepared = await prepareJob(request.job, readFile);
        held.set(seq, { databaseName: request.databaseName, prepared });
        reply({ seq, kind: 'prepared', contentHash: prepared.doc.contentHash });
      } catch (error) {
        reply({ seq, kind: 'done', ok: false, error: toWriterError(error) });
      }
      return;
    }
    const job = held.get(seq);
    held.delete(seq);
    try {
      if (!job) throw new Error('This document was not prepared in this worker.');
      const { doc, duplicate } = await (await storeFor(job.databaseName)).addPrepared(job.prepared);
      reply({
        seq,
        kind: 'done',
        ok: true,
        doc,
        duplicate,
        ...(!duplicate && { index: job.prepared.index }),
      });
    } catch (error) {
      reply({ seq, kind: 'done', ok: false, error: toWriterError(error) });
    }
  };
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
  // A picked plain-text file is kept as it is (store/kept-file.ts); its format names its reader.
  const format = imported.format;
  const keepFile =
    'file' in source && source.file.size <= KEPT_FILE_MAX_BYTES && isStoredTextReader(format);
  return prepareDocument({
    text: imported.text,
    title: imported.title,
    format,
    fileName: source.name,
    ...(imported.author && { author: imported.author }),
    ...(keepFile && {
      sourceFile: {
        blob: source.file,
        reader: format,
        // Where the text's parts lie in the file is found from it (store/text-file.ts).
        ...(imported.decoded !== undefined && { decoded: imported.decoded }),
      },
    }),
    ...job.fields,
  });
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

/** A job of the pool, from the moment it is given until its write is done. */
interface Job {
  seq: number;
  job: WriterJob;
  /** Where it is prepared and written: a worker, or the page (none). */
  worker?: PoolWorker;
  state: 'preparing' | 'prepared' | 'writing';
  contentHash?: string;
  /** Prepared in the page. */
  local?: PreparedDocument;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

/** The jobs whose write can start: every earlier job prepared, none with the same text unwritten. */
function writesDue(jobs: readonly Job[]): Job[] {
  const due: Job[] = [];
  for (const [at, job] of jobs.entries()) {
    if (job.state === 'preparing') break;
    const isOriginal = !jobs
      .slice(0, at)
      .some((earlier) => earlier.contentHash === job.contentHash);
    if (job.state === 'prepared' && isOriginal) due.push(job);
  }
  return due;
}

/** Keeps a document prepared in the page, and says so as a worker would. */
function preparedHere(job: Job, prepared: PreparedDocument): WriterReply {
  job.local = prepared;
  return { seq: job.seq, kind: 'prepared', contentHash: prepared.doc.contentHash };
}

/** The job a worker's reply is about has been prepared, or written (or failed). */
function applyReply(
  job: Job,
  reply: WriterReply,
  pump: () => void,
  finish: (job: Job, settle: () => void) => void,
  keep: (id: string, index: ArrayBuffer) => void,
): void {
  if (reply.kind === 'prepared') {
    job.contentHash = reply.contentHash;
    job.state = 'prepared';
    pump();
  } else if (reply.ok) {
    if (reply.index) keep(reply.doc.id, reply.index);
    finish(job, () => job.resolve({ doc: reply.doc, duplicate: reply.duplicate }));
  } else {
    const error = rebuildError(reply.error);
    finish(job, () => job.reject(error));
  }
}

/**
 * A writer over `store` (its name for the workers' connections; its addPrepared for what the
 * page writes itself); `readFile` reads files in the page when no worker can (the fallback).
 *
 * Jobs are prepared in parallel, but a job is written only once every job given before it is
 * prepared, and after the write of any earlier job with the same text: of two equal texts in a
 * batch, the first is stored and the second found to be its duplicate, whichever worker was
 * quicker. Jobs with different texts are written as soon as that is known, in any order.
 */
export function createDocumentWriter(
  store: Pick<LibraryStore, 'name' | 'addPrepared'>,
  readFile: ReadFile,
  options: DocumentWriterOptions = {},
): DocumentWriter {
  const count = options.workers ?? defaultWorkerCount();
  /** Jobs not yet written, in the order they were given. */
  const jobs: Job[] = [];
  let seq = 0;
  let closing = false;
  let records = new Map<string, ArrayBuffer>();
  let recordBytes = 0;
  const keep = (id: string, index: ArrayBuffer): void => {
    if (recordBytes + index.byteLength > KEPT_RECORD_BYTES) return;
    records.set(id, index);
    recordBytes += index.byteLength;
  };

  const finish = (job: Job, settle: () => void): void => {
    const at = jobs.indexOf(job);
    if (at < 0) return;
    jobs.splice(at, 1);
    settle();
    pump();
    if (closing) pool.dismissIdle();
  };

  const prepareInPage = (job: Job): void => {
    delete job.worker;
    job.state = 'preparing';
    prepareJob(job.job, readFile).then(
      (prepared) => applyReply(job, preparedHere(job, prepared), pump, finish, keep),
      (error: unknown) => finish(job, () => job.reject(error)),
    );
  };

  const startWrite = (job: Job): void => {
    job.state = 'writing';
    if (job.worker) {
      job.worker.worker.postMessage({ seq: job.seq, kind: 'write' });
      return;
    }
    const prepared = job.local as PreparedDocument;
    store.addPrepared(prepared).then(
      (outcome) => {
        if (!outcome.duplicate) keep(outcome.doc.id, prepared.index);
        finish(job, () => job.resolve(outcome));
      },
      (error: unknown) => finish(job, () => job.reject(error)),
    );
  };

  const pump = (): void => writesDue(jobs).forEach(startWrite);

  const jobsOf = (entry: PoolWorker): Job[] => jobs.filter((job) => job.worker === entry);
  const pool = createWorkerPool({
    count,
    spawn: options.spawn ?? spawnImportWorker,
    onReply(entry, reply) {
      const job = jobsOf(entry).find((j) => j.seq === reply.seq);
      if (job) applyReply(job, reply, pump, finish, keep);
    },
    // The page takes the jobs over. A write the worker had committed comes back as a duplicate
    // of itself: nothing is lost or doubled.
    onBroken: (entry) => jobsOf(entry).forEach(prepareInPage),
    isBusy: (entry) => jobsOf(entry).length > 0,
  });

  const run = (work: WriterJob): Promise<WriteOutcome> => {
    closing = false;
    return new Promise<WriteOutcome>((resolve, reject) => {
      const job: Job = { seq: ++seq, job: work, state: 'preparing', resolve, reject };
      jobs.push(job);
      const live = pool.live();
      if (live.length === 0) return prepareInPage(job);
      const load = (entry: PoolWorker): number => jobsOf(entry).length;
      job.worker = live.reduce((a, b) => (load(b) < load(a) ? b : a));
      job.worker.worker.postMessage({
        seq: job.seq,
        kind: 'prepare',
        databaseName: store.name,
        job: work,
      });
    });
  };

  return {
    capacity: Math.max(1, count) * 3,

    prepare() {
      if (count > 0) pool.warm(options.preparedIdleMs ?? PREPARED_IDLE_MS);
    },

    write: (input) => run({ kind: 'document', input }),

    readsFilesInWorker: count > 0,

    writeFile: (source, fields = {}) => run({ kind: 'file', source, fields }),

    close() {
      closing = true;
      pool.dismissIdle();
    },

    takeIndexRecords() {
      const taken = records;
      records = new Map();
      recordBytes = 0;
      return taken;
    },
  };
}
