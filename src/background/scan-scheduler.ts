// Fair turns for reply scans: one page streaming megabytes must not hold up another tab's first
// highlight. Tabs take turns round-robin; each turn reads at most one slice of one reply (or
// finds its spans once all of it is read); a reply's newer text replaces its waiting one.
import type { ScanResult } from '../core/index';

/** The matcher as the scheduler drives it (`createMatcher` in matcher.ts). */
export interface SlicingMatcher {
  /** Reads `text` into the reply's scanner without finding spans (one slice of a long text). */
  readReply(replyKey: string, text: string, keep: number): Promise<void>;
  scanReply(replyKey: string, text: string, keep: number): Promise<ScanResult>;
}

export interface ScanSchedulerOptions {
  /** Most characters of new text one turn reads for one reply. */
  sliceChars: number;
  /** Resolves when other work (messages from other tabs) has had a chance to run. */
  nextTurn: () => Promise<void>;
}

interface Job {
  replyKey: string;
  text: string;
  /** Leading code units of `text` equal to what the reply's scanner read last. */
  keep: number;
  /** Smallest `keep` of the texts that arrived while a turn of this job ran. */
  changedAt: number;
  resolve: (result: ScanResult | undefined) => void;
  reject: (error: unknown) => void;
}

/** A macrotask: message events queued meanwhile (another tab's first reply) run before it. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class ScanScheduler {
  /** Each tab's waiting jobs, in the order they take turns within the tab. */
  private readonly tabs = new Map<number, Job[]>();
  /** Tabs with work, in the order they get their next turn. */
  private readonly rotation: number[] = [];
  private readonly byReply = new Map<string, Job>();
  private isRunning = false;

  constructor(
    private readonly matcher: SlicingMatcher,
    private readonly options: ScanSchedulerOptions,
  ) {}

  /**
   * Scans a reply's text when its tab's turn comes. `keep`: leading code units of `text` equal
   * to the text of this reply's previous `scan` call. Resolves with the spans of this very
   * text, or `undefined` when a newer text of the reply replaced it before it was scanned.
   */
  scan(
    tabId: number,
    replyKey: string,
    text: string,
    keep: number,
  ): Promise<ScanResult | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.byReply.get(replyKey);
      if (waiting) {
        // The scanner's text, the waiting text and this one share at least the shorter prefix.
        waiting.resolve(undefined);
        waiting.text = text;
        waiting.keep = Math.min(waiting.keep, keep);
        waiting.changedAt = Math.min(waiting.changedAt, keep);
        waiting.resolve = resolve;
        waiting.reject = reject;
        return;
      }
      const job: Job = { replyKey, text, keep, changedAt: Infinity, resolve, reject };
      this.byReply.set(replyKey, job);
      const jobs = this.tabs.get(tabId);
      if (jobs) jobs.push(job);
      else {
        this.tabs.set(tabId, [job]);
        this.rotation.push(tabId);
      }
      if (!this.isRunning) void this.run();
    });
  }

  /** Jobs waiting, over all tabs (for tests and stats). */
  get pending(): number {
    return this.byReply.size;
  }

  private async run(): Promise<void> {
    this.isRunning = true;
    try {
      for (let tabId = this.rotation.shift(); tabId !== undefined; tabId = this.rotation.shift()) {
        const jobs = this.tabs.get(tabId) ?? [];
        const job = jobs.shift();
        if (job) await this.turn(job, jobs);
        if (jobs.length > 0) this.rotation.push(tabId);
        else this.tabs.delete(tabId);
        if (this.rotation.length > 0) await this.options.nextTurn();
      }
    } finally {
      this.isRunning = false;
    }
  }

  /** One slice of `job`, or its spans; an unfinished job goes to the back of its tab's queue. */
  private async turn(job: Job, jobs: Job[]): Promise<void> {
    const { text, keep } = job;
    const sliceEnd = keep + this.options.sliceChars;
    job.changedAt = Infinity;
    try {
      if (text.length > sliceEnd) {
        await this.matcher.readReply(job.replyKey, text.slice(0, sliceEnd), keep);
        job.keep = Math.min(sliceEnd, job.changedAt);
        jobs.push(job);
        return;
      }
      const result = await this.matcher.scanReply(job.replyKey, text, keep);
      if (job.changedAt !== Infinity) {
        job.keep = Math.min(text.length, job.changedAt);
        jobs.push(job);
        return;
      }
      this.byReply.delete(job.replyKey);
      job.resolve(result);
    } catch (e) {
      this.byReply.delete(job.replyKey);
      job.reject(e);
    }
  }
}
