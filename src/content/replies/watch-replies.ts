import { frameRequester, type RequestFrame } from '../frame-jobs';
import type { FoundReply } from './find-replies';
import type { SiteDefinition } from '../../sites/define-site';
import type { ReplyText } from '../text/reply-text';
import { OBSERVED_ATTRIBUTES } from './observed-attributes';
import { ReplyIds } from './reply-ids';
import { watchStyleSettled } from './style-settled';
import { trackReplies, type ReplyTracker, type TrackedReplies } from './track-replies';

/** A reply as the watcher last read it. */
export interface WatchedReply {
  /** Stable across re-renders and remounts (see {@link watchReplies}). */
  id: string;
  element: Element;
  text: ReplyText;
  isStreaming: boolean;
}

export interface ReplyWatcherEvents {
  /** A reply's text changed (`isComplete` false) or it completed (`isComplete` true, sent once). */
  replyChanged(reply: WatchedReply, isComplete: boolean): void;
  /** Replies whose text or DOM changed in this frame: their old Ranges may be stale. */
  repliesRendered(replies: WatchedReply[]): void;
  /** The number of replies the adapter sees, sent when it changes (0 once the page has content). */
  pageScanned(replyCount: number): void;
  /** A reply's streaming signals just cleared (its text may be unchanged since the last report). */
  streamEnded?(reply: WatchedReply): void;
}

export interface ReplyWatcherOptions {
  /** Quiet time after the streaming signals clear before a reply counts as complete. */
  settleMs?: number;
  /** How long a page with content but no replies waits before reporting 0 replies. */
  emptyPageMs?: number;
  now?: () => number;
  /** Runs `callback` before the next paint (default: requestAnimationFrame, with a timer for hidden tabs). */
  requestFrame?: RequestFrame;
  setTimer?: (callback: () => void, ms: number) => void;
  /**
   * While a reply streams, a read the mutations do not need at once (see `isPainted`) waits
   * until this long after the previous read (default {@link STREAMING_READ_GAP_MS}; 0: every frame).
   */
  streamingReadGapMs?: number;
  /**
   * True when a painted highlight starts or ends in this text node: a change to its text moves
   * the highlight's ends, so the reply is read again in the next frame to repaint it.
   */
  isPainted?: (node: Node) => boolean;
}

export interface ReplyWatcher {
  /** Sends every reply seen on this page again, mounted or not (the library changed). */
  resendAll(): void;
  /** The mounted reply with this id, as of the DOM now (reads the page first if it changed). */
  readReply(id: string): WatchedReply | undefined;
  /** True while any mounted reply streams. */
  isStreaming(): boolean;
}

interface ReplyState {
  /** The last read, kept after the element unmounts so a rescan can re-send it; holds the reply's one text. */
  last: WatchedReply;
  isMounted: boolean;
  isComplete: boolean;
  /** Last text change or end of a streaming signal: completion waits `settleMs` after it. */
  settleFrom: number;
}

const DEFAULT_SETTLE_MS = 500;
const DEFAULT_EMPTY_PAGE_MS = 1500;

/** After a read of d ms the next waits (factor - 1) * d: reading stays under 1/factor of the thread. */
const READ_GAP_FACTOR = 5;

/**
 * While a reply streams, mutations that only add nodes, or change text no highlight ends in,
 * are read at most this often (a send goes at most this often anyway, see `sendGapMs`).
 * Removed nodes, attribute changes (a streaming signal clearing) and text changes under a
 * highlight's ends are read in the next frame.
 */
const STREAMING_READ_GAP_MS = 50;

/** Reads that found nothing new before later reads back off, up to this gap. */
const IDLE_READS_BEFORE_BACKOFF = 3;
const MAX_IDLE_GAP_MS = 250;

function sameSegments(a: ReplyText, b: ReplyText): boolean {
  // A reply the read cache reused brings the very same array.
  if (a.segments === b.segments) return true;
  if (a.segments.length !== b.segments.length) return false;
  for (let i = 0; i < a.segments.length; i++)
    if (a.segments[i]?.node !== b.segments[i]?.node) return false;
  return true;
}

