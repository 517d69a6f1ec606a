// The import workers of a document writer: started on demand (or ahead, while the user picks
// files), dismissed once idle, retired when they fail.
import type { WorkerLike, WriterReply } from './document-writer';
import { startWorker, WORKER_FILES } from './worker-files';

export function spawnImportWorker(): WorkerLike {
  return startWorker(WORKER_FILES.importWorker, 'recital-import') as WorkerLike;
}

export function defaultWorkerCount(): number {
  if (typeof Worker === 'undefined') return 0;
  const cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(2, cores));
}

export interface PoolWorker {
  worker: WorkerLike;
  broken: boolean;
}

interface PoolOptions {
  count: number;
  spawn: () => WorkerLike;
  onReply: (entry: PoolWorker, reply: WriterReply) => void;
  /** The worker could not load, or crashed: it is terminated, and its jobs must go elsewhere. */
  onBroken: (entry: PoolWorker) => void;
  /** True while the worker has a job not yet written. */
  isBusy: (entry: PoolWorker) => boolean;
}

/** The import workers: started on demand, dismissed once idle. */
export function createWorkerPool({ count, spawn, onReply, onBroken, isBusy }: PoolOptions) {
  const pool: PoolWorker[] = [];
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const retire = (entry: PoolWorker): void => {
    if (entry.broken) return;
    entry.broken = true;
    entry.worker.terminate();
    onBroken(entry);
  };
  const dismissIdle = (): void => {
    for (const entry of [...pool]) {
      if (entry.broken || !isBusy(entry)) {
        entry.worker.terminate();
        pool.splice(pool.indexOf(entry), 1);
      }
    }
  };
  /** The workers that can take a job, started if there were none. */
  const live = (): PoolWorker[] => {
    for (let i = pool.length === 0 ? 0 : count; i < count; i++) {
      let worker: WorkerLike;
      try {
        worker = spawn();
      } catch {
        break;
      }
      const entry: PoolWorker = { worker, broken: false };
      worker.addEventListener('message', (event: MessageEvent<WriterReply>) =>
        onReply(entry, event.data),
      );
      worker.addEventListener('error', () => retire(entry));
      worker.addEventListener('messageerror', () => retire(entry));
      pool.push(entry);
    }
    return pool.filter((entry) => !entry.broken);
  };
  return {
    live,
    dismissIdle,
    /** Starts the workers now; they go if no job came within `idleMs`. */
    warm(idleMs: number): void {
      live();
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        if (!pool.some(isBusy)) dismissIdle();
      }, idleMs);
    },
  };
}
