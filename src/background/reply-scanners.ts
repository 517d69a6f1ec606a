// One streaming scanner per reply, dropped once the reply has not been updated for a while
// (its tab was closed or the page navigated away, which the worker is not always told).
import type { ReplyScanner } from '../core/index';

interface ReplyEntry {
  scanner: ReplyScanner;
  usedAt: number;
}

const SWEEP_EVERY_MS = 60_000;

export class ReplyScanners {
  private readonly entries = new Map<string, ReplyEntry>();
  private lastSweep: number;

  constructor(
    private readonly now: () => number,
    private readonly idleMs: number,
  ) {
    this.lastSweep = now();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The reply's scanner, made by `create` when it has none yet. */
  get(replyKey: string, create: () => ReplyScanner): ReplyScanner {
    let entry = this.entries.get(replyKey);
    if (!entry) {
      entry = { scanner: create(), usedAt: this.now() };
      this.entries.set(replyKey, entry);
    }
    entry.usedAt = this.now();
    return entry.scanner;
  }

  delete(replyKey: string): void {
    this.entries.delete(replyKey);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drops idle scanners, at most once a minute so a busy page does not pay for it each time. */
  sweep(): void {
    const t = this.now();
    if (t - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = t;
    for (const [key, entry] of this.entries)
      if (t - entry.usedAt > this.idleMs) this.entries.delete(key);
  }
}