/**
 * Watches a page's assistant replies. The MutationObserver callback only keeps the records;
 * once per frame the page is read (see {@link trackReplies}: only the replies the mutations
 * touched are read again), and only replies whose text changed are reported. A reply completes
 * when its streaming signals are clear and its text has not changed for `settleMs`; a
 * returning signal (regenerate, continue) reopens it. Ids: see {@link ReplyIds}. All listeners
 * and timers stop when `signal` aborts.
 */
export function watchReplies(
  site: SiteDefinition,
  doc: Document,
  signal: AbortSignal,
  events: ReplyWatcherEvents,
  options: ReplyWatcherOptions = {},
): ReplyWatcher {
  return new PageReplies(site, doc, signal, events, options);
}

class PageReplies implements ReplyWatcher {
  private readonly settleMs: number;
  private readonly emptyPageMs: number;
  private readonly now: () => number;
  private readonly requestFrame: RequestFrame;
  private readonly setTimer: (callback: () => void, ms: number) => void;
  private readonly streamingReadGapMs: number;
  private readonly isPainted: (node: Node) => boolean;
  private readonly states = new Map<string, ReplyState>();
  // Kept beside `states` so a frame visits the replies it read, not every reply on the page.
  private readonly streamingIds = new Set<string>();
  private readonly unsettled = new Set<ReplyState>();
  private readonly ids: ReplyIds;
  private readonly tracker: ReplyTracker;
  private readonly observer: MutationObserver;
  private readonly startedAt: number;
  private isDirty = true;
  private isFrameScheduled = false;
  /** When the timer that holds back the next read fires (Infinity: none is set). */
  private waitDueAt = Infinity;
  private timerDueAt = Infinity;
  private reportedCount: number | undefined;
  private nextReadAt = -Infinity;
  /** A streaming reply's appends wait for this time (see {@link STREAMING_READ_GAP_MS}). */
  private streamReadAt = -Infinity;
  /** A mutation since the last read that should be read in the next frame. */
  private isUrgent = true;
  private idleReads = 0;
  private lastReadCount = -1;
  // Mutation batches since the last read, kept as delivered: the callback does no other work.
  private pendingRecords: MutationRecord[][] = [];

