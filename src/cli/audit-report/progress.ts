// The audit's progress on stderr: a redrawn bar on a terminal, one summary line at the end
// (the only line when stderr is a file or a pipe, so logs stay readable).

/** What the progress needs of a stream: process.stderr fits. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

/** Work done so far; `bytes` are input bytes read. */
export interface ProgressCounts {
  files: number;
  replies: number;
  bytes: number;
}

const BAR_WIDTH = 20;
const MB = 1e6;

/** `m:ss`, or `h:mm:ss` from an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** The terminal line for `done` of `total` after `elapsedMs` (time left from the byte rate). */
export function progressLine(
  done: ProgressCounts,
  total: Pick<ProgressCounts, 'files' | 'bytes'>,
  elapsedMs: number,
): string {
  const share = total.bytes > 0 ? Math.min(1, done.bytes / total.bytes) : 0;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const rate = elapsedMs > 0 ? done.bytes / MB / (elapsedMs / 1000) : 0;
  const left =
    rate > 0
      ? `${formatDuration((total.bytes - done.bytes) / MB / rate)} left`
      : 'time left unknown';
  return `${bar} ${done.files.toLocaleString('en')}/${total.files.toLocaleString('en')} files, ${done.replies.toLocaleString('en')} replies, ${rate.toFixed(1)} MB/s, ${left}`;
}

export class AuditProgress {
  private readonly started: number;
  private lastDraw = -Infinity;

  /**
   * `total` counts the input files and their bytes (replies are unknown until read); `now` is
   * the clock in milliseconds; the line is redrawn at most every `everyMs`.
   */
  constructor(
    private readonly stream: ProgressStream,
    private readonly total: Pick<ProgressCounts, 'files' | 'bytes'>,
    private readonly now: () => number = Date.now,
    private readonly everyMs = 250,
  ) {
    this.started = now();
  }

  /** Redraws the bar (terminal only), unless it was drawn less than `everyMs` ago. */
  update(done: ProgressCounts): void {
    if (!this.stream.isTTY) return;
    const t = this.now();
    if (t - this.lastDraw < this.everyMs) return;
    this.lastDraw = t;
    const line = progressLine(done, this.total, t - this.started);
    const width = this.stream.columns ? this.stream.columns - 1 : line.length;
    this.stream.write(`\r\x1b[K${line.slice(0, width)}`);
  }

  /** Clears the bar and writes the summary line. */
  finish(done: ProgressCounts): void {
    const secs = (this.now() - this.started) / 1000;
    const rate = secs > 0 ? done.bytes / MB / secs : 0;
    const clear = this.stream.isTTY ? '\r\x1b[K' : '';
    this.stream.write(
      `${clear}recital audit: ${done.files.toLocaleString('en')} files, ${done.replies.toLocaleString('en')} replies, ${(done.bytes / MB).toFixed(1)} MB in ${secs.toFixed(1)} s (${rate.toFixed(1)} MB/s)\n`,
    );
  }
}
