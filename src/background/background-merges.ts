// Merges documents not yet in the posting pages from the background: after a library change
// (a paste, a restore, the sample library) and once the library is still after a wake that found
// documents an import left unmerged (its page closed). Passes run in the matcher's queue, between
// loads. A worker woken during an import does not merge while the import writes: each pass
// rewrites every page, and passes run one after another through a 1 GB import made it take
// twice as long (docs/benchmarks.md); the import merges its documents itself at its end.
import type { LibraryStore } from '../library/store/index';

/** How soon to try again when another context's pass holds the pages, and for how long. */
const BUSY_RETRY_MS = 500;
const MAX_BUSY_WAIT_MS = 5 * 60_000;

export class BackgroundMerges {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private count = 0;

  constructor(
    private readonly store: Pick<LibraryStore, 'mergePostings' | 'docsEpoch'>,
    /** Runs a job after the loads and merges queued before it. */
    private readonly enqueue: (job: () => Promise<void>) => Promise<void>,
    /** Loads the index again, so it sees what a pass merged. */
    private readonly load: () => Promise<void>,
  ) {}

  /** Merge passes this object ran. */
  get passes(): number {
    return this.count;
  }

  /**
   * Merges once no document was written for `delayMs` (after each write, the wait starts again),
   * unless a merge is running.
   */
  schedule(delayMs: number): void {
    if (this.running) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const before = this.epoch();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failed pass (a full disk) leaves the pages as they were; the next load tries again.
      void this.enqueue(async () => {
        if ((await before) !== (await this.epoch())) return this.schedule(delayMs);
        return this.merge();
      }).catch(() => undefined);
    }, delayMs);
  }

  /** The documents' epoch; a failed read counts as no change. */
  private epoch(): Promise<string | undefined> {
    return this.store.docsEpoch().catch(() => undefined);
  }

  /** Merges now (after what is queued); resolves once every document is in the pages. */
  now(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    return this.enqueue(() => this.merge());
  }

  /** Passes until every document is in the pages, each followed by a load that sees it. */
  private async merge(): Promise<void> {
    this.running = true;
    let waited = 0;
    try {
      for (;;) {
        const report = await this.store.mergePostings();
        this.count++;
        if (report.busy) {
          // Another context (an options page's import) is merging: wait for it, then merge
          // what it left, so a caller of `now` gets the library merged whoever merges it.
          if ((waited += BUSY_RETRY_MS) > MAX_BUSY_WAIT_MS) return;
          await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
          continue;
        }
        // After waiting for another context's pass, load what it merged even if this one had
        // nothing left to do.
        if (report.merged > 0 || report.purged > 0 || waited > 0) await this.load();
        waited = 0;
        if (report.remaining === 0 || report.merged === 0) return;
      }
    } finally {
      this.running = false;
    }
  }
}