  constructor(
    site: SiteDefinition,
    private readonly doc: Document,
    private readonly signal: AbortSignal,
    private readonly events: ReplyWatcherEvents,
    options: ReplyWatcherOptions,
  ) {
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.emptyPageMs = options.emptyPageMs ?? DEFAULT_EMPTY_PAGE_MS;
    this.now = options.now ?? (() => performance.now());
    this.requestFrame = options.requestFrame ?? frameRequester(doc, signal);
    this.setTimer = options.setTimer ?? ((cb: () => void, ms: number) => void setTimeout(cb, ms));
    this.streamingReadGapMs = options.streamingReadGapMs ?? STREAMING_READ_GAP_MS;
    this.isPainted = options.isPainted ?? (() => true);
    this.startedAt = this.now();
    this.ids = new ReplyIds((text, taken) => {
      for (const [knownId, state] of this.states)
        if (!state.isMounted && !taken.has(knownId) && state.last.text.text === text)
          return knownId;
      return undefined;
    });
    this.tracker = trackReplies(site, doc);
    this.observer = new MutationObserver((records) => this.onMutations(records));
    this.observer.observe(doc.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: OBSERVED_ATTRIBUTES,
    });
    signal.addEventListener('abort', () => this.observer.disconnect(), { once: true });
    watchStyleSettled(doc, signal, (records) => this.onMutations(records));
    this.schedule();
  }

  resendAll(): void {
    for (const state of this.states.values()) {
      if (state.last.text.text === '') continue;
      this.events.replyChanged(state.last, state.isComplete);
    }
  }

  readReply(id: string): WatchedReply | undefined {
    if (this.signal.aborted) return undefined;
    if (this.isDirty) this.runFrame();
    const state = this.states.get(id);
    return state?.isMounted ? state.last : undefined;
  }

  isStreaming(): boolean {
    return this.streamingIds.size > 0;
  }

  private onMutations(records: MutationRecord[]): void {
    this.pendingRecords.push(records);
    this.isDirty = true;
    // A read already asked for takes these records too: only a read that would wait needs to know.
    if (this.isFrameScheduled) return;
    if (!this.isUrgent && !this.canWait(records)) this.isUrgent = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.isFrameScheduled || this.signal.aborted) return;
    // A long reply takes a while to read: keep reading it from taking over the main thread.
    const readAt = this.isUrgent ? this.nextReadAt : Math.max(this.nextReadAt, this.streamReadAt);
    // A timer already set for this time or earlier wakes the read in time.
    if (this.waitDueAt <= readAt) return;
    const wait = readAt - this.now();
    if (wait > 0) {
      this.waitDueAt = readAt;
      this.setTimer(() => {
        if (this.waitDueAt !== readAt) return;
        this.waitDueAt = Infinity;
        this.schedule();
      }, wait);
      return;
    }
    this.waitDueAt = Infinity;
    this.isFrameScheduled = true;
    this.requestFrame(() => {
      this.isFrameScheduled = false;
      if (!this.signal.aborted) this.runFrame();
    });
  }

  private scheduleTimer(dueAt: number): void {
    if (dueAt >= this.timerDueAt) return;
    this.timerDueAt = dueAt;
    this.setTimer(
      () => {
        if (this.timerDueAt !== dueAt) return;
        this.timerDueAt = Infinity;
        // Re-read before completing: a streaming signal may have come back meanwhile.
        this.isDirty = true;
        this.isUrgent = true;
        this.schedule();
      },
      Math.max(0, dueAt - this.now()),
    );
  }

  private takeRecords(): MutationRecord[] {
    const records = this.pendingRecords.flat();
    for (const record of this.observer.takeRecords()) records.push(record);
    this.pendingRecords = [];
    return records;
  }

  /** Updates one reply's state from a read; true when its streaming signal changed. */
  private update(reply: WatchedReply, t: number, rendered: WatchedReply[]): boolean {
    if (reply.isStreaming) this.streamingIds.add(reply.id);
    else this.streamingIds.delete(reply.id);
    const state = this.states.get(reply.id);
    if (!state) {
      const text = reply.text.text;
      const created = { last: reply, isMounted: true, isComplete: false, settleFrom: t };
      this.states.set(reply.id, created);
      this.unsettled.add(created);
      rendered.push(reply);
      if (text !== '') this.events.replyChanged(reply, false);
      return false;
    }
    const held = state.last.text.text;
    const isTextChanged = held !== reply.text.text;
    // Keep the string already held: a settled page's every read would otherwise keep a second copy.
    if (!isTextChanged) reply.text = { text: held, segments: reply.text.segments };
    if (isTextChanged || !state.isMounted || !sameSegments(state.last.text, reply.text))
      rendered.push(reply);
    // React may still render the tail after the flag flips: settle from that moment too.
    const hasStreamEnded = state.last.isStreaming && !reply.isStreaming;
    if (hasStreamEnded) state.settleFrom = t;
    const isSignalChanged = state.last.isStreaming !== reply.isStreaming;
    state.last = reply;
    state.isMounted = true;
    if (isTextChanged) {
      state.settleFrom = t;
      state.isComplete = false;
      this.unsettled.add(state);
      this.events.replyChanged(reply, false);
    } else if (reply.isStreaming && state.isComplete) {
      state.isComplete = false;
      state.settleFrom = t;
      this.unsettled.add(state);
    }
    if (hasStreamEnded) this.events.streamEnded?.(reply);
    return isSignalChanged;
  }

  /** Takes in a read's replies; returns the rendered ones and whether a streaming signal changed. */
  private takeRead(read: TrackedReplies, t: number) {
    const rendered: WatchedReply[] = [];
    let isSignalChanged = read.replies.length !== this.lastReadCount;
    this.lastReadCount = read.replies.length;
    const visit = (found: FoundReply, id: string): void => {
      if (found.isHidden) {
        this.hide(id);
        return;
      }
      const reply = {
        id,
        element: found.element,
        text: found.text,
        isStreaming: found.isStreaming,
      };
      if (this.update(reply, t, rendered)) isSignalChanged = true;
    };
    if (read.isListChanged) {
      const taken = new Set<string>();
      for (const found of read.replies) visit(found, this.ids.idFor(found, taken));
      for (const [id, state] of this.states) {
        if (taken.has(id)) continue;
        state.isMounted = false;
        this.streamingIds.delete(id);
      }
    } else {
      // The same containers as last frame: each already has its id.
      for (const found of read.changed) visit(found, this.ids.of(found.element) as string);
    }
    return { rendered, isSignalChanged };
  }

  /** A reply nobody can see is as good as gone: what it sent while it showed is no longer updated. */
  private hide(id: string): void {
    const state = this.states.get(id);
    if (state) state.isMounted = false;
    this.streamingIds.delete(id);
  }

  private readPage(t: number): void {
    this.isDirty = false;
    // Blocks are reused only while a reply streams (the observer sees the stream's mutations);
    // on a settled page a reply a mutation touched is read whole, catching unobserved changes.
    const read = this.tracker.read(this.takeRecords(), this.isStreaming());
    this.isUrgent = false;
    const readMs = this.now() - t;
    const { rendered, isSignalChanged } = this.takeRead(read, t);
    // Mutations that changed nothing we read (animations, other widgets) back reads off.
    this.idleReads = rendered.length > 0 || isSignalChanged ? 0 : this.idleReads + 1;
    const idleGap =
      this.idleReads < IDLE_READS_BEFORE_BACKOFF
        ? 0
        : Math.min(MAX_IDLE_GAP_MS, 16 * 2 ** (this.idleReads - IDLE_READS_BEFORE_BACKOFF));
    this.nextReadAt = t + Math.max(readMs * READ_GAP_FACTOR, idleGap);
    this.streamReadAt = t + this.streamingReadGapMs;
    if (rendered.length > 0) this.events.repliesRendered(rendered);
    let count = 0;
    for (const reply of read.replies) if (!reply.isHidden) count++;
    this.reportCount(count, t);
  }

  private runFrame(): void {
    const t = this.now();
    if (this.isDirty) this.readPage(t);
    let nextDue = Infinity;
    for (const state of this.unsettled) {
      if (!state.isMounted || state.last.text.text === '') continue;
      if (state.last.isStreaming) continue;
      const dueAt = state.settleFrom + this.settleMs;
      if (t >= dueAt) {
        state.isComplete = true;
        this.unsettled.delete(state);
        this.events.replyChanged(state.last, true);
      } else {
        nextDue = Math.min(nextDue, dueAt);
      }
    }
    if (nextDue !== Infinity) this.scheduleTimer(nextDue);
    if (this.reportedCount === undefined && t < this.startedAt + this.emptyPageMs)
      this.scheduleTimer(this.startedAt + this.emptyPageMs);
  }

  private reportCount(count: number, t: number): void {
    if (count === this.reportedCount) return;
    // An empty page may still be loading its conversation: say "none" only after a while.
    const isEarly = t - this.startedAt < this.emptyPageMs;
    if (count === 0 && (isEarly || (this.doc.body?.childElementCount ?? 0) === 0)) return;
    this.reportedCount = count;
    this.events.pageScanned(count);
  }

  /** True when these mutations can wait for the streaming read gap (see {@link STREAMING_READ_GAP_MS}). */
  private canWait(records: MutationRecord[]): boolean {
    if (this.streamingReadGapMs <= 0 || !this.isStreaming()) return false;
    for (const record of records) {
      if (record.type === 'childList') {
        if (record.removedNodes.length > 0) return false;
      } else if (record.type !== 'characterData' || this.isPainted(record.target)) {
        return false;
      }
    }
    return true;
  }
}
