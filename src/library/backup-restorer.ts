// Restoring a backup off the options page's thread: a worker unpacks it (bounded, see
// export-format.ts), indexes its documents and compares them and its settings with the library,
// then holds the plan until the user says what to restore. Where no worker can start, the page
// does the same work itself.
import type { LibraryStore, RestorePlan, RestoreReport } from './store/index';
import { startWorker, WORKER_FILES } from './worker-files';

/** What the user is shown before anything is written: counts, titles and the settings diff. */
export interface RestoreSummary {
  exportedAt: number;
  /** Documents the library lacks, and their size as stored (UTF-8 bytes of the texts). */
  toAdd: { count: number; bytes: number };
  /** Titles of documents already in the library, which are left as they are. */
  skipped: string[];
  unreadable: RestorePlan['unreadable'];
  settings: RestorePlan['settings'];
}

/** A backup read and planned, waiting for the user's choice. */
export interface PendingRestore {
  summary: RestoreSummary;
  /** Writes the planned documents; settings are left to the caller. Call once. */
  restoreDocuments(): Promise<RestoreReport>;
  /** Lets the plan and the texts it holds go. */
  cancel(): void;
}

type RestoreStore = Pick<LibraryStore, 'name' | 'planRestore' | 'restoreDocuments'>;

/** Page → restore worker. */
type RestoreRequest =
  { kind: 'plan'; databaseName: string; bytes: Uint8Array } | { kind: 'restore' };

/** Restore worker → page. */
type RestoreReply =
  | { kind: 'planned'; summary: RestoreSummary }
  | { kind: 'restored'; report: RestoreReport }
  | { kind: 'failed'; error: { name: string; message: string } };

/** The part of a Worker used here, so tests can pass one that runs in-process. */
export interface RestoreWorkerLike {
  postMessage(message: RestoreRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<RestoreReply>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

function summarize(plan: RestorePlan): RestoreSummary {
  return {
    exportedAt: plan.exportedAt,
    toAdd: {
      count: plan.toAdd.length,
      bytes: plan.toAdd.reduce((sum, p) => sum + p.doc.bytes, 0),
    },
    skipped: plan.skipped,
    unreadable: plan.unreadable,
    settings: plan.settings,
  };
}

const failure = (e: unknown): RestoreReply => ({
  kind: 'failed',
  error:
    e instanceof Error
      ? { name: e.name, message: e.message }
      : { name: 'Error', message: String(e) },
});

/** The restore worker's side (restore-worker.ts wires it to its messages). */
export function createRestoreService(
  storeFor: (databaseName: string) => Promise<RestoreStore>,
  reply: (message: RestoreReply) => void,
): (request: RestoreRequest) => Promise<void> {
  let held: { store: RestoreStore; plan: RestorePlan } | undefined;
  return async (request) => {
    try {
      if (request.kind === 'plan') {
        held = undefined;
        const store = await storeFor(request.databaseName);
        held = { store, plan: await store.planRestore(request.bytes) };
        reply({ kind: 'planned', summary: summarize(held.plan) });
        return;
      }
      if (!held) throw new Error('This backup was not read in this worker.');
      const { store, plan } = held;
      held = undefined;
      reply({ kind: 'restored', report: await store.restoreDocuments(plan) });
    } catch (e) {
      reply(failure(e));
    }
  };
}

function spawnRestoreWorker(): RestoreWorkerLike {
  return startWorker(WORKER_FILES.restoreWorker, 'recital-restore') as RestoreWorkerLike;
}

function rebuildError(error: { name: string; message: string }): Error {
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/** A worker that answers one request at a time; a crash rejects what is waiting. */
function askWorker(worker: RestoreWorkerLike) {
  let waiting: { resolve: (r: RestoreReply) => void; reject: (e: Error) => void } | undefined;
  const crashed = (): void => {
    worker.terminate();
    waiting?.reject(
      new Error(
        'The browser stopped reading the backup, most likely for lack of memory. Nothing was changed. Close other tabs and try again.',
      ),
    );
    waiting = undefined;
  };
  worker.addEventListener('message', (event) => {
    waiting?.resolve(event.data);
    waiting = undefined;
  });
  worker.addEventListener('error', crashed);
  worker.addEventListener('messageerror', crashed);
  return async (request: RestoreRequest, transfer: Transferable[] = []): Promise<RestoreReply> => {
    const answer = new Promise<RestoreReply>((resolve, reject) => (waiting = { resolve, reject }));
    worker.postMessage(request, transfer);
    const result = await answer;
    if (result.kind === 'failed') throw rebuildError(result.error);
    return result;
  };
}

async function openInWorker(
  store: RestoreStore,
  bytes: Uint8Array,
  worker: RestoreWorkerLike,
): Promise<PendingRestore> {
  const ask = askWorker(worker);
  // The page's copy goes to the worker rather than being copied: a backup can be large.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const sent = own ? bytes : bytes.slice();
  try {
    const planned = await ask({ kind: 'plan', databaseName: store.name, bytes: sent }, [
      sent.buffer,
    ]);
    if (planned.kind !== 'planned') throw new Error('The restore worker answered out of turn.');
    return {
      summary: planned.summary,
      async restoreDocuments() {
        try {
          const restored = await ask({ kind: 'restore' });
          if (restored.kind !== 'restored')
            throw new Error('The restore worker answered out of turn.');
          return restored.report;
        } finally {
          worker.terminate();
        }
      },
      cancel: () => worker.terminate(),
    };
  } catch (e) {
    worker.terminate();
    throw e;
  }
}

/**
 * Reads and plans a backup in a worker (in the page when none can start). Throws
 * ArchiveFormatError (by name) when the bytes are not a readable backup; nothing is written
 * until {@link PendingRestore.restoreDocuments}.
 */
export async function openRestore(
  store: RestoreStore,
  bytes: Uint8Array,
  spawn: (() => RestoreWorkerLike) | undefined = typeof Worker === 'undefined'
    ? undefined
    : spawnRestoreWorker,
): Promise<PendingRestore> {
  let worker: RestoreWorkerLike | undefined;
  try {
    worker = spawn?.();
  } catch {
    worker = undefined;
  }
  if (worker) return openInWorker(store, bytes, worker);
  const plan = await store.planRestore(bytes);
  return {
    summary: summarize(plan),
    restoreDocuments: () => store.restoreDocuments(plan),
    cancel: () => undefined,
  };
}
